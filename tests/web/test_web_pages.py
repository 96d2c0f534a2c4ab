"""The reading and search pages, through Django's test client, on the sample corpus."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from html import unescape

import pytest
from openpyxl import load_workbook

from conftest import Rec, build_document
from tipreg.model import SubItem
from tipreg.store.models import Document, Provision
from tipreg.store.writer import store_document
from web.conftest import web_client

# Meeting 1, recommendation 13 of the compilation: the sample's one recommendation on compensation
# ("indemnización") in a report of meetings 1-8; meeting 4, no. 46 also mentions it.
COMPENSATION = "rec-m01-31791b7426"
FORFEITURE = "rec-m04-de1ba968d3"


def text_of(response) -> str:
    """The page's visible words, tags dropped and spaces collapsed."""
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_home_shows_the_register_at_a_glance(client):
    response = client.get("/")
    assert response.status_code == 200
    page = text_of(response)
    assert "252 recommendations from 5 documents." in page
    # per meeting: meeting 2 (2010) has 58 recommendations, meeting 11 (2021) 16
    assert "Meeting 2 2010 58" in page
    assert "Meeting 11 2021 16" in page
    assert 'href="/provisions/?meeting=9&amp;kind=recommendation"' in response.content.decode()


def test_every_page_has_the_search_box_and_the_language_switcher(client):
    for url in ("/", "/provisions/", "/documents/", f"/provisions/{COMPENSATION}", "/search?q=trata", "/documents/1"):
        html = client.get(url).content.decode()
        assert 'action="/search"' in html and 'name="q"' in html, url
        assert 'action="/i18n/setlang/"' in html and 'value="es"' in html and 'value="en"' in html, url


def test_the_browsers_language_is_the_default_and_spanish_otherwise(demo):
    assert "El registro de un vistazo" in text_of(web_client("es-ES,es;q=0.9").get("/"))
    assert "The register at a glance" in text_of(web_client("en-GB,en;q=0.8").get("/"))
    assert "El registro de un vistazo" in text_of(web_client("fr").get("/"))  # neither: the default, Spanish


def test_the_switcher_overrides_the_browsers_language(demo):
    client = web_client("en")
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/documents/"})
    assert response.status_code == 302 and response["Location"] == "/documents/"
    page = text_of(client.get("/documents/"))
    assert "Documentos" in page and "Signatura" in page and "informe de reunión" in page


def test_search_ignores_accents_and_highlights_the_matched_words(client):
    # The recommendations only: the background paper's paragraphs on compensation are entries too.
    response = client.get("/search", {"q": "indemnizacion", "kind": "recommendation"})
    page = text_of(response)
    assert "2 results" in page
    html = response.content.decode()
    assert "<mark>indemnización</mark>" in html
    assert f'href="/provisions/{COMPENSATION}"' in html and f'href="/provisions/{FORFEITURE}"' in html
    # facets: both results are in the compilation; one from meeting 1, one from meeting 4
    assert "compilation 2" in page and "Meeting 1 1" in page and "Meeting 4 1" in page


def test_search_finds_ocr_damaged_words_and_filters_by_facet(client):
    everywhere = text_of(client.get("/search", {"q": "niñas"}))
    assert "2 results" in everywhere  # both printed "nifias"/"niflas" in the OCR'd report of meeting 11
    filtered = text_of(client.get("/search", {"q": "niñas", "meeting": "9"}))
    assert "No recommendation matches every word" in filtered


def test_search_sorts_and_paginates(client):
    first = client.get("/search", {"q": "trata", "sort": "meeting"})
    second = client.get("/search", {"q": "trata", "sort": "meeting", "page": "2"})
    ids_first = re.findall(r'class="hit"><a href="/provisions/([^"]+)"', first.content.decode())
    ids_second = re.findall(r'class="hit"><a href="/provisions/([^"]+)"', second.content.decode())
    assert len(ids_first) == 20 and ids_second and not set(ids_first) & set(ids_second)
    meetings = [Provision.objects.get(pk=pid).meeting for pid in ids_first + ids_second]
    known = [meeting for meeting in meetings if meeting is not None]
    assert known == sorted(known)
    assert 'rel="next" href="?page=2&amp;q=trata&amp;sort=meeting"' in first.content.decode()
    # a page that is not a number is the first; one past the end is the last
    not_a_number = client.get("/search", {"q": "trata", "sort": "meeting", "page": "x"})
    assert re.findall(r'class="hit"><a href="/provisions/([^"]+)"', not_a_number.content.decode()) == ids_first
    assert "Page 1 of" not in text_of(client.get("/search", {"q": "trata", "page": "999"}))


@pytest.mark.parametrize("url", ["/search?q=trata", "/provisions/?kind=recommendation"])
def test_a_page_number_below_one_is_the_first_page_not_the_last(client, url):
    """page=0 or page=-1 (a hand-edited address, an off-by-one link) used to open the last page."""
    first = client.get(url).content.decode()
    assert "Page 1 of" in first
    for number in ("0", "-1", "abc", "1.5"):
        assert client.get(f"{url}&page={number}").content.decode().count("Page 1 of") == 1, number
    assert "Page 1 of" not in client.get(f"{url}&page=9999").content.decode()  # past the end: the last


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "The register is empty: no document has been read into it yet."),
        ("es", "El registro está vacío: todavía no se ha incorporado ningún documento."),
    ],
)
def test_an_empty_register_says_so_instead_of_showing_empty_tables_and_headings(db, language, words):
    client = web_client(language)
    for url in ("/", "/provisions/", "/documents/"):
        html = client.get(url).content.decode()
        assert words in text_of(client.get(url)), url
        assert "<table" not in html and "<h2>" not in html, url  # no table of headers alone, no heading over nothing


def test_a_browse_or_document_filter_with_no_match_says_so(client):
    nothing = client.get("/provisions/", {"meeting": "1", "year": "2021"})
    page = text_of(nothing)
    assert "0 entries No entry matches every filter chosen: remove one of them above." in page
    assert (
        "<h2>" not in nothing.content.decode().split("<aside>")[1].split("</aside>")[0]
    )  # no facet heading over nothing
    assert "No document of this type." in text_of(client.get("/documents/", {"type": "no-such-type"}))
    assert "No document of this type." not in text_of(client.get("/documents/", {"type": "resolution"}))


def test_search_results_download_as_csv_json_and_xlsx(client):
    params = {"q": "indemnizacion", "kind": "recommendation"}  # the background paper's paragraphs left out
    as_csv = client.get("/search", {**params, "format": "csv"})
    assert as_csv["Content-Type"].startswith("text/csv")
    body = as_csv.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body[1:])))
    # best first (the order of the two depends on the backend's ranking function)
    assert {row["id"] for row in rows} == {COMPENSATION, FORFEITURE}
    assert float(rows[0]["score"]) >= float(rows[1]["score"])
    assert json.loads(rows[0]["sources"])[0]["file"] == "002_e7aaeccdcdd1dbe6.txt"

    as_json = json.loads(client.get("/search", {**params, "format": "json"}).content)
    assert as_json["total"] == 2 and [r["id"] for r in as_json["results"]] == [row["id"] for row in rows]

    workbook = load_workbook(io.BytesIO(client.get("/search", {**params, "format": "xlsx"}).content))
    sheet = workbook.active
    header, *data = list(sheet.values)
    assert header[0] == "id" and header[-1] == "score"
    assert [row[0] for row in data] == [row["id"] for row in rows]


def test_bad_search_parameters_get_a_400_page(client):
    for params in ({"q": "trata", "meeting": "nine"}, {"q": "trata", "sort": "random"}, {"q": "x", "format": "pdf"}):
        response = client.get("/search", params)
        assert response.status_code == 400, params
        assert "Bad request" in text_of(response)


def test_semantic_mode_on_a_register_without_vectors_gives_every_keyword_match(client):
    keyword = client.get("/api/search", {"q": "victimas", "mode": "keyword"}).json()
    semantic = client.get("/api/search", {"q": "victimas", "mode": "semantic"}).json()
    assert semantic["mode"] == "keyword" and "keyword results only" in semantic["notice"]
    assert semantic["total"] == keyword["total"] > 100  # not cut at semantic mode's 100 nearest


def test_a_bad_parameter_is_explained_in_the_interfaces_language_and_in_english_by_the_api(demo):
    spanish, english = web_client("es"), web_client("en")
    page = spanish.get("/provisions/", {"meeting": "abc"})
    assert page.status_code == 400 and "meeting: se esperaba un número entero, no 'abc'" in unescape(text_of(page))
    assert "since: debe estar entre 1990 y 2100" in text_of(spanish.get("/gaps/", {"since": "99999"}))
    assert "sort: uno de estos valores: relevance, meeting, newest" in text_of(
        spanish.get("/search", {"q": "x", "sort": "z"})
    )
    assert "meeting: expected a whole number, got 'abc'" in unescape(
        text_of(english.get("/provisions/", {"meeting": "abc"}))
    )
    for name in ("kind", "type"):  # a typo would otherwise read as "nothing of that kind"
        refused = english.get("/search", {"q": "trata", name: "recommendations"})
        assert refused.status_code == 400 and f"{name}: unknown value 'recommendations'" in unescape(text_of(refused))
        assert english.get("/api/search", {"q": "trata", name: "bogus"}).status_code == 400
    assert english.get("/provisions/", {"kind": "bogus"}).status_code == 400
    api = spanish.get("/api/search", {"q": "trata", "meeting": "abc"})
    assert api.status_code == 400 and api.json()["error"]["message"] == "meeting: expected a whole number, got 'abc'"


def test_a_recommendation_page_shows_its_text_sub_items_and_provenance(client):
    entry = Provision.objects.filter(meeting=1, number="13", kind="recommendation").get()
    assert entry.pk == COMPENSATION
    response = client.get(f"/provisions/{entry.pk}")
    html = response.content.decode()
    page = text_of(response)
    assert "Meeting 1, No. 13" in page
    # the source: its file and the span in the document's text, with text around it
    assert "002_e7aaeccdcdd1dbe6.txt" in page
    source = entry.sources.get()
    document_text = source.document.text
    span = document_text[source.span_start : source.span_end]
    assert f'<mark class="span">{span[:60]}' in html
    before = document_text[source.span_start - 80 : source.span_start]
    assert " ".join(before.split()) in page
    assert "Text as printed in this source" in page
    # related: other recommendations of meeting 1 under the same heading
    related = re.findall(r'class="related".*', html, re.S)[0]
    assert "/provisions/rec-m01-" in related and f"/provisions/{entry.pk}" not in related


def test_sub_items_are_nested_as_printed(client):
    # Meeting 4, no. 46 lists a) to j); its item i) has three roman sub-items, j) six
    html = client.get(f"/provisions/{FORFEITURE}").content.decode()
    items = re.search(r'<ol class="subitems">(.*)</ol>', html, re.S).group(1)
    labels = re.findall(r'<li><span class="label">(\w+)\)</span>', items)
    assert labels == [*"abcdefgh", "i", "i", "ii", "iii", "j", "i", "ii", "iii", "iv", "v", "vi"]
    nested = re.search(r'<span class="label">i\)</span>[^<]*<ol class="subitems">(.*?)</ol>', items, re.S).group(1)
    assert "disposiciones que permitan a las víctimas iniciar una acción" in nested


def test_an_english_entrys_page_prints_its_lead_once_and_then_its_sub_items(db):
    # English documents label sub-items "(a)": the lead stops before it, and an "(a)" inside the lead's own words
    # ("article 6 (a)") is not taken for the first sub-item
    items = [
        SubItem("a", "criminalize trafficking;", "criminalize trafficking;"),
        SubItem("b", "protect victims.", "protect victims."),
    ]
    lead = "States parties should, in line with article 6 (a) of the Protocol:"
    english = Rec("5", f"{lead} (a) criminalize trafficking; (b) protect victims.", subitems=items, heading=None)
    store_document(build_document("report.txt", [english], language="en"))
    entry = Provision.objects.get()
    html = web_client("en").get(f"/provisions/{entry.pk}").content.decode()
    assert f"<p>{lead}</p>" in html
    assert re.search(r'<ol class="subitems">\s*<li><span class="label">\(?a\)', html)


def test_a_document_page_marks_and_links_its_provisions(client):
    report = Document.objects.get(file="000_e5ae3a1e0a1653f3.txt")
    html = client.get(f"/documents/{report.pk}").content.decode()
    links = re.findall(r'<a class="provision-span" id="p-([^"]+)" href="/provisions/\1"', html)
    assert len(links) == 39  # the 39 recommendations of the ninth meeting's report
    assert set(links) == set(report.sources.values_list("provision_id", flat=True))


def test_browse_filters_by_meeting_kind_and_document(client):
    page = text_of(client.get("/provisions/", {"meeting": "9", "kind": "recommendation"}))
    assert "39 entries" in page
    report = Document.objects.get(file="001_7bd5d977365344a0.txt")
    assert "16 entries" in text_of(client.get("/provisions/", {"document": str(report.pk)}))
    assert client.get("/provisions/", {"meeting": "x"}).status_code == 400


def test_unknown_pages_are_404(client):
    assert client.get("/provisions/no-such-entry").status_code == 404
    assert client.get("/documents/99999").status_code == 404


@pytest.fixture
def hostile(db):
    """A register whose only document carries markup in its text, as a pasted HTML page might."""
    from conftest import Rec, build_document

    rec = Rec("1", 'Los Estados <script>alert("x")</script> deberían <b>proteger</b> a las víctimas.')
    store_document(build_document("hostile.txt", [rec]))
    return db


def test_document_text_is_never_rendered_as_html(hostile):
    client = web_client("es")
    entry = Provision.objects.get()
    pages = [
        client.get("/search", {"q": "proteger victimas"}),
        client.get(f"/provisions/{entry.pk}"),
        client.get(f"/documents/{Document.objects.get().pk}"),
        client.get("/provisions/"),
    ]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert" not in html and "<b>proteger" not in html
        assert "&lt;script&gt;" in html
    assert "&lt;b&gt;<mark>proteger</mark>&lt;/b&gt;" in pages[0].content.decode()


def test_a_text_that_looks_like_a_formula_stays_text_in_xlsx(db):
    from conftest import Rec, build_document

    formula = '=HYPERLINK("http://example.invalid","proteger")'
    store_document(build_document("formula.txt", [Rec("1", formula + " Los Estados deberían proteger\x07.")]))
    response = web_client("es").get("/search", {"q": "proteger", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, row = list(sheet.iter_rows(min_row=1, max_row=2))
    text = row[[cell.value for cell in header].index("text")]
    assert text.data_type == "s" and text.value == formula + " Los Estados deberían proteger."


def test_a_text_that_looks_like_a_formula_is_shown_not_run_in_a_csv_download(db):
    from conftest import Rec, build_document

    formula = '=HYPERLINK("http://example.invalid","proteger") Los Estados deberían proteger.'
    store_document(build_document("formula.txt", [Rec("1", formula)]))
    response = web_client("es").get("/search", {"q": "proteger", "format": "csv"})
    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline=""))
    assert row["text"] == "'" + formula and row["number"] == "1"


def facet_counts(html: str, parameter: str, facet: str | None = None) -> dict[str, int]:
    """{value: count} of one facet of a search page (its list, `facet` or `parameter`), read from its links."""
    found = re.search(rf'<ul data-facet="{facet or parameter}">(.*?)</ul>', html, re.S)
    pattern = rf'<li(?: class="chosen")?><a(?: aria-current="true")? href="\?[^"]*\b{parameter}=([^&"]+)[^"]*"[^>]*>[^<]*</a> <span class="count">(\d+)'
    return {value: int(count) for value, count in re.findall(pattern, found.group(1) if found else "")}


def test_a_chosen_facet_still_offers_the_other_values_with_their_counts(client):
    everywhere = client.get("/search", {"q": "trata"}).content.decode()
    in_meeting_11 = client.get("/search", {"q": "trata", "meeting": "11"})
    html = in_meeting_11.content.decode()
    meetings = facet_counts(everywhere, "meeting")
    assert len(meetings) > 3 and facet_counts(html, "meeting") == meetings
    assert f"{meetings['11']} results" in text_of(in_meeting_11)
    assert re.search(r'<li class="chosen"><a aria-current="true" href="[^"]*meeting=11', html)
    # the other facets count within meeting 11: every result there is a recommendation of 2021
    assert facet_counts(html, "year") == {"2021": meetings["11"]}


def test_pages_and_answers_forbid_scripts_and_framing(client):
    for url in ("/", "/search?q=trata", "/api/search?q=trata", "/provisions/no-such-entry"):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "script-src" not in policy, url
        assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff", url


def test_not_found_pages_keep_the_layout_and_language(demo):
    response = web_client("es").get("/provisions/no-such-entry")
    assert response.status_code == 404
    page = text_of(response)
    assert "No encontrado" in page and "Buscar" in page


def test_a_pasted_long_recommendation_is_searched_on_its_first_words_and_the_page_says_so(client):
    text = Provision.objects.get(pk="rec-m04-de1ba968d3").text  # 740 words
    response = client.get("/search", {"q": text, "mode": "keyword"})
    assert response.status_code == 200
    assert "Your query is long: only its first 200 words were searched." in text_of(response)
    assert 'href="/provisions/rec-m04-de1ba968d3"' in response.content.decode()
    spanish = web_client("es").get("/search", {"q": text, "mode": "keyword"})
    assert "Su consulta es larga: solo se buscaron sus primeras 200 palabras." in text_of(spanish)
    assert "Your query is long" not in text_of(client.get("/search", {"q": "trata"}))


def test_a_page_highlights_the_words_a_typo_or_the_other_number_found(client):
    # The page parsed the query again for its snippets, without what ranking had widened it to: no highlight,
    # and a long entry's snippet was its start rather than the passage that matched.
    for query, shown in (("indemnizacoin", "indemnización"), ("nacion", "Naciones")):
        html = client.get("/search", {"q": query}).content.decode()
        snippets = re.findall(r'<p class="snippet"[^>]*>(.*?)</p>', html, re.S)
        assert snippets and all("<mark>" in snippet for snippet in snippets), query
        assert f"<mark>{shown}</mark>" in html, query


def test_a_hit_found_in_a_sources_printed_text_says_so(db):
    from conftest import Rec, build_document
    from tipreg.store.curation.records import correct

    printed = "Los Estados partes deberían indemnizar a las víctimas."
    store_document(build_document("report.txt", [Rec("1", printed)]))
    (entry,) = Provision.objects.all()
    correct(entry.pk, {"text": printed.replace("indemnizar", "resarcir")}, "M. Curator")
    for language, note in (
        ("en", "Found in a source's printed text; the register's text reads otherwise:"),
        ("es", "Encontrado en el texto impreso de una fuente; el texto del registro dice otra cosa:"),
    ):
        page = text_of(web_client(language).get("/search", {"q": "indemnizar", "mode": "keyword"}))
        assert f"{note} Los Estados partes deberían indemnizar a las víctimas." in page
        assert note not in text_of(web_client(language).get("/search", {"q": "resarcir", "mode": "keyword"}))


def test_the_empty_search_page_offers_examples_that_find_something(client):
    html = client.get("/search").content.decode()
    examples = re.findall(r'<a class="chip" href="(\?q=[^"]+)"', html)
    assert len(examples) == 4
    for example in examples:
        assert "No recommendation matches" not in text_of(client.get("/search" + example.replace("&amp;", "&")))


def test_a_provision_page_shows_the_footnotes_it_cites(client):
    # meeting 2's recommendation citing footnote 3 of the compilation, printed there as "³ E/2002/68/Add.1."
    page = text_of(client.get("/provisions/rec-m02-b90afc9acc"))
    assert "Footnotes cited ³ E/2002/68/Add.1." in page
    assert "Footnotes cited" not in text_of(client.get(f"/provisions/{COMPENSATION}"))


def test_behind_https_plain_requests_are_redirected_and_cookies_are_secure(demo_register):
    # Settings are read once per process: a fresh interpreter with TIPREG_HTTPS=1.
    script = (
        "from tipreg.store import setup; setup()\n"
        "from django.test import Client\n"
        "plain = Client(HTTP_HOST='localhost').get('/')\n"
        "secure = Client(HTTP_HOST='localhost', HTTP_X_FORWARDED_PROTO='https').post("
        "'/i18n/setlang/', {'language': 'en', 'next': '/'})\n"
        "print(plain.status_code, plain['Location'], secure.cookies['django_language']['secure'],"
        " Client(HTTP_HOST='localhost', HTTP_X_FORWARDED_PROTO='https').get('/')['Strict-Transport-Security'])\n"
    )
    environment = {**os.environ, "TIPREG_HTTPS": "1", "TIPREG_DB": demo_register}
    result = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["301", "https://localhost/", "True", "max-age=31536000"]


def test_an_entry_linked_to_many_shows_the_strongest_links_and_the_rest_on_request(db):
    from conftest import Rec, build_document
    from tipreg.store.labels.models import EntryLink

    recommendations = [Rec(str(n), f"Los Estados partes deberían examinar la cuestión número {n}.") for n in range(16)]
    store_document(build_document("report9.txt", recommendations))
    first, *others = Provision.objects.order_by("number_key")
    for rank, other in enumerate(others):
        EntryLink.objects.create(source=other, target=first, type="recurs", score=rank / 100, evidence="", themes=[])
    html = web_client("en").get(f"/provisions/{first.pk}").content.decode()
    shown, hidden = html.split('<details class="more-links">')
    assert shown.count('data-link="recurs-later"') == 12 and hidden.count('data-link="recurs-later"') == 3
    assert "<summary>3 more links</summary>" in hidden
    scores = [float(score) for score in re.findall(r'<span class="method" title="">([0-9.]+)</span>', html)]
    assert scores == sorted(scores, reverse=True)  # the strongest first


def test_an_entry_page_shows_its_labels_with_who_gave_them_and_its_links_both_ways(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from conftest import REC_GIRLS, REC_TEN, build_document
    from tipreg.store.labels.models import EntryLink
    from tipreg.store.labels.records import correct

    store_document(build_document("report9.txt", [REC_GIRLS, REC_TEN]))
    girls, ten = Provision.objects.get(number="2"), Provision.objects.get(number="10")
    correct(ten.pk, "groups", ["women"], "Ana")
    EntryLink.objects.create(source=ten, target=girls, type="reiterates", score=0.9, evidence="reiterar", themes=[])
    EntryLink.objects.create(
        source=ten, target=girls, type="recurs", score=0.4, evidence="passages", themes=["protection.assistance"]
    )
    with CaptureQueriesContext(connection) as queries:
        html = web_client("en").get(f"/provisions/{ten.pk}").content.decode()
    link_reads = [query["sql"] for query in queries if EntryLink._meta.db_table in query["sql"]]
    assert len(link_reads) == 2  # each direction read once, for the labels and the links alike
    labels = " ".join(re.sub(r"<[^>]+>", " ", html[html.index('<section class="labels">') :]).split())
    # "El Grupo de Trabajo debería seguir examinando la cuestión de la indemnización a las víctimas"
    assert "Themes Compensation and remedies rule:" in labels
    assert '<a href="/provisions/?theme=protection.compensation" title="Compensation, restitution' in html
    assert "Addressed to the Working Group" in labels
    assert "Strength of the language 4 — recommendation (should)" in labels
    assert "Groups concerned women corrected by Ana · 1.00" in labels
    assert (
        f'<li data-link="reiterates-earlier"><span class="link-type">reiterates</span>: <a href="/provisions/{girls.pk}">'
        in html
    )
    recurs = html.index('<li data-link="recurs-earlier">')
    assert html.index('<li data-link="reiterates-earlier">') < recurs  # citations and reiterations first
    assert "(Assistance, shelter and reintegration)" in html[recurs:]
    spanish = web_client("es").get(f"/provisions/{girls.pk}").content.decode()
    assert f'<span class="link-type">reiterada por</span>: <a href="/provisions/{ten.pk}">' in spanish
    assert "Fuerza del lenguaje" in spanish and "4 — recomendación (deberían)" in spanish


def title_of(response) -> str:
    return " ".join(re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).split())


def heading_of(response) -> str:
    return " ".join(
        re.sub(r"<[^>]+>", "", re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S).group(1)).split()
    )


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Meeting 1, No. 13 · tipreg"), ("es", "Reunión 1, N.º 13 · tipreg")]
)
def test_a_provision_pages_title_reads_like_its_heading(demo, language, title):
    response = web_client(language).get(f"/provisions/{COMPENSATION}")
    assert title_of(response) == title
    assert title_of(response) == f"{heading_of(response)} · tipreg"
    unnumbered = Provision.objects.filter(meeting__isnull=True).exclude(number="").first()
    if unnumbered is not None:  # a resolution's paragraph: its kind, then its number
        response = web_client(language).get(f"/provisions/{unnumbered.pk}")
        assert title_of(response) == f"{heading_of(response)} · tipreg"


@pytest.fixture
def two_entries(db):
    """A register of two recommendations of two meetings and no links among them (`tipreg link` never run)."""
    from conftest import Rec, build_document

    later = Rec("2", "Y asistir.", meeting=10, year=2020)
    store_document(build_document("two.txt", [Rec("1", "Los Estados deberían proteger."), later]))
    return db


def test_recurring_says_the_links_have_not_been_computed_on_a_register_without_links(two_entries):
    from tipreg.store.labels.models import EntryLink

    page = text_of(web_client("en").get("/recurring/"))
    assert (
        "No recurring recommendations. The links among recommendations have not been computed for this register "
        "yet: run tipreg link (ingesting documents computes them too)."
    ) in page
    assert "<code>tipreg link</code>" in web_client("en").get("/recurring/?theme=protection").content.decode()
    spanish = text_of(web_client("es").get("/recurring/"))
    assert (
        "No hay recomendaciones recurrentes. Los vínculos entre recomendaciones aún no se han calculado en este "
        "registro: ejecute tipreg link (la ingesta de documentos también los calcula)."
    ) in spanish
    first, second = Provision.objects.order_by("number_key")
    EntryLink.objects.create(source=second, target=first, type="cites", score=1.0, evidence="párrafo 1")
    page = text_of(web_client("en").get("/recurring/"))  # linked, but nothing recurs on a sub-theme
    assert "No recurring recommendations." in page and "have not been computed" not in page


@pytest.mark.parametrize(("language", "date"), [("en", "Aug. 7, 2019"), ("es", "7 de agosto de 2019")])
def test_a_source_is_headed_by_its_documents_title_and_dated(demo, language, date):
    """The compilation prints no symbol of its own: its title names it, not the file it was read from."""
    html = web_client(language).get(f"/provisions/{COMPENSATION}").content.decode()
    source = html[html.index('<div class="source">') :]
    heading = " ".join(re.sub(r"<[^>]+>", "", re.search(r"<h3>(.*?)</h3>", source, re.S).group(1)).split())
    assert heading == (
        "Recomendaciones aprobadas por el Grupo de Trabajo sobre la Trata de Personas en sus ocho primeras reuniones"
    )
    assert date in " ".join(unescape(re.sub(r"<[^>]+>", " ", source[: source.index("</p>")])).split())


def test_an_entry_adopted_at_no_meeting_is_named_by_its_kind_in_a_list(client):
    """A General Assembly resolution's paragraph reads as its page's heading does, not "No meeting · No. 7"."""
    html = client.get("/search", {"q": "solidaridad compasion supervivientes", "mode": "keyword"}).content.decode()
    results = " ".join(re.sub(r"<[^>]+>", " ", html[html.index('<ol class="results"') :]).split())
    assert results.startswith("Operative paragraph · No. 7 2019 Expresa solidaridad")
    assert "No meeting" not in results


@pytest.mark.parametrize(
    ("language", "bad_request", "server_error"),
    [("en", "Bad request", "Server error"), ("es", "Solicitud incorrecta", "Error del servidor")],
)
def test_djangos_own_400_and_500_pages_keep_the_layout_and_the_language(db, language, bad_request, server_error):
    """They were Django's bare English pages ("Server Error (500)", lang="en") even in the Spanish interface."""
    from django.db import connection
    from django.test import Client

    refused = Client(HTTP_HOST="not-this-site.example", HTTP_ACCEPT_LANGUAGE=language).get("/")
    with connection.cursor() as cursor:
        # a broken register: the home page fails (renamed, not dropped: PostgreSQL keeps the tables that refer to it)
        cursor.execute("ALTER TABLE store_document RENAME TO store_document_gone")
    failed = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE=language, raise_request_exception=False).get("/")
    for response, title in ((refused, bad_request), (failed, server_error)):
        html = response.content.decode()
        assert f'<html lang="{language}">' in html and f"<h1>{title}</h1>" in html, response.status_code
        assert 'action="/search"' in html  # the layout, with its search box
    assert (refused.status_code, failed.status_code) == (400, 500)
    # the 500 page is rendered without the request, so without a CSRF token: no switch that would fail on it
    assert 'action="/i18n/setlang/"' not in failed.content.decode()


@pytest.mark.parametrize(("language", "title"), [("en", "Form refused"), ("es", "Formulario rechazado")])
def test_a_form_sent_without_its_csrf_cookie_is_refused_in_the_layout_and_the_language(demo, language, title):
    """An expired page or refused cookies: it was Django's bare English "403 Forbidden" page."""
    from django.test import Client

    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE=language, enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = response.content.decode()
    assert response.status_code == 403
    assert f'<html lang="{language}">' in html and f"<h1>{title}</h1>" in html and 'action="/search"' in html

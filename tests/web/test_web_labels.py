"""Browsing and searching by theme and addressee: filters in the URL and the API, facets with counts."""

from __future__ import annotations

import csv
import io
import re

from jsonschema import Draft202012Validator

from conftest import REC_GIRLS, REC_SUBITEMS, REC_TEN, build_document
from tipreg.store.curation.records import merge
from tipreg.store.labels.models import LabelValue
from tipreg.store.labels.records import correct
from tipreg.store.models import Provision
from tipreg.store.writer import store_document
from web.conftest import web_client
from web.test_web_pages import facet_counts, text_of

THEMES = ("prevention", "protection", "prosecution", "partnership", "governance")


def api_total(client, **params: str) -> int:
    response = client.get("/api/search", params)
    assert response.status_code == 200, response.content
    return response.json()["total"]


def labelled(field: str, value: str) -> set[str]:
    """The entries whose effective labels carry `value` (a theme matches its sub-themes), read from the store."""
    rows = LabelValue.objects.filter(field=field)
    rows = (
        rows.filter(value__startswith=f"{value}.")
        if field == "themes" and "." not in value
        else rows.filter(value=value)
    )
    return set(rows.values_list("provision_id", flat=True))


def test_search_facets_count_each_theme_and_addressee_as_filtering_on_it_finds(client):
    html = client.get("/search", {"q": "trata"}).content.decode()
    themes, addressees = facet_counts(html, "theme"), facet_counts(html, "addressee")
    assert set(themes) == set(THEMES)
    assert {"states_parties", "secretariat", "conference"} <= set(addressees)
    for theme, count in themes.items():
        assert count == api_total(client, q="trata", theme=theme), theme
    for addressee, count in addressees.items():
        assert count == api_total(client, q="trata", addressee=addressee), addressee
    assert "Protection and assistance" in html and "States parties" in html


def test_a_chosen_theme_narrows_the_results_and_offers_its_sub_themes(client):
    everywhere = facet_counts(client.get("/search", {"q": "trata"}).content.decode(), "theme")
    response = client.get("/search", {"q": "trata", "theme": "protection"})
    html = response.content.decode()
    assert f"{everywhere['protection']} results" in text_of(response)
    assert facet_counts(html, "theme") == everywhere  # the other themes, counted without the filter
    assert re.search(r'<li class="chosen"><a aria-current="true" href="[^"]*theme=protection"', html)
    subthemes = facet_counts(html, "theme", facet="subtheme")
    assert subthemes and all(value.startswith("protection.") for value in subthemes)
    for subtheme, count in subthemes.items():
        assert count == api_total(client, q="trata", theme=subtheme), subtheme
    assert '<input type="hidden" name="theme" value="protection">' in html  # kept when the words change
    records = client.get("/api/search", {"q": "trata", "theme": "protection", "limit": "100"}).json()["results"]
    assert records and all(any(t["value"].startswith("protection.") for t in r["themes"]) for r in records)


def test_theme_and_addressee_filters_combine_and_reach_the_downloads(client):
    params = {"q": "trata", "theme": "partnership", "addressee": "states_parties"}
    both = api_total(client, **params)
    assert (
        0
        < both
        < min(
            api_total(client, q="trata", theme="partnership"), api_total(client, q="trata", addressee="states_parties")
        )
    )
    html = client.get("/search", params).content.decode()
    assert f"{both} results" in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    download = client.get("/search", {**params, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert len(rows) == both
    assert all("states_parties" in row["addressees"] and "partnership." in row["themes"] for row in rows)


def test_theme_names_follow_the_interface_language(demo):
    spanish = web_client("es").get("/search", {"q": "trata"}).content.decode()
    assert "Protección y asistencia" in spanish and "Estados partes" in spanish
    assert "Prevención" in web_client("es").get("/provisions/").content.decode()


def test_unknown_themes_and_addressees_get_a_400_naming_the_parameter(client):
    answer = client.get("/api/search", {"q": "trata", "theme": "protection.nothing"})
    assert answer.status_code == 400 and answer.json()["error"]["parameter"] == "theme"
    answer = client.get("/api/search", {"q": "trata", "addressee": "everyone"})
    assert answer.status_code == 400 and answer.json()["error"]["parameter"] == "addressee"
    assert client.get("/search", {"q": "trata", "theme": "x"}).status_code == 400
    assert client.get("/provisions/", {"addressee": "x"}).status_code == 400


def test_the_schema_documents_the_label_filters(client):
    schema = client.get("/api/openapi.json").json()
    parameters = {p["name"]: p for p in schema["paths"]["/api/search"]["get"]["parameters"]}
    assert {"protection", "protection.non_punishment"} <= set(parameters["theme"]["schema"]["enum"])
    assert "secretariat" in parameters["addressee"]["schema"]["enum"]
    body = client.get("/api/search", {"q": "trata", "theme": "protection.non_punishment"}).json()
    validator = Draft202012Validator({"$ref": "#/components/schemas/SearchResults", "components": schema["components"]})
    validator.validate(body)
    assert body["total"] == len(labelled("themes", "protection.non_punishment") & search_ids(client, "trata"))


def search_ids(client, query: str) -> set[str]:
    """Every entry the API finds for `query`, page after page."""
    ids: set[str] = set()
    while page := client.get("/api/search", {"q": query, "limit": "100", "offset": str(len(ids))}).json()["results"]:
        ids |= {record["id"] for record in page}
    return ids


def test_browse_by_theme_and_addressee(client):
    response = client.get("/provisions/", {"theme": "protection.non_punishment"})
    html = response.content.decode()
    expected = labelled("themes", "protection.non_punishment")
    assert f"{len(expected)} entries" in text_of(response)
    listed = set(re.findall(r'href="/provisions/([a-z0-9-]+)"', html))
    assert listed and listed <= expected
    assert "Non-punishment of victims <span aria-hidden" in html  # the chosen filter, removable
    response = client.get("/provisions/", {"addressee": "secretariat", "kind": "recommendation"})
    secretariat = labelled("addressees", "secretariat") & set(
        Provision.objects.filter(kind="recommendation").values_list("id", flat=True)
    )
    assert f"{len(secretariat)} entries" in text_of(response)
    everything = client.get("/provisions/").content.decode()
    themes = facet_counts(everything, "theme")
    assert themes == {theme: len(labelled("themes", theme)) for theme in THEMES}
    addressees = facet_counts(everything, "addressee")
    assert addressees["secretariat"] == len(labelled("addressees", "secretariat"))


def test_facets_follow_label_corrections_and_curations_at_once(db):
    store_document(build_document("report9.txt", [REC_GIRLS, REC_SUBITEMS, REC_TEN]))
    client = web_client("en")
    before = facet_counts(client.get("/search", {"q": "estados"}).content.decode(), "addressee")
    girls = Provision.objects.get(number="2").pk
    correct(girls, "addressees", ["secretariat"], "M. Curator")
    after = facet_counts(client.get("/search", {"q": "estados"}).content.decode(), "addressee")
    assert after["secretariat"] == before.get("secretariat", 0) + 1
    assert after["states_parties"] == before["states_parties"] - 1
    merge(Provision.objects.get(number="3").pk, girls, "M. Curator")
    merged = facet_counts(client.get("/search", {"q": "estados"}).content.decode(), "addressee")
    assert sum(merged.values()) == sum(after.values()) - 1


def test_a_chosen_theme_says_what_it_covers_in_the_interface_language(demo):
    english = web_client("en").get("/search", {"q": "trata", "theme": "protection.non_punishment"}).content.decode()
    assert (
        '<p class="theme-definition"><strong>Non-punishment of victims</strong>: Victims are not punished or '
        "prosecuted for offences they were compelled to commit"
    ) in english
    spanish = web_client("es").get("/provisions/", {"theme": "protection.non_punishment"}).content.decode()
    assert (
        '<p class="theme-definition"><strong>No criminalización de las víctimas</strong>: Las víctimas no son '
        "castigadas ni enjuiciadas"
    ) in spanish
    assert 'title="Identificación, protección, asistencia y derechos de las víctimas' in spanish  # the facet's hint
    assert "theme-definition" not in web_client("en").get("/search", {"q": "trata"}).content.decode()


def test_strength_and_group_facets_count_what_filtering_on_them_finds_in_the_page_and_the_api(client):
    html = client.get("/search", {"q": "trata"}).content.decode()
    strengths, groups = facet_counts(html, "strength"), facet_counts(html, "group")
    assert {"4", "2"} <= set(strengths) and {"women", "children"} <= set(groups)
    assert list(strengths) == sorted(strengths, reverse=True)  # strongest first
    for strength, count in strengths.items():
        assert count == api_total(client, q="trata", strength=strength), strength
    for group, count in groups.items():
        assert count == api_total(client, q="trata", group=group), group
    assert ">4 — recommendation (should)</a>" in html and ">children</a>" in html
    records = client.get("/api/search", {"q": "trata", "group": "children", "limit": "100"}).json()["results"]
    assert records and all("children" in [g["value"] for g in r["groups"]] for r in records)
    page = client.get("/search", {"q": "trata", "strength": "2"}).content.decode()
    assert '<input type="hidden" name="strength" value="2">' in page
    assert re.search(r'<li class="chosen"><a aria-current="true" href="[^"]*strength=2"', page)


def test_browsing_by_strength_and_group_lists_the_labelled_entries(client):
    response = client.get("/provisions/", {"strength": "3", "group": "migrants"})
    expected = labelled("strength", "3") & labelled("groups", "migrants")
    assert expected and f"{len(expected)} entr" in text_of(response)
    html = response.content.decode()
    assert 'class="chip" href="?group=migrants">3 — consideration (should consider) <span aria-hidden' in html
    assert 'class="chip" href="?strength=3">migrants <span aria-hidden' in html
    spanish = web_client("es").get("/provisions/", {"strength": "1"}).content.decode()
    assert "1 — opción (tal vez deseen)" in spanish and "Fuerza del lenguaje" in spanish


def test_an_unusable_strength_or_group_gets_a_400_naming_it(client):
    for params, name in (({"strength": "9"}, "strength"), ({"strength": "x"}, "strength"), ({"group": "all"}, "group")):
        answer = client.get("/api/search", {"q": "trata", **params})
        assert answer.status_code == 400 and answer.json()["error"]["parameter"] == name, params
        assert client.get("/provisions/", params).status_code == 400

"""The Secretariat's documents on the web: the index and the compilation downloaded in every format and
language (opened with real readers), always as the register is now; the gap view with its chart."""

from __future__ import annotations

import io
import re

import pymupdf
import pytest
from docx import Document as read_docx

from conftest import REC_GIRLS, REC_TEN, Rec, build_document
from tipreg.store.labels.records import correct
from tipreg.store.models import Provision
from tipreg.store.writer import store_document
from web.conftest import web_client


def test_the_publications_page_offers_each_document_in_every_format_and_language(client):
    html = client.get("/publications/").content.decode()
    links = re.findall(r'href="(/publications/[^"]+)"', html)
    assert len(links) == 2 * 2 * 4  # index and compilation, Spanish and English, DOCX PDF HTML MD
    assert "/publications/index.docx?lang=es" in links and "/publications/compilation.pdf?lang=en" in links
    assert 'href="/gaps/"' in html
    assert 'href="/publications/"' in client.get("/").content.decode()  # in the site's navigation
    spanish = web_client("es").get("/publications/").content.decode()
    assert "<h1>Publicaciones</h1>" in spanish and "Recopilación cronológica" in spanish


def test_the_compilation_downloads_as_a_pdf_and_the_index_as_a_docx_with_their_headings(client):
    pdf = client.get("/publications/compilation.pdf?lang=en")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="tipreg-compilation-en.pdf"'
    text = "".join(page.get_text() for page in pymupdf.open(stream=pdf.content, filetype="pdf"))
    assert "Recommendations adopted by the Working Group on Trafficking in Persons" in text
    assert text.index("First meeting") < text.index("Second meeting")
    docx = client.get("/publications/index.docx?lang=es")
    assert docx["Content-Disposition"] == 'attachment; filename="tipreg-index-es.docx"'
    paragraphs = [paragraph.text for paragraph in read_docx(io.BytesIO(docx.content)).paragraphs]
    assert paragraphs[0].startswith("Índice temático de las recomendaciones")
    assert "No criminalización de las víctimas" in " ".join(paragraphs)


def test_a_download_follows_a_curators_correction_at_once(db):
    store_document(
        build_document("report9.txt", [REC_GIRLS, REC_TEN, Rec("11", "El Grupo de Trabajo debería reunirse.")])
    )
    client = web_client("en")
    before = client.get("/publications/index.md").content.decode()
    ten = Provision.objects.get(number="10")
    correct(ten.pk, "themes", ["prosecution.technology"], "M. Curator")
    after = client.get("/publications/index.md").content.decode()
    technology = after[after.index("Technology and technology-facilitated trafficking") :]
    assert "no. 10" in technology.split("\n#", 1)[0] and before != after


def test_unknown_publications_formats_and_languages_are_refused(client):
    assert client.get("/publications/index.xlsx").status_code == 404
    assert client.get("/publications/minutes.pdf").status_code == 404
    refused = client.get("/publications/index.md?lang=fr")
    assert refused.status_code == 400 and "lang: unknown value" in refused.content.decode()


def test_the_gap_view_lists_the_gaps_in_the_interface_language_with_its_chart(client):
    html = client.get("/gaps/?since=2015").content.decode()
    assert "<h1>Gaps since 2015</h1>" in html
    row = re.search(r'<tr class="subtheme status-few" data-id="protection.compensation">(.*?)</tr>', html, re.S)
    assert row is not None
    cells = re.findall(r'<td class="number">([^<]*)</td>', row.group(1))
    assert cells == ["7", "2", "2018", "few"]
    # a theme by its name in the interface's language: its id (prevention.awareness) is for the CLI's --theme
    assert re.search(
        r'<a href="/provisions/\?theme=protection.compensation"[^>]*>Compensation and remedies</a>', row.group(1)
    )
    assert re.search(r'data-id="article 11">.*?<td class="number">none</td>', html, re.S)
    assert '<img src="/gaps/chart.svg?since=2015"' in html
    chart = client.get("/gaps/chart.svg?since=2015")
    assert chart["Content-Type"] == "image/svg+xml" and b"Recommendations by sub-theme" in chart.content
    spanish = web_client("es").get("/gaps/?since=2015").content.decode()
    assert "<h1>Lagunas desde 2015</h1>" in spanish and '<td class="number">pocas</td>' in spanish
    assert b"Recomendaciones por subtema" in web_client("es").get("/gaps/chart.svg?since=2015").content


@pytest.mark.parametrize("since", ["abc", "1800", "-1"])
def test_an_unusable_year_gets_a_400_naming_it(client, since):
    page = client.get(f"/gaps/?since={since}")
    assert page.status_code == 400 and "since:" in page.content.decode()
    assert client.get(f"/gaps/chart.svg?since={since}").status_code == 400


def test_concurrent_first_downloads_build_the_file_once(demo, monkeypatch):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    from tipreg import services
    from tipreg.web.register import publications

    built = []
    real = services.publication_file

    def counted(*args):
        built.append(args)
        return real(*args)

    monkeypatch.setattr(services, "publication_file", counted)
    publications._built_publication.cache_clear()

    def download(_: int) -> bytes:
        try:
            return web_client("en").get("/publications/index.md?lang=en").content
        finally:
            connections.close_all()  # each thread opened its own connection

    with ThreadPoolExecutor(4) as pool:
        bodies = list(pool.map(download, range(4)))
    assert len(set(bodies)) == 1 and bodies[0].startswith(b"# Thematic index")
    assert built == [("index", "md", "en")]

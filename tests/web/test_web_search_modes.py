"""Keyword, semantic and hybrid search and "more like this" in the API and the pages, with the real model.

`semantic_client` reads a small embedded register (five Spanish recommendations, eleven English entries);
`client` the sample register ingested without embedding, where hybrid search must say it is keyword alone.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from web.test_web_api import conforms, response_schema
from web.test_web_pages import facet_counts, text_of

REFLECTION = "rec-m04-d2bc873a21"  # "un período de tiempo suficiente … para decidir acerca de su posible cooperación"
NO_VECTORS = "no entry has a vector of the embedding model yet (run tipreg embed): keyword results only"


@pytest.fixture
def schema(semantic_client: Client) -> dict[str, Any]:
    """The published schema, from the embedded register's client (not to be mixed with `client`)."""
    return semantic_client.get("/api/openapi.json").json()


def api_search(client: Client, **params: str) -> dict[str, Any]:
    response = client.get("/api/search", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_schema_offers_the_modes_with_hybrid_by_default(schema):
    parameters = {parameter["name"]: parameter for parameter in schema["paths"]["/api/search"]["get"]["parameters"]}
    assert parameters["mode"]["schema"] == {
        "type": "string",
        "enum": ["keyword", "semantic", "hybrid"],
        "default": "hybrid",
    }
    similar = schema["paths"]["/api/provisions/{id}/similar"]["get"]
    assert response_schema(schema, "/api/provisions/{id}/similar", 200) == "SimilarResults"
    assert {parameter["name"] for parameter in similar["parameters"]} == {"id", "limit"}


def test_each_mode_ranks_by_its_own_evidence(semantic_client, schema):
    keyword = api_search(semantic_client, q="periodo de reflexion", mode="keyword")
    assert (keyword["mode"], keyword["total"], keyword["notice"]) == ("keyword", 0, None)
    for mode in ("semantic", "hybrid"):
        body = api_search(semantic_client, q="periodo de reflexion", mode=mode)
        conforms(schema, "SearchResults", body)
        assert (body["mode"], body["notice"]) == (mode, None)
        assert body["results"][0]["id"] == REFLECTION
    assert api_search(semantic_client, q="periodo de reflexion")["mode"] == "hybrid"  # the default
    # Semantic search ranks every entry (20 here, at most 100): each is near in some degree.
    assert api_search(semantic_client, q="periodo de reflexion", mode="semantic", limit="100")["total"] == 20


def test_the_modes_keep_the_filters(semantic_client):
    for mode in ("semantic", "hybrid"):
        body = api_search(semantic_client, q="victimas", mode=mode, meeting="4", limit="100")
        assert {(record["meeting"], record["number"]) for record in body["results"]} == {(4, "24"), (4, "30")}
    english = api_search(semantic_client, q="indemnizacion", mode="semantic", kind="recommendation", year="2009")
    assert {record["year"] for record in english["results"]} == {2009}


def test_a_mode_that_does_not_exist_is_a_400_naming_it(semantic_client):
    response = semantic_client.get("/api/search", {"q": "trata", "mode": "fuzzy"})
    assert response.status_code == 400
    assert response.json()["error"] == {
        "status": 400,
        "message": "mode: one of keyword, semantic, hybrid",
        "parameter": "mode",
    }


def test_without_vectors_hybrid_and_semantic_are_keyword_search_and_say_so(client):
    keyword = api_search(client, q="indemnizacion", mode="keyword", kind="recommendation")
    assert keyword["notice"] is None and keyword["total"] == 2
    for mode in ("hybrid", "semantic"):
        body = api_search(client, q="indemnizacion", mode=mode, kind="recommendation")
        assert (body["mode"], body["notice"]) == ("keyword", NO_VECTORS)
        assert [record["id"] for record in body["results"]] == [record["id"] for record in keyword["results"]]


def test_more_like_this_in_the_api(semantic_client, schema):
    response = semantic_client.get(f"/api/provisions/{REFLECTION}/similar", {"limit": "3"})
    assert response.status_code == 200
    body = response.json()
    conforms(schema, "SimilarResults", body)
    assert (body["id"], body["notice"], body["limit"]) == (REFLECTION, None, 3)
    assert len(body["results"]) == 3 and REFLECTION not in [record["id"] for record in body["results"]]
    scores = [record["score"] for record in body["results"]]
    assert scores == sorted(scores, reverse=True)
    # Nearest in each language, fused: both languages among the first three.
    assert {record["sources"][0]["language"] for record in body["results"]} == {"es", "en"}
    assert semantic_client.get(f"/api/provisions/{REFLECTION}/similar").json()["limit"] == 10  # the default
    missing = semantic_client.get("/api/provisions/rec-nothing/similar")
    assert missing.status_code == 404 and missing.json()["error"]["message"] == "no provision with id 'rec-nothing'"
    assert semantic_client.get(f"/api/provisions/{REFLECTION}/similar", {"limit": "0"}).status_code == 400


def test_more_like_this_without_vectors_says_why(client):
    body = client.get(f"/api/provisions/{REFLECTION}/similar").json()
    conforms(client.get("/api/openapi.json").json(), "SimilarResults", body)
    assert body["results"] == [] and "run tipreg embed" in body["notice"]


def test_the_search_page_has_the_mode_switch(semantic_client):
    page = semantic_client.get("/search", {"q": "periodo de reflexion", "mode": "semantic"}).content.decode()
    assert '<option value="semantic" selected>' in page and '<option value="hybrid">' in page
    assert f'href="/provisions/{REFLECTION}"' in page
    assert 'class="notice"' not in page
    keyword = semantic_client.get("/search", {"q": "periodo de reflexion", "mode": "keyword"}).content.decode()
    assert f'href="/provisions/{REFLECTION}"' not in keyword
    assert semantic_client.get("/search", {"q": "trata", "mode": "fuzzy"}).status_code == 400


def test_the_search_page_says_when_it_is_keyword_search_alone(client):
    page = client.get("/search", {"q": "indemnizacion"}).content.decode()
    assert "This register has no vectors for meaning search yet (run tipreg embed)" in page
    spanish = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="es").get("/search", {"q": "indemnizacion"})
    assert "Este registro aún no tiene vectores" in spanish.content.decode()


def test_the_provision_page_shows_more_like_this(semantic_client):
    page = semantic_client.get(f"/provisions/{REFLECTION}").content.decode()
    start = page.index('<section class="similar">')
    section = page[start : page.index("</section>", start)]
    assert "More like this" in section and "Nearest in meaning, in any language." in section
    assert section.count('href="/provisions/') == 5 and f"/provisions/{REFLECTION}" not in section


def test_the_provision_page_without_vectors_says_how_to_get_them(client):
    page = client.get(f"/provisions/{REFLECTION}").content.decode()
    assert "Similar recommendations appear once the register has been embedded for meaning search" in page


@pytest.mark.parametrize("mode", ["hybrid", "semantic"])
def test_a_facet_count_is_what_choosing_the_value_lists(semantic_client, monkeypatch, mode):
    # The nearest entries cut short (the register has 20), as the 50 and 100 nearest cut a real register.
    monkeypatch.setattr("tipreg.search.hybrid.SEMANTIC_DEPTH", 4)
    monkeypatch.setattr("tipreg.web.register.results.SEMANTIC_RESULTS", 6)
    query = {"q": "victimas", "mode": mode}
    page = semantic_client.get("/search", query).content.decode()
    for facet in ("meeting", "kind", "year"):
        counts = facet_counts(page, facet)
        assert counts, facet
        for value, count in counts.items():
            chosen = semantic_client.get("/search", {**query, facet: value})
            assert f"{count} result{'s' if count > 1 else ''}" in text_of(chosen), (facet, value)
            assert facet_counts(chosen.content.decode(), facet)[value] == count, (facet, value)

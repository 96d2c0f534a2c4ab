"""The read API: real answers checked against the OpenAPI schema the server publishes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from tipreg.store.models import Provision

CONTRACT = {"id", "kind", "meeting", "year", "number", "heading", "subitems", "text", "text_original", "sources"} | {
    *("themes", "addressees", "strength", "groups", "references", "links")
}


@pytest.fixture
def schema(client) -> dict[str, Any]:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def conforms(schema: dict[str, Any], name: str, body: Any) -> None:
    """Validate `body` against components/schemas/`name` of the published document."""
    validator = Draft202012Validator({"$ref": f"#/components/schemas/{name}", "components": schema["components"]})
    validator.validate(body)


def response_schema(schema: dict[str, Any], path: str, status: int) -> str:
    content = schema["paths"][path]["get"]["responses"][str(status)]["content"]["application/json"]
    return content["schema"]["$ref"].rsplit("/", 1)[1]


def test_the_schema_is_valid_openapi_and_names_the_server(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert schema["servers"] == [{"url": "http://localhost"}]
    assert {
        *("/api/search", "/api/provisions/{id}", "/api/provisions/{id}/similar", "/api/documents", "/api/openapi.json")
    } <= set(schema["paths"])


def test_search_returns_export_records_with_scores_best_first(client, schema):
    # The recommendations only: the background paper's paragraphs on compensation are entries too.
    response = client.get("/api/search", {"q": "indemnizacion", "kind": "recommendation"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    conforms(schema, response_schema(schema, "/api/search", 200), body)
    assert body["total"] == 2 and body["limit"] == 20 and body["offset"] == 0
    first, second = body["results"]
    assert set(first) == CONTRACT | {"score"}
    # which of the two ranks first depends on the backend's ranking function; best first either way
    assert {(first["meeting"], first["number"]), (second["meeting"], second["number"])} == {(1, "13"), (4, "46")}
    assert first["score"] >= second["score"] > 0
    assert all("indemnización" in record["text"] for record in body["results"])
    assert first["sources"][0]["file"] == "002_e7aaeccdcdd1dbe6.txt"


def test_search_pages_through_the_same_ranking(client):
    everything = client.get("/api/search", {"q": "trata", "limit": "100"}).json()
    pages = [client.get("/api/search", {"q": "trata", "limit": "7", "offset": str(start)}).json() for start in (0, 7)]
    assert [record["id"] for page in pages for record in page["results"]] == [
        record["id"] for record in everything["results"][:14]
    ]
    assert pages[1]["offset"] == 7 and pages[1]["total"] == everything["total"] > 14


def test_search_filters(client, schema):
    body = client.get("/api/search", {"q": "trata", "meeting": "11", "kind": "recommendation"}).json()
    conforms(schema, "SearchResults", body)
    assert body["total"] > 0 and {(r["meeting"], r["kind"]) for r in body["results"]} == {(11, "recommendation")}


def test_a_provision_by_id(client, schema):
    response = client.get("/api/provisions/rec-m04-de1ba968d3")
    body = response.json()
    conforms(schema, response_schema(schema, "/api/provisions/{id}", 200), body)
    assert body["id"] == "rec-m04-de1ba968d3" and body["number"] == "46"
    assert [item["label"] for item in body["subitems"][8]["subitems"]] == ["i", "ii", "iii"]


def test_documents(client, schema):
    body = client.get("/api/documents").json()
    conforms(schema, response_schema(schema, "/api/documents", 200), body)
    by_file = {document["file"]: document for document in body["results"]}
    assert body["total"] == 5
    assert by_file["000_e5ae3a1e0a1653f3.txt"]["provisions"] == 39
    assert by_file["003_f2bc76c63e9ce074.txt"]["provisions"] == 13  # the background paper's numbered paragraphs
    assert by_file["004_ccbf7ea632703f7f.txt"]["type"] == "resolution"
    second_page = client.get("/api/documents", {"limit": "2", "offset": "2"}).json()
    conforms(schema, "DocumentList", second_page)
    assert second_page["total"] == 5 and [d["id"] for d in second_page["results"]] == [
        d["id"] for d in body["results"][2:4]
    ]
    refused = client.get("/api/documents", {"limit": "5000"})
    assert refused.status_code == 400 and refused.json()["error"]["parameter"] == "limit"


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/search", "q"),
        ("/api/search?q=", "q"),
        ("/api/search?q=trata&limit=0", "limit"),
        ("/api/search?q=trata&limit=101", "limit"),
        ("/api/search?q=trata&limit=ten", "limit"),
        ("/api/search?q=trata&offset=-1", "offset"),
        ("/api/search?q=trata&meeting=1e3", "meeting"),
        ("/api/search?q=trata&sort=random", "sort"),
    ],
)
def test_malformed_requests_get_a_json_400_naming_the_parameter(client, schema, url, parameter):
    response = client.get(url)
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    body = response.json()
    conforms(schema, response_schema(schema, "/api/search", 400), body)
    assert body["error"]["parameter"] == parameter and body["error"]["message"].startswith(parameter)


# Recommendations of 173 words (1,065 characters) and 740 words (4,678 characters) of the sample register
PASTED = "rec-m11-f8dc560dd2"
PASTED_LONG = "rec-m04-de1ba968d3"


def test_a_pasted_recommendation_finds_itself_and_a_longer_one_is_searched_on_its_first_words(client, schema):
    # Queries over 500 characters were refused: whoever pasted a recommendation to find its kin got a 400.
    for entry, notice in ((PASTED, None), (PASTED_LONG, "the query is long: only its first 200 words were searched")):
        text = Provision.objects.get(pk=entry).text
        body = client.get("/api/search", {"q": text, "mode": "keyword"}).json()
        conforms(schema, "SearchResults", body)
        assert (body["results"][0]["id"], body["notice"]) == (entry, notice)
        assert body["query"] == " ".join(text.split()[:200])


def test_unknown_ids_paths_and_methods_get_json_errors(client, schema):
    missing = client.get("/api/provisions/rec-none")
    assert missing.status_code == 404
    conforms(schema, "Error", missing.json())
    assert client.get("/api/nothing/here").json()["error"]["status"] == 404
    browser = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)  # as a real client: no CSRF token
    posted = browser.post("/api/search?q=trata", data=json.dumps({}), content_type="application/json")
    assert posted.status_code == 405 and posted["Allow"] == "GET, HEAD"
    conforms(schema, "Error", posted.json())


@pytest.mark.parametrize(
    ("url", "path", "parameter"),
    [
        ("/api/provisions/rec-%00", "/api/provisions/{id}", "id"),
        ("/api/provisions/rec-%00/similar", "/api/provisions/{id}/similar", "id"),
        ("/api/search?q=trata%00", "/api/search", "q"),
        ("/api/search?q=trata&heading=a%00b", "/api/search", "heading"),
        ("/api/documents?limit=1%00", "/api/documents", "limit"),
    ],
)
def test_path_and_query_text_that_cannot_be_looked_up_gets_a_400_naming_it(client, schema, url, path, parameter):
    response = client.get(url)
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    body = response.json()
    conforms(schema, response_schema(schema, path, 400), body)
    assert body["error"] == {
        "status": 400,
        "message": f"{parameter}: must not contain NUL characters",
        "parameter": parameter,
    }


def test_an_undecodable_path_is_an_unknown_id_not_an_error(client):
    # Bytes that are no UTF-8 (a lone surrogate's) stay percent-encoded in the id: nothing has that id.
    response = client.get("/api/provisions/%ED%A0%80")
    assert response.status_code == 404 and response.json()["error"]["message"] == "no provision with id '%ED%A0%80'"

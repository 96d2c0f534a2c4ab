"""The write API for reports: token authentication, the report form's permissions and version check, and
answers that validate against the published OpenAPI schema."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from web.reports.conftest import TO_SECRETARIAT, TO_STATES, anonymous, file_report, logged_in

REPORT = f"/api/reports/ESP/2026/{TO_STATES}"


@pytest.fixture
def schema(people) -> dict[str, Any]:
    document = anonymous().get("/api/openapi.json").json()
    validate(document)
    return document


@pytest.fixture
def tokens(people) -> dict[str, str]:
    from tipreg.web.reports.tokens import create_token

    return {who: create_token(user.username, "tests")[1] for who, user in people["users"].items()}


def conforms(schema: dict[str, Any], path: str, method: str, status: int, body: Any) -> None:
    """Validate `body` against the schema the published document gives for this answer."""
    content = schema["paths"][path][method]["responses"][str(status)]["content"]["application/json"]
    Draft202012Validator({**content["schema"], "components": schema["components"]}).validate(body)


def put(token: str | None, url: str, body: Any, **headers: str):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return anonymous(enforce_csrf=True).put(url, data, content_type="application/json", **auth, **headers)


def get(token: str | None, url: str, **params: str):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return anonymous().get(url, params, **auth)


DETAIL = "/api/reports/{state}/{period}/{recommendation}"


def test_the_schema_describes_the_write_api(schema):
    assert {"/api/reports", DETAIL} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["token"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["token"]["description"],
    }
    assert set(schema["paths"][DETAIL]) == {"parameters", "get", "put"}


def test_create_update_and_read_a_report(schema, tokens):
    created = put(tokens["spain"], REPORT, {"status": "in_progress", "narrative": "Bill drafted.", "version": None})
    assert created.status_code == 201
    conforms(schema, DETAIL, "put", 201, created.json())
    assert created.json() | {"updated_at": None} == {
        "recommendation": TO_STATES,
        "state": "ESP",
        "period": "2026",
        "status": "in_progress",
        "narrative": "Bill drafted.",
        "submitted": False,
        "version": 1,
        "updated_at": None,
        "updated_by": "ana",
        "evidence": [],
    }
    updated = put(tokens["spain"], REPORT, {"status": "implemented", "submitted": True, "version": 1})
    assert updated.status_code == 200
    conforms(schema, DETAIL, "put", 200, updated.json())
    assert (updated.json()["version"], updated.json()["narrative"], updated.json()["submitted"]) == (
        2,
        "Bill drafted.",  # absent from the body: kept
        True,
    )
    read = get(tokens["spain"], REPORT)
    assert read.status_code == 200 and read.json() == updated.json()
    conforms(schema, DETAIL, "get", 200, read.json())

    from tipreg.web.reports.models import ReportChange

    assert list(ReportChange.objects.values_list("version", "changed_by__username", "changes")) == [
        (1, "ana", {"status": ["", "in_progress"], "narrative": ["", "Bill drafted."]}),
        (2, "ana", {"status": ["in_progress", "implemented"], "submitted": [False, True]}),
    ]


def test_a_stale_version_gets_409_with_the_current_report(schema, tokens, people):
    put(tokens["spain"], REPORT, {"status": "in_progress", "narrative": "First.", "version": None})
    file_report(logged_in(people["users"]["secretariat"]), people, "Secretariat's edit.", version=1)  # the web form
    stale = put(tokens["spain"], REPORT, {"status": "implemented", "narrative": "Mine.", "version": 1})
    assert stale.status_code == 409
    conforms(schema, DETAIL, "put", 409, stale.json())
    assert stale.json()["current"]["narrative"] == "Secretariat's edit." and stale.json()["current"]["version"] == 2
    again = put(tokens["spain"], REPORT, {"status": "implemented", "narrative": "Also new.", "version": None})
    assert again.status_code == 409  # "create" when it exists is a conflict too
    assert get(tokens["spain"], REPORT).json()["narrative"] == "Secretariat's edit."


def test_list_own_states_reports_only(schema, tokens):
    put(tokens["spain"], REPORT, {"status": "in_progress", "version": None})
    put(tokens["spain"], f"/api/reports/ESP/2026/{TO_SECRETARIAT}", {"status": "implemented", "version": None})
    put(tokens["peru"], f"/api/reports/PER/2026/{TO_STATES}", {"status": "implemented", "version": None})
    spain = get(tokens["spain"], "/api/reports")
    conforms(schema, "/api/reports", "get", 200, spain.json())
    assert [(r["state"], r["recommendation"]) for r in spain.json()["results"]] == [
        ("ESP", TO_STATES),
        ("ESP", TO_SECRETARIAT),
    ]
    everything = get(tokens["secretariat"], "/api/reports", state="per").json()
    assert [(r["state"], r["recommendation"]) for r in everything["results"]] == [("PER", TO_STATES)]
    page = get(tokens["secretariat"], "/api/reports", limit="1", offset="1").json()
    assert page["total"] == 3 and len(page["results"]) == 1
    refused = get(tokens["spain"], "/api/reports", limit="0")
    assert refused.status_code == 400 and refused.json()["error"]["parameter"] == "limit"
    conforms(schema, "/api/reports", "get", 400, refused.json())


def test_tokens_authenticate_and_nothing_else_does(schema, tokens, people):
    for answer in (
        put(None, REPORT, {"status": "implemented", "version": None}),
        put("tipreg_not-a-real-token", REPORT, {"status": "implemented", "version": None}),
        put(tokens["spain"][:-2], REPORT, {"status": "implemented", "version": None}),
        get(None, "/api/reports"),
    ):
        assert answer.status_code == 401 and answer["WWW-Authenticate"] == 'Bearer realm="tipreg"'
        conforms(schema, "/api/reports", "get", 401, answer.json())
    session = logged_in(people["users"]["spain"])  # a browser session is not an API credential
    assert session.get("/api/reports").status_code == 401
    people["users"]["spain"].is_active = False
    people["users"]["spain"].save()
    assert get(tokens["spain"], "/api/reports").status_code == 401

    from tipreg.web.reports.models import ApiToken, ImplementationReport

    assert not ImplementationReport.objects.exists()
    stored = set(ApiToken.objects.values_list("digest", flat=True))
    assert not stored & set(tokens.values()) and all(len(digest) == 64 for digest in stored)


def test_a_focal_point_cannot_read_or_write_another_states_reports(schema, tokens):
    put(tokens["spain"], REPORT, {"status": "in_progress", "narrative": "Spain's draft.", "version": None})
    written = put(tokens["peru"], REPORT, {"status": "not_applicable", "version": 1})
    assert written.status_code == 403
    conforms(schema, DETAIL, "put", 403, written.json())
    assert get(tokens["peru"], REPORT).status_code == 403
    assert get(tokens["peru"], "/api/reports", state="ESP").json()["total"] == 0
    assert get(tokens["secretariat"], REPORT).json()["narrative"] == "Spain's draft."


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ("{not json", 400, "not JSON"),
        ("[1, 2]", 400, "JSON object"),
        ({"status": "implemented"}, 400, "version is required"),
        ({"status": "done", "version": None}, 400, "status must be one of"),
        ({"status": "implemented", "version": "1"}, 400, "version must be"),
        ({"status": "implemented", "version": True}, 400, "version must be"),
        ({"status": "implemented", "version": None, "narrative": 5}, 400, "narrative must be"),
        ({"status": "implemented", "version": None, "narrative": "x" * 20_001}, 400, "narrative must be"),
        ({"status": "implemented", "version": None, "submitted": "yes"}, 400, "submitted must be"),
        ({"status": "implemented", "version": None, "owner": "me"}, 400, "unknown field(s): owner"),
        ({"status": "implemented", "version": 3}, 404, "no such report"),
    ],
)
def test_malformed_bodies_get_a_clear_4xx(schema, tokens, body, status, message):
    answer = put(tokens["spain"], REPORT, body)
    assert answer.status_code == status and message in answer.json()["error"]["message"]
    conforms(schema, DETAIL, "put", status, answer.json())

    from tipreg.web.reports.models import ImplementationReport

    assert not ImplementationReport.objects.exists()


def test_wrong_types_sizes_methods_and_names_get_4xx(schema, tokens):
    as_form = anonymous().put(
        REPORT, "status=implemented", content_type="text/plain", HTTP_AUTHORIZATION=f"Bearer {tokens['spain']}"
    )
    assert as_form.status_code == 415
    huge = put(tokens["spain"], REPORT, {"status": "implemented", "version": None, "narrative": "x" * 300_000})
    assert huge.status_code == 413
    conforms(schema, DETAIL, "put", 413, huge.json())
    posted = anonymous(enforce_csrf=True).post(REPORT, "{}", content_type="application/json")
    assert posted.status_code == 405 and posted["Allow"] == "GET, PUT"
    deleted = anonymous().delete("/api/reports", HTTP_AUTHORIZATION=f"Bearer {tokens['spain']}")
    assert deleted.status_code == 405
    for url in ("/api/reports/XYZ/2026/R-1", "/api/reports/ESP/1999/R-1", "/api/reports/ESP/2026/NO-SUCH"):
        answer = put(tokens["spain"], url, {"status": "implemented", "version": None})
        assert answer.status_code == 404
        conforms(schema, DETAIL, "put", 404, answer.json())


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"status": "in_progress", "narrative": "\\ud800", "version": null}', "narrative"),
        ('{"status": "in_progress", "narrative": "Ley \\udfff 4/2026", "version": null}', "narrative"),
        ('{"status": "in_progress", "narrative": "a\\u0000b", "version": null}', "narrative"),
        ('{"status": "\\ud800", "version": null}', "status"),
    ],
)
def test_text_that_cannot_be_stored_gets_a_400_naming_the_field(schema, tokens, body, field):
    answer = put(tokens["spain"], REPORT, body)
    assert answer.status_code == 400, answer.content
    error = answer.json()["error"]
    assert error["message"].startswith(f"{field}: must ") and error["parameter"] == field
    assert "codec" not in error["message"]
    conforms(schema, DETAIL, "put", 400, answer.json())

    from tipreg.web.reports.models import ImplementationReport

    assert not ImplementationReport.objects.exists()


def test_a_field_name_that_cannot_be_stored_gets_a_400_not_a_crash(schema, tokens):
    answer = put(tokens["spain"], REPORT, '{"status": "in_progress", "\\ud800": 1, "version": null}')
    assert answer.status_code == 400 and answer.json()["error"]["message"].startswith("a field name must ")
    conforms(schema, DETAIL, "put", 400, answer.json())


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        (f"/api/reports/ES%00P/2026/{TO_STATES}", "state"),
        (f"/api/reports/ESP/20%0026/{TO_STATES}", "period"),
        ("/api/reports/ESP/2026/R-%001", "recommendation"),
    ],
)
def test_path_parameters_that_cannot_be_looked_up_get_a_400_naming_them(schema, tokens, url, parameter):
    answers = {
        "get": get(tokens["spain"], url),
        "put": put(tokens["spain"], url, {"status": "implemented", "version": None}),
    }
    for method, answer in answers.items():
        assert answer.status_code == 400, answer.content
        assert answer.json()["error"] == {
            "status": 400,
            "message": f"{parameter}: must not contain NUL characters",
            "parameter": parameter,
        }
        conforms(schema, DETAIL, method, 400, answer.json())
    refused = get(tokens["spain"], "/api/reports", state="ES\x00P")
    assert refused.status_code == 400 and refused.json()["error"]["parameter"] == "state"
    conforms(schema, "/api/reports", "get", 400, refused.json())

    from tipreg.web.reports.models import ImplementationReport

    assert not ImplementationReport.objects.exists()


def test_a_conflict_says_in_english_who_saved_the_report_when_and_at_which_version(schema, tokens, people):
    first = put(tokens["spain"], REPORT, {"status": "in_progress", "narrative": "First.", "version": None}).json()
    # The same token asks for a new report again: it is its own save that it runs into, and the answer says so
    # in English even to a client that prefers Spanish.
    again = put(tokens["spain"], REPORT, {"status": "implemented", "version": None}, HTTP_ACCEPT_LANGUAGE="es").json()
    assert again["error"]["message"] == (
        f"the report already exists: it is at version 1, saved by ana (this token's user) at {first['updated_at']}; "
        "send version 1 to update it"
    )
    file_report(logged_in(people["users"]["secretariat"]), people, "Secretariat's edit.", version=1)
    current = get(tokens["spain"], REPORT).json()
    stale = put(tokens["spain"], REPORT, {"status": "implemented", "version": 1}, HTTP_ACCEPT_LANGUAGE="es")
    assert stale.status_code == 409
    conforms(schema, DETAIL, "put", 409, stale.json())
    assert stale.json()["error"]["message"] == (
        f"version 1 is out of date: it is at version 2, saved by sec at {current['updated_at']}; "
        "read it, then send your changes with that version"
    )


def test_a_focal_point_cannot_put_a_report_of_a_period_that_is_not_current(schema, tokens, people):
    from tipreg.web.reports import accounts

    body = {"status": "implemented", "narrative": "Ley 4/2026.", "submitted": True, "version": None}
    assert put(tokens["spain"], REPORT, body).status_code == 201
    accounts.add_period("2027", datetime.date(2027, 1, 1), datetime.date(2027, 12, 31), current=True)
    refused = put(tokens["spain"], REPORT, {**body, "submitted": False, "version": 1})
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == (
        "2026 is not the current reporting period: only the Secretariat may change its reports"
    )
    conforms(schema, DETAIL, "put", 403, refused.json())
    assert get(tokens["spain"], REPORT).json()["submitted"] is True  # still read, unchanged
    assert put(tokens["secretariat"], REPORT, {**body, "submitted": False, "version": 1}).status_code == 200

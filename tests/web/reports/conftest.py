"""What the implementation-report tests share: a small register with labelled entries, two States with a
focal point each, a Secretariat member, a current period, and clients logged in as each."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client, override_settings

from registers import new_register
from tipreg.store import setup

# The models are imported inside the fixtures: pytest may load this file before Django is configured.

PASSWORD = "correct horse battery staple"
TO_STATES = "R-1"  # a recommendation addressed to States parties
TO_SECRETARIAT = "R-2"  # a recommendation that is not
PARAGRAPH = "P-1"  # names States parties, but is no recommendation


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> str:
    from tipreg.store.labels.records import label_entries
    from tipreg.store.models import Provision

    target = new_register(tmp_path_factory.mktemp("reports"), "reports")
    setup(target)
    texts = {
        TO_STATES: (
            "recommendation",
            2,
            "Los Estados partes deberían ofrecer indemnización a las víctimas de la trata.",
        ),
        TO_SECRETARIAT: ("recommendation", 3, "The Secretariat should continue to assist."),
        PARAGRAPH: ("operative_paragraph", None, "Urges States parties to ratify the Protocol."),
    }
    for provision_id, (kind, meeting, text) in texts.items():
        Provision.objects.create(
            id=provision_id, kind=kind, meeting=meeting, text=text, text_original=text, fingerprint=provision_id
        )
    label_entries(texts)  # the rules' addressees: R-1 and P-1 to States parties, R-2 to the Secretariat
    return target


@pytest.fixture
def people(register: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict]:
    """Two States with a focal point each, a Secretariat member, a current period; evidence in tmp_path."""
    from django.contrib.auth import get_user_model

    from tipreg.web.reports import accounts
    from tipreg.web.reports.models import Evidence, ImplementationReport, LoginFailure, ReportingPeriod, State

    monkeypatch.setenv("TIPREG_DB", register)
    setup(register)
    LoginFailure.objects.all().delete()  # the login throttle's counters
    long_ago = datetime.date(2020, 1, 1)  # registered before every period of the tests, whatever today is
    spain, peru = accounts.add_state("esp", "Spain", long_ago), accounts.add_state("PER", "Peru", long_ago)
    period = accounts.add_period("2026", datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), current=True)
    users = {
        "spain": accounts.add_user("ana", "focal-point", PASSWORD, "ESP"),
        "peru": accounts.add_user("luis", "focal-point", PASSWORD, "PER"),
        "secretariat": accounts.add_user("sec", "secretariat", PASSWORD),
    }
    with override_settings(MEDIA_ROOT=str(tmp_path / "media")):
        yield {"spain": spain, "peru": peru, "period": period, "users": users, "media": tmp_path / "media"}
    Evidence.objects.all().delete()
    ImplementationReport.objects.all().delete()
    get_user_model().objects.all().delete()
    ReportingPeriod.objects.all().delete()
    State.objects.all().delete()


def anonymous(*, enforce_csrf: bool = False) -> Client:
    return Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en", enforce_csrf_checks=enforce_csrf)


def logged_in(user, *, enforce_csrf: bool = False) -> Client:
    client = anonymous(enforce_csrf=enforce_csrf)
    client.force_login(user)
    return client


def edit_url(people: dict, state: str = "spain", provision: str = TO_STATES) -> str:
    return f"/reports/{people[state].code}/{people['period'].pk}/{provision}/"


def file_report(
    client: Client, people: dict, narrative: str, version: int | None = None, action: str = "draft", **kwargs
):
    data = {"status": "in_progress", "narrative": narrative, "version": "" if version is None else version}
    return client.post(edit_url(people, **kwargs), {**data, "action": action})

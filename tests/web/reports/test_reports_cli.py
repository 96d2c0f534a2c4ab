"""`tipreg states|users|periods add`: setting up who files implementation reports."""

from __future__ import annotations

from click.testing import CliRunner, Result
from django.contrib.auth import get_user_model

from registers import new_register
from tipreg.cli import main
from tipreg.web.reports.models import FocalPoint, ReportingPeriod

PASSWORD = "a long enough pass phrase"


def tipreg(db: str, *args: str, password: str | None = None) -> Result:
    env = {"TIPREG_NEW_PASSWORD": password} if password else {}
    return CliRunner().invoke(main, [*args, "--db", db], env=env)


def test_set_up_a_state_its_focal_point_a_secretariat_member_and_a_period(tmp_path):
    db = new_register(tmp_path)
    assert tipreg(db, "states", "add", "esp", "Spain").output == "State Spain (ESP)\n"
    added = tipreg(db, "users", "add", "ana", "--role", "focal-point", "--state", "ESP", password=PASSWORD)
    assert added.exit_code == 0 and added.output == "User ana added (focal-point, ESP)\n"
    assert tipreg(db, "users", "add", "sec", "--role", "secretariat", password=PASSWORD).exit_code == 0
    period = tipreg(db, "periods", "add", "2026", "2026-01-01", "2026-12-31", "--current")
    assert period.output == "Period 2026: 2026-01-01 – 2026-12-31 (current)\n"

    ana, sec = get_user_model().objects.get(username="ana"), get_user_model().objects.get(username="sec")
    assert ana.check_password(PASSWORD) and not ana.is_staff
    assert FocalPoint.objects.get(user=ana).state.code == "ESP"
    assert sec.is_staff and not hasattr(sec, "focal_point")
    assert ReportingPeriod.objects.get(is_current=True).name == "2026"
    # correcting the current period's dates keeps it current; adding another does not take that over
    corrected = tipreg(db, "periods", "add", "2026", "2026-01-15", "2026-12-31")
    assert corrected.output == "Period 2026: 2026-01-15 – 2026-12-31 (current)\n"
    assert tipreg(db, "periods", "add", "2027", "2027-01-01", "2027-12-31").output.endswith("2027-12-31\n")
    assert ReportingPeriod.objects.get(is_current=True).name == "2026"


def test_set_up_errors_are_usage_errors(tmp_path):
    db = new_register(tmp_path)
    unknown = tipreg(db, "users", "add", "ana", "--role", "focal-point", "--state", "XYZ", password=PASSWORD)
    assert unknown.exit_code == 2 and "no State XYZ" in unknown.output
    weak = tipreg(db, "users", "add", "sec", "--role", "secretariat", password="123")
    assert weak.exit_code == 2 and "password" in weak.output
    assert "This password is too short" in weak.output  # in English, whatever the interface's language
    assert tipreg(db, "users", "add", "x", "--role", "admin", password=PASSWORD).exit_code == 2
    two_letters = tipreg(db, "states", "add", "es", "Spain")
    assert (
        two_letters.exit_code == 2
        and "ISO 3166-1 alpha-3 code (three letters, such as ESP), not 'es'" in two_letters.output
    )
    assert not get_user_model().objects.exists()


def test_api_tokens_are_printed_once_stored_hashed_listed_and_revoked(tmp_path):
    from tipreg.web.reports import tokens
    from tipreg.web.reports.models import ApiToken

    db = new_register(tmp_path)
    tipreg(db, "states", "add", "ESP", "Spain")
    tipreg(db, "users", "add", "ana", "--role", "focal-point", "--state", "ESP", password=PASSWORD)
    added = CliRunner().invoke(main, ["tokens", "add", "ana", "--name", "nightly upload", "--db", db])
    assert added.exit_code == 0
    token = added.stdout.strip()
    assert token.startswith("tipreg_") and len(token) > 40 and "not shown again" in added.stderr
    assert tokens.user_for(f"Bearer {token}").get_username() == "ana"
    record = ApiToken.objects.get()
    assert record.digest != token and token not in record.digest and record.prefix == token[:12]

    listed = tipreg(db, "tokens", "list")
    assert listed.output.startswith(f"{token[:12]}…\tana\tnightly upload\tcreated ")
    assert "used never" not in listed.output  # user_for above used it
    assert tipreg(db, "tokens", "revoke", token[:12]).output == "Revoked 1 token(s)\n"
    assert tokens.user_for(f"Bearer {token}") is None
    assert tipreg(db, "tokens", "revoke", token[:12]).exit_code == 2
    assert tipreg(db, "tokens", "add", "nobody").exit_code == 2


def test_a_states_registration_and_removal_dates_are_set_and_kept_when_it_is_renamed(tmp_path):
    import datetime

    from tipreg.web.reports.models import State

    db = new_register(tmp_path)
    assert tipreg(db, "states", "add", "CHL", "Chile", "--registered", "2019-05-01").exit_code == 0
    assert tipreg(db, "states", "add", "CHL", "República de Chile", "--removed", "2025-07-01").exit_code == 0
    chile = State.objects.get(code="CHL")
    assert (chile.name, chile.registered_on, chile.removed_on) == (
        "República de Chile",
        datetime.date(2019, 5, 1),
        datetime.date(2025, 7, 1),
    )
    refused = tipreg(db, "states", "add", "CHL", "Chile", "--removed", "2018-01-01")
    assert refused.exit_code == 2 and "cannot be removed before it was registered" in refused.output
    assert State.objects.get(code="CHL").removed_on == datetime.date(2025, 7, 1)

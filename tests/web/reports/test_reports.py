"""Implementation reports: roles and permissions, history, concurrent edits, evidence files, log-in,
bulk import and export."""

from __future__ import annotations

import csv
import datetime
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from openpyxl import Workbook, load_workbook

from tipreg.cli import main
from tipreg.web.reports import accounts
from tipreg.web.reports.models import (
    Evidence,
    ImplementationReport,
    LoginFailure,
    ReportChange,
    ReportingPeriod,
    State,
)
from web.reports.conftest import (
    PARAGRAPH,
    PASSWORD,
    TO_SECRETARIAT,
    TO_STATES,
    anonymous,
    edit_url,
    file_report,
    logged_in,
)


def test_the_to_do_list_holds_recommendations_to_states_parties_without_a_report(people):
    client = logged_in(people["users"]["spain"])
    page = client.get("/reports/").content.decode()
    assert "Spain" in page and edit_url(people) in page
    assert edit_url(people, provision=TO_SECRETARIAT) not in page
    assert edit_url(people, provision=PARAGRAPH) not in page

    assert file_report(client, people, "Plan adopted.").status_code == 302
    page = client.get("/reports/").content.decode()
    assert "Nothing left to report." in page
    assert ">R-1</a>" in page and "in progress" in page  # now among the reports filed


def test_each_save_is_kept_in_the_history_with_who_and_what_changed(people):
    client = logged_in(people["users"]["spain"])
    file_report(client, people, "First draft.")
    file_report(client, people, "Second draft.", version=1)
    report = ImplementationReport.objects.get(provision_id=TO_STATES, state=people["spain"])
    assert (report.version, report.narrative) == (2, "Second draft.")
    history = list(ReportChange.objects.filter(report=report).values_list("version", "changed_by__username", "changes"))
    assert history == [
        (1, "ana", {"status": ["", "in_progress"], "narrative": ["", "First draft."]}),
        (2, "ana", {"narrative": ["First draft.", "Second draft."]}),
    ]
    page = client.get(edit_url(people)).content.decode()
    assert "Version 2" in page and "“First draft.” → “Second draft.”" in page


def test_a_second_editor_of_the_same_version_gets_a_conflict_not_an_overwrite(people):
    ana = logged_in(people["users"]["spain"])
    secretariat = logged_in(people["users"]["secretariat"])
    file_report(ana, people, "Draft.")
    assert file_report(secretariat, people, "Secretariat's edit.", version=1).status_code == 302
    late = file_report(ana, people, "Ana's edit.", version=1)
    assert late.status_code == 409
    page = late.content.decode()
    assert "Someone else saved this report" in page
    assert "from “Draft.” to “Secretariat&#x27;s edit.”" in page
    report = ImplementationReport.objects.get(provision_id=TO_STATES)
    assert (report.narrative, report.version) == ("Secretariat's edit.", 2)


def test_the_same_save_sent_twice_is_saved_once_not_a_conflict(people):
    """A second click on the button, or the same text sent from a second tab, finds its own save stored."""
    ana = logged_in(people["users"]["spain"])
    for _ in range(2):  # a new report, twice: no version either time
        assert file_report(ana, people, "Ley 4/2026.", action="submit").status_code == 302
    for _ in range(2):  # then an edit of version 1, twice
        assert file_report(ana, people, "Ley 4/2026, en vigor.", version=1, action="submit").status_code == 302
    report = ImplementationReport.objects.get()
    assert (report.version, report.narrative, report.submitted) == (2, "Ley 4/2026, en vigor.", True)
    assert ReportChange.objects.count() == 2
    other = file_report(ana, people, "Another text from the first tab.", version=1)  # not the same: a conflict
    assert other.status_code == 409 and ImplementationReport.objects.get().version == 2


def test_a_state_code_in_lower_case_leads_to_the_report_page(people):
    ana = logged_in(people["users"]["spain"])
    lower = edit_url(people).replace("/ESP/", "/esp/")
    page = ana.get(lower)
    assert page.status_code == 301 and page["Location"] == edit_url(people)
    assert file_report(ana, people, "Sent to the lower-case address.").status_code == 302
    saved = ana.post(lower, {"status": "in_progress", "narrative": "Again.", "action": "draft", "version": 1})
    assert saved.status_code == 302 and ImplementationReport.objects.get().narrative == "Again."


def test_a_focal_point_of_another_state_is_refused(people):
    ana, luis = logged_in(people["users"]["spain"]), logged_in(people["users"]["peru"])
    file_report(ana, people, "Spain's draft.")
    report = ImplementationReport.objects.get()
    ana.post(f"/reports/evidence/upload/{report.pk}/", {"file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan")})
    evidence = Evidence.objects.get()

    assert luis.get(edit_url(people)).status_code == 403
    assert file_report(luis, people, "Peru overwrites Spain.", version=1).status_code == 403
    upload = luis.post(f"/reports/evidence/upload/{report.pk}/", {"file": SimpleUploadedFile("x.pdf", b"%PDF x")})
    assert upload.status_code == 404
    assert luis.get(f"/reports/evidence/{evidence.pk}/").status_code == 404
    assert "Spain&#x27;s draft" not in luis.get("/reports/").content.decode()
    assert "R-1" not in luis.get("/reports/").content.decode().split("Reports filed")[1]
    assert ImplementationReport.objects.get().narrative == "Spain's draft."
    assert Evidence.objects.count() == 1


def test_the_public_and_accounts_without_a_role_cannot_read_or_write_reports(people):
    public = anonymous()
    for url in ("/reports/", edit_url(people)):
        response = public.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    sent = file_report(public, people, "Anonymous.")  # as after a session's end: the log-in, the text kept
    assert sent.status_code == 401 and 'action="/login/"' in sent.content.decode()
    nobody = get_user_model().objects.create_user("nobody", password=PASSWORD)
    assert logged_in(nobody).get("/reports/").status_code == 403
    assert logged_in(nobody).get(edit_url(people)).status_code == 403
    assert not ImplementationReport.objects.exists()


def test_writes_without_a_csrf_token_are_refused(people):
    client = logged_in(people["users"]["spain"], enforce_csrf=True)
    assert file_report(client, people, "Forged.").status_code == 403
    assert not ImplementationReport.objects.exists()


def test_malformed_report_forms_get_a_400(people):
    client = logged_in(people["users"]["spain"])
    response = client.post(edit_url(people), {"status": "done", "narrative": "x"})
    assert response.status_code == 400
    assert client.get(f"/reports/ESP/{people['period'].pk}/NO-SUCH-ENTRY/").status_code == 404
    assert not ImplementationReport.objects.exists()


def test_a_version_sent_for_a_report_that_does_not_exist_is_a_400_saying_so(people):
    response = file_report(logged_in(people["users"]["spain"]), people, "Edited elsewhere?", version=5)
    assert response.status_code == 400
    assert "no such report to update: leave the version empty for a new report" in response.content.decode()
    assert not ImplementationReport.objects.exists()


def test_evidence_is_stored_outside_the_web_root_and_served_only_as_an_attachment(people):
    client = logged_in(people["users"]["spain"])
    file_report(client, people, "With evidence.")
    report = ImplementationReport.objects.get()
    upload = SimpleUploadedFile("Plan nacional.PDF", b"%PDF-1.4 national plan", content_type="text/html")
    assert client.post(f"/reports/evidence/upload/{report.pk}/", {"file": upload}).status_code == 302
    evidence = Evidence.objects.get()
    assert Path(evidence.file.path).is_relative_to(people["media"])
    assert Path(evidence.file.path).read_bytes() == b"%PDF-1.4 national plan"

    response = client.get(f"/reports/evidence/{evidence.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"  # the client's claimed text/html is ignored
    assert response["Content-Disposition"] == 'attachment; filename="Plan nacional.PDF"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 national plan"
    assert "Plan nacional.PDF" in client.get(edit_url(people)).content.decode()
    assert logged_in(people["users"]["secretariat"]).get(f"/reports/evidence/{evidence.pk}/").status_code == 200


@pytest.mark.parametrize("name", ["page.html", "setup.exe", "script.svg", "no-extension"])
def test_active_or_unknown_file_types_are_refused(people, name):
    client = logged_in(people["users"]["spain"])
    file_report(client, people, "x")
    report = ImplementationReport.objects.get()
    response = client.post(f"/reports/evidence/upload/{report.pk}/", {"file": SimpleUploadedFile(name, b"<script>")})
    assert response.status_code == 400 and "File refused" in response.content.decode()
    assert not Evidence.objects.exists()
    assert not people["media"].exists() or not any(people["media"].rglob("*.*"))


def test_oversized_or_missing_evidence_is_refused(people):
    client = logged_in(people["users"]["spain"])
    file_report(client, people, "x")
    report = ImplementationReport.objects.get()
    url = f"/reports/evidence/upload/{report.pk}/"
    with override_settings(EVIDENCE_MAX_BYTES=10):
        response = client.post(url, {"file": SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * 20)})
    assert response.status_code == 400 and "larger than" in response.content.decode()
    assert client.post(url, {}).status_code == 400
    assert client.get(url).status_code == 405
    assert not Evidence.objects.exists()


def test_logging_in_is_throttled_after_repeated_failures(people):
    client = anonymous()
    for _ in range(5):
        assert client.post("/login/", {"username": "ana", "password": "wrong"}).status_code == 200
    locked = client.post("/login/", {"username": "ana", "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another user name from the same address is not locked out.
    assert client.post("/login/", {"username": "luis", "password": PASSWORD}).status_code == 302


def lock_out(username: str) -> None:
    for _ in range(5):
        anonymous().post("/login/", {"username": username, "password": "wrong"})


def test_the_secretariat_lifts_a_login_lock_from_the_command_line_before_it_lapses(people, register):
    lock_out("ana")
    assert anonymous().post("/login/", {"username": "ana", "password": PASSWORD}).status_code == 429
    runner = CliRunner()
    lifted = runner.invoke(main, ["users", "unlock", "Ana", "--db", register])  # names are matched as at log-in
    assert lifted.exit_code == 0 and lifted.output.strip() == "Ana: 1 lock(s) lifted"
    assert anonymous().post("/login/", {"username": "ana", "password": PASSWORD}).status_code == 302
    again = runner.invoke(main, ["users", "unlock", "ana", "--db", register])
    assert again.output.strip() == "ana: no failed log-ins to lift"


def test_the_secretariat_lifts_login_locks_from_the_admin(people):
    lock_out("ana")
    lock_out("luis")
    users = get_user_model().objects.filter(username__in=["ana", "luis"]).order_by("username")
    action = {"action": "lift_login_locks", "_selected_action": [user.pk for user in users]}
    page = logged_in(people["users"]["secretariat"]).post("/admin/auth/user/", action, follow=True)
    assert "Log-in lock lifted for ana, luis." in page.content.decode()
    assert not LoginFailure.objects.exists()
    assert anonymous().post("/login/", {"username": "luis", "password": PASSWORD}).status_code == 302
    lock_out("luis")
    refused = logged_in(people["users"]["spain"]).post("/admin/auth/user/", action)
    assert refused.status_code == 302 and refused["Location"].startswith("/admin/login/")  # focal points cannot
    assert LoginFailure.objects.count() == 1


def test_the_login_throttle_is_shared_by_every_server_process(people, register):
    """Five failures here lock the name in another process reading the same register (`serve --workers N`)."""
    client = anonymous()
    for _ in range(4):
        client.post("/login/", {"username": "ana", "password": "wrong"})
    other_process = (
        "import sys; from django.test import RequestFactory; from tipreg.store import setup; setup(sys.argv[1]); "
        "from tipreg.web.reports import throttle; request = RequestFactory().post('/login/'); "
        "throttle.record_failure(request, 'ANA '); print(throttle.is_locked(request, 'ana'))"
    )
    answer = subprocess.run([sys.executable, "-c", other_process, register], capture_output=True, text=True)
    assert answer.stdout.strip() == "True", answer.stderr  # the fifth failure, counted over the first four
    assert client.post("/login/", {"username": "ana", "password": PASSWORD}).status_code == 429


def test_a_closed_lockout_window_starts_counting_again(people):
    client = anonymous()
    for _ in range(5):
        client.post("/login/", {"username": "ana", "password": "wrong"})
    with override_settings(LOGIN_LOCKOUT_SECONDS=0):  # the window has closed
        assert client.post("/login/", {"username": "ana", "password": "wrong"}).status_code == 200
    assert LoginFailure.objects.get().count == 1
    assert client.post("/login/", {"username": "ana", "password": PASSWORD}).status_code == 302
    assert not LoginFailure.objects.exists()  # a success clears the count


def test_logging_in_opens_a_session_that_expires(people):
    client = anonymous()
    response = client.post("/login/", {"username": "ana", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/reports/"
    assert response.cookies["sessionid"]["max-age"] == 8 * 3600
    assert "Log out" in client.get("/reports/").content.decode()


def test_passwords_are_stored_hashed(people):
    stored = get_user_model().objects.get(username="ana").password
    assert PASSWORD not in stored and stored.startswith("pbkdf2_sha256$")


def test_the_admin_is_the_secretariats_desk_only(people):
    secretariat = logged_in(people["users"]["secretariat"])
    assert secretariat.get("/admin/reports/implementationreport/").status_code == 200
    assert secretariat.get("/admin/reports/state/").status_code == 200
    focal_point = logged_in(people["users"]["spain"])
    assert focal_point.get("/admin/reports/implementationreport/").status_code == 302
    report = spains_report(people)  # the admin shows reports, but neither adds nor deletes them
    assert secretariat.get("/admin/reports/implementationreport/add/").status_code == 403
    assert (
        secretariat.post(f"/admin/reports/implementationreport/{report.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert ImplementationReport.objects.filter(pk=report.pk).exists()


def test_the_desks_report_page_speaks_the_interfaces_language_and_lists_its_history_in_words(people):
    spain = logged_in(people["users"]["spain"])
    assert file_report(spain, people, "Ley 4/2026.").status_code == 302
    assert file_report(spain, people, "Ley 4/2026.", version=1, action="submit").status_code == 302
    report = ImplementationReport.objects.get()
    secretariat = logged_in(people["users"]["secretariat"])
    secretariat.cookies["django_language"] = "es"
    page = secretariat.get(f"/admin/reports/implementationreport/{report.pk}/change/").content.decode()
    for label in ("Recomendación", "Estado", "Período", "Estado de aplicación", "Descripción", "Presentado"):
        assert f"<label>{label}:</label>" in page, label
    assert "Historial" in page and "Provision id" not in page and "Updated by" not in page
    history = page.split('<ol class="history">')[1].split("</ol>")[0]
    assert "Versión 1," in history and "UTC, por ana:" in history
    assert "Estado de aplicación “” → “en curso”" in history and "Etapa “borrador” → “presentado”" in history
    assert "&quot;" not in history and "[" not in history  # no JSON left
    assert f'<a href="{edit_url(people)}">' in page and 'name="_save"' not in page  # corrected there, not here


def test_the_desk_neither_attaches_nor_edits_evidence_files_but_removes_their_records(people):
    report = spains_report(people)  # with one checked PDF
    evidence = report.evidence.get()
    secretariat = logged_in(people["users"]["secretariat"])
    page = f"/admin/reports/evidence/{evidence.pk}/change/"
    assert secretariat.get("/admin/reports/evidence/add/").status_code == 403
    page_html = secretariat.get(page).content.decode()
    assert 'enctype="multipart/form-data"' not in page_html and 'name="content_type"' not in page_html
    forged = {"report": report.pk, "original_name": "page.html", "content_type": "text/html", "size": "1"}
    assert secretariat.post(page, forged).status_code == 403
    assert Evidence.objects.get().content_type == "application/pdf"
    assert secretariat.post(f"/admin/reports/evidence/{evidence.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Evidence.objects.exists()


def test_evidence_attached_and_removed_is_kept_in_the_reports_history(people):
    report = spains_report(people)  # ana attaches plan.pdf to version 1
    secretariat = logged_in(people["users"]["secretariat"])
    evidence = report.evidence.get()
    assert secretariat.post(f"/admin/reports/evidence/{evidence.pk}/delete/", {"post": "yes"}).status_code == 302
    changes = [(change.changed_by.username, change.changes) for change in report.changes.order_by("id")]
    assert changes[1:] == [("ana", {"evidence": ["", "plan.pdf"]}), ("sec", {"evidence": ["plan.pdf", ""]})]
    page = logged_in(people["users"]["spain"]).get(edit_url(people)).content.decode()
    history = page.split('<ol class="history">')[1].split("</ol>")[0]
    assert "by ana:\n  Evidence “none” → “plan.pdf”" in history and "by sec:\n  Evidence “plan.pdf” → “none”" in history
    spanish = logged_in(people["users"]["spain"]).get(edit_url(people), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Pruebas documentales “ninguna” → “plan.pdf”" in spanish
    assert ImplementationReport.objects.get().version == 1  # the report's own fields did not change
    assert file_report(logged_in(people["users"]["spain"]), people, "Next.", version=1).status_code == 302


def test_the_desk_checks_states_and_periods_as_the_command_line_does(people):
    """A period that ends before it starts or whose name cannot be in a URL, a State code that is not
    alpha-3, or a second current period: refused or set right in /admin/ as `tipreg periods|states add` does."""
    secretariat = logged_in(people["users"]["secretariat"])
    period_page = f"/admin/reports/reportingperiod/{people['period'].pk}/change/"
    period = {"name": "2026", "starts": "2026-01-01", "ends": "2026-12-31", "is_current": "on"}
    for changed, message in (
        ({"name": "2026/27"}, "A period&#x27;s name must not be empty or contain “/”."),
        ({"ends": "2025-12-31"}, "A period cannot end before it starts."),
    ):
        refused = secretariat.post(period_page, {**period, **changed})
        assert refused.status_code == 200 and message in refused.content.decode()
    assert ReportingPeriod.objects.get().ends == datetime.date(2026, 12, 31)
    added = {"name": "2027", "starts": "2027-01-01", "ends": "2027-12-31", "is_current": "on"}
    assert secretariat.post("/admin/reports/reportingperiod/add/", added).status_code == 302
    assert list(ReportingPeriod.objects.filter(is_current=True).values_list("name", flat=True)) == ["2027"]

    state_page = f"/admin/reports/state/{people['spain'].pk}/change/"
    refused = secretariat.post(state_page, {"code": "E S", "name": "Spain", "registered_on": "2020-01-01"})
    assert refused.status_code == 200 and "ISO 3166-1 alpha-3 code" in refused.content.decode()
    france = {"code": "fra", "name": " France ", "registered_on": "2026-01-01"}
    assert secretariat.post("/admin/reports/state/add/", france).status_code == 302
    assert sorted(State.objects.values_list("code", "name")) == [("ESP", "Spain"), ("FRA", "France"), ("PER", "Peru")]


def test_account_set_up_checks_roles_states_and_passwords(people):
    with pytest.raises(accounts.SetupError, match="needs --state"):
        accounts.add_user("eva", "focal-point", PASSWORD)
    with pytest.raises(accounts.SetupError, match="no State FRA"):
        accounts.add_user("eva", "focal-point", PASSWORD, "fra")
    with pytest.raises(accounts.SetupError, match="exists already"):
        accounts.add_user("ana", "focal-point", PASSWORD, "ESP")
    with pytest.raises(accounts.SetupError, match="end before"):
        accounts.add_period("bad", datetime.date(2026, 2, 1), datetime.date(2026, 1, 1), current=False)
    accounts.add_period("2027", datetime.date(2027, 1, 1), datetime.date(2027, 12, 31), current=True)
    assert list(ReportingPeriod.objects.filter(is_current=True).values_list("name", flat=True)) == ["2027"]


HEADER = "recommendation,state,period,status,narrative,version\n"


def send(client, name: str, content: bytes):
    return client.post("/reports/import/", {"file": SimpleUploadedFile(name, content)})


def test_a_valid_csv_is_imported_with_history(people):
    client = logged_in(people["users"]["spain"])
    body = HEADER + f"{TO_STATES},ESP,2026,implemented,Law 4/2026 adopted.,\n{TO_SECRETARIAT},esp,2026,not_started,,\n"
    response = send(client, "reports.csv", body.encode())
    assert response.status_code == 200 and "2 reports saved." in response.content.decode()
    assert sorted(ImplementationReport.objects.values_list("provision_id", "status", "narrative")) == [
        (TO_STATES, "implemented", "Law 4/2026 adopted."),
        (TO_SECRETARIAT, "not_started", ""),
    ]
    assert ReportChange.objects.filter(changed_by__username="ana").count() == 2


def test_any_row_in_error_leaves_nothing_imported_and_each_error_is_reported(people):
    file_report(logged_in(people["users"]["spain"]), people, "Existing.")  # version 1
    client = logged_in(people["users"]["spain"])
    body = HEADER + "\n".join(
        [
            f"{TO_SECRETARIAT},ESP,2026,implemented,fine,",  # row 2: valid on its own
            f"{TO_STATES},PER,2026,implemented,not my State,",  # row 3
            "NO-SUCH,ESP,2026,implemented,x,",  # row 4
            f"{TO_SECRETARIAT},ESP,2026,done,x,",  # row 5
            f"{TO_STATES},ESP,2026,implemented,overwrite without version,",  # row 6
            f"{TO_STATES},ESP,1999,implemented,x,",  # row 7
        ]
    )
    response = send(client, "reports.csv", body.encode())
    page = response.content.decode()
    assert response.status_code == 400 and "Nothing was saved: 5 rows in error." in page
    assert "Row 3: you may not file reports for PER" in page
    assert "Row 4: no register entry &#x27;NO-SUCH&#x27;" in page
    assert "Row 5: status must be one of" in page
    assert "Row 6: the report already exists: it is at version 1, saved by ana on " in page
    assert "UTC; give that version to update it" in page
    assert "Row 7: no reporting period &#x27;1999&#x27;" in page
    assert list(ImplementationReport.objects.values_list("provision_id", "narrative")) == [(TO_STATES, "Existing.")]


def test_an_imported_narrative_is_held_to_the_forms_limit(people):
    client = logged_in(people["users"]["spain"])
    too_long = "x" * 20_001
    page = send(client, "r.csv", (HEADER + f"{TO_STATES},ESP,2026,implemented,{too_long},\n").encode())
    assert page.status_code == 400 and "Row 2: the narrative is longer than 20000 characters" in page.content.decode()
    assert not ImplementationReport.objects.exists()
    at_most = send(client, "r.csv", (HEADER + f"{TO_STATES},ESP,2026,implemented,{too_long[1:]},\n").encode())
    assert at_most.status_code == 200 and len(ImplementationReport.objects.get().narrative) == 20_000


def test_unreadable_or_foreign_files_get_a_400(people):
    client = logged_in(people["users"]["spain"])
    assert (
        "missing column(s): period, status"
        in send(client, "r.csv", b"recommendation,state\nR-1,ESP\n").content.decode()
    )
    assert send(client, "r.csv", b"\xff\xfe\x00bad").status_code == 400
    assert "not a readable XLSX" in send(client, "r.xlsx", b"PK not really").content.decode()
    assert "send a .csv or .xlsx" in send(client, "r.json", b"{}").content.decode()
    empty = send(client, "r.csv", b"")
    assert empty.status_code == 400 and "the file is empty" in empty.content.decode()
    assert client.post("/reports/import/", {}).status_code == 400
    assert not ImplementationReport.objects.exists()


def test_the_export_reimports_as_an_update_and_is_limited_to_the_users_state(people):
    spain = logged_in(people["users"]["spain"])
    file_report(spain, people, "=HYPERLINK(1)")
    file_report(logged_in(people["users"]["peru"]), people, "Peru's own.", state="peru")
    exported = spain.get("/reports/export.csv")
    assert exported["Content-Disposition"] == 'attachment; filename="implementation-reports.csv"'
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [(r["recommendation"], r["state"], r["narrative"], r["version"]) for r in rows] == [
        (TO_STATES, "ESP", "=HYPERLINK(1)", "1")
    ]

    sheet = load_workbook(io.BytesIO(spain.get("/reports/export.xlsx").content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:4] == ("recommendation", "state", "period", "status")
    assert values[1][4] == "=HYPERLINK(1)"  # the exact text, in a text cell: never a formula
    assert load_workbook(io.BytesIO(spain.get("/reports/export.xlsx").content)).active["E2"].data_type == "s"

    book = Workbook()
    book.active.append(["recommendation", "state", "period", "status", "narrative", "version"])
    book.active.append([TO_STATES, "ESP", "2026", "implemented", "Updated from Excel.", 1])
    buffer = io.BytesIO()
    book.save(buffer)
    assert send(spain, "reports.xlsx", buffer.getvalue()).status_code == 200
    report = ImplementationReport.objects.get(state__code="ESP")
    assert (report.version, report.narrative, report.status) == (2, "Updated from Excel.", "implemented")
    assert spain.get("/reports/export.pdf").status_code == 404


def spains_report(people) -> ImplementationReport:
    ana = logged_in(people["users"]["spain"])
    file_report(ana, people, "Spain's draft.")
    report = ImplementationReport.objects.get()
    ana.post(f"/reports/evidence/upload/{report.pk}/", {"file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan")})
    return report


WRITE_PATHS = {
    "report form": lambda client, people, report: file_report(client, people, "Overwritten.", version=1),
    "report form, new": lambda client, people, report: file_report(
        client, people, "New for Spain.", provision=TO_SECRETARIAT
    ),
    "evidence upload": lambda client, people, report: client.post(
        f"/reports/evidence/upload/{report.pk}/", {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 x")}
    ),
    "bulk import": lambda client, people, report: client.post(
        "/reports/import/",
        {"file": SimpleUploadedFile("r.csv", (HEADER + f"{TO_STATES},ESP,2026,implemented,Overwritten.,1\n").encode())},
    ),
    "admin: add a State": lambda client, people, report: client.post(
        "/admin/reports/state/add/", {"code": "FRA", "name": "France"}
    ),
    "admin: edit a report": lambda client, people, report: client.post(
        f"/admin/reports/implementationreport/{report.pk}/change/", {"narrative": "Overwritten."}
    ),
}


@pytest.mark.parametrize("who", ["public", "another State's focal point", "an account without a role"])
@pytest.mark.parametrize("path", list(WRITE_PATHS))
def test_every_write_path_refuses_whoever_may_not_write_for_the_state(people, who, path):
    report = spains_report(people)
    if who == "public":
        client = anonymous()
    elif who == "an account without a role":
        client = logged_in(get_user_model().objects.create_user("nobody", password=PASSWORD))
    else:
        client = logged_in(people["users"]["peru"])
    response = WRITE_PATHS[path](client, people, report)
    if who == "public" and path.startswith("report form"):  # the log-in page, the form's text kept, nothing done
        assert response.status_code == 401 and 'action="/login/"' in response.content.decode()
    elif who == "public" or path.startswith("admin"):
        assert response.status_code == 302 and "login/" in response["Location"]  # asked to log in, nothing done
    else:
        assert response.status_code in (400, 403, 404)  # an import lists the refused row (400)
    assert list(ImplementationReport.objects.values_list("provision_id", "narrative", "version")) == [
        (TO_STATES, "Spain's draft.", 1)
    ]
    assert Evidence.objects.count() == 1
    assert ReportChange.objects.count() == 2  # the draft, and the evidence attached to it
    assert not State.objects.filter(code="FRA").exists()


def test_drafts_of_another_state_cannot_be_read_anywhere(people):
    report = spains_report(people)
    luis = logged_in(people["users"]["peru"])
    assert luis.get(edit_url(people)).status_code == 403
    assert luis.get(f"/reports/evidence/{report.evidence.get().pk}/").status_code == 404
    assert "Spain" not in luis.get("/reports/export.csv").content.decode("utf-8-sig")
    assert "Spain&#x27;s draft" not in luis.get("/reports/").content.decode()
    assert logged_in(people["users"]["secretariat"]).get(edit_url(people)).status_code == 200  # reads all


def test_submitting_and_withdrawing_are_kept_in_the_history(people):
    ana = logged_in(people["users"]["spain"])
    file_report(ana, people, "Draft.")
    assert (
        "Report submitted."
        in ana.get(file_report(ana, people, "Final.", version=1, action="submit").url).content.decode()
    )
    file_report(ana, people, "Final.", version=2, action="draft")
    report = ImplementationReport.objects.get()
    assert (report.submitted, report.version) == (False, 3)
    assert [change.changes for change in report.changes.all()][1:] == [
        {"narrative": ["Draft.", "Final."], "submitted": [False, True]},
        {"submitted": [True, False]},
    ]
    assert file_report(ana, people, "x", version=3, action="publish").status_code == 400


def test_a_text_file_with_html_is_served_as_plain_text_to_save(people):
    client = logged_in(people["users"]["spain"])
    file_report(client, people, "x")
    report = ImplementationReport.objects.get()
    page = b"<html><body><script>alert(document.cookie)</script></body></html>"
    client.post(f"/reports/evidence/upload/{report.pk}/", {"file": SimpleUploadedFile("notes.txt", page)})
    response = client.get(f"/reports/evidence/{Evidence.objects.get().pk}/")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"] and "script-src" not in response["Content-Security-Policy"]


def test_an_upload_declared_too_large_is_refused_before_it_is_read(people):
    client = logged_in(people["users"]["spain"])
    file_report(client, people, "x")
    report = ImplementationReport.objects.get()
    with override_settings(EVIDENCE_MAX_BYTES=1000):
        upload = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * 200_000)
        response = client.post(f"/reports/evidence/upload/{report.pk}/", {"file": upload})
    assert response.status_code == 413 and "larger than" in response.content.decode()
    big = SimpleUploadedFile("r.csv", HEADER.encode() + b"x" * (6 * 1024 * 1024))
    assert client.post("/reports/import/", {"file": big}).status_code == 413
    assert not Evidence.objects.exists()


def test_a_crash_while_saving_loses_nothing_already_saved(people, monkeypatch):
    client = logged_in(people["users"]["spain"])
    file_report(client, people, "Saved before.")

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ReportChange.objects, "create", crash)
    client.raise_request_exception = False
    assert file_report(client, people, "Half saved?", version=1).status_code == 500
    report = ImplementationReport.objects.get()
    assert (report.narrative, report.version) == ("Saved before.", 1)
    assert ReportChange.objects.count() == 1


def test_a_state_removed_before_the_period_or_registered_after_it_has_nothing_to_do_in_it(people):
    ana = logged_in(people["users"]["spain"])
    assert "1 recommendation addressed to States parties has no report" in ana.get("/reports/").content.decode()
    for dates in ({"removed_on": datetime.date(2025, 12, 31)}, {"registered_on": datetime.date(2027, 1, 1)}):
        State.objects.filter(pk=people["spain"].pk).update(**{"removed_on": None, **dates})
        home = ana.get("/reports/").content.decode()
        assert "0 recommendations addressed to States parties have no report" in home
        assert edit_url(people) not in home


def test_the_to_do_list_follows_a_curators_addressee_correction(people):
    from tipreg.store.labels.records import correct

    client = logged_in(people["users"]["spain"])
    assert "1 recommendation addressed to States parties has no report" in client.get("/reports/").content.decode()
    correct(TO_SECRETARIAT, "addressees", ["secretariat", "states_parties"], author="sec")
    try:
        page = client.get("/reports/").content.decode()
        assert "2 recommendations addressed to States parties have no report" in page
        assert edit_url(people, provision=TO_SECRETARIAT) in page
    finally:
        correct(TO_SECRETARIAT, "addressees", ["secretariat"], author="sec")


def test_the_report_pages_speak_spanish(people):
    ana = logged_in(people["users"]["spain"])
    file_report(ana, people, "Borrador.")
    file_report(ana, people, "Borrador.", version=1, action="submit")
    home = ana.get("/reports/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Informes de aplicación — Spain" in home and "presentado" in home
    page = ana.get(edit_url(people), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Guardar como borrador" in page and "Presentar el informe" in page
    assert "Etapa “borrador” → “presentado”" in page  # the history, in words
    assert "Estado de aplicación “” → “en curso”" in page


def test_two_first_saves_at_the_same_moment_give_one_report_and_one_conflict(people):
    import threading

    from django.db import connection

    from tipreg.web.reports import filing

    start, outcomes = threading.Barrier(2), []

    def first_save(user, narrative: str) -> None:
        try:
            start.wait()
            filing.save_report(
                user=user,
                provision_id=TO_STATES,
                state=people["spain"],
                period=people["period"],
                values={"status": "in_progress", "narrative": narrative},
                base_version=None,
            )
            outcomes.append("saved")
        except filing.Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()  # each thread has its own connection

    users = people["users"]
    threads = [threading.Thread(target=first_save, args=(users[who], who)) for who in ("spain", "secretariat")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["conflict", "saved"]
    assert ImplementationReport.objects.count() == 1 and ReportChange.objects.count() == 1


def test_import_errors_speak_the_pages_language(people):
    client = logged_in(people["users"]["spain"])
    body = HEADER + f"{TO_STATES},PER,2026,implemented,x,\n"
    page = client.post(
        "/reports/import/", {"file": SimpleUploadedFile("r.csv", body.encode())}, HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert (
        "No se guardó nada: 1 fila con errores." in page and "Fila 2: usted no puede presentar informes de PER" in page
    )


# Narratives a spreadsheet would take for formulas, or that a careless reader would change.
TRICKY_NARRATIVES = {
    TO_STATES: "- Ley 4/2026, art. 3\r\n- Reglamento de 2026",
    TO_SECRETARIAT: '=HYPERLINK("http://example.org","ver")',
    PARAGRAPH: "+34 900 000 000 @ayuda  ",  # the spaces at the end are the narrative's too
}


def file_tricky_reports(people) -> None:
    from tipreg.web.reports import filing

    for provision_id, narrative in TRICKY_NARRATIVES.items():
        filing.save_report(
            user=people["users"]["spain"],
            provision_id=provision_id,
            state=people["spain"],
            period=people["period"],
            values={"status": "in_progress", "narrative": narrative},
            base_version=None,
        )
    ImplementationReport.objects.filter(provision_id=PARAGRAPH).update(submitted=True)


def narratives() -> dict[str, tuple[str, int]]:
    return {r.provision_id: (r.narrative, r.version) for r in ImplementationReport.objects.all()}


@pytest.mark.parametrize("output", ["xlsx", "csv"])
def test_an_export_imported_again_unchanged_saves_nothing_and_keeps_every_narrative_exact(people, output):
    file_tricky_reports(people)
    spain = logged_in(people["users"]["spain"])
    before, changes = narratives(), ReportChange.objects.count()
    assert {pid: text for pid, (text, _) in before.items()} == TRICKY_NARRATIVES
    for _ in range(2):  # and again: a round trip must not drift
        exported = spain.get(f"/reports/export.{output}").content
        response = send(spain, f"reports.{output}", exported)
        page = response.content.decode()
        assert response.status_code == 200, page
        assert "0 reports saved. 3 rows said what their reports already say: nothing saved for them." in page
        assert narratives() == before
        assert ReportChange.objects.count() == changes


def test_an_imported_xlsx_formula_cell_is_its_formula_text_not_an_empty_result(people):
    """A spreadsheet program saves a narrative typed as =SUM(1) as a formula, with no result cached."""

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["recommendation", "state", "period", "status", "narrative"])
    sheet.append([TO_STATES, "ESP", "2026", "in_progress", "=SUM(1)"])
    assert sheet["E2"].data_type == "f"
    data = io.BytesIO()
    workbook.save(data)
    response = send(logged_in(people["users"]["spain"]), "reports.xlsx", data.getvalue())
    assert response.status_code == 200, response.content.decode()
    assert ImplementationReport.objects.get(provision_id=TO_STATES).narrative == "=SUM(1)"


def test_the_xlsx_export_writes_the_exact_text_as_text_cells_never_formulas(people):
    file_tricky_reports(people)
    sheet = load_workbook(io.BytesIO(logged_in(people["users"]["spain"]).get("/reports/export.xlsx").content)).active
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    for provision_id, narrative in TRICKY_NARRATIVES.items():
        cell = rows[provision_id][4]
        assert (cell.value, cell.data_type) == (narrative, "s")  # no apostrophe added, no formula
        # Marked as text typed after an apostrophe, so Excel keeps it text when the cell is edited.
        assert cell.quotePrefix == (narrative[:1] in "=+-@")
    assert all(cell.data_type == "s" for row in rows.values() for cell in row)


def test_dashboard_xlsx_tables_are_text_cells_too(people):
    from tipreg.web.reports import transfer

    sheet = load_workbook(io.BytesIO(transfer.to_xlsx([["group", "total"], ["=1+1", "3"], ["- Spain", "1"]]))).active
    assert [[(c.value, c.data_type) for c in row] for row in sheet.iter_rows()] == [
        [("group", "s"), ("total", "s")],
        [("=1+1", "s"), ("3", "s")],
        [("- Spain", "s"), ("1", "s")],
    ]


def test_an_edited_export_saves_only_the_rows_that_changed(people):
    file_tricky_reports(people)
    spain = logged_in(people["users"]["spain"])
    sheet = load_workbook(io.BytesIO(spain.get("/reports/export.xlsx").content))
    rows = {row[0].value: row for row in sheet.active.iter_rows(min_row=2)}
    rows[TO_STATES][4].value = "- Ley 4/2026, art. 3 y 4"
    buffer = io.BytesIO()
    sheet.save(buffer)
    page = send(spain, "reports.xlsx", buffer.getvalue()).content.decode()
    assert "1 report saved. 2 rows said what their reports already say: nothing saved for them." in page
    assert narratives()[TO_STATES] == ("- Ley 4/2026, art. 3 y 4", 2)
    assert narratives()[TO_SECRETARIAT] == (TRICKY_NARRATIVES[TO_SECRETARIAT], 1)


def test_an_import_without_a_narrative_or_submitted_column_keeps_the_reports(people):
    spain = logged_in(people["users"]["spain"])
    file_report(spain, people, "Existing narrative.", action="submit")  # version 1, submitted
    body = (
        "recommendation,state,period,status,version\n"
        f"{TO_STATES},ESP,2026,implemented,1\n"
        f"{TO_SECRETARIAT},ESP,2026,not_started,\n"
    )
    response = send(spain, "reports.csv", body.encode())
    assert response.status_code == 200 and "2 reports saved." in response.content.decode()
    kept = ImplementationReport.objects.get(provision_id=TO_STATES)
    assert (kept.narrative, kept.status, kept.submitted, kept.version) == (
        "Existing narrative.",
        "implemented",
        True,
        2,
    )
    assert kept.changes.get(version=2).changes == {"status": ["in_progress", "implemented"]}
    new = ImplementationReport.objects.get(provision_id=TO_SECRETARIAT)
    assert (new.narrative, new.submitted, new.version) == ("", False, 1)
    # An empty narrative cell, the column being there, does clear it.
    body = f"recommendation,state,period,status,narrative,version\n{TO_STATES},ESP,2026,implemented,,2\n"
    assert send(spain, "reports.csv", body.encode()).status_code == 200
    assert ImplementationReport.objects.get(provision_id=TO_STATES).narrative == ""


def test_an_import_without_a_version_column_says_so_for_an_existing_report(people):
    spain = logged_in(people["users"]["spain"])
    file_report(spain, people, "Existing.")
    body = f"recommendation,state,period,status,narrative\n{TO_STATES},ESP,2026,implemented,Overwrite?\n"
    response = send(spain, "reports.csv", body.encode())
    page = response.content.decode()
    assert response.status_code == 400
    assert "Row 2: the report exists (version 1) and the file has no version column" in page
    assert narratives() == {TO_STATES: ("Existing.", 1)}


def test_import_errors_give_the_row_numbers_the_file_shows_blank_rows_counted(people):
    spain = logged_in(people["users"]["spain"])
    body = (
        "recommendation,state,period,status,narrative,version\r\n"  # row 1
        "\r\n"  # row 2: blank
        f'{TO_STATES},ESP,2026,implemented,"Two lines:\r\nstill row 3",\r\n'  # row 3, on two lines of text
        ",,,,,\r\n"  # row 4: blank cells
        f"{TO_SECRETARIAT},PER,2026,implemented,x,\r\n"  # row 5
    )
    page = send(spain, "reports.csv", body.encode()).content.decode()
    assert "Nothing was saved: 1 row in error." in page and "Row 5: you may not file reports for PER" in page

    book = Workbook()
    book.active.append(["recommendation", "state", "period", "status", "narrative", "version"])  # row 1
    book.active.append([TO_STATES, "ESP", "2026", "implemented", "fine", None])  # row 2
    book.active.append([None] * 6)  # row 3: blank
    book.active.append([])  # row 4: blank
    book.active.append(["NO-SUCH", "ESP", "2026", "implemented", "x", None])  # row 5
    book.active.append([TO_SECRETARIAT, "ESP", "2026", "done", "x", None])  # row 6
    buffer = io.BytesIO()
    book.save(buffer)
    page = send(spain, "reports.xlsx", buffer.getvalue()).content.decode()
    assert "Nothing was saved: 2 rows in error." in page
    assert "Row 5: no register entry &#x27;NO-SUCH&#x27;" in page and "Row 6: status must be one of" in page
    assert not ImplementationReport.objects.exists()


def test_a_sheet_whose_header_is_below_blank_rows_is_read_with_its_row_numbers(people):
    book = Workbook()
    book.active["A3"] = "recommendation"
    for column, name in zip("BCDE", ["state", "period", "status", "version"], strict=True):
        book.active[f"{column}3"] = name
    book.active.append(["NO-SUCH", "ESP", "2026", "implemented", None])  # row 4
    buffer = io.BytesIO()
    book.save(buffer)
    page = send(logged_in(people["users"]["spain"]), "reports.xlsx", buffer.getvalue()).content.decode()
    assert "Row 4: no register entry &#x27;NO-SUCH&#x27;" in page


def assert_report_page_with(response, people, status: int, message: str) -> None:
    """A refused upload answers the report page itself, in the site's layout, with the reason over the evidence
    form, and nothing attached."""
    page = response.content.decode()
    assert response.status_code == status and response["Content-Type"] == "text/html; charset=utf-8"
    assert '<header class="site">' in page and "</html>" in page  # the site's layout
    assert 'class="report"' in page and 'enctype="multipart/form-data"' in page  # the report and its forms
    error = page.split('<p class="error" role="alert">', 1)[1].split("</p>", 1)[0]
    assert message in error
    assert f'href="{edit_url(people)}"' in page or "Spain: report for 2026" in page
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("plan.pdf", b"MZ\x90\x00 a Windows program", "not a PDF file"),
        ("photo.png", b"<html><script>alert(1)</script>", "not a PNG file"),
        ("law.docx", b"#!/bin/sh\nrm -rf /", "not a DOCX file"),
        ("notes.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00", "must be UTF-8 text"),
        ("plan.pdf", b"<html>not a PDF</html>", "the file&#x27;s content is not a PDF file"),
        ("page.html", b"<html><script>alert(1)</script></html>", "files of type .html are not accepted"),
        ("no-extension", b"%PDF-1.4", "files of type (none) are not accepted"),
        ("plan.pdf", b"", "the file is empty"),
    ],
)
def test_a_refused_evidence_file_answers_the_report_page_with_the_reason(people, name, content, reason):
    """A file whose content is not its type, or of a type not accepted, is refused on the report page itself."""
    client = logged_in(people["users"]["spain"])
    file_report(client, people, "With a refused file.")
    report = ImplementationReport.objects.get()
    response = client.post(f"/reports/evidence/upload/{report.pk}/", {"file": SimpleUploadedFile(name, content)})
    assert_report_page_with(response, people, 400, reason)
    assert "With a refused file." in response.content.decode()  # the stored report, as the page shows it


def test_too_large_or_missing_evidence_answers_the_report_page_with_the_reason(people):
    client = logged_in(people["users"]["spain"])
    file_report(client, people, "x")
    report = ImplementationReport.objects.get()
    url = f"/reports/evidence/upload/{report.pk}/"
    with override_settings(EVIDENCE_MAX_BYTES=11 * 1024 * 1024):
        declared = client.post(url, {"file": SimpleUploadedFile("big.pdf", b"%PDF-")}, CONTENT_LENGTH=12 * 1024**2)
    assert_report_page_with(declared, people, 413, "File refused: the file is larger than 11 MB.")
    with override_settings(EVIDENCE_MAX_BYTES=10):
        sent = client.post(url, {"file": SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * 20)})
    assert_report_page_with(sent, people, 400, "File refused: the file is larger than 0 MB.")
    assert_report_page_with(client.post(url, {}), people, 400, "No file was sent.")


def test_the_size_is_checked_before_the_csrf_token_is_read_from_the_body(people):
    client = logged_in(people["users"]["spain"], enforce_csrf=True)
    file_report(logged_in(people["users"]["spain"]), people, "x")
    report = ImplementationReport.objects.get()
    url = f"/reports/evidence/upload/{report.pk}/"
    small = {"file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4")}
    assert client.post(url, small).status_code == 403  # no CSRF token: refused as ever
    assert client.post("/reports/import/", {"file": SimpleUploadedFile("r.csv", HEADER.encode())}).status_code == 403
    # Declared too large: refused without the body being read, so before the token (inside it) could be.
    assert client.post(url, small, CONTENT_LENGTH=11 * 1024 * 1024).status_code == 413
    assert client.post("/reports/import/", small, CONTENT_LENGTH=6 * 1024 * 1024).status_code == 413
    assert not Evidence.objects.exists()


def test_a_too_large_import_answers_the_import_page(people):
    client = logged_in(people["users"]["spain"])
    big = SimpleUploadedFile("r.csv", HEADER.encode() + b"x" * (6 * 1024 * 1024))
    response = client.post("/reports/import/", {"file": big})
    page = response.content.decode()
    assert response.status_code == 413 and '<header class="site">' in page
    assert '<p class="error" role="alert">File refused: the file is larger than 5 MB.</p>' in page
    assert 'enctype="multipart/form-data"' in page  # the import form, to try again


def test_get_logout_shows_a_page_with_the_log_out_button_and_only_post_logs_out(people):
    client = logged_in(people["users"]["spain"], enforce_csrf=True)
    response = client.get("/logout/")
    page = response.content.decode()
    assert response.status_code == 200 and '<header class="site">' in page
    assert "You are logged in as ana." in page
    form = re.search(r'<form class="logout-page" action="/logout/" method="post">(.*?)</form>', page, re.S)
    assert form and 'name="csrfmiddlewaretoken"' in form.group(1)
    assert client.get("/reports/").status_code == 200  # a GET logs nobody out
    assert client.post("/logout/").status_code == 403  # no CSRF token: refused
    assert client.get("/reports/").status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(1)).group(1)
    response = client.post("/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/reports/").status_code == 302  # logged out: asked to log in
    page = client.get("/logout/").content.decode()
    assert "You are not logged in." in page and 'href="/login/"' in page
    spanish = anonymous().get("/logout/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "No ha iniciado sesión." in spanish


def test_a_focal_point_reads_but_cannot_change_reports_of_a_period_that_is_not_current(people):
    """Once another period is current, the one before is closed to focal points (its reports are what was shown
    for it) on every write path, and one not yet current is not open; the Secretariat still corrects them."""
    spain = logged_in(people["users"]["spain"])
    file_report(spain, people, "Ley 4/2026.", action="submit")
    report = ImplementationReport.objects.get()
    accounts.add_period("2027", datetime.date(2027, 1, 1), datetime.date(2027, 12, 31), current=True)
    page = spain.get(edit_url(people)).content.decode()
    assert "2026 is not the current reporting period" in page and "Ley 4/2026." in page
    assert 'class="report"' in page and '<form method="post" class="report">' not in page
    assert 'action="/reports/evidence/upload/' not in page

    assert file_report(spain, people, "Withdrawn.", version=1).status_code == 403
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan")
    assert spain.post(f"/reports/evidence/upload/{report.pk}/", {"file": upload}).status_code == 403
    changed = send(spain, "reports.csv", (HEADER + f"{TO_STATES},ESP,2026,not_started,Withdrawn.,1\n").encode())
    assert changed.status_code == 400
    assert "2026 is not the current reporting period: only the Secretariat can change its reports" in (
        changed.content.decode()
    )
    later = ReportingPeriod.objects.create(
        name="2028", starts=datetime.date(2028, 1, 1), ends=datetime.date(2028, 12, 31)
    )
    new = {"status": "in_progress", "narrative": "Early.", "version": "", "action": "draft"}
    assert spain.post(f"/reports/ESP/{later.pk}/{TO_STATES}/", new).status_code == 403
    assert ImplementationReport.objects.get().narrative == "Ley 4/2026." and not Evidence.objects.exists()
    assert ImplementationReport.objects.count() == 1

    exported = spain.get("/reports/export.csv").content  # an export imported back unchanged is no change
    assert "1 row said what its report already says" in send(spain, "reports.csv", exported).content.decode()
    secretariat = logged_in(people["users"]["secretariat"])
    assert file_report(secretariat, people, "Corrected by the Secretariat.", version=1).status_code == 302
    assert ImplementationReport.objects.get().narrative == "Corrected by the Secretariat."


def test_the_same_evidence_file_sent_twice_is_attached_once(people):
    """A second click on Attach, or the same file from another tab: one record, one line of history; another
    file of the same name, or the same file under another name, is attached."""
    client = logged_in(people["users"]["spain"])
    file_report(client, people, "With evidence.")
    report = ImplementationReport.objects.get()

    def attach(name: str, content: bytes) -> int:
        upload = SimpleUploadedFile(name, content)
        return client.post(f"/reports/evidence/upload/{report.pk}/", {"file": upload}).status_code

    assert [attach("plan.pdf", b"%PDF-1.4 plan") for _ in range(2)] == [302, 302]
    assert attach("plan.pdf", b"%PDF-1.4 plan, revised") == 302
    assert attach("plan-copy.pdf", b"%PDF-1.4 plan") == 302
    assert sorted(Evidence.objects.values_list("original_name", "size")) == [
        ("plan-copy.pdf", 13),
        ("plan.pdf", 13),
        ("plan.pdf", 22),
    ]
    assert ReportChange.objects.filter(report=report, changes__has_key="evidence").count() == 3

"""The public dashboards: status by State, meeting and theme, coverage per period; charts, tables, downloads."""

from __future__ import annotations

import csv
import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook

from web.reports.conftest import TO_SECRETARIAT, anonymous, file_report, logged_in

SVG = "{http://www.w3.org/2000/svg}"
HEADER = ["group", "not_started", "in_progress", "implemented", "not_applicable", "total"]


def file_three_reports(people: dict) -> None:
    """Spain submits R-1 as implemented and keeps a draft on R-2; Peru submits R-1 as in progress."""
    spain, peru = logged_in(people["users"]["spain"]), logged_in(people["users"]["peru"])
    answer = spain.post(
        f"/reports/ESP/{people['period'].pk}/R-1/", {"status": "implemented", "narrative": "Law", "action": "submit"}
    )
    assert answer.status_code == 302
    file_report(spain, people, "Only a draft.", provision=TO_SECRETARIAT)
    file_report(peru, people, "Started.", state="peru", action="submit")


def csv_rows(client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("slug", "rows"),
    [
        ("status-by-state", [["Peru", "0", "1", "0", "0", "1"], ["Spain", "0", "0", "1", "0", "1"]]),
        ("status-by-meeting", [["Meeting 2", "0", "1", "1", "0", "2"]]),
        ("status-by-theme", [["Protection and assistance", "0", "1", "1", "0", "2"]]),
    ],
)
def test_status_tables_count_submitted_reports_and_leave_drafts_out(people, slug, rows):
    file_three_reports(people)  # Spain's draft on R-2 (meeting 3) is in none of the tables
    public = anonymous()
    assert csv_rows(public, f"/dashboards/{slug}.csv") == [HEADER, *rows]
    book = load_workbook(io.BytesIO(public.get(f"/dashboards/{slug}.xlsx").content))
    numbers = [[row[0], *map(int, row[1:])] for row in rows]  # counts are numbers a spreadsheet can sum
    assert [list(row) for row in book.active.iter_rows(values_only=True)] == [HEADER, *numbers]


def test_status_by_state_lists_every_state_expected_in_the_period_those_without_reports_too(people):
    from tipreg.web.reports import accounts

    accounts.add_state("CHL", "Chile", datetime.date(2020, 1, 1))  # expected in 2026, submits nothing
    accounts.add_state("BOL", "Bolivia", datetime.date(2027, 1, 1))  # registered after 2026: not expected in it
    file_three_reports(people)
    assert csv_rows(anonymous(), "/dashboards/status-by-state.csv") == [
        HEADER,
        ["Chile", "0", "0", "0", "0", "0"],
        ["Peru", "0", "1", "0", "0", "1"],
        ["Spain", "0", "0", "1", "0", "1"],
    ]


def test_coverage_per_period_oldest_first(people):
    from tipreg.web.reports import accounts

    accounts.add_period("2025", datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), current=False)
    file_three_reports(people)
    # Two States, one recommendation addressed to States parties, both submitted on it in 2026.
    assert csv_rows(anonymous(), "/dashboards/coverage.csv") == [
        ["period", "states_reporting", "states", "reports", "recommendations_to_states_parties", "coverage_percent"],
        ["2025", "0", "2", "0", "1", "0.0"],
        ["2026", "2", "2", "2", "1", "100.0"],
    ]
    book = load_workbook(io.BytesIO(anonymous().get("/dashboards/coverage.xlsx").content))
    assert list(book.active.iter_rows(min_row=3, values_only=True)) == [("2026", 2, 2, 2, 1, 100.0)]


def test_a_periods_coverage_counts_the_states_expected_to_report_in_it_not_todays(people):
    """A State registered after a period ended, or removed before it began, is not expected in it: not in the
    States counted, nor its reports in the share. The page, the chart and both downloads say the same."""
    from tipreg.web.reports import accounts, filing

    earlier = accounts.add_period("2025", datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), current=False)
    accounts.add_state("PER", "Peru", registered_on=datetime.date(2026, 3, 1))  # joined during 2026
    chile = accounts.add_state("CHL", "Chile", datetime.date(2020, 1, 1), removed_on=datetime.date(2025, 7, 1))
    secretariat = people["users"]["secretariat"]
    for state, period in ((people["spain"], earlier), (chile, people["period"])):  # Chile's after it left
        values = {"status": "implemented", "narrative": "", "submitted": True}
        filing.save_report(
            user=secretariat, provision_id="R-1", state=state, period=period, values=values, base_version=None
        )
    file_three_reports(people)
    # 2025: Spain and Chile expected, Spain reported; 2026: Spain and Peru expected, both reported.
    assert csv_rows(anonymous(), "/dashboards/coverage.csv")[1:] == [
        ["2025", "1", "2", "1", "1", "50.0"],
        ["2026", "2", "2", "2", "1", "100.0"],
    ]
    book = load_workbook(io.BytesIO(anonymous().get("/dashboards/coverage.xlsx").content))
    assert list(book.active.iter_rows(min_row=2, values_only=True)) == [
        ("2025", 1, 2, 1, 1, 50.0),
        ("2026", 2, 2, 2, 1, 100.0),
    ]
    page = anonymous().get("/dashboards/").content.decode().split('id="coverage"')[1].split("</section>")[0]
    assert '<td class="number">50.0</td>' in page and "States expected to report" in page
    assert "Estados que debían informar" in anonymous().get("/dashboards/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    chart = ET.fromstring(anonymous().get("/dashboards/coverage.svg").content)
    assert {"50 %", "100 %"} <= {"".join(node.itertext()).strip() for node in chart.iter(f"{SVG}text")}


def test_a_periods_coverage_counts_the_recommendations_adopted_by_then(people):
    """A recommendation adopted in 2026 cannot have been reported on in 2025: not counted there."""
    from tipreg.store.labels.records import label_entries
    from tipreg.store.models import Provision
    from tipreg.web.reports import accounts, filing

    earlier = accounts.add_period("2025", datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), current=False)
    text = "Los Estados partes deberían proteger a los testigos."
    Provision.objects.create(
        id="R-2026", kind="recommendation", year=2026, text=text, text_original=text, fingerprint="R-2026"
    )
    try:
        label_entries(["R-2026"])
        assert [row[4] for row in csv_rows(anonymous(), "/dashboards/coverage.csv")[1:]] == ["1", "2"]
        assert "R-2026" not in set(filing.to_do(people["spain"], earlier).values_list("pk", flat=True))
        assert "R-2026" in set(filing.to_do(people["spain"], people["period"]).values_list("pk", flat=True))
    finally:
        Provision.objects.filter(pk="R-2026").delete()


@pytest.mark.parametrize(
    ("registered", "removed", "expected"),
    [
        ("2026-12-31", None, True),  # registered on the period's last day
        ("2027-01-01", None, False),  # after it
        ("2020-01-01", "2026-01-01", False),  # removed on its first day
        ("2020-01-01", "2026-01-02", True),  # removed during it
    ],
)
def test_the_states_expected_in_a_period_at_its_boundaries(people, registered, removed, expected):
    from tipreg.web.reports import accounts, filing

    day = datetime.date.fromisoformat
    accounts.add_state("CHL", "Chile", day(registered), day(removed) if removed else None)
    codes = set(filing.expected_states(people["period"]).values_list("code", flat=True))
    assert codes == ({"ESP", "PER", "CHL"} if expected else {"ESP", "PER"})


def test_a_state_cannot_be_removed_before_it_was_registered(people):
    from tipreg.web.reports import accounts

    with pytest.raises(accounts.SetupError, match="cannot be removed before it was registered"):
        accounts.add_state("CHL", "Chile", datetime.date(2024, 1, 1), removed_on=datetime.date(2023, 1, 1))
    assert not accounts.State.objects.filter(code="CHL").exists()


def test_the_coverage_chart_writes_a_share_as_its_table_does():
    from django.utils import translation

    from tipreg.web.reports.charts import percent

    with translation.override("es"):
        assert (percent(0.4), percent(100.0)) == ("0,4 %", "100 %")
    with translation.override("en"):
        assert percent(0.4) == "0.4 %"


def test_the_dashboard_page_shows_each_chart_with_its_table_and_downloads(people):
    file_three_reports(people)
    response = anonymous().get("/dashboards/")
    assert response.status_code == 200
    page = response.content.decode()
    for slug in ("status-by-state", "status-by-meeting", "status-by-theme", "coverage"):
        section = page.split(f'id="{slug}"')[1].split("</section>")[0]
        assert f'<img src="/dashboards/{slug}.svg?period={people["period"].pk}"' in section
        assert "<table" in section and f"/dashboards/{slug}.csv" in section and f"/dashboards/{slug}.xlsx" in section
    assert "<td>Spain</td>" in page and "<td>Protection and assistance</td>" in page
    assert "Only a draft" not in page and "<td>Meeting 3</td>" not in page
    assert '<a href="/dashboards/">Dashboards</a>' in anonymous().get("/").content.decode()  # in the navigation


def test_spanish_dashboards(people):
    file_three_reports(people)
    page = anonymous().get("/dashboards/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Estado de aplicación por Estado" in page and "<td>Protección y asistencia</td>" in page


def test_charts_are_svg_images_with_no_script(people):
    file_three_reports(people)
    for slug in ("status-by-state", "status-by-meeting", "status-by-theme", "coverage"):
        response = anonymous().get(f"/dashboards/{slug}.svg")
        assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
        assert "script-src" not in response["Content-Security-Policy"]
        assert "default-src 'none'" in response["Content-Security-Policy"]
        root = ET.fromstring(response.content)
        assert root.tag == f"{SVG}svg"
        assert not root.findall(f".//{SVG}script") and not root.findall(f".//{SVG}foreignObject")
        texts = {"".join(node.itertext()).strip() for node in root.iter(f"{SVG}text")}
        expected = {
            "status-by-state": {"Spain", "Peru", "implemented"},
            "status-by-meeting": {"Meeting 2", "in progress"},
            "status-by-theme": {"Protection and assistance"},
            "coverage": {"2026", "100 %"},
        }[slug]
        assert expected <= texts, (slug, texts)


def test_a_state_name_is_text_in_the_chart_never_markup(people):
    from tipreg.web.reports import accounts

    accounts.add_state("PER", "<script>alert(1)</script>")
    file_three_reports(people)
    body = anonymous().get("/dashboards/status-by-state.svg").content
    assert b"<script>" not in body and b"&lt;script&gt;" in body
    assert "&lt;script&gt;" in anonymous().get("/dashboards/").content.decode()


def test_dashboards_without_reports_or_periods(people):
    from tipreg.web.reports.models import ReportingPeriod

    assert "No submitted report yet." in anonymous().get("/dashboards/").content.decode()
    assert anonymous().get("/dashboards/status-by-state.svg").status_code == 200  # an empty chart
    ReportingPeriod.objects.all().delete()
    page = anonymous().get("/dashboards/").content.decode()
    assert "No reporting period has been opened yet." in page
    assert anonymous().get("/dashboards/status-by-state.csv").status_code == 404


def test_a_chart_of_states_that_submitted_nothing_counts_from_nought_in_whole_reports(people):
    chart = ET.fromstring(anonymous().get("/dashboards/status-by-state.svg").content)  # Spain and Peru, at 0
    texts = [text.text for text in chart.iter(f"{SVG}text") if text.text]
    assert texts[: texts.index("Reports submitted")] == ["0", "1"]  # the axis's ticks, none '−0.04'


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/dashboards/?period=first", 400),
        ("/dashboards/?period=999", 404),
        ("/dashboards/status-by-state.csv?period=-1", 400),
        ("/dashboards/status-by-nothing.csv", 404),
        ("/dashboards/coverage.pdf", 404),
    ],
)
def test_malformed_dashboard_requests_get_a_4xx(people, url, status):
    assert anonymous().get(url).status_code == status


def test_dashboards_are_read_only(people):
    assert anonymous().post("/dashboards/").status_code == 405
    assert anonymous().post("/dashboards/coverage.csv").status_code == 405


def test_a_chart_of_many_groups_keeps_the_largest_and_the_table_keeps_all(people, monkeypatch):
    from tipreg.web.reports import dashboards

    monkeypatch.setattr(dashboards, "MAX_CHART_GROUPS", 1)
    file_three_reports(people)
    page = anonymous().get("/dashboards/").content.decode()
    section = page.split('id="status-by-state"')[1].split("</section>")[0]
    assert "The chart shows the 1 group with the most reports; the table has them all." in section
    assert "<td>Peru</td>" in section and "<td>Spain</td>" in section
    svg = anonymous().get("/dashboards/status-by-state.svg").content
    assert svg.count(b">Spain<") + svg.count(b">Peru<") == 1


def test_states_are_listed_as_a_reader_sorts_them():
    from tipreg.web.reports.dashboards import _alphabetical

    names = ["Reino Unido de Gran Bretaña e Irlanda del Norte", "Reino de España", "Ámbar", "alemania"]
    assert sorted(names, key=_alphabetical) == [
        "alemania",
        "Ámbar",
        "Reino de España",
        "Reino Unido de Gran Bretaña e Irlanda del Norte",
    ]

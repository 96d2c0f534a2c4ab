"""How long the dashboards take with many reports: the page (four tables) and each chart (SVG).

    .venv/bin/python bench/dashboards.py [--states 190] [--periods 3]

Builds a scratch SQLite register from the bundled sample, adds --states States and --periods reporting
periods, and files a report for every State, period and recommendation addressed to States parties
(statuses drawn with a fixed seed, four in five submitted). Then times, in-process with Django's test
client, the dashboard page and each chart and CSV table of the current period, median of 5, against a
baseline measured in the same run: the register's home page.
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import tempfile
import time
from pathlib import Path


def build(folder: Path, states: int, periods: int) -> int:
    from django.contrib.auth import get_user_model

    from tipreg import services
    from tipreg.corpus import sample_dir
    from tipreg.web.reports import accounts, filing
    from tipreg.web.reports.models import ImplementationReport, State

    services.ingest_paths([sample_dir()], str(folder / "bench.sqlite3"), progress=False)
    codes = [f"S{number:03d}" for number in range(states)]
    State.objects.bulk_create([State(code=code, name=f"State {code}") for code in codes])
    user = get_user_model().objects.create_user("bench", is_staff=True)
    recommendations = list(filing.recommendations_to_states().values_list("pk", flat=True))
    chance = random.Random(1)
    for year in range(2027 - periods, 2027):
        period = accounts.add_period(str(year), datetime.date(year, 1, 1), datetime.date(year, 12, 31), year == 2026)
        ImplementationReport.objects.bulk_create(
            ImplementationReport(
                provision_id=provision_id,
                state=state,
                period=period,
                status=chance.choice(ImplementationReport.Status.values),
                submitted=chance.random() < 0.8,
                updated_by=user,
            )
            for state in State.objects.all()
            for provision_id in recommendations
        )
    return ImplementationReport.objects.count()


def once_ms(client: object, url: str) -> float:
    return median_ms(client, url, repeats=1)


def median_ms(client: object, url: str, repeats: int = 5) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--states", type=int, default=190)
    parser.add_argument("--periods", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        from tipreg.store import setup

        setup(str(Path(scratch) / "bench.sqlite3"))
        reports = build(Path(scratch), args.states, args.periods)
        from django.test import Client

        client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en")
        client.get("/dashboards/coverage.svg?period=1")  # matplotlib's first import and font cache, not timed
        print(f"{reports:,} reports, {args.states} States, {args.periods} periods; median of 5 unless said")
        baseline = median_ms(client, "/")
        print(f"{'home page (baseline)':<40} {baseline:8.1f} ms   1.0 x")
        slugs = ("status-by-state", "status-by-meeting", "status-by-theme", "coverage")
        timed = [("/dashboards/", median_ms)]
        timed += [(f"/dashboards/{slug}.svg", once_ms) for slug in slugs]  # first drawing, not yet cached
        timed += [(f"/dashboards/{slug}.{output}", median_ms) for slug in slugs for output in ("svg", "csv")]
        for url, measure in timed:
            took = measure(client, url)
            label = f"{url} (first draw)" if measure is once_ms else url
            print(f"{label:<40} {took:8.1f} ms {took / baseline:5.1f} x")


if __name__ == "__main__":
    main()

"""tipreg gaps: themes, Protocol articles and recurring recommendations with few or no recommendations lately."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from PIL import Image

from conftest import Rec, build_document
from tipreg.cli import main
from tipreg.gaps import find_gaps
from tipreg.gaps.render import as_markdown, as_text
from tipreg.publish.build import RegisterContent, RegisterEntry
from tipreg.store.labels.models import EntryLink
from tipreg.store.labels.records import correct
from tipreg.store.models import Provision
from tipreg.store.writer import store_document

ARTICLE_6 = {"kind": "article", "text": "artículo 6 del Protocolo", "instrument": "protocol", "number": "6"}


def entry(entry_id: str, meeting: int, year: int, themes: list[str], references=()) -> RegisterEntry:
    text = f"Los Estados partes deberían actuar ({entry_id})."
    return RegisterEntry(entry_id, meeting, year, "1", None, text, [], themes, references=list(references))


CONTENT = RegisterContent(
    [
        entry("a", 1, 2009, ["protection.non_punishment"], [ARTICLE_6]),
        entry("b", 2, 2010, ["protection.non_punishment"]),
        entry("d", 5, 2013, ["protection.compensation"]),
        entry("c", 9, 2019, ["prevention.awareness"]),
    ],
    {},
)


def by_id(rows):
    return {row.id: row for row in rows}


def test_subthemes_and_articles_are_counted_overall_and_since_the_year():
    gaps = find_gaps(CONTENT, [], since=2015)
    themes = by_id(gaps.themes)
    punishment = themes["protection.non_punishment"]
    assert (punishment.total, punishment.since, punishment.last_year, punishment.status) == (2, 0, 2010, "none")
    assert (themes["prevention.awareness"].since, themes["prevention.awareness"].status) == (1, "few")
    assert (themes["protection"].total, themes["protection"].since) == (3, 0)
    assert themes["partnership.data"].total == 0 and themes["partnership.data"].last_year is None
    articles = by_id(gaps.articles)
    # "a" cites article 6; "d" is on its matter (compensation, art. 6(6))
    assert (articles["article 6"].total, articles["article 6"].cited, articles["article 6"].status) == (2, 1, "none")
    assert (articles["article 9"].total, articles["article 9"].status) == (1, "few")  # prevention sub-themes
    assert articles["article 11"].total == 0
    assert [row.id for row in gaps.themes][:2] == ["prevention", "prevention.awareness"]  # taxonomy order


def worded(entry_id: str, year: int, text: str) -> RegisterEntry:
    return RegisterEntry(entry_id, 9, year, "1", None, text, [], [])


def test_an_article_no_sub_theme_isolates_counts_the_recommendations_whose_words_name_its_matter():
    content = RegisterContent(
        [
            worded("es", 2018, "Los Estados partes deberían coordinar la REPATRIACIÓN de las víctimas."),
            worded("en", 2019, "States parties should ensure the safe return of victims to their countries."),
            worded("ocr", 2010, "que no pudieran permanecer en el pais de destino"),  # accents lost by OCR
            # a list of officials to train names border guards, not border measures
            worded("guards", 2019, "capacitar a los funcionarios de inmigración y guardias de fronteras"),
        ],
        {},
    )
    articles = by_id(find_gaps(content, [], since=2015).articles)
    assert (articles["article 8"].total, articles["article 8"].since, articles["article 8"].cited) == (2, 2, 0)
    assert (articles["article 7"].total, articles["article 7"].last_year) == (1, 2010)
    assert articles["article 11"].total == 0 and articles["article 2"].total == 0


def test_threads_not_seen_since_the_year_are_dormant_and_recent_ones_are_not():
    gaps = find_gaps(CONTENT, [{"a", "b"}, {"d", "c"}, {"b"}], since=2015)
    assert len(gaps.dormant) == 1
    thread = gaps.dormant[0]
    assert (thread.entries, thread.meetings, thread.last_year) == (["a", "b"], [1, 2], 2010)
    assert thread.themes == ["protection.non_punishment"]
    assert thread.summary == "Los Estados partes deberían actuar (b)."  # the latest wording
    assert [t.entries for t in find_gaps(CONTENT, [{"a", "b"}, {"d", "c"}], since=2011).dormant] == [["a", "b"]]
    assert len(find_gaps(CONTENT, [{"a", "b"}, {"d", "c"}], since=2020).dormant) == 2


def test_a_thread_held_whole_by_another_is_listed_once_as_the_larger():
    content = RegisterContent(
        [
            entry("a", 1, 2009, ["prevention.vulnerability", "prevention.awareness"]),
            entry("b", 2, 2010, ["prevention.vulnerability", "prevention.awareness"]),
            entry("e", 2, 2010, ["prevention.vulnerability"]),
        ],
        {},
    )
    gaps = find_gaps(content, [{"a", "b"}, {"a", "b", "e"}, {"a", "b"}], since=2015)
    assert [thread.entries for thread in gaps.dormant] == [["a", "b", "e"]]


SAME_MEETING_THREAD = """
import json
from tipreg.gaps import find_gaps
from tipreg.publish.build import RegisterContent, RegisterEntry
entries = [RegisterEntry(i, 2, 2010, n, None, f"Texto {i}.", [], ["protection.non_punishment"]) for n, i in
           enumerate(["m2-first", "m2-second", "m2-third", "m2-fourth"], 1)]
[thread] = find_gaps(RegisterContent(entries, {}), [{e.id for e in entries}], since=2015).dormant
print(json.dumps([thread.entries, thread.summary]))
"""


def test_a_dormant_thread_reads_the_same_whatever_the_hash_seed():
    """Members of one meeting keep the register's order, so the report (and its latest wording) never varies."""
    outputs = {
        subprocess.run(
            [sys.executable, "-c", SAME_MEETING_THREAD],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(6)
    }
    assert [json.loads(output) for output in outputs] == [
        [["m2-first", "m2-second", "m2-third", "m2-fourth"], "Texto m2-fourth."]
    ]


def test_text_and_markdown_reports_name_the_gaps():
    gaps = find_gaps(CONTENT, [{"a", "b"}], since=2015)
    text = as_text(gaps)
    assert "Gaps since 2015" in text
    line = next(line for line in text.splitlines() if "protection.non_punishment" in line)
    assert line.split()[-4:] == ["2", "0", "2010", "none"]
    assert "last 2010; meetings 1, 2; protection.non_punishment: Los Estados partes deberían actuar (b)." in text
    markdown = as_markdown(gaps)
    assert "| art. 11  Border measures | 0 | 0 | - | 0 | none |" in markdown


@pytest.fixture
def register(db):
    old = "Los Estados partes deberían velar por que no se castigue a las víctimas de la trata por los delitos que {}."
    store_document(
        build_document("r1.txt", [Rec("1", old.format("se vieron obligadas a cometer"), meeting=1, year=2009)])
    )
    store_document(
        build_document("r2.txt", [Rec("1", old.format("se hayan visto obligadas a cometer"), meeting=2, year=2010)])
    )
    store_document(build_document("r9.txt", [Rec("1", "Los Estados deberían reunir datos.", meeting=9, year=2019)]))
    for meeting, themes in ((1, ["protection.non_punishment"]), (2, ["protection.non_punishment"])):
        correct(Provision.objects.get(meeting=meeting).pk, "themes", themes, "curator")
    return db


def test_cli_reports_json_and_draws_the_chart(register, tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["link", "--db", register]).exit_code == 0
    chart = tmp_path / "gaps.svg"
    result = runner.invoke(main, ["gaps", "--since", "2015", "--format", "json", "--chart", str(chart)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["since"] == 2015
    row = next(row for row in report["themes"] if row["id"] == "protection.non_punishment")
    assert row == {
        "id": "protection.non_punishment",
        "level": "subtheme",
        "title": "Non-punishment of victims",
        "total": 2,
        "since": 0,
        "last_year": 2010,
        "status": "none",
    }
    [thread] = report["dormant_threads"]
    assert thread["meetings"] == [1, 2] and thread["last_year"] == 2010
    svg = chart.read_text("utf-8")
    assert svg.lstrip().startswith("<?xml") and "art. 11" in svg
    assert "Non-punishment of victims" in svg and "protection.non_punishment" not in svg  # names, not ids
    png = tmp_path / "gaps.png"
    assert runner.invoke(main, ["gaps", "--lang", "es", "--chart", str(png)]).exit_code == 0
    with Image.open(png) as image:
        assert image.format == "PNG" and image.size[0] > 500
    spanish = runner.invoke(main, ["gaps", "--lang", "es"]).stdout
    assert "No criminalización de las víctimas" in spanish and "Lagunas desde 2014" in spanish  # 2019 - 5
    line = next(line for line in spanish.splitlines() if "protection.non_punishment" in line)
    assert line.split()[-4:] == ["2", "0", "2010", "ninguna"]
    assert "Recomendaciones recurrentes que no han vuelto desde 2014 (1)" in spanish
    assert "última 2010; reuniones 1, 2; protection.non_punishment:" in spanish
    svg = tmp_path / "lagunas.svg"
    assert runner.invoke(main, ["gaps", "--lang", "es", "--chart", str(svg)]).exit_code == 0
    drawn = svg.read_text("utf-8")
    assert "Recomendaciones por subtema y artículo del Protocolo" in drawn and "antes de 2014" in drawn
    assert "Recommendations" not in drawn


def test_a_register_without_links_says_so_instead_of_listing_no_dormant_threads(register):
    """Before tipreg link there is nothing to find threads in: the report says why the list is empty."""
    runner = CliRunner()
    assert runner.invoke(main, ["link", "--db", register]).exit_code == 0
    EntryLink.objects.all().delete()
    english = runner.invoke(main, ["gaps", "--since", "2015"]).stdout
    assert "None: the register has no links among recommendations yet (run tipreg link)." in english
    spanish = runner.invoke(main, ["gaps", "--lang", "es", "--format", "json"]).stdout
    assert json.loads(spanish)["linked"] is False
    assert runner.invoke(main, ["link"]).exit_code == 0
    linked = runner.invoke(main, ["gaps", "--since", "2015", "--format", "json"]).stdout
    assert json.loads(linked)["linked"] is True and json.loads(linked)["dormant_threads"]


def test_a_register_of_one_meeting_linked_has_no_recurring_recommendations_and_asks_for_no_link(db):
    """Recommendations of one meeting cannot recur: after tipreg link (0 links) nothing is pending; the reports
    must not ask for tipreg link again, as they did for ever."""
    store_document(build_document("r9.txt", [Rec("1", "Los Estados deberían reunir datos.", meeting=9, year=2019)]))
    runner = CliRunner()
    assert runner.invoke(main, ["link", "--db", db]).output == "0 links\n"
    assert runner.invoke(main, ["threads", "--db", db]).output == "no recurring recommendations\n"
    report = runner.invoke(main, ["gaps", "--db", db]).stdout
    assert report.rstrip().endswith("Recurring recommendations not seen since 2014 (0)\n  None.")
    assert json.loads(runner.invoke(main, ["gaps", "--format", "json", "--db", db]).stdout)["linked"] is True


def test_cli_refuses_a_chart_it_cannot_write(register, tmp_path):
    result = CliRunner().invoke(main, ["gaps", "--chart", str(tmp_path / "gaps.jpg")])
    assert result.exit_code == 2 and ".svg" in result.output


def test_threads_command_lists_each_recurring_matter_with_its_entries(register):
    runner = CliRunner()
    unlinked = runner.invoke(main, ["threads", "--db", register]).output
    assert unlinked == "no recurring recommendations (run tipreg link first)\n"
    assert runner.invoke(main, ["link", "--db", register]).exit_code == 0
    text = runner.invoke(main, ["threads", "--theme", "protection", "--db", register]).output.splitlines()
    assert text[0] == "protection.non_punishment  Non-punishment of victims: 2 entries, meetings 1, 2 (2009-2010)"
    assert text[1].startswith("  meeting 1 no. 1 (2009)  Los Estados partes deberían velar por que no se castigue")
    assert text[2].startswith("  meeting 2 no. 1 (2010)")
    [matter] = json.loads(runner.invoke(main, ["threads", "--format", "json", "--db", register]).output)
    assert matter["theme"] == "protection.non_punishment" and [e["meeting"] for e in matter["entries"]] == [1, 2]
    assert matter["name"] == "Non-punishment of victims"
    assert matter["entries"][0]["summary"].startswith("Los Estados partes deberían velar por que no se castigue")
    [spanish_matter] = json.loads(runner.invoke(main, ["threads", "--format", "json", "--lang", "es"]).output)
    assert spanish_matter["name"] == "No criminalización de las víctimas"
    spanish = runner.invoke(main, ["threads", "--lang", "es", "--db", register]).output
    assert spanish.splitlines()[0] == (
        "protection.non_punishment  No criminalización de las víctimas: 2 entradas, reuniones 1, 2 (2009-2010)"
    )
    assert spanish.splitlines()[1].startswith("  reunión 1, n.º 1 (2009)  Los Estados partes deberían velar")
    # linked, nothing recurs on it: no call to run tipreg link again
    for lang, none in (
        ("en", "no recurring recommendations on prosecution"),
        ("es", "ninguna recomendación recurrente sobre prosecution"),
    ):
        output = runner.invoke(main, ["threads", "--theme", "prosecution", "--lang", lang, "--db", register]).output
        assert output == none + "\n"
    refused = runner.invoke(main, ["threads", "--theme", "nope", "--db", register])
    assert refused.exit_code == 2 and "unknown theme 'nope'" in refused.output


def test_markdown_report_keeps_markup_characters_of_a_thread_summary_literal():
    marked = RegisterEntry(
        "m", 2, 2010, "1", None, "Los Estados <b>deberían</b> *actuar* [ya].", [], ["prevention.awareness"]
    )
    content = RegisterContent([entry("a", 1, 2009, ["prevention.awareness"]), marked], {})
    markdown = as_markdown(find_gaps(content, [{"a", "m"}], since=2015))
    assert "prevention.awareness: Los Estados \\<b\\>deberían\\</b\\> \\*actuar\\* \\[ya\\]." in markdown
    assert "*actuar* [ya]." in as_text(find_gaps(content, [{"a", "m"}], since=2015))  # plain text as it stands

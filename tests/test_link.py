"""The link stage: citations resolved, reiterations found, recurring matters grouped; measured on hand labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tipreg.cli import main
from tipreg.enrich import label_text
from tipreg.link import RESTATED_MIN, Entry, Link, content_words, find_links, restatements, themed_threads, threads
from tipreg.link.evaluate import evaluate, run

ROOT = Path(__file__).resolve().parents[1]


def entry(entry_id: str, meeting: int, year: int, text: str) -> Entry:
    labels = label_text(text)
    themes = tuple(labels.values("themes"))
    return Entry(entry_id, meeting, year, text, themes, tuple(labels.references), labels.reiteration)


EARLIER = [
    entry("m1#1", 1, 2009, "Los Estados partes deberían establecer órganos nacionales de coordinación."),
    entry(
        "m1#2",
        1,
        2009,
        "A fin de asegurar que no se sancione ni enjuicie a las víctimas de la trata, los Estados partes deberían "
        "estudiar la posibilidad de no sancionar ni enjuiciar a las víctimas por los actos ilegales cometidos.",
    ),
]


def test_a_cited_report_paragraph_resolves_to_the_nearest_recommendation_of_that_year() -> None:
    citing = entry(
        "m2#8",
        2,
        2010,
        "Los Estados partes deberían tener en cuenta las recomendaciones que figuran en el párrafo 17 del informe "
        "del Grupo de Trabajo sobre su reunión celebrada en Viena en 2009 (CTOC/COP/WG.4/2009/2), y establecer "
        "mecanismos de coordinación nacional.",
    )
    [link] = [link for link in find_links([*EARLIER, citing]) if link.type == "cites"]
    assert (link.source, link.target) == ("m2#8", "m1#1")
    assert "párrafo 17 del informe" in link.evidence and "meeting 1" in link.evidence
    assert 0.5 < link.score <= 1


def test_a_reiteration_links_to_the_earlier_recommendation_and_joins_its_thread() -> None:
    reiterating = entry(
        "m5#3",
        5,
        2013,
        "El Grupo de Trabajo reiteró que los Estados partes deberían velar por que no se sancione a las víctimas de "
        "la trata por los actos ilegales cometidos como consecuencia de su situación.",
    )
    links = find_links([*EARLIER, reiterating])
    assert ("m5#3", "m1#2", "reiterates") in {(link.source, link.target, link.type) for link in links}
    assert {"m1#2", "m5#3"} in threads(links)
    assert all("m1#1" not in group for group in threads(links))


def test_no_links_between_unrelated_recommendations() -> None:
    other = entry("m3#1", 3, 2012, "La Secretaría debería organizar cursos de capacitación para los fiscales.")
    assert find_links([*EARLIER, other]) == []


def test_hand_labelled_links_reach_what_was_measured() -> None:
    scores, _ = run(ROOT / "eval" / "links" / "gold.json", ROOT)
    assert scores["explicit"].gold == 7
    assert scores["explicit"].precision >= 0.9 and scores["explicit"].recall >= 0.9
    assert scores["threads"].precision >= 0.9 and scores["threads"].recall >= 0.9


@pytest.mark.parametrize("name", ["heldout.json", "heldout2.json", "heldout3.json", "heldout4.json", "heldout5.json"])
def test_a_set_without_explicit_links_scores_threads_only_and_each_thread_apart(name: str) -> None:
    gold = json.loads((ROOT / "eval" / "links" / name).read_text("utf-8"))
    assert not gold["explicit"] and len(gold["threads"]) >= 2
    assert all(set(thread["evidence"]) == set(thread["members"]) and thread["definition"] for thread in gold["threads"])
    scores, _ = run(ROOT / "eval" / "links" / name, ROOT)
    assert "explicit" not in scores
    per_thread = [scores[f"thread: {thread['name']}"] for thread in gold["threads"]]
    assert [score.gold for score in per_thread] == [
        len(t["members"]) * (len(t["members"]) - 1) // 2 for t in gold["threads"]
    ]
    assert scores["threads"].correct <= sum(score.correct for score in per_thread)


def test_only_closely_worded_recurrences_restate_a_recommendation() -> None:
    assistance = ("protection.assistance",)
    loose = Link("m5#1", "m1#1", "recurs", RESTATED_MIN - 0.01, "passages on protection.assistance 0.24", assistance)
    close = Link("m5#2", "m1#2", "recurs", RESTATED_MIN, "passages on protection.assistance 0.25", assistance)
    cited = Link("m5#3", "m1#2", "cites", 0.05, "párrafo 17")
    assert restatements([loose, close, cited]) == [close, cited]
    assert threads([loose, close, cited]) == [{"m1#1", "m5#1"}, {"m1#2", "m5#2", "m5#3"}]
    assert threads(restatements([loose, close, cited])) == [{"m1#2", "m5#2", "m5#3"}]


def test_evaluate_links_command(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["evaluate", "links"])
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in result.output.splitlines()]
    assert lines[0].startswith("explicit precision 1.000 recall 1.000")
    assert lines[1].startswith("threads precision 1.000 recall 1.000")
    assert lines[2].startswith("threads, any sub-theme precision")
    assert lines[3].startswith("thread members precision 1.000 recall 1.000 (15 right of 15 found, 15 labelled)")
    assert lines[4].startswith("thread: non-punishment of victims precision 1.000 recall 1.000 (28 right of 28 found")


def test_non_punishment_across_five_meetings_is_one_thread() -> None:
    _, links = run(ROOT / "eval" / "links" / "gold.json", ROOT)
    [thread] = [group for theme, group in themed_threads(links) if theme == "protection.non_punishment"]
    assert thread == {"m1#11", "m2#43", "m2#44", "m2#50", "m5#35", "m7#2", "m8#1", "m9#17"}  # 2009 … 2019


def test_a_list_recurs_on_one_matter_through_its_sub_item_about_it() -> None:
    long_list = entry(
        "m8#1",
        8,
        2018,
        "Los Estados partes deberían: a) desalentar la utilización de centros de detención para alojar a las "
        "víctimas; b) fortalecer la capacitación de los fiscales y jueces en materia de investigaciones financieras; "
        "c) considerar la posibilidad de no sancionar ni enjuiciar a las víctimas de la trata por los actos "
        "ilegales cometidos como consecuencia directa de su situación; d) reunir datos desglosados por sexo.",
    )
    links = find_links([*EARLIER, long_list])
    [recurrence] = [link for link in links if link.type == "recurs"]
    assert (recurrence.source, recurrence.target) == ("m8#1", "m1#2")
    assert "protection.non_punishment" in recurrence.themes
    assert ("protection.non_punishment", {"m1#2", "m8#1"}) in themed_threads(links)


def test_other_words_for_compensation_meet() -> None:
    assert content_words("indemnización") == content_words("compensación") == content_words("compensation")
    assert content_words("no castigar") == content_words("no sancionar")
    first = entry("m1#13", 1, 2009, "Los Estados partes deberían establecer procedimientos de indemnización.")
    later = entry("m2#49", 2, 2010, "Los Estados partes deberían establecer un fondo de compensación.")
    links = find_links([*EARLIER, first, later])
    assert ("m2#49", "m1#13", "recurs") in {(link.source, link.target, link.type) for link in links}


def test_a_cited_paragraph_prefers_recommendations_numbered_just_below_it() -> None:
    numbered = [
        Entry("m1#9", 1, 2009, "La Secretaría debería aumentar la asistencia técnica y la capacitación.", number="9"),
        Entry("m1#18", 1, 2009, "La Secretaría debería seguir prestando asistencia técnica.", number="18"),
    ]
    citing = entry(
        "m2#15",
        2,
        2010,
        "En cumplimiento de las recomendaciones que figuran en el párrafo 19 del informe sobre la reunión del Grupo "
        "de Trabajo celebrada en 2009, la UNODC debería seguir prestando asistencia técnica y capacitación.",
    )
    [link] = [link for link in find_links([*numbered, citing]) if link.type == "cites"]
    assert link.target == "m1#18"


def test_a_cited_report_is_of_a_meeting_before_the_citing_one() -> None:
    # The first year after "del informe" is a deadline, not the report's: a report cannot be of a later meeting.
    later = entry(
        "m4#5", 4, 2011, "La Secretaría debería preparar documentos temáticos sobre la coordinación nacional."
    )
    citing = entry(
        "m2#24",
        2,
        2010,
        "En relación con las recomendaciones que figuran en el párrafo 7 del informe, la Secretaría debería preparar "
        "para 2011 documentos temáticos sobre la coordinación nacional (CTOC/COP/WG.4/2009/2).",
    )
    cited = {(link.source, link.target) for link in find_links([*EARLIER, later, citing]) if link.type == "cites"}
    assert cited == {("m2#24", "m1#1")}  # the symbol's meeting (2009), not the 2011 one
    alone = entry("m2#25", 2, 2010, citing.text.replace(" (CTOC/COP/WG.4/2009/2)", ""))
    assert not [link for link in find_links([*EARLIER, later, alone]) if link.type == "cites"]


@pytest.mark.parametrize(
    "text",
    [
        "The Working Group reaffirmed that States parties should implement the recommendations contained in "
        "paragraph 17 of the report on its first meeting, so that victims are not punished.",
        "Los Estados partes deberían aplicar las recomendaciones que figuran en el párrafo 17 del informe sobre su "
        "primera reunión, a fin de que no se sancione ni enjuicie a las víctimas.",
    ],
)
def test_a_cited_report_named_by_its_meetings_ordinal_resolves_to_that_meeting(text: str) -> None:
    later = entry(
        "m4#2", 4, 2011, "Los Estados partes deberían velar por que no se sancione a las víctimas de la trata."
    )
    citing = entry("m5#7", 5, 2013, text)
    links = find_links([*EARLIER, later, citing])
    explicit = [(link.source, link.target) for link in links if link.type in ("cites", "reiterates")]
    assert explicit == [("m5#7", "m1#2")]
    assert "(2009: meeting 1)" in next(link.evidence for link in links if link.target == "m1#2")


def test_a_reiteration_of_a_report_the_register_does_not_hold_links_to_no_other_meeting() -> None:
    # The 2012 report is not in the register: the nearest earlier wording (2009's) is not what is reaffirmed.
    reaffirming = entry(
        "m6#4",
        6,
        2015,
        "El Grupo de Trabajo reafirmó que los Estados partes deberían aplicar las recomendaciones que figuran en el "
        "párrafo 12 del informe (CTOC/COP/WG.4/2012/6), a fin de que no se sancione ni enjuicie a las víctimas de "
        "la trata por los actos ilegales cometidos.",
    )
    links = find_links([*EARLIER, reaffirming])
    assert not [link for link in links if link.type in ("cites", "reiterates")]
    unplaced = entry("m6#5", 6, 2015, reaffirming.text.replace(" (CTOC/COP/WG.4/2012/6)", ""))
    reiterated = [(link.target, link.type) for link in find_links([*EARLIER, unplaced]) if link.type != "recurs"]
    assert reiterated == [("m1#2", "reiterates")]  # a report it does not place: the nearest earlier wording


def test_thread_members_are_scored_as_entries_on_the_labelled_sub_theme() -> None:
    on = ("protection.compensation",)
    links = [
        Link("m2#1", "m1#1", "recurs", 0.3, "", on),
        Link("m4#1", "m2#1", "recurs", 0.3, "", on),
        Link("m4#9", "m1#1", "recurs", 0.3, "", on),  # joined, but no annotator counted it
        Link("m5#1", "m1#1", "recurs", 0.3, "", ("partnership.training",)),  # another matter's thread
    ]
    gold = {"explicit": [], "threads": [{"name": "c", "theme": on[0], "members": ["m1#1", "m2#1", "m4#1", "m9#1"]}]}
    members = evaluate(gold, links)["thread members"]
    assert (members.predicted, members.gold, members.correct) == (4, 4, 3)

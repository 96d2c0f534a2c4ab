"""Labels in the register: computed at ingestion, filterable in search, corrected by curators and kept."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import REC_GIRLS, REC_SUBITEMS, REC_TEN, Rec, build_document
from test_theme_model import REINTEGRATION
from tipreg.cli import main
from tipreg.search import search
from tipreg.store.labels.models import Correction
from tipreg.store.labels.records import (
    LabelConflict,
    LabelError,
    correct,
    correct_labels,
    effective_labels,
    entry_label_records,
    item_version,
    label_all,
)
from tipreg.store.models import Provision
from tipreg.store.writer import store_document


@pytest.fixture
def register(db):
    store_document(build_document("report9.txt", [REC_GIRLS, REC_SUBITEMS, REC_TEN]))
    return db


def entry(number: str) -> str:
    return Provision.objects.get(meeting=9, number=number).pk


def values(labels: dict, field: str) -> list:
    return [label["value"] for label in labels[field]]


def test_ingestion_labels_every_entry_and_sub_item(register):
    girls = effective_labels(entry("2"))
    assert values(girls, "addressees") == ["states_parties"]
    assert girls["strength"]["value"] == 4
    assert values(girls, "groups") == ["children"]
    assert "protection.assistance" in values(girls, "themes")
    nested = effective_labels(entry("3"), "a.i")
    assert values(nested, "addressees") == ["states_parties"]  # inherited through "a" from the lead
    assert nested["strength"] == {"value": 2, "confidence": 0.95, "method": "inherited"}
    assert values(nested, "themes") == ["prosecution.investigation"]
    assert values(effective_labels(entry("10")), "addressees") == ["working_group"]


def test_a_correction_wins_keeps_its_author_and_survives_relabelling(register):
    entry_id = entry("10")
    correct(entry_id, "themes", ["protection.compensation", "governance.working_group"], "M. Curator")
    correct(entry_id, "strength", None, "M. Curator")  # confirmed as it is
    label_all()
    labels = effective_labels(entry_id)
    assert values(labels, "themes") == ["protection.compensation", "governance.working_group"]
    assert {label["method"] for label in labels["themes"]} == {"curator:M. Curator"}
    assert labels["strength"] == {"value": 4, "confidence": 1.0, "method": "curator:M. Curator"}
    assert labels["addressees"][0]["method"].startswith("rule:")  # not corrected: still the rules'


def test_sub_items_that_inherit_from_their_lead_follow_a_curators_correction_of_it(register):
    """A sub-item's addressees and strength come from its lead: corrected there, they are corrected below too,
    through every level, unless the sub-item was corrected itself; labels of its own are kept."""
    entry_id = entry("3")
    correct(entry_id, "strength", 4, "M. Curator")
    correct(entry_id, "addressees", ["member_states"], "M. Curator")
    correct(entry_id, "strength", 3, "A. Other", path="a.ii")
    label_all()

    nested = effective_labels(entry_id, "a.i")
    assert nested["strength"] == {"value": 4, "confidence": 1.0, "method": "inherited"}
    assert nested["addressees"] == [{"value": "member_states", "confidence": 1.0, "method": "inherited"}]
    assert effective_labels(entry_id, "a.ii")["strength"]["value"] == 3  # its own correction stands
    assert values(effective_labels(entry_id, "a.i"), "themes") == ["prosecution.investigation"]  # not inherited
    records = entry_label_records(Provision.objects.get(pk=entry_id))
    assert records["a.i"] == effective_labels(entry_id, "a.i") and records["b"]["strength"]["value"] == 4


def test_ingestion_and_relabelling_use_the_model_where_the_rules_give_no_theme(register):
    store_document(build_document("resolution.txt", [Rec("27", REINTEGRATION, meeting=10)], meeting=10))
    entry_id = Provision.objects.get(meeting=10, number="27").pk
    themes = effective_labels(entry_id)["themes"]
    assert themes[0]["value"] == "protection.assistance" and themes[0]["method"] == "model:theme-e5-logreg"
    assert effective_labels(entry("10"))["themes"][0]["method"].startswith("rule:")  # the rules' stand
    found = CliRunner().invoke(main, ["search", "reinsertar", "--theme", "protection.assistance", "--db", register])
    assert entry_id in found.output
    correct(entry_id, "themes", ["prevention.awareness"], "M. Curator")
    label_all()
    assert effective_labels(entry_id)["themes"] == [
        {"value": "prevention.awareness", "confidence": 1.0, "method": "curator:M. Curator"}
    ]
    correct(entry_id, "themes", [], "M. Curator")  # a curator may also say: no theme
    label_all()
    assert effective_labels(entry_id)["themes"] == []


def test_a_curators_name_is_recorded_without_surrounding_spaces(register):
    correct_labels(entry("10"), {"strength": 2, "groups": ["women"]}, "  Ana Pérez ")
    assert [c.author for c in Correction.objects.order_by("id")] == ["Ana Pérez", "Ana Pérez"]
    assert effective_labels(entry("10"))["strength"]["method"] == "curator:Ana Pérez"


def test_a_merged_away_entrys_labels_are_refused_naming_the_entry_it_was_merged_into(register):
    from tipreg.store.curation.records import merge

    kept, merged = entry("10"), entry("2")
    merge(kept, merged, "M. Curator")
    with pytest.raises(LabelError, match=f"no entry '{merged}' \\(it was merged into {kept}\\)"):
        correct_labels(merged, {"strength": 2}, "M. Curator")
    with pytest.raises(LabelError, match=r"no entry 'rec-m09-missing'$"):
        correct_labels("rec-m09-missing", {"strength": 2}, "M. Curator")
    assert not Correction.objects.exists()


def test_corrections_are_checked(register):
    with pytest.raises(LabelError, match="unknown themes"):
        correct(entry("10"), "themes", ["no.such.theme"], "M. Curator")
    with pytest.raises(LabelError, match="author"):
        correct(entry("10"), "themes", [], " ")
    with pytest.raises(LabelError, match="no labels"):
        correct(entry("10"), "themes", [], "M. Curator", path="z")


def test_search_filters_on_theme_pillar_addressee_and_strength(register):
    def numbers(**filters) -> list[str]:
        return sorted(hit.provision.number for hit in search("trata", db=register, **filters))

    assert numbers() == ["10", "2"]
    assert numbers(theme="protection.compensation") == ["10"]
    assert numbers(theme="protection") == ["10", "2"]
    assert numbers(addressee="working_group") == ["10"]
    assert numbers(strength=4) == ["10", "2"]
    assert numbers(strength=2) == []
    correct(entry("10"), "strength", 2, "M. Curator")
    assert numbers(strength=2) == ["10"]
    # REC_GIRLS names girls and boys ("las niñas y los niños"); a curator adds women to REC_TEN
    assert numbers(group="children") == ["2"]
    assert numbers(group="women") == []
    correct(entry("10"), "groups", ["women"], "M. Curator")
    assert numbers(group="women") == ["10"]
    for mode in ("semantic", "hybrid"):
        assert [hit.provision.number for hit in search("trata", db=register, group="women", mode=mode)] == ["10"]


def test_search_command_filters_on_a_group_and_refuses_an_unknown_one(register):
    runner = CliRunner()
    found = runner.invoke(main, ["search", "trata", "--group", "children", "--format", "json", "--db", register])
    assert found.exit_code == 0, found.output
    records = [json.loads(line) for line in found.stdout.splitlines()]  # JSON Lines; the notice goes to stderr
    assert [record["number"] for record in records] == ["2"]
    refused = runner.invoke(main, ["search", "trata", "--group", "elderly", "--db", register])
    assert refused.exit_code == 2 and "--group" in refused.output and "domestic_workers" in refused.output


def test_several_corrections_of_an_item_are_recorded_all_or_none(register):
    ten = entry("10")
    with pytest.raises(LabelError, match="unknown groups"):
        correct_labels(ten, {"themes": ["partnership.data"], "groups": ["giants"]}, "M. Curator")
    assert not Correction.objects.exists()
    recorded = correct_labels(ten, {"themes": ["partnership.data"], "addressees": None}, "M. Curator")
    assert [(c.field, c.value) for c in recorded] == [
        ("themes", ["partnership.data"]),
        ("addressees", ["working_group"]),
    ]
    assert item_version(ten) == recorded[-1].pk and item_version(ten, "a") == 0


def test_a_correction_made_on_stale_labels_is_refused(register):
    ten = entry("10")
    seen = item_version(ten)  # what both curators read
    correct_labels(ten, {"groups": ["women"]}, "Ana", seen=seen)
    with pytest.raises(LabelConflict, match="corrected meanwhile by Ana"):
        correct_labels(ten, {"groups": ["children"]}, "Ben", seen=seen)
    assert values(effective_labels(ten), "groups") == ["women"]
    correct_labels(ten, {"groups": ["children"]}, "Ben", seen=item_version(ten))  # after reading them again
    assert values(effective_labels(ten), "groups") == ["children"]


def test_the_label_command_records_all_or_none(register):
    ten = entry("10")
    result = CliRunner().invoke(
        main, ["label", ten, "--theme", "partnership.data", "--group", "giants", "--by", "M. Curator", "--db", register]
    )
    assert result.exit_code != 0 and "unknown groups: giants" in result.output
    assert not Correction.objects.exists()


def test_label_command_shows_corrects_and_requires_an_author(register):
    entry_id = entry("10")
    runner = CliRunner()
    shown = runner.invoke(main, ["label", entry_id, "--db", register])
    assert shown.exit_code == 0, shown.output
    assert "working_group (rule:subject" in shown.output
    refused = runner.invoke(main, ["label", entry_id, "--group", "women", "--db", register])
    assert refused.exit_code != 0 and "--by" in refused.output
    changed = runner.invoke(main, ["label", entry_id, "--group", "women", "--by", "M. Curator", "--db", register])
    assert changed.exit_code == 0, changed.output
    assert "women (curator:M. Curator, 1.00)" in changed.output
    relabelled = runner.invoke(main, ["relabel", "--db", register])
    assert relabelled.output.strip() == "3 entries relabelled"
    assert values(effective_labels(entry_id), "groups") == ["women"]
    found = runner.invoke(main, ["search", "trata", "--theme", "protection", "--strength", "4", "--db", register])
    assert entry_id in found.output and entry("2") in found.output
    shown = runner.invoke(main, ["show", entry_id, "--db", register])
    assert "\nLabels:\n" in shown.output
    assert "groups      women (curator:M. Curator, 1.00)" in shown.output
    runner.invoke(main, ["label", entry_id, "--group", "none", "--by", "A. Other", "--db", register])
    history = runner.invoke(main, ["label", entry_id, "--history", "--db", register]).output.splitlines()
    assert [line.split("  ", 1)[1] for line in history[-2:]] == [
        "groups     none → women  by M. Curator",
        "groups     women → none  by A. Other",
    ]
    runner.invoke(main, ["label", entry_id, "--confirm", "strength", "--by", "A. Other", "--db", register])
    confirmed = runner.invoke(main, ["label", entry_id, "--history", "--db", register]).output.splitlines()[-1]
    assert confirmed.split("  ", 1)[1] == "strength   4 confirmed  by A. Other"
    untouched = runner.invoke(main, ["label", entry("2"), "--history", "--db", register]).output
    assert untouched.rstrip().endswith("no confirmation or correction yet")


def test_a_correction_can_be_undone_so_that_the_computed_labels_apply_again(register):
    entry_id = entry("10")
    runner = CliRunner()
    runner.invoke(main, ["label", entry_id, "--group", "women", "--by", "M. Curator", "--db", register])
    assert entry_id in [hit.provision.pk for hit in search("trata", group="women", mode="keyword")]
    undone = runner.invoke(main, ["label", entry_id, "--computed", "groups", "--by", "A. Other", "--db", register])
    assert undone.exit_code == 0, undone.output
    assert effective_labels(entry_id)["groups"] == []  # the rules find no group in its text
    assert entry_id not in [hit.provision.pk for hit in search("trata", group="women", mode="keyword")]
    label_all()  # a re-run labels it again
    assert effective_labels(entry_id)["groups"] == []
    history = runner.invoke(main, ["label", entry_id, "--history", "--db", register]).output.splitlines()
    assert history[-1].split("  ", 1)[1] == "groups     women → none (back to computed)  by A. Other"
    again = runner.invoke(main, ["label", entry_id, "--computed", "groups", "--by", "A. Other", "--db", register])
    assert again.exit_code != 0 and "groups is not corrected: it has its computed labels already" in again.output
    correct(entry_id, "groups", ["children"], "M. Curator")  # a later correction applies again
    assert values(effective_labels(entry_id), "groups") == ["children"]


def test_export_records_carry_effective_labels_as_json_in_csv(register):
    import csv
    import io
    import json

    from tipreg.publish.export import export

    correct(entry("10"), "addressees", ["conference"], "M. Curator")
    out = io.StringIO()
    export(register, "jsonl", out)
    records = {record["number"]: record for record in map(json.loads, out.getvalue().splitlines())}
    assert records["10"]["addressees"] == [{"value": "conference", "confidence": 1.0, "method": "curator:M. Curator"}]
    assert records["2"]["strength"]["value"] == 4
    assert [group["value"] for group in records["2"]["groups"]] == ["children"]
    assert records["2"]["references"] == []
    out = io.StringIO()
    export(register, "csv", out)
    rows = {row["number"]: row for row in csv.DictReader(io.StringIO(out.getvalue().lstrip("\ufeff")))}
    assert json.loads(rows["3"]["strength"])["value"] == 2
    assert json.loads(rows["10"]["themes"]) == records["10"]["themes"]


def test_link_command_stores_links_that_the_export_carries(db):
    import io
    import json

    from conftest import Rec
    from tipreg.publish.export import export

    earlier = Rec(
        "16", "Los Estados partes deberían establecer órganos nacionales de coordinación.", meeting=1, year=2009
    )
    citing = Rec(
        "8",
        "Los Estados partes deberían tener en cuenta las recomendaciones que figuran en el párrafo 17 del informe "
        "sobre la reunión del Grupo de Trabajo celebrada en 2009 y establecer mecanismos de coordinación nacional.",
        meeting=2,
        year=2010,
    )
    store_document(build_document("report2009.txt", [earlier, REC_TEN], meeting=1))
    store_document(build_document("report2010.txt", [citing], meeting=2))
    result = CliRunner().invoke(main, ["link", "--db", db])
    assert result.exit_code == 0 and result.output.strip().endswith("links"), result.output
    out = io.StringIO()
    export(db, "jsonl", out)
    records = {record["number"]: record for record in map(json.loads, out.getvalue().splitlines())}
    [link] = records["8"]["links"]
    assert link["target"] == records["16"]["id"] and link["type"] == "cites"
    assert "párrafo 17 del informe" in link["evidence"]
    assert records["16"]["links"] == []

    from tipreg.link import threads
    from tipreg.store.labels.linking import stored_links

    assert threads(stored_links()) == [{records["8"]["id"], records["16"]["id"]}]


def test_links_follow_the_labels_as_published_and_the_sub_items_themes(db):
    from conftest import Rec
    from tipreg.model import SubItem
    from tipreg.store.labels.linking import link_register
    from tipreg.store.labels.models import EntryLink

    earlier = Rec("3", "Los Estados partes deberían elaborar una guía sobre el cultivo del café.", meeting=1, year=2009)
    later = Rec("5", "Los Estados partes deberían difundir su guía sobre el cultivo del café.", meeting=4, year=2011)
    items = [
        SubItem("a", "reforzar la capacidad de los tribunales;", "reforzar la capacidad de los tribunales;"),
        SubItem("b", "publicar la guía del cultivo del café.", "publicar la guía del cultivo del café."),
    ]
    listed = Rec(
        "7",
        "Los Estados partes deberían: a) reforzar la capacidad de los tribunales; b) publicar la guía del "
        "cultivo del café.",
        subitems=items,
    )
    store_document(build_document("r1.txt", [earlier], meeting=1))
    store_document(build_document("r4.txt", [later], meeting=4))
    store_document(build_document("r9.txt", [listed]))
    link_register()
    assert not [link for link in EntryLink.objects.filter(type="recurs") if "prevention.supply_chains" in link.themes]
    for meeting, number in ((1, "3"), (4, "5")):  # a curator puts both on supply chains: `tipreg link` links them
        correct(Provision.objects.get(meeting=meeting, number=number).pk, "themes", ["prevention.supply_chains"], "Ana")
    link_register()
    [link] = EntryLink.objects.filter(type="recurs")
    assert (link.source.number, link.target.number, link.themes) == ("5", "3", ["prevention.supply_chains"])
    # an entry is on a matter when one of its sub-items is: sub-item b's theme reaches the entry's links
    seven = Provision.objects.get(number="7")
    correct(seven.pk, "themes", ["prevention.supply_chains"], "Ana", path="b")
    link_register()
    on_supply_chains = [link for link in seven.links_out.all() if "prevention.supply_chains" in link.themes]
    assert sorted((link.target.meeting, link.target.number) for link in on_supply_chains) == [(1, "3"), (4, "5")]

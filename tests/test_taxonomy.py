"""The thematic taxonomy: complete in both languages, and docs/taxonomy.md says what the machine-readable file says."""

from __future__ import annotations

from pathlib import Path

from tipreg.enrich.taxonomy import subtheme_ids, taxonomy, theme_definitions, theme_names

DOC = Path(__file__).resolve().parents[1] / "docs" / "taxonomy.md"


def test_every_theme_and_sub_theme_has_a_name_and_a_definition_in_spanish_and_english():
    themes = taxonomy()["themes"]
    ids = [item["id"] for theme in themes for item in (theme, *theme["subthemes"])]
    assert len(ids) == len(set(ids))
    for theme in themes:
        assert theme["subthemes"] and all(sub["id"].startswith(f"{theme['id']}.") for sub in theme["subthemes"])
    for language in ("es", "en"):
        names, definitions = theme_names(language), theme_definitions(language)
        assert set(names) == set(definitions) == set(ids)
        assert all(names[i].strip() and definitions[i].strip() for i in ids)
    assert theme_names("es")["protection.non_punishment"] == "No criminalización de las víctimas"
    assert theme_definitions("en")["prevention"] != theme_definitions("es")["prevention"]


def test_the_taxonomy_has_the_sub_themes_the_working_group_discusses():
    assert {
        "protection.non_punishment",
        "protection.compensation",
        "prevention.supply_chains",
        "prevention.recruitment",
        "prosecution.technology",
        "prevention.diplomatic",
        "partnership.data",
        "partnership.coordination",
        "partnership.training",
        "governance.working_group",
    } <= set(subtheme_ids())
    assert [theme["id"] for theme in taxonomy()["themes"]][:4] == [
        "prevention",
        "protection",
        "prosecution",
        "partnership",
    ]  # the four pillars of the Global Plan of Action


def test_the_taxonomy_page_lists_every_theme_and_sub_theme_as_the_file_defines_it():
    rows = {
        line.split(" | ")[0].strip("| `"): line
        for line in DOC.read_text("utf-8").splitlines()
        if line.startswith("| `")
    }
    assert set(rows) == set(subtheme_ids())
    page = DOC.read_text("utf-8")
    for theme in taxonomy()["themes"]:
        assert f"## {theme['en']} / {theme['es']} (`{theme['id']}`)" in page
        assert theme["definition"]["en"] in page and theme["definition"]["es"] in page
        for sub in theme["subthemes"]:
            cells = [cell.strip() for cell in rows[sub["id"]].strip("|").split(" | ")]
            assert cells == [f"`{sub['id']}`", sub["en"], sub["es"], sub["definition"]["en"], sub["definition"]["es"]]

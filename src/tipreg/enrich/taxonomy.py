"""The thematic taxonomy (data/taxonomy.json, docs/taxonomy.md)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def taxonomy() -> dict[str, Any]:
    return json.loads(resources.files("tipreg").joinpath("data/taxonomy.json").read_text("utf-8"))


def subtheme_ids() -> list[str]:
    """Every sub-theme id, in taxonomy order."""
    return [sub["id"] for theme in taxonomy()["themes"] for sub in theme["subthemes"]]


def theme_ids() -> list[str]:
    """Every theme id (the part of a sub-theme id before the dot), in taxonomy order."""
    return [theme["id"] for theme in taxonomy()["themes"]]


def theme_tree_ids() -> list[str]:
    """Every theme id followed by its sub-themes' ids, in taxonomy order."""
    return [item["id"] for item in _themes_and_subthemes()]


def theme_names(language: str) -> dict[str, str]:
    """{theme or sub-theme id: its name in `language` ("es" or "en"; English for any other)}."""
    key = _language_key(language)
    return {item["id"]: item[key] for item in _themes_and_subthemes()}


def theme_definitions(language: str) -> dict[str, str]:
    """{theme or sub-theme id: what it covers, in `language` ("es" or "en"; English for any other)}."""
    key = _language_key(language)
    return {item["id"]: item["definition"][key] for item in _themes_and_subthemes()}


def _language_key(language: str) -> str:
    return "es" if language == "es" else "en"


def _themes_and_subthemes() -> list[dict[str, Any]]:
    return [item for theme in taxonomy()["themes"] for item in (theme, *theme["subthemes"])]

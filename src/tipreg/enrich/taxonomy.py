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


def theme_names(language: str) -> dict[str, str]:
    """{theme or sub-theme id: its name in `language` ("es" or "en"; English for any other)}."""
    key = "es" if language == "es" else "en"
    return {item["id"]: item[key] for theme in taxonomy()["themes"] for item in (theme, *theme["subthemes"])}

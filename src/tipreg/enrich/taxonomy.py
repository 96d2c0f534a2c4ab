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

"""Where the project's data files live (one place, so the CLI, app and tests agree)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SOURCE_DIR = DATA / "source"
SEED_SOURCE = SOURCE_DIR / "digital-bay-area-task-table.txt"
MEASURES = DATA / "measures.json"
PLACES = DATA / "places.json"
PLACE_OVERRIDES = DATA / "place_overrides.json"
GEOTAG_RULES = DATA / "geotag_rules.json"
DEPARTMENTS = DATA / "departments.json"
BRIEFING = DATA / "briefing.json"  # the deck's focus places
PRINT_FIGURE = DATA / "print_figure.json"  # print-only label rules
BOUNDARIES = DATA / "boundaries"
RAW_BOUNDARIES = DATA / "raw"
STATIC = ROOT / "static"

"""Reading the generated measures dataset (data/measures.json) for the app, exports and benches."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from geo import paths

Measure = dict  # one element of data/measures.json, contract in DESIGN.md


MEASURES_ENV = "DBA_MEASURES"  # another measures file for the app (browser tests with hostile text, benches)


def default_measures_path() -> Path:
    """data/measures.json, unless the DBA_MEASURES environment variable names another file."""
    return Path(os.environ.get(MEASURES_ENV) or paths.MEASURES)


def load_measures(path: Path | str | None = None) -> list[Measure]:
    """The measures in source order; the default dataset is cached (treat it as read-only)."""
    if path is None:
        p = default_measures_path()
        # Keyed on the modification time too, so a regenerated file is picked up by a running app.
        return _default_measures(str(p), p.stat().st_mtime_ns if p.exists() else 0)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


@lru_cache(maxsize=4)
def _default_measures(path: str, _mtime: int) -> list[Measure]:
    return load_measures(path)


def theme_order(measures: list[Measure]) -> list[str]:
    """Short theme names in the order the source first lists them."""
    seen: dict[str, None] = {}
    for m in measures:
        seen.setdefault(m["theme_short"], None)
    return list(seen)


def department_order(measures: list[Measure]) -> list[str]:
    """Departments by how many measures they lead (most first), then by name for a stable order."""
    counts: dict[str, int] = {}
    for m in measures:
        for d in m["departments"]:
            counts[d] = counts.get(d, 0) + 1
    return sorted(counts, key=lambda d: (-counts[d], d))

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


# The contract keys every page and export reads (DESIGN.md), with their JSON types.
REQUIRED_KEYS: dict[str, type] = {
    "id": int,
    "theme": str,
    "theme_short": str,
    "subtask": str,
    "text": str,
    "departments": list,
}


class DataFileError(ValueError):
    """A data file that cannot be used: which file and what is wrong with it, in one line."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


def read_json(path: Path | str) -> object:
    """A JSON data file, or DataFileError naming what is wrong (truncated, not UTF-8, not JSON)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DataFileError(path, f"cannot read ({exc.strerror})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # cut inside a multi-byte character
            raise DataFileError(path, "ends inside a character (the file looks truncated)") from None
        raise DataFileError(path, f"not UTF-8 text (byte {exc.start})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        ended = exc.pos >= len(text.rstrip()) - 64 or exc.msg.startswith("Unterminated string")  # failed at the end
        cut = " (the file looks truncated)" if ended else ""
        raise DataFileError(path, f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}{cut}") from None


def _type_name(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number"}.get(
        type(value), "null" if value is None else type(value).__name__
    )


def validate_measures(data: object, path: Path | str) -> list[Measure]:
    """The data if it has the measures contract's shape, else DataFileError naming the first wrong entry."""
    if not isinstance(data, list):
        raise DataFileError(path, f"expected a list of measures, found {_type_name(data)}")
    for index, m in enumerate(data, start=1):
        if not isinstance(m, dict):
            raise DataFileError(path, f"entry {index}: expected a measure object, found {_type_name(m)}")
        where = f"entry {index}" + (f" (id {m['id']})" if isinstance(m.get("id"), int) else "")
        for key, kind in REQUIRED_KEYS.items():
            if key not in m:
                raise DataFileError(path, f"{where}: missing key {key!r}")
            value = m[key]
            if not isinstance(value, kind) or isinstance(value, bool):
                raise DataFileError(path, f"{where}: {key!r} should be {_type_name(kind())}, found {_type_name(value)}")
        for key in ("departments", "co_departments"):
            if not all(isinstance(d, str) for d in m.get(key, [])):
                raise DataFileError(path, f"{where}: {key!r} should list names (strings)")
        places = m.get("places", [])
        if not isinstance(places, list) or not all(
            isinstance(p, dict) and isinstance(p.get("place"), str) for p in places
        ):
            raise DataFileError(path, f"{where}: 'places' should be a list of objects with a 'place' id")
    return data


def load_measures(path: Path | str | None = None) -> list[Measure]:
    """The measures in source order; the default dataset is cached (treat it as read-only).

    Raises DataFileError (a ValueError naming the file and the problem) for a missing, broken or wrong-shaped file.
    """
    if path is None:
        p = default_measures_path()
        # Keyed on the modification time too, so a regenerated file is picked up by a running app.
        return _default_measures(str(p), p.stat().st_mtime_ns if p.exists() else 0)
    return validate_measures(read_json(path), path)


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

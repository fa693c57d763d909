"""The data files the app reads, checked before any page uses them.

Why: a truncated cities.geojson or a measures.json of the wrong shape used to surface as a traceback deep in a
page (KeyError: 'theme_short'); the app now names the file and the problem instead (ui/startup.py). Every JSON
file under data/ that a page, the import or the plan store reads is here (a test lists data/ to keep it so). A
file is checked with its own loader where that loader takes a path, else against the shape its loader reads
(SHAPES: the keys it indexes, with their JSON types), and a wrong entry is named by its position. Each check is
cached on the file's modification time and size, so a page run costs a few stat calls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo import paths
from geo.dataset import DataFileError, _type_name, default_measures_path, load_measures, read_json

Check = Callable[[Path], object]


@dataclass(frozen=True)
class Problem:
    path: Path
    problem: str


# --- shapes: what a loader reads, as JSON types ----------------------------------------------------------------
# A shape is a JSON type (str, int, dict, list), None (null), a tuple of alternatives, [shape] (a list of such
# items), {key: shape} (an object with these keys; a key ending in "?" may be left out; other keys are allowed) or
# Each(shape) (an object whose every value, "_" notes aside, has the shape).


@dataclass(frozen=True)
class Each:
    shape: Any


@dataclass(frozen=True)
class IsoDate:
    """A date written YYYY-MM-DD (the loader calls date.fromisoformat)."""


def _describe(shape: Any) -> str:
    if isinstance(shape, tuple):
        return " or ".join(_describe(s) for s in shape)
    if isinstance(shape, IsoDate):
        return "a date (YYYY-MM-DD)"
    if isinstance(shape, list):
        return "a list"
    if isinstance(shape, (dict, Each)):
        return "an object"
    return _type_name(shape()) if isinstance(shape, type) else "null"


def _fits(value: Any, shape: Any) -> bool:
    """The value's own type fits the shape (its contents are checked by mismatch)."""
    if isinstance(shape, tuple):
        return any(_fits(value, s) for s in shape)
    if shape is None:
        return value is None
    if isinstance(shape, IsoDate):
        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            return False
        return True
    if isinstance(shape, list):
        return isinstance(value, list)
    if isinstance(shape, (dict, Each)):
        return isinstance(value, dict)
    if shape in (int, float):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, shape)


def mismatch(value: Any, shape: Any, where: str = "") -> str | None:
    """Where and how the value differs from the shape (the first difference), or None when it fits."""
    at = f"at {where}: " if where else ""
    if not _fits(value, shape):
        return f"{at}expected {_describe(shape)}, found {_type_name(value)}"
    if isinstance(shape, tuple):
        shape = next(s for s in shape if _fits(value, s))
    inner: list[tuple[Any, Any, str]] = []
    if isinstance(shape, list) and shape:
        inner = [(item, shape[0], f"{where} item {n}".strip()) for n, item in enumerate(value, start=1)]
    elif isinstance(shape, Each):
        inner = [(v, shape.shape, f"{where} {k!r}".strip()) for k, v in value.items() if not k.startswith("_")]
    elif isinstance(shape, dict):
        for key, sub in shape.items():
            name = key.rstrip("?")
            if name not in value:
                if key.endswith("?"):
                    continue
                return f"{at}missing key {name!r}"
            inner.append((value[name], sub, f"{where} {name!r}".strip()))
    for item, sub, path in inner:
        problem = mismatch(item, sub, path)
        if problem:
            return problem
    return None


def _palette_shape() -> dict[str, Any]:
    from geo.render.style import LOOKS, Palette

    return {look: {f.name: str for f in fields(Palette)} for look in LOOKS}


WORDS = [str]
SHAPES: dict[str, Any] = {
    "briefing.json": {"focus_places": [{"slide": str, "places": WORDS}], "city_slides_of?": (str, None)},
    "print_figure.json": {"crowded_labels": WORDS},
    "search.json": {"equivalents?": [WORDS], "reorder_terms?": WORDS, "field_weights?": Each(int)},
    "seed_plan.json": {
        "title": str,
        "doc_number?": (str, None),
        "issuer?": (str, None),
        "issued_on?": (IsoDate(), None),
    },
    "style.json": {"map": Each(str), "print": Each(str), "looks": _palette_shape},
    "themes.json": Each({"en": str, "full_zh?": str, "full_en?": str}),
    "departments_en.json": Each(str),
    "department_rules.json": {
        "roles": {"lead": WORDS, "co": WORDS, "shared": WORDS},
        "labels": {"lead": WORDS, "co": WORDS},
        "none": WORDS,
        "provinces": WORDS,
        "not_provincial": WORDS,
    },
    "places.json": [{"id": str, "kind": str, "name_zh": str}],
    "departments.json": {"categories": WORDS, "unknown_category": str, "departments": [{"name": str}]},
}


def _resolved(shape: Any) -> Any:
    return shape() if callable(shape) and not isinstance(shape, type) else shape


def shape_check(shape: Any, loader: Callable[[Path], object] | None = None, what: str = "an entry") -> Check:
    """A check: the file is JSON of the shape, then (if given) its own loader reads it without error."""

    def check(path: Path) -> None:
        data = read_json(path)
        expected = _resolved(shape)
        if isinstance(expected, dict):
            expected = {k: _resolved(v) for k, v in expected.items()}
        problem = mismatch(data, expected)
        if problem:
            raise DataFileError(path, problem)
        if loader is None:
            return
        try:
            loader(path)
        except DataFileError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            # The file is named once, by the Problem: not again inside the loader's message.
            message = str(exc).removeprefix(f"{path}: ").removeprefix(f"{path.name}: ").removeprefix(f"{path.name} ")
            if type(exc) in (KeyError, TypeError, ValueError):  # a bare error from deep inside the loader
                raise DataFileError(path, f"{what} has the wrong shape ({type(exc).__name__}: {message})") from None
            raise DataFileError(path, message) from None  # the loader's own message (GeotagError …) says it all

    return check


# --- loaders that take a path ------------------------------------------------------------------------------------


def _load_places(path: Path) -> None:
    from geo.places.gazetteer import load_gazetteer

    load_gazetteer(path)


def _load_departments(path: Path) -> None:
    from geo.ingest.departments import load_known

    load_known(path)


def _load_geotag_rules(path: Path) -> None:
    from geo.places.geotag import load_rules

    load_rules(path)


def _load_overrides(path: Path) -> None:
    from geo.places.geotag import load_overrides

    load_overrides(path)


def _load_progress_rules(path: Path) -> None:
    from geo.progress.rules import parse_rules

    parse_rules(read_json(path))


def _check_boundaries(path: Path) -> None:
    from shapely.geometry import shape

    data = read_json(path)
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features:
        raise DataFileError(path, "expected a GeoJSON FeatureCollection with features")
    for index, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
            raise DataFileError(path, f"feature {index}: expected an object with properties")
        try:
            shape(feature.get("geometry"))
        except Exception as exc:  # noqa: BLE001 - shapely raises many types for bad coordinates
            raise DataFileError(path, f"feature {index}: unreadable geometry ({type(exc).__name__}: {exc})") from None


# One check object per file, made once: _checked's cache is keyed on it.
CHECKS: dict[str, Check] = {
    "places.json": shape_check(SHAPES["places.json"], _load_places, "a place entry"),
    "departments.json": shape_check(SHAPES["departments.json"], _load_departments, "a department entry"),
    "geotag_rules.json": shape_check(dict, _load_geotag_rules, "a rule"),
    "place_overrides.json": shape_check(list, _load_overrides, "an override entry"),
    "progress.json": shape_check(dict, _load_progress_rules, "a progress rule"),
    **{name: shape_check(shape) for name, shape in SHAPES.items() if name not in ("places.json", "departments.json")},
}
OPTIONAL = frozenset({"place_overrides.json"})  # its loader reads a missing file as "no overrides"


def startup_files() -> list[tuple[Path, Check]]:
    """(file, check) for every data file the app reads: measures, each JSON file under data/ (gazetteer,
    departments, rules, labels, styles, the seed plan's facts) and each boundary layer. Paths are read from
    geo.paths at call time (tests point it at a copy)."""
    from geo.boundaries import LAYERS

    named = {"places.json": paths.PLACES, "departments.json": paths.DEPARTMENTS}
    named |= {"geotag_rules.json": paths.GEOTAG_RULES, "place_overrides.json": paths.PLACE_OVERRIDES}
    return [
        (default_measures_path(), load_measures),
        *((Path(named.get(name) or Path(paths.DATA) / name), check) for name, check in CHECKS.items()),
        *((Path(paths.BOUNDARIES) / f"{name}.geojson", _check_boundaries) for name in LAYERS),
    ]


@lru_cache(maxsize=64)
def _checked(path: str, _stamp: tuple[int, int], check: Check) -> str | None:
    try:
        check(Path(path))
    except DataFileError as exc:
        return exc.problem
    return None


def data_problems() -> list[Problem]:
    """What is wrong with each start-up file (empty when all are usable)."""
    problems = []
    for path, check in startup_files():
        try:
            info = path.stat()
        except FileNotFoundError:
            if path.name not in OPTIONAL:
                problems.append(Problem(path, "missing"))
            continue
        except OSError as exc:
            problems.append(Problem(path, f"cannot read ({exc.strerror})"))
            continue
        problem = _checked(str(path), (info.st_mtime_ns, info.st_size), check)
        if problem:
            problems.append(Problem(path, problem))
    return problems

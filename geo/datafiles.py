"""The data files the app reads at start-up, checked with their own loaders before any page uses them.

Why: a truncated cities.geojson or a measures.json of the wrong shape used to surface as a traceback deep in a
page (KeyError: 'theme_short'); the app now names the file and the problem instead (ui/startup.py). Each check
is cached on the file's modification time and size, so a page run costs a few stat calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo import paths
from geo.dataset import DataFileError, default_measures_path, load_measures, read_json


@dataclass(frozen=True)
class Problem:
    path: Path
    problem: str


def _check_places(path: Path) -> None:
    from geo.places.gazetteer import load_gazetteer

    data = read_json(path)
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise DataFileError(path, "expected a list of place objects")
    try:
        load_gazetteer(path)
    except (KeyError, TypeError, ValueError) as exc:
        raise DataFileError(path, f"a place entry has the wrong shape ({type(exc).__name__}: {exc})") from None


def _check_departments(path: Path) -> None:
    from geo.ingest.departments import load_known

    data = read_json(path)
    rows = data.get("departments") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not all(isinstance(d, dict) for d in rows):
        raise DataFileError(path, "expected an object with a list of department objects under 'departments'")
    try:
        load_known(path)
    except (KeyError, TypeError, ValueError) as exc:
        raise DataFileError(path, f"a department entry has the wrong shape ({type(exc).__name__}: {exc})") from None


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


def startup_files() -> list[tuple[Path, object]]:
    """(file, check) for every file the pages read: measures, places, departments and each boundary layer."""
    from geo.boundaries import LAYERS

    boundaries = Path(paths.BOUNDARIES)
    return [
        (default_measures_path(), load_measures),
        (Path(paths.PLACES), _check_places),
        (Path(paths.DEPARTMENTS), _check_departments),
        *((boundaries / f"{name}.geojson", _check_boundaries) for name in LAYERS),
    ]


@lru_cache(maxsize=32)
def _checked(path: str, _stamp: tuple[int, int], check) -> str | None:
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
            problems.append(Problem(path, "missing"))
            continue
        except OSError as exc:
            problems.append(Problem(path, f"cannot read ({exc.strerror})"))
            continue
        problem = _checked(str(path), (info.st_mtime_ns, info.st_size), check)
        if problem:
            problems.append(Problem(path, problem))
    return problems

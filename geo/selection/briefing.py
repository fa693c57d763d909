"""The briefing (汇报模式): the plan as a sequence of slides for a projector or LED wall.

A deck is an overview (every selected measure, counted per theme, the whole map), then one slide per theme in
source order, then one per focus place (韶关 and its data-centre cluster, 河套, 横琴, 前海, 南沙, 粤东粤西粤北,
香港, 澳门). Every slide carries what the page draws: the places to highlight, the extent to zoom to, the
headline number, the 3–5 most relevant measures in short form, and the lead departments.

"Most relevant" is a fixed, documented ranking, so the same filters always give the same slide:
- theme slide: measures whose text names a specific place (a city, SAR, zone, facility or corridor) come first,
  then the others; within each group, source order (the order the plan lists them).
- place slide: first measures whose text names the focus place itself, then those naming a place inside it
  (a zone, a facility, a member city of a group), then those that only reach it another way (a tag derived from
  a lead department, or a region-wide tag when "include region-wide measures" is on); within each group the
  measure that names fewer specific places (so is more about this one) comes first, then source order.
"Names in the text" means the tag's evidence is a substring of the measure text (DESIGN: evidence is the exact
substring that justifies the tag); a tag whose evidence is not in the text came from elsewhere (a department).

Focus places with no measure under the current filters get no slide; the overview says which were left out.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from geo import boundaries, paths
from geo.dataset import Measure, theme_order
from geo.i18n import localize, t
from geo.places.gazetteer import Gazetteer
from geo.render import extent
from geo.render.extent import Bounds
from geo.render.names import short_name  # the short names the map draws (韶关, 河套 …)
from geo.selection.filters import Filters, describe, region_matches, select


def focus_places(path: Path | None = None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The plan's focus places in presentation order: (slide key, place ids the slide is about).

    Data, not code: data/briefing.json says which places get a slide (ids from data/places.json).
    """
    return _focus_places(path or paths.BRIEFING)


@lru_cache(maxsize=4)
def _focus_places(path: Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    rows = json.loads(path.read_text(encoding="utf-8"))["focus_places"]
    return tuple((row["slide"], tuple(row["places"])) for row in rows)


# Kinds a measure can name that point at one spot on the map (as opposed to a group of cities).
SPECIFIC_KINDS = ("city", "sar", "zone", "facility", "corridor")
TOP_MAX = 5  # measures in short form on a slide (3–5 when the slide has that many)
TOP_DEPARTMENTS = 3
SHORT_LIMIT = 40  # characters of a measure's short form, ellipsis included (two lines of the side panel)
POINT_PAD = 0.12  # degrees around a lone facility point, so zooming to it still shows its city
_CLAUSE_END = re.compile(r"(?<=[，；：,;:])")  # not 、: it separates items of a list, often inside quotes
# Clauses that frame a measure rather than say what it does (see short_text).
FRAMING_OPENERS = ("按照", "根据", "围绕", "依托", "充分依托", "立足", "结合", "积极协调", "坚持")
_SENTENCE_END = re.compile(r"[。！？!?]")


@dataclass(frozen=True)
class ShortMeasure:
    id: int  # 序号 in the source table
    text: str  # first clause(s) of the measure, trimmed to SHORT_LIMIT


@dataclass(frozen=True)
class Slide:
    key: str  # "overview", "theme:要素通", "place:hetao" — stable across languages
    kind: str  # overview | theme | place
    title: str
    kicker: str  # the line above the title (what kind of slide, which filters)
    subtitle: str  # the full theme name, or the other places the slide covers
    headline: int
    headline_label: str
    places: tuple[str, ...]  # place ids to highlight on the map
    bounds: Bounds
    top: tuple[ShortMeasure, ...]
    departments: tuple[tuple[str, int], ...]  # (short name, measures led), most first
    measure_ids: tuple[int, ...]
    breakdown: tuple[tuple[str, int], ...] = ()  # overview: (theme, measures) in source order
    note: str = ""  # e.g. the focus places left out because nothing matches
    extra: dict = field(default_factory=dict, compare=False, hash=False)


def short_text(text: str, limit: int = SHORT_LIMIT) -> str:
    """The first sentence cut back to whole clauses that fit `limit` characters; '…' marks anything dropped.

    Leading framing clauses (按照…要求, 围绕…需求, 充分依托…) are skipped when something follows them: on a
    slide the action (探索推行…, 建设…) is what the room needs to read. A first clause longer than the limit is
    cut inside it (a projector line cannot wrap forever).
    """
    text = " ".join(text.split())
    match = _SENTENCE_END.search(text)
    sentence = text[: match.start()] if match else text
    dropped = len(sentence) < len(text.rstrip("。！？!? "))
    clauses = [c for c in _CLAUSE_END.split(sentence) if c]
    while len(clauses) > 1 and clauses[0].startswith(FRAMING_OPENERS):
        clauses.pop(0)
        dropped = True
    out = ""
    for clause in clauses:
        if len(out) + len(clause) > limit - 1:
            dropped = True
            break
        out += clause
    if not out:
        return clauses[0][: limit - 1] + "…"
    out = out.rstrip("，；：,;: ")
    return out + "…" if dropped else out


def _named_in_text(measure: Measure, tag: dict) -> bool:
    evidence = tag.get("evidence") or ""
    return bool(evidence) and evidence in measure.get("text", "")


def _specific_places(measure: Measure, gazetteer: Gazetteer) -> set[str]:
    return {
        tag["place"]
        for tag in measure.get("places", [])
        if tag["place"] in gazetteer and gazetteer[tag["place"]].kind in SPECIFIC_KINDS
    }


def rank_for_theme(measures: list[Measure], gazetteer: Gazetteer) -> list[Measure]:
    """Measures naming a specific place first, then the rest; source order within each (see module doc)."""

    def key(item: tuple[int, Measure]) -> tuple[int, int]:
        pos, m = item
        names_place = any(
            _named_in_text(m, tag) and tag["place"] in gazetteer and gazetteer[tag["place"]].kind in SPECIFIC_KINDS
            for tag in m.get("places", [])
        )
        return (0 if names_place else 1, pos)

    return [m for _, m in sorted(enumerate(measures), key=key)]


def rank_for_place(measures: list[Measure], focus: Iterable[str], gazetteer: Gazetteer) -> list[Measure]:
    """Text naming the place, then a place inside it, then other links; fewer places, then source order."""
    own = set(focus)
    inside: set[str] = set()
    for pid in own:
        inside |= gazetteer.descendants(pid)
    inside -= own

    def tier(m: Measure) -> int:
        tags = [tag for tag in m.get("places", []) if _named_in_text(m, tag)]
        if any(tag["place"] in own for tag in tags):
            return 0
        if any(tag["place"] in inside for tag in tags):
            return 1
        return 2

    ranked = sorted(
        enumerate(measures), key=lambda item: (tier(item[1]), len(_specific_places(item[1], gazetteer)), item[0])
    )
    return [m for _, m in ranked]


def top_departments(
    measures: list[Measure], n: int = TOP_DEPARTMENTS, short: Callable[[str], str] | None = None
) -> tuple[tuple[str, int], ...]:
    """The departments leading most of these measures (ties: the one the source names first), short names."""
    counts: Counter = Counter()
    first_seen: dict[str, int] = {}
    for m in measures:
        for d in m["departments"]:
            counts[d] += 1
            first_seen.setdefault(d, len(first_seen))
    short = short or _short_name
    best = sorted(counts, key=lambda d: (-counts[d], first_seen[d]))[:n]
    return tuple((short(d), counts[d]) for d in best)


def _short_name(name: str) -> str:
    try:
        from geo.ingest.departments import short_name
    except ImportError:  # the department table is optional for the briefing: full names are still correct
        return name
    return short_name(name)


def _highlight(measures: list[Measure], gazetteer: Gazetteer) -> tuple[str, ...]:
    """The specific places these measures name; group-only measures light up the group's member areas."""
    found: dict[str, None] = {}
    groups: dict[str, None] = {}
    for m in measures:
        for tag in m.get("places", []):
            pid = tag["place"]
            if pid not in gazetteer:
                continue
            kind = gazetteer[pid].kind
            if kind in SPECIFIC_KINDS:
                found.setdefault(pid, None)
            elif kind == "region_group":
                groups.setdefault(pid, None)
    if not found:
        for g in groups:
            for pid in sorted(gazetteer.area_ids(g)):
                found.setdefault(pid, None)
    return tuple(found)


# ---------------------------------------------------------------------------------------------- extents


def _walk_coords(geometry: Mapping) -> Iterable[tuple[float, float]]:
    def walk(coords):
        if coords and isinstance(coords[0], (int, float)):
            yield coords[0], coords[1]
        else:
            for c in coords:
                yield from walk(c)

    if geometry.get("type") == "GeometryCollection":
        for g in geometry.get("geometries", []):
            yield from _walk_coords(g)
    else:
        yield from walk(geometry.get("coordinates", []))


def default_extents() -> dict[str, Bounds]:
    """Bounding boxes of every drawn place (cities, SARs, zones, corridors) from data/boundaries (cached per
    file version, so a rebuilt boundary file is picked up by a running app)."""
    files = [boundaries.LAYER_FILES[name] for name in _EXTENT_LAYERS]
    return _extents(tuple(f.stat().st_mtime_ns if f.exists() else 0 for f in files))


_EXTENT_LAYERS = ("cities", "zones", "corridors")


@lru_cache(maxsize=2)
def _extents(_stamp: tuple) -> dict[str, Bounds]:
    extents: dict[str, Bounds] = {}
    for name in _EXTENT_LAYERS:
        if not boundaries.LAYER_FILES[name].exists():
            continue
        for feature in boundaries.to_geojson_dict(name).get("features", []):
            pid = (feature.get("properties") or {}).get("place")
            if not pid or not feature.get("geometry"):
                continue
            box = extent.of_coordinates(_walk_coords(feature["geometry"]))
            extents[pid] = extent.union([extents[pid], box]) if pid in extents else box
    return extents


def place_bounds(place_ids: Iterable[str], gazetteer: Gazetteer, extents: Mapping[str, Bounds]) -> Bounds | None:
    """The box around the places: drawn outlines, facility points (padded), group members; None if none."""
    boxes: list[Bounds] = []
    for pid in place_ids:
        if pid in extents:
            boxes.append(extents[pid])
            continue
        place = gazetteer.places.get(pid)
        if place is None or place.kind == "external_region":
            continue
        if place.point:
            lon, lat = place.point
            boxes.append(extent.point_bounds(lon, lat, POINT_PAD))
        elif place.kind == "region_group":
            members = place_bounds(sorted(gazetteer.area_ids(pid)), gazetteer, extents)
            if members:
                boxes.append(members)
        else:  # a zone without its own outline: its parent's
            parents = place_bounds(place.parents, gazetteer, extents)
            if parents:
                boxes.append(parents)
    return extent.union(boxes) if boxes else None


def whole_map_bounds(gazetteer: Gazetteer, extents: Mapping[str, Bounds]) -> Bounds:
    """Every city and SAR: the overview's extent (and the fallback for a slide that names no place)."""
    ids = [p.id for p in gazetteer.of_kind("city", "sar")]
    box = place_bounds(ids, gazetteer, extents)
    if box is None:
        raise ValueError("no city or SAR has an outline or point: cannot size the overview")
    return box


# ---------------------------------------------------------------------------------------------- slides


def _top(ranked: list[Measure], lang: str) -> tuple[ShortMeasure, ...]:
    return tuple(ShortMeasure(m["id"], short_text(localize(m["text"], lang))) for m in ranked[:TOP_MAX])


def focus_measures(
    selection: list[Measure], focus: Iterable[str], gazetteer: Gazetteer, include_groups: bool
) -> list[Measure]:
    """The selected measures that concern a focus place (the same region rule as the map's region filter)."""
    focus = [pid for pid in focus if pid in gazetteer]
    return [
        m
        for m in selection
        if any(
            region_matches([tag["place"] for tag in m.get("places", [])], pid, gazetteer, include_groups)
            for pid in focus
        )
    ]


def build_slides(
    measures: list[Measure],
    gazetteer: Gazetteer,
    filters: Filters | None = None,
    lang: str = "zh",
    extents: Mapping[str, Bounds] | None = None,
) -> list[Slide]:
    """The deck for the measures that pass `filters`: overview, themes present, focus places with measures."""
    filters = filters or Filters()
    extents = default_extents() if extents is None else extents
    selection = select(measures, filters, gazetteer)
    whole = whole_map_bounds(gazetteer, extents)
    sep = t("list_sep", lang)

    theme_slides: list[Slide] = []
    themes = theme_order(selection)
    full_theme = {m["theme_short"]: m["theme"] for m in selection}
    for i, theme in enumerate(themes, 1):
        ms = [m for m in selection if m["theme_short"] == theme]
        places = _highlight(ms, gazetteer)
        theme_slides.append(
            Slide(
                key=f"theme:{theme}",
                kind="theme",
                title=localize(theme, lang),
                kicker=f"{t('filter_theme', lang)} {i} / {len(themes)}",
                subtitle=localize(full_theme[theme], lang) if full_theme[theme] != theme else "",
                headline=len(ms),
                headline_label=t("briefing_measures_unit", lang),
                places=places,
                bounds=place_bounds(places, gazetteer, extents) or whole,
                top=_top(rank_for_theme(ms, gazetteer), lang),
                departments=top_departments(ms),
                measure_ids=tuple(m["id"] for m in ms),
            )
        )

    place_slides: list[Slide] = []
    skipped: list[str] = []
    for key, focus in focus_places():
        known = tuple(pid for pid in focus if pid in gazetteer)
        if not known:
            continue  # a gazetteer without this place (a test fixture, an older file): nothing to show
        ms = focus_measures(selection, known, gazetteer, filters.include_groups)
        name = gazetteer[known[0]].name(lang)
        if not ms:
            skipped.append(short_name(gazetteer[known[0]], lang))
            continue
        primary = gazetteer[known[0]]
        subtitle = [name] if short_name(primary, lang) != name else []
        others = [gazetteer[pid].name(lang) for pid in known[1:]]
        if others:
            subtitle.append(t("briefing_including", lang) + sep.join(others))
        place_slides.append(
            Slide(
                key=f"place:{key}",
                kind="place",
                title=short_name(primary, lang),
                kicker=t("briefing_focus_place", lang),
                subtitle=" · ".join(subtitle),
                headline=len(ms),
                headline_label=t("briefing_measures_unit", lang),
                places=known,
                bounds=place_bounds(known, gazetteer, extents) or whole,
                top=_top(rank_for_place(ms, known, gazetteer), lang),
                departments=top_departments(ms),
                measure_ids=tuple(m["id"] for m in ms),
            )
        )

    note = ""
    if not selection:
        note = t("briefing_no_measures", lang)
    elif skipped:
        note = t("briefing_skipped", lang) + sep.join(skipped)
    overview = Slide(
        key="overview",
        kind="overview",
        title=t("briefing_overview", lang),
        kicker=describe(filters, gazetteer, lang),
        subtitle="",
        headline=len(selection),
        headline_label=t("briefing_measures_unit", lang),
        places=_highlight(selection, gazetteer),
        bounds=whole,
        top=(),
        departments=top_departments(selection),
        measure_ids=tuple(m["id"] for m in selection),
        breakdown=tuple((localize(th, lang), sum(1 for m in selection if m["theme_short"] == th)) for th in themes),
        note=note,
    )
    return [overview, *theme_slides, *place_slides]


def clamp_slide(number: object, total: int) -> int:
    """A 1-based slide number from a URL or a click, kept inside the deck (a stale link must not crash)."""
    try:
        n = int(str(number).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(n, 1), max(total, 1))

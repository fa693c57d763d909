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
import math
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
from geo.selection.filters import Filters, describe, group_counts, region_matches, select


@lru_cache(maxsize=4)
def _deck_data(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def focus_places(path: Path | None = None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The plan's focus places in presentation order: (slide key, place ids the slide is about).

    Data, not code: data/briefing.json says which places get a slide (ids from data/places.json).
    """
    rows = _deck_data(path or paths.BRIEFING)["focus_places"]
    return tuple((row["slide"], tuple(row["places"])) for row in rows)


def locator_group(path: Path | None = None) -> str | None:
    """The region group the locator inset of a zoomed slide shows (the bay area): data/briefing.json."""
    return _deck_data(path or paths.BRIEFING).get("city_slides_of")


def city_slide_places(gazetteer: Gazetteer, path: Path | None = None) -> tuple[str, ...]:
    """The cities that get a city slide: the member cities (not SARs) of the group data/briefing.json names, in the
    group's member order (深圳, 广州 … for the bay area), minus those that already have a focus slide."""
    group = _deck_data(path or paths.BRIEFING).get("city_slides_of")
    if not group or group not in gazetteer:
        return ()
    focused = {pid for _, places in focus_places(path) for pid in places}
    return tuple(
        pid
        for pid in gazetteer[group].members
        if pid in gazetteer and gazetteer[pid].kind == "city" and pid not in focused
    )


# Kinds a measure can name that point at one spot on the map (as opposed to a group of cities).
SPECIFIC_KINDS = ("city", "sar", "zone", "facility", "corridor")
TOP_MAX = 6  # measures in short form on a slide (3–6 when the slide has that many)
TOP_DEPARTMENTS = 3
SHORT_LIMIT = 40  # characters of a measure's short form, ellipsis included (two lines of the side panel)
# The side panel in lines of body text (1.5u, line height 1.5) at 16:9, where it is tightest: 1080 px less padding
# is 23.7 lines; kicker, title row with the headline number, two block titles and the gaps take PANEL_FIXED_LINES.
PANEL_LINES = 23.0
PANEL_FIXED_LINES = 7.5
PANEL_LINE_CHARS = 22  # CJK characters per panel line (0.38 of the width less padding, 1.5u per character)
MEASURE_LINE_CHARS = 20  # the same in the measure list (its number column takes the rest)
TOP_GAP_LINES = 0.2  # the gap between two measures (0.3u)
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
    scope: str = ""  # the filters the deck is built on, in words ("" for the whole plan): shown on every slide
    region_wide: tuple[tuple[str, int], ...] = ()  # (group id, measures named for the group itself), most first
    sample: bool = False  # the deck shows sample progress reports: the slide carries the 示例数据 mark
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


def fit_text(text: str, limit: int) -> str:
    """The whole measure (every sentence) when it fits `limit` characters; else cut back to whole clauses, framing
    openers skipped, with '…' (short_text's rules, but not stopping at the first sentence). A slide whose panel has
    room shows the measure as the plan words it, not a first clause and an ellipsis."""
    text = " ".join(text.split()).rstrip("。 ")
    if len(text) <= limit:
        return text
    clauses = [c for c in re.split(r"(?<=[，；：,;:。！？!?])", text) if c]
    while len(clauses) > 1 and clauses[0].startswith(FRAMING_OPENERS):
        clauses.pop(0)
    out = ""
    for clause in clauses:
        if len(out) + len(clause) > limit - 1:
            break
        out += clause
    if not out:
        return clauses[0][: limit - 1] + "…"
    return out.rstrip("，；：,;:。！？!? ") + "…"


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
    measures: list[Measure],
    n: int = TOP_DEPARTMENTS,
    short: Callable[[str], str] | None = None,
    lang: str = "zh",
) -> tuple[tuple[str, int], ...]:
    """The departments leading most of these measures (ties: the one the source names first), short names in the
    UI language's script (繁體 converted like every other data text)."""
    counts: Counter = Counter()
    first_seen: dict[str, int] = {}
    for m in measures:
        for d in m["departments"]:
            counts[d] += 1
            first_seen.setdefault(d, len(first_seen))
    best = sorted(counts, key=lambda d: (-counts[d], first_seen[d]))[:n]
    if short is not None:
        return tuple((localize(short(d), lang), counts[d]) for d in best)
    return tuple((department_label(d, lang), counts[d]) for d in best)


ENGLISH_PROVINCE_PREFIX = "Guangdong "  # every provincial department's English name starts so; a slide drops it


def department_label(name: str, lang: str) -> str:
    """A department as a slide names it: the short name (省工信厅) in Chinese, converted for 繁體; in English the
    department's English name without the province (the plan is Guangdong's), since the short Chinese forms have
    no English entry and a slide mixing 省政数局 with English names reads as untranslated."""
    if lang == "en":
        english = localize(name, "en")
        if english == name:
            english = localize(_short_name(name), "en")
        return english.removeprefix(ENGLISH_PROVINCE_PREFIX) if english.isascii() else english
    return localize(_short_name(name), lang)


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


LATIN_WIDTH = 0.6  # a Latin letter or digit, in CJK character widths (Noto Sans averages ~0.55; words wrap whole)
DEPT_GAP = 0.8  # the gap between two departments on their line (1.2u), in characters of 1.5u


def text_width(text: str) -> float:
    """Width in CJK character cells: an English department name is about half as wide per character as Chinese."""
    return sum(1.0 if ord(c) >= 0x2E80 else LATIN_WIDTH for c in text)


def _lines(text: str, per_line: int = PANEL_LINE_CHARS) -> int:
    return max(1, math.ceil(text_width(text) / per_line)) if text else 0


def _department_lines(departments: tuple[tuple[str, int], ...], per_line: int) -> int:
    """Lines the department list takes: items side by side while they fit, a long (English) name on lines of its
    own (the list wraps like the page's flex-wrap row)."""
    lines, row = 0, 0.0
    for name, n in departments:
        w = text_width(f"{name} {n}")
        if row and row + DEPT_GAP + w <= per_line:
            row += DEPT_GAP + w
            continue
        lines += 1 if row else 0
        if w > per_line:
            lines += math.ceil(w / per_line)
            row = 0.0
        else:
            row = w
    return lines + (1 if row else 0)


def panel_lines_left(subtitle: str, scope: str, departments: tuple[tuple[str, int], ...]) -> float:
    """Body-text lines the side panel has left for the measure list once the rest of a slide is laid out (see
    PANEL_LINES; lines of the panel's 1.5u body text, measured in Chromium at 16:9, where the panel is tightest)."""
    used = (
        PANEL_FIXED_LINES
        + _lines(subtitle, PANEL_LINE_CHARS + 2)
        + (_lines(scope, PANEL_LINE_CHARS) if scope else 0)
        + _department_lines(departments, PANEL_LINE_CHARS)
    )
    return PANEL_LINES - used


def _top(ranked: list[Measure], lang: str, lines: float = 0) -> tuple[ShortMeasure, ...]:
    """The slide's measures in short form, as long as the panel has room for: each measure starts whole (every
    sentence); while the list needs more lines than the panel has left, the longest is cut back a line (at a
    clause end, see short_text), down to one line each. So a slide with few measures shows them whole instead of
    leaving the panel half empty, and a full slide still fits."""
    picked = ranked[:TOP_MAX]
    texts = [localize(m["text"], lang) for m in picked]
    wanted = [_lines(fit_text(t, 10_000), MEASURE_LINE_CHARS) for t in texts]
    budget = lines - TOP_GAP_LINES * max(len(picked) - 1, 0) if lines else SHORT_LIMIT * len(picked)
    alloc = list(wanted) if lines else [max(1, SHORT_LIMIT // MEASURE_LINE_CHARS)] * len(picked)
    while lines and sum(alloc) > budget and max(alloc, default=1) > 1:
        alloc[alloc.index(max(alloc))] -= 1
    limit = (lambda n: n * MEASURE_LINE_CHARS) if lines else (lambda n: SHORT_LIMIT)
    cut = fit_text if lines else short_text
    return tuple(ShortMeasure(m["id"], cut(t, limit(n))) for m, t, n in zip(picked, texts, alloc, strict=True))


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


def _region_wide(measures: list[Measure], gazetteer: Gazetteer) -> tuple[tuple[str, int], ...]:
    """Measures named for a region group as a whole (粤港澳大湾区 …), per group, most first: the map shows them as
    their own count (the group's count, as the screen map's legend does), not spread over the member cities."""
    counts = group_counts(measures, gazetteer)
    return tuple((g, n) for g, n in counts.most_common() if g in gazetteer)


def build_slides(
    measures: list[Measure],
    gazetteer: Gazetteer,
    filters: Filters | None = None,
    lang: str = "zh",
    extents: Mapping[str, Bounds] | None = None,
) -> list[Slide]:
    """The deck for the measures that pass `filters`: overview, themes present, focus places with measures, then
    the main cities with measures (data/briefing.json)."""
    filters = filters or Filters()
    extents = default_extents() if extents is None else extents
    selection = select(measures, filters, gazetteer)
    whole = whole_map_bounds(gazetteer, extents)
    sep = t("list_sep", lang)
    scope = "" if filters.is_empty() else describe(filters, gazetteer, lang)
    unit = t("briefing_measures_unit", lang)

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
                headline_label=unit,
                places=places,
                bounds=place_bounds(places, gazetteer, extents) or whole,
                top=_top(
                    rank_for_theme(ms, gazetteer),
                    lang,
                    panel_lines_left(full_theme[theme], scope, top_departments(ms, lang=lang)),
                ),
                departments=top_departments(ms, lang=lang),
                measure_ids=tuple(m["id"] for m in ms),
                scope=scope,
                region_wide=_region_wide(ms, gazetteer),
            )
        )

    def place_slide(key: str, known: tuple[str, ...], kicker: str, ms: list[Measure]) -> Slide:
        primary = gazetteer[known[0]]
        name = primary.name(lang)
        subtitle = [name] if short_name(primary, lang) != name else []
        others = [gazetteer[pid].name(lang) for pid in known[1:]]
        if others:
            subtitle.append(t("briefing_including", lang) + sep.join(others))
        departments = top_departments(ms, lang=lang)
        return Slide(
            key=key,
            kind="place",
            title=short_name(primary, lang),
            kicker=kicker,
            subtitle=" · ".join(subtitle),
            headline=len(ms),
            headline_label=unit,
            places=known,
            bounds=place_bounds(known, gazetteer, extents) or whole,
            top=_top(
                rank_for_place(ms, known, gazetteer), lang, panel_lines_left(" · ".join(subtitle), scope, departments)
            ),
            departments=departments,
            measure_ids=tuple(m["id"] for m in ms),
            scope=scope,
            region_wide=_region_wide(ms, gazetteer),
        )

    place_slides: list[Slide] = []
    skipped: list[str] = []
    for key, focus in focus_places():
        known = tuple(pid for pid in focus if pid in gazetteer)
        if not known:
            continue  # a gazetteer without this place (a test fixture, an older file): nothing to show
        ms = focus_measures(selection, known, gazetteer, filters.include_groups)
        if not ms:
            skipped.append(short_name(gazetteer[known[0]], lang))
            continue
        place_slides.append(place_slide(f"place:{key}", known, t("briefing_focus_place", lang), ms))

    city_slides: list[Slide] = []
    for pid in city_slide_places(gazetteer):
        ms = focus_measures(selection, (pid,), gazetteer, filters.include_groups)
        if ms:
            city_slides.append(place_slide(f"city:{pid}", (pid,), t("briefing_city", lang), ms))

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
        headline_label=unit,
        places=_highlight(selection, gazetteer),
        bounds=whole,
        top=(),
        departments=top_departments(selection, lang=lang),
        measure_ids=tuple(m["id"] for m in selection),
        breakdown=tuple((localize(th, lang), sum(1 for m in selection if m["theme_short"] == th)) for th in themes),
        note=note,
        region_wide=_region_wide(selection, gazetteer),
    )
    return [overview, *theme_slides, *place_slides, *city_slides]


def choose_slides(slides: list[Slide], keys: Iterable[str]) -> list[Slide]:
    """The presenter's deck: the slides named by `keys`, in that order (unknown or repeated keys are dropped, a
    stale link must not crash); no keys, or none known, is the whole deck."""
    by_key = {s.key: s for s in slides}
    chosen = [by_key[k] for k in dict.fromkeys(keys) if k in by_key]
    return chosen or list(slides)


def clamp_slide(number: object, total: int) -> int:
    """A 1-based slide number from a URL or a click, kept inside the deck (a stale link must not crash)."""
    try:
        n = int(str(number).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(n, 1), max(total, 1))

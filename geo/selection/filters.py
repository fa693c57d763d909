"""The filter state shared by the map, the list, the briefing and the exports.

AND across kinds (theme, department, region, keyword), OR within one kind. A region matches a measure tagged
to the place or to anything inside it (a group's members, a city's zones and facilities). Measures tagged
only to a group that contains the region (the whole bay area, say) match only when `include_groups` is set,
so bay-wide measures are not silently counted for every city.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from itertools import compress

from geo.dataset import Measure
from geo.ingest.departments import current_name
from geo.places.gazetteer import AREA_KINDS, Gazetteer

# Query-string keys: short, stable, and the only place they are spelled.
Q_THEME, Q_DEPT, Q_REGION, Q_KEYWORD, Q_GROUPS = "theme", "dept", "region", "q", "groups"


def units_of(measure: Measure) -> list[str]:
    """A measure's lead and co-operating units: a department filter matches either role."""
    return [*measure["departments"], *(d for d in measure.get("co_departments", ()) if d not in measure["departments"])]


def _same_departments(wanted: Iterable[str], names: Iterable[str]) -> bool:
    """Whether any name is one of the wanted departments, under its name of any year (renames followed)."""
    wanted_now = {current_name(d) for d in wanted}
    return any(current_name(d) in wanted_now for d in names)


@dataclass(frozen=True)
class Filters:
    themes: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    keyword: str = ""
    include_groups: bool = False

    def is_empty(self) -> bool:
        return not (self.themes or self.departments or self.regions or self.keyword.strip())

    def cleared(self) -> Filters:
        return Filters(include_groups=self.include_groups)

    def with_(self, **changes) -> Filters:
        return replace(self, **{k: tuple(v) if isinstance(v, list) else v for k, v in changes.items()})

    def to_query(self) -> dict[str, list[str] | str]:
        """Query parameters for the URL (only non-default values, so links stay short)."""
        q: dict[str, list[str] | str] = {}
        if self.themes:
            q[Q_THEME] = list(self.themes)
        if self.departments:
            q[Q_DEPT] = list(self.departments)
        if self.regions:
            q[Q_REGION] = list(self.regions)
        if self.keyword.strip():
            q[Q_KEYWORD] = self.keyword.strip()
        if self.include_groups:
            q[Q_GROUPS] = "1"
        return q

    @classmethod
    def from_query(cls, query: Mapping[str, object]) -> Filters:
        """Rebuild filters from query parameters; values may be strings or lists (Streamlit gives both)."""

        def many(key: str) -> tuple[str, ...]:
            value = query.get(key)
            if value is None:
                return ()
            items = [value] if isinstance(value, str) else list(value)  # type: ignore[arg-type]
            out: list[str] = []
            for item in items:
                for part in str(item).split(","):
                    part = part.strip()
                    if part and part not in out:
                        out.append(part)
            return tuple(out)

        keyword = query.get(Q_KEYWORD)
        if keyword is not None and not isinstance(keyword, str):
            keyword = next(iter(keyword), "")  # type: ignore[call-overload]
        groups = query.get(Q_GROUPS, "")
        if groups is not None and not isinstance(groups, str):
            groups = next(iter(groups), "")  # type: ignore[call-overload]  # get_all() gives a list
        return cls(
            themes=many(Q_THEME),
            departments=many(Q_DEPT),
            regions=many(Q_REGION),
            keyword=str(keyword or "").strip()[:200],
            include_groups=str(groups or "") in ("1", "true"),
        )

    def validated(self, measures: list[Measure], gazetteer: Gazetteer) -> tuple[Filters, list[str]]:
        """Drop values nothing knows (a stale or hand-edited link) and say which, instead of failing."""
        from geo.selection.index import dataset_index

        index = dataset_index(measures, gazetteer)  # the dataset's themes and departments, gathered once
        themes, depts = index.theme_set, index.department_set
        unknown = [t for t in self.themes if t not in themes]
        unknown += [d for d in self.departments if d not in depts]
        unknown += [r for r in self.regions if r not in gazetteer]
        clean = replace(
            self,
            themes=tuple(t for t in self.themes if t in themes),
            departments=tuple(d for d in self.departments if d in depts),
            regions=tuple(r for r in self.regions if r in gazetteer),
        )
        return clean, unknown


# ------------------------------------------------------------------ how a measure reaches a region
# One definition for every count shown (region dropdown, caption, legend, tooltips, briefing, exports):
# - NAMED: the measure is tagged to the region itself, or (for a city, SAR or zone) to a place inside it
#   (its zones, facilities). For a region group: tagged to the group itself, a "region-wide measure".
# - MEMBERS: a region group reached through what lies inside it: a member city, a zone of one, a smaller
#   group (粤东 inside 粤东粤西粤北). Always counted for the group.
# - GROUP: a region-wide measure of a larger group that contains the region (粤东粤西粤北 for 粤东 or 汕头).
#   Counted only with `include_groups`, so region-wide measures are not silently counted for every member.
# Containment is by the city/SAR areas a place covers, so it holds both ways for groups of groups.
NAMED, MEMBERS, GROUP = "named", "members", "group"


@dataclass(frozen=True)
class _Reach:
    named: frozenset[str]  # tags that name the region
    members: frozenset[str]  # tags reaching it through what lies inside it
    groups: frozenset[str]  # larger groups that contain it


_REACH_CACHE: dict[int, tuple[Gazetteer, dict[str, _Reach]]] = {}


def _reach_table(gazetteer: Gazetteer) -> dict[str, _Reach]:
    """Per place id, which tags reach it and how (computed once per gazetteer object)."""
    cached = _REACH_CACHE.get(id(gazetteer))
    if cached is not None and cached[0] is gazetteer:
        return cached[1]
    groups = gazetteer.of_kind("region_group")
    areas = {p.id: frozenset(gazetteer.area_ids(p.id)) for p in gazetteer}
    table: dict[str, _Reach] = {}
    for place in gazetteer:
        pid, area = place.id, areas[place.id]
        inside = set(gazetteer.descendants(pid)) - {pid}
        if place.kind == "region_group":
            inside |= {g.id for g in groups if g.id != pid and areas[g.id] and areas[g.id] <= area}
            named = frozenset({pid})
            members = frozenset(inside - named)
        else:
            named, members = frozenset(inside | {pid}), frozenset()
        larger = frozenset(g.id for g in groups if g.id != pid and g.id not in inside and area and area <= areas[g.id])
        table[pid] = _Reach(named, members, larger)
    if len(_REACH_CACHE) > 8:
        _REACH_CACHE.clear()
    _REACH_CACHE[id(gazetteer)] = (gazetteer, table)
    _INVERSE_CACHE.pop(id(gazetteer), None)
    return table


_RANK = {NAMED: 0, MEMBERS: 1, GROUP: 2}
# Per gazetteer: the inverse table, and the regions reached by each set of tags seen so far. Measures share few
# tag sets (most name the bay area, a city or two), so with thousands of measures each set is worked out once.
_INVERSE_CACHE: dict[int, tuple[Gazetteer, dict[str, dict[str, str]], dict[frozenset[str], dict[str, str]]]] = {}
_MEMO_LIMIT = 50_000  # distinct tag sets kept per gazetteer (a bound, not a tuning knob)


def _inverse_entry(gazetteer: Gazetteer):
    table = _reach_table(gazetteer)
    cached = _INVERSE_CACHE.get(id(gazetteer))
    if cached is not None and cached[0] is gazetteer:
        return cached
    inverse: dict[str, dict[str, str]] = {}
    for region, r in table.items():
        for how, tags in ((NAMED, r.named), (MEMBERS, r.members), (GROUP, r.groups)):
            for tag in tags:
                inverse.setdefault(tag, {})[region] = how
    entry = (gazetteer, inverse, {})
    _INVERSE_CACHE[id(gazetteer)] = entry
    return entry


def _inverse(gazetteer: Gazetteer) -> dict[str, dict[str, str]]:
    """Per tag, the regions it reaches and how (the same table read the other way: a measure's few tags give
    its regions without trying every region, which keeps counts fast with thousands of measures)."""
    return _inverse_entry(gazetteer)[1]


def tag_set(measure: Measure) -> frozenset[str]:
    """The place ids a measure is tagged with."""
    return frozenset([t["place"] for t in measure.get("places", ())])


def reached_by_tags(tags: frozenset[str], gazetteer: Gazetteer) -> dict[str, str]:
    """reached() for a set of tags, memoised per gazetteer; the result is shared: callers only read it."""
    _, inverse, memo = _inverse_entry(gazetteer)
    out = memo.get(tags)
    if out is None:
        out = {}
        for tag in tags:
            for region, how in inverse.get(tag, {}).items():
                if region not in out or _RANK[how] < _RANK[out[region]]:
                    out[region] = how
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        memo[tags] = out
    return out


def reached(measure_places: Iterable[str], gazetteer: Gazetteer) -> dict[str, str]:
    """Every region a measure reaches and how (the closest way when several tags reach it): reach() for all."""
    return dict(reached_by_tags(frozenset(measure_places), gazetteer))


def _counts(how: str | None, include_groups: bool) -> bool:
    return how in (NAMED, MEMBERS) or (include_groups and how == GROUP)


def reach(measure_places: Iterable[str], region: str, gazetteer: Gazetteer) -> str | None:
    """How a measure tagged to `measure_places` reaches `region`: NAMED, MEMBERS, GROUP or None (the closest wins)."""
    r = _reach_table(gazetteer).get(region)
    if r is None:
        return None
    tagged = set(measure_places)
    if tagged & r.named:
        return NAMED
    if tagged & r.members:
        return MEMBERS
    if tagged & r.groups:
        return GROUP
    return None


def region_matches(measure_places: Iterable[str], region: str, gazetteer: Gazetteer, include_groups: bool) -> bool:
    """Whether a measure concerns a region: named for it or through its members; through a larger group only
    with the region-wide switch (`include_groups`)."""
    return _counts(reach(measure_places, region, gazetteer), include_groups)


@dataclass(frozen=True)
class RegionCount:
    """Measures concerning one region, by how they reach it (see NAMED, MEMBERS, GROUP)."""

    named: int = 0
    members: int = 0
    group: int = 0

    def total(self, include_groups: bool) -> int:
        """What selecting the region gives: the number the dropdown, caption and legend show."""
        return self.named + self.members + (self.group if include_groups else 0)


def region_counts(
    measures: Iterable[Measure], gazetteer: Gazetteer, regions: Iterable[str] | None = None
) -> dict[str, RegionCount]:
    """Per region (default: every place), how many measures reach it in each way (each measure once per region)."""
    table = _reach_table(gazetteer)
    ids = list(table) if regions is None else [r for r in regions if r in table]
    tallies = {pid: Counter() for pid in ids}
    for tags, n in tag_counts(measures).items():
        for pid, how in reached_by_tags(tags, gazetteer).items():
            if pid in tallies:
                tallies[pid][how] += n
    return {pid: RegionCount(c[NAMED], c[MEMBERS], c[GROUP]) for pid, c in tallies.items()}


def _covering(measures: Iterable[Measure], gazetteer: Gazetteer | None):
    """The dataset index holding these measures, with their positions (geo.selection.index), or None."""
    from geo.selection.index import covering

    return covering(measures, gazetteer) if isinstance(measures, list | tuple) else None


def unplaced(measures: Iterable[Measure], gazetteer: Gazetteer) -> list[Measure]:
    """Measures tagged to no known place (shown as their own count: they appear on no city)."""
    hit = _covering(measures, gazetteer)
    if hit is not None:
        index, positions = hit
        return [index.measures[p] for p in positions if index.unplaced[p]]
    return [m for m in measures if not any(t["place"] in gazetteer for t in m.get("places", []))]


def region_wide(measures: Iterable[Measure], gazetteer: Gazetteer) -> list[Measure]:
    """Measures named for at least one region group (each once, however many groups it names)."""
    hit = _covering(measures, gazetteer)
    if hit is not None:
        index, positions = hit
        return [index.measures[p] for p in positions if index.named_groups[p]]
    groups = {g.id for g in gazetteer.of_kind("region_group")}
    return [m for m in measures if any(t["place"] in groups for t in m.get("places", []))]


def keyword_matches(measure: Measure, keyword: str) -> bool:
    from geo.selection.search import matches_query

    return matches_query(measure, keyword)


def matches(measure: Measure, f: Filters, gazetteer: Gazetteer, skip: str | None = None) -> bool:
    """Whether a measure passes the filters; `skip` ignores one kind (for counts shown beside that kind)."""
    if skip != "theme" and f.themes and measure["theme_short"] not in f.themes:
        return False
    if skip != "department" and f.departments and not _same_departments(f.departments, units_of(measure)):
        return False
    if skip != "region" and f.regions:
        hit = reached_by_tags(tag_set(measure), gazetteer)
        if not any(_counts(hit.get(r), f.include_groups) for r in f.regions):
            return False
    if skip != "keyword" and f.keyword.strip() and not keyword_matches(measure, f.keyword):
        return False
    return True


def select(measures: list[Measure], f: Filters, gazetteer: Gazetteer) -> list[Measure]:
    if f.is_empty():
        return list(measures)
    from geo.selection.index import dataset_index

    index = dataset_index(measures, gazetteer)
    return index.select(list(filter_masks(index, f).values()))


def filter_masks(index, f: Filters) -> dict[str, list[bool]]:
    """Per active filter kind, whether each measure of the indexed dataset passes it (`matches`, kind by kind)."""
    masks: dict[str, list[bool]] = {}
    if f.themes:
        wanted = frozenset(f.themes)
        masks["theme"] = [t in wanted for t in index.themes]
    if f.departments:
        now = frozenset(current_name(d) for d in f.departments)
        masks["department"] = [not now.isdisjoint(u) for u in index.units_now]
    if f.regions:
        regions = frozenset(f.regions)
        masks["region"] = [not regions.isdisjoint(r) for r in index.regions(f.include_groups)]
    if f.keyword.strip():
        masks["keyword"] = index.keyword_mask(f.keyword)
    return masks


def is_region_wide(how: str | None, region_kind: str) -> bool:
    """Whether a measure counted for a region is a region-wide one (区域整体措施): named for this group, or a larger
    group's measure reaching it with the switch. The dropdown, caption and legend use this one word for both."""
    return (how == NAMED and region_kind == "region_group") or how == GROUP


def facet_counts(measures: list[Measure], f: Filters, gazetteer: Gazetteer) -> dict[str, Counter]:
    """For each filter kind, how many measures each option would give with the *other* filters applied.

    "region_wide": how many of a region option's measures are region-wide (is_region_wide), so the dropdown
    says both numbers plainly (粤港澳大湾区：50, of which 44 region-wide).
    """
    from geo.selection.index import dataset_index

    index = dataset_index(measures, gazetteer)
    masks = filter_masks(index, f)

    def passing(kind: str) -> list[int] | None:
        """Positions of the measures the other kinds' filters keep (None: all of them)."""
        others = [mask for k, mask in masks.items() if k != kind]
        return list(compress(range(len(index.measures)), index.combined(others))) if others else None

    theme_at, department_at, region_at = passing("theme"), passing("department"), passing("region")
    return {
        "theme": Counter(index.themes if theme_at is None else index.pick(index.themes, theme_at)),
        "department": index.counter(index.units, department_at),
        # The same rule as the region filter: the count is what choosing the option gives.
        "region": index.counter(index.regions(f.include_groups), region_at),
        "region_wide": index.counter(index.regions_wide(f.include_groups), region_at),
    }


def tag_counts(measures: Iterable[Measure]) -> Counter:
    """How many measures carry each set of tags (counts are worked out per set: measures share few sets)."""
    hit = _covering(measures, None)
    if hit is not None:
        index, positions = hit
        return Counter(index.pick(index.tags, positions))
    return Counter(map(tag_set, measures))


def place_counts(
    selection: list[Measure], gazetteer: Gazetteer, include_groups: bool = False, *, by_tags: Counter | None = None
) -> Counter:
    """Measures per city/SAR polygon, by the region rule (region_matches): what choosing the city would give.
    `by_tags`: tag_counts(selection), when the caller has it already."""
    hit = _covering(selection, gazetteer) if by_tags is None else None
    if hit is not None:
        index, positions = hit
        return index.counter(index.areas(include_groups), positions)
    areas = {p.id for p in gazetteer.of_kind(*AREA_KINDS)}
    counts: Counter = Counter()
    for tags, n in (tag_counts(selection) if by_tags is None else by_tags).items():
        for a, how in reached_by_tags(tags, gazetteer).items():
            if a in areas and _counts(how, include_groups):
                counts[a] += n
    return counts


def group_counts(selection: list[Measure], gazetteer: Gazetteer, *, by_tags: Counter | None = None) -> Counter:
    """Region-wide measures: those named for each region group (NAMED; shown as their own count)."""
    hit = _covering(selection, gazetteer) if by_tags is None else None
    if hit is not None:
        index, positions = hit
        return index.counter(index.named_groups, positions)
    groups = {g.id for g in gazetteer.of_kind("region_group")}
    counts: Counter = Counter()
    for tags, n in (tag_counts(selection) if by_tags is None else by_tags).items():
        for g in tags & groups:
            counts[g] += n
    return counts


def describe(f: Filters, gazetteer: Gazetteer, lang: str = "zh") -> str:
    """The active filters in words, for subtitles of exports and briefings (e.g. "主题：要素通；地区：深圳市")."""
    from geo.i18n import localize, t

    parts: list[str] = []
    if f.themes:
        themes = [localize(x, lang) for x in f.themes]
        parts.append(t("filter_theme", lang) + t("colon", lang) + t("list_sep", lang).join(themes))
    if f.departments:
        departments = [localize(x, lang) for x in f.departments]
        parts.append(t("filter_department", lang) + t("colon", lang) + t("list_sep", lang).join(departments))
    if f.regions:
        names = [gazetteer[r].name(lang) if r in gazetteer else r for r in f.regions]
        parts.append(t("filter_region", lang) + t("colon", lang) + t("list_sep", lang).join(names))
    if f.keyword.strip():
        parts.append(t("filter_keyword", lang) + t("colon", lang) + "“" + f.keyword.strip() + "”")
    if not parts:
        return t("all_measures", lang)
    if f.include_groups:
        parts.append(t("include_groups_short", lang))
    return t("part_sep", lang).join(parts)

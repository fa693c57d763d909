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
from geo.selection.index import covering, dataset_index
from geo.selection.reach import (  # noqa: F401 - reach's names are part of the filters' interface
    GROUP,
    MEMBERS,
    NAMED,
    _counts,
    _reach_table,
    is_region_wide,
    reach,
    reached,
    reached_by_tags,
    region_matches,
    tag_set,
    units_of,
)

# Query-string keys: short, stable, and the only place they are spelled.
Q_THEME, Q_DEPT, Q_REGION, Q_KEYWORD, Q_GROUPS = "theme", "dept", "region", "q", "groups"


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
    index = dataset_index(measures, gazetteer)  # made (lazily, cheap) for the unfiltered view too: its counts use it
    if f.is_empty():
        return list(measures)
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


def facet_counts(measures: list[Measure], f: Filters, gazetteer: Gazetteer) -> dict[str, Counter]:
    """For each filter kind, how many measures each option would give with the *other* filters applied.

    "region_wide": how many of a region option's measures are region-wide (is_region_wide), so the dropdown
    says both numbers plainly (粤港澳大湾区：50, of which 44 region-wide).
    """
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

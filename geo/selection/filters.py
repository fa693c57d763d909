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

from geo.dataset import Measure
from geo.ingest.departments import current_name
from geo.places.gazetteer import Gazetteer

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
        themes = {m["theme_short"] for m in measures}
        depts = {d for m in measures for d in units_of(m)}
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


def region_matches(measure_places: Iterable[str], region: str, gazetteer: Gazetteer, include_groups: bool) -> bool:
    tagged = set(measure_places)
    if tagged & gazetteer.descendants(region):
        return True
    if include_groups and region in gazetteer:
        groups = {g for g in gazetteer.ancestors(region) if gazetteer[g].kind == "region_group"}
        return bool(tagged & groups)
    return False


def keyword_matches(measure: Measure, keyword: str) -> bool:
    k = keyword.strip()
    if not k:
        return True
    return any(k in measure.get(field, "") for field in ("text", "subtask", "theme", "theme_short"))


def matches(measure: Measure, f: Filters, gazetteer: Gazetteer, skip: str | None = None) -> bool:
    """Whether a measure passes the filters; `skip` ignores one kind (for counts shown beside that kind)."""
    if skip != "theme" and f.themes and measure["theme_short"] not in f.themes:
        return False
    if skip != "department" and f.departments and not _same_departments(f.departments, units_of(measure)):
        return False
    if skip != "region" and f.regions:
        tagged = [t["place"] for t in measure.get("places", [])]
        if not any(region_matches(tagged, r, gazetteer, f.include_groups) for r in f.regions):
            return False
    if skip != "keyword" and not keyword_matches(measure, f.keyword):
        return False
    return True


def select(measures: list[Measure], f: Filters, gazetteer: Gazetteer) -> list[Measure]:
    return [m for m in measures if matches(m, f, gazetteer)]


def facet_counts(measures: list[Measure], f: Filters, gazetteer: Gazetteer) -> dict[str, Counter]:
    """For each filter kind, how many measures each option would give with the *other* filters applied."""
    out: dict[str, Counter] = {"theme": Counter(), "department": Counter(), "region": Counter()}
    for m in measures:
        if matches(m, f, gazetteer, skip="theme"):
            out["theme"][m["theme_short"]] += 1
        if matches(m, f, gazetteer, skip="department"):
            out["department"].update(set(units_of(m)))
        if matches(m, f, gazetteer, skip="region"):
            tagged = {t["place"] for t in m.get("places", [])}
            hit: set[str] = set()
            for pid in tagged:
                if pid not in gazetteer:
                    continue
                # A tag answers a region that contains it; with the switch, a group tag also answers its members.
                hit |= {pid} | gazetteer.ancestors(pid)
                if f.include_groups and gazetteer[pid].kind == "region_group":
                    hit |= gazetteer.descendants(pid)
            out["region"].update(hit)
    return out


def place_counts(selection: list[Measure], gazetteer: Gazetteer, include_groups: bool = False) -> Counter:
    """Measures per city/SAR polygon. Group-only measures count for members only with `include_groups`."""
    counts: Counter = Counter()
    for m in selection:
        areas: set[str] = set()
        for t in m.get("places", []):
            pid = t["place"]
            if pid not in gazetteer:
                continue
            kind = gazetteer[pid].kind
            if kind == "region_group" and not include_groups:
                continue
            if kind == "external_region":
                continue
            areas |= gazetteer.area_ids(pid)
        counts.update(areas)
    return counts


def group_counts(selection: list[Measure], gazetteer: Gazetteer) -> Counter:
    """Measures tagged to each region group (shown as their own count, not spread over the members)."""
    counts: Counter = Counter()
    for m in selection:
        counts.update(
            {
                t["place"]
                for t in m.get("places", [])
                if t["place"] in gazetteer and gazetteer[t["place"]].kind == "region_group"
            }
        )
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

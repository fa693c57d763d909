"""How a measure reaches a region: the one definition behind every count shown (the filters, the map, the briefing,
the exports), and the per-measure facts it reads (units, tag sets).

Its own module so that geo.selection.index (the per-dataset index) and geo.selection.filters can both build on it
without importing each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from geo.dataset import Measure
from geo.places.gazetteer import Gazetteer


def units_of(measure: Measure) -> list[str]:
    """A measure's lead and co-operating units: a department filter matches either role."""
    return [*measure["departments"], *(d for d in measure.get("co_departments", ()) if d not in measure["departments"])]


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


def is_region_wide(how: str | None, region_kind: str) -> bool:
    """Whether a measure counted for a region is a region-wide one (区域整体措施): named for this group, or a larger
    group's measure reaching it with the switch. The dropdown, caption and legend use this one word for both."""
    return (how == NAMED and region_kind == "region_group") or how == GROUP

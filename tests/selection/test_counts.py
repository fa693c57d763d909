"""One number per thing: how a measure reaches a region (named for it, through its members, through a larger
group), the same in the dropdown, the map and the caption. On the committed seed data, where the issue saw it."""

from __future__ import annotations

from geo.selection.filters import (
    GROUP,
    MEMBERS,
    NAMED,
    Filters,
    facet_counts,
    group_counts,
    place_counts,
    reach,
    region_counts,
    region_wide,
    select,
    unplaced,
)


def ids(ms):
    return [m["id"] for m in ms]


def by_id(measures, i):
    return next(m for m in measures if m["id"] == i)


def tags(m):
    return [t["place"] for t in m["places"]]


def test_east_and_west_guangdong_get_the_east_west_north_measures_with_the_switch(measures, gaz):
    # 49 and 50 concern 粤东粤西粤北 as a whole: a larger group that contains 粤东 and 粤西.
    for region in ("east-guangdong", "west-guangdong", "north-guangdong"):
        on = ids(select(measures, Filters(regions=(region,), include_groups=True), gaz))
        assert {49, 50} <= set(on), region
        assert not {49, 50} & set(ids(select(measures, Filters(regions=(region,)), gaz))), region
        assert reach(tags(by_id(measures, 49)), region, gaz) == GROUP


def test_shantou_with_the_switch_gets_no_measure_that_is_only_bay_wide(measures, gaz):
    chosen = select(measures, Filters(regions=("shantou",), include_groups=True), gaz)
    assert chosen, "the east-west-north measures concern 汕头"
    for m in chosen:
        assert "east-west-north" in tags(m) or "shantou" in tags(m), m["id"]
    bay_only = [m for m in measures if tags(m) == ["greater-bay-area"]]
    assert bay_only and not set(ids(bay_only)) & set(ids(chosen))


def test_a_group_contains_smaller_groups_and_members(measures, gaz):
    # 珠三角九市 lies inside 粤港澳大湾区: its measures reach the bay area through its members.
    assert reach(["prd-nine"], "greater-bay-area", gaz) == MEMBERS
    assert reach(["east-guangdong"], "east-west-north", gaz) == MEMBERS
    assert reach(["shenzhen"], "greater-bay-area", gaz) == MEMBERS
    assert reach(["greater-bay-area"], "greater-bay-area", gaz) == NAMED
    assert reach(["qianhai"], "shenzhen", gaz) == NAMED
    assert reach(["greater-bay-area"], "shenzhen", gaz) == GROUP
    assert reach(["greater-bay-area"], "shantou", gaz) is None
    assert reach(["greater-bay-area"], "east-guangdong", gaz) is None


def test_the_dropdown_count_is_what_choosing_the_option_gives_and_says_how_many_are_region_wide(measures, gaz):
    for switch in (False, True):
        f = Filters(include_groups=switch)
        counts = facet_counts(measures, f, gaz)
        for region in ("greater-bay-area", "east-west-north", "east-guangdong", "shantou", "shenzhen"):
            assert counts["region"][region] == len(select(measures, f.with_(regions=(region,)), gaz)), region
        # The region-wide part of a group's count is the legend's and the caption's number for that group.
        named = group_counts(measures, gaz)
        for g in ("greater-bay-area", "east-west-north"):
            assert counts["region_wide"][g] == named[g]
            assert region_counts(measures, gaz, [g])[g].named == named[g]
    on = facet_counts(measures, Filters(include_groups=True), gaz)
    assert on["region_wide"]["shantou"] == on["region"]["shantou"]  # all of 汕头's are region-wide measures


def test_map_counts_match_the_region_filter(measures, gaz):
    for switch in (False, True):
        counts = place_counts(measures, gaz, include_groups=switch)
        for city in ("shenzhen", "guangzhou", "shantou", "hong-kong"):
            chosen = select(measures, Filters(regions=(city,), include_groups=switch), gaz)
            assert counts[city] == len(chosen), (city, switch)


def test_region_wide_and_unplaced_measures_are_counted_once(measures, gaz):
    wide = region_wide(measures, gaz)
    assert len(wide) == len(set(ids(wide)))
    assert len(wide) <= sum(group_counts(measures, gaz).values())
    assert all(not m["places"] for m in unplaced(measures, gaz))
    assert len(unplaced(measures, gaz)) == sum(1 for m in measures if not m["places"])

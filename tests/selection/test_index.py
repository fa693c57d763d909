"""The per-dataset index (geo.selection.index) gives the counts the filter rules define, measure by measure, and
never answers for a dataset it was not made from: another list, a list changed since, a new plan version."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from geo.memo import IdentityMemo
from geo.render.web.mapview import popup_data
from geo.selection.filters import (
    Filters,
    _counts,
    facet_counts,
    group_counts,
    is_region_wide,
    matches,
    place_counts,
    reached_by_tags,
    region_wide,
    select,
    tag_counts,
    tag_set,
    units_of,
    unplaced,
)
from geo.selection.index import covering, dataset_index
from ui.measure_cards import list_html

RENAMED = ("省政务服务数据管理局", "省政务服务和数据管理局")  # a former name and today's (data/departments.json)


@pytest.fixture(scope="module")
def dataset(measures, gaz) -> list[dict]:
    """600 measures from the seed's themes, departments and tags, with co-operating units, a renamed department,
    measures without places and one with a place the gazetteer does not know."""
    rng = random.Random(7)
    depts = sorted({d for m in measures for d in m["departments"]}) + list(RENAMED)
    tags = [t for m in measures for t in m["places"]]
    out = []
    for i in range(600):
        src = measures[i % len(measures)]
        places = rng.sample(tags, rng.randint(0, 3))
        if i == 5:
            places = [{"place": "nowhere", "evidence": "某地"}]
        out.append(
            {
                **src,
                "id": i + 1,
                "theme_short": rng.choice(measures)["theme_short"],
                "departments": rng.sample(depts, rng.randint(1, 2)),
                "co_departments": rng.sample(depts, rng.randint(0, 2)),
                "places": places,
            }
        )
    return out


def _filter_cases(dataset, gaz) -> list[Filters]:
    themes = sorted({m["theme_short"] for m in dataset})
    regions = ["greater-bay-area", "shenzhen", "east-west-north", "hengqin", "guangzhou", "hong-kong"]
    regions = [r for r in regions if r in gaz]
    cases = [Filters(), Filters(include_groups=True)]
    for groups in (False, True):
        cases += [
            Filters(themes=(themes[0],), include_groups=groups),
            Filters(departments=(RENAMED[1],), include_groups=groups),
            Filters(regions=(regions[0],), include_groups=groups),
            Filters(regions=tuple(regions[1:3]), themes=tuple(themes[:2]), include_groups=groups),
            Filters(keyword="数据", departments=(RENAMED[0], dataset[0]["departments"][0]), include_groups=groups),
            Filters(themes=(themes[1],), departments=(RENAMED[0],), regions=(regions[1],), keyword="建设"),
        ]
    return cases


def _facets_measure_by_measure(measures, f, gaz) -> dict[str, Counter]:
    """The definition: each measure against the filters of the other kinds (filters.matches with skip)."""
    out = {k: Counter() for k in ("theme", "department", "region", "region_wide")}
    for m in measures:
        if matches(m, f, gaz, skip="theme"):
            out["theme"][m["theme_short"]] += 1
        if matches(m, f, gaz, skip="department"):
            out["department"].update(set(units_of(m)))
        if matches(m, f, gaz, skip="region"):
            for pid, how in reached_by_tags(tag_set(m), gaz).items():
                if _counts(how, f.include_groups):
                    out["region"][pid] += 1
                    if is_region_wide(how, gaz[pid].kind):
                        out["region_wide"][pid] += 1
    return out


def _copies(measures: list[dict]) -> list[dict]:
    """Equal records that are other objects: no index holds them, so the functions work them out directly."""
    return [dict(m) for m in measures]


def test_selection_and_facet_counts_agree_with_the_filter_rules(dataset, gaz):
    for f in _filter_cases(dataset, gaz):
        expected = [m for m in dataset if matches(m, f, gaz)]
        assert select(dataset, f, gaz) == expected, f
        assert facet_counts(dataset, f, gaz) == _facets_measure_by_measure(dataset, f, gaz), f
    # the renamed department is found under either name, as matches() does
    old = select(dataset, Filters(departments=(RENAMED[0],)), gaz)
    assert old and old == select(dataset, Filters(departments=(RENAMED[1],)), gaz)


def test_counts_of_a_selection_agree_with_the_direct_computation(dataset, gaz):
    for f in _filter_cases(dataset, gaz):
        selection = select(dataset, f, gaz)
        direct = _copies(selection)
        assert covering(selection, gaz) is not None and covering(direct, gaz) is None
        assert [m["id"] for m in unplaced(selection, gaz)] == [m["id"] for m in unplaced(direct, gaz)]
        assert [m["id"] for m in region_wide(selection, gaz)] == [m["id"] for m in region_wide(direct, gaz)]
        assert group_counts(selection, gaz) == group_counts(direct, gaz)
        assert tag_counts(selection) == tag_counts(direct)
        for groups in (False, True):
            assert place_counts(selection, gaz, groups) == place_counts(direct, gaz, groups)
    assert any(m["id"] == 6 for m in unplaced(dataset, gaz))  # tagged only to a place the gazetteer lacks


def test_map_popups_agree_with_the_direct_computation(dataset, gaz):
    for f in _filter_cases(dataset, gaz)[:6]:
        selection = select(dataset, f, gaz)
        for lang in ("zh", "en"):
            fast = popup_data(selection, gaz, f, lang)
            direct = popup_data(selection, gaz, f, lang, [tag_set(m) for m in selection])  # sets given: no index
            assert fast == direct
            assert list(fast["lines"]) == list(direct["lines"])  # same order in the payload too


def test_another_dataset_never_sees_the_first_ones_index(dataset, gaz):
    first = dataset[:300]
    f = Filters(themes=(first[0]["theme_short"],))
    counts = facet_counts(first, f, gaz)
    # A second plan (or a new version of the same plan): another list, even of the same length and numbers.
    second = [{**m, "theme_short": "另一主题", "places": []} for m in first]
    assert dataset_index(second, gaz) is not dataset_index(first, gaz)
    assert facet_counts(second, f, gaz)["theme"] == Counter({"另一主题": 300})
    assert select(second, f, gaz) == []
    assert len(unplaced(second, gaz)) == 300
    assert facet_counts(first, f, gaz) == counts  # the first dataset's index is still its own


def test_a_list_changed_since_it_was_indexed_is_indexed_again(dataset, gaz):
    data = list(dataset[:50])
    f = Filters(themes=(data[0]["theme_short"],))
    before = select(data, f, gaz)
    index = dataset_index(data, gaz)
    data[0] = {**data[0], "theme_short": "改过的主题"}
    data.append({**data[1], "id": 999})
    assert dataset_index(data, gaz) is not index
    assert select(data, f, gaz) == [m for m in data if matches(m, f, gaz)] != before
    assert facet_counts(data, f, gaz)["theme"]["改过的主题"] == 1


def test_a_selection_not_in_the_datasets_order_is_worked_out_directly(dataset, gaz):
    selection = select(dataset, Filters(), gaz)
    assert covering(list(reversed(selection)), gaz) is None
    assert covering([selection[0], selection[0]], gaz) is None
    assert covering(selection, gaz)[1] == list(range(len(dataset)))
    reordered = list(reversed(selection[:80]))
    assert place_counts(reordered, gaz) == place_counts(_copies(reordered), gaz)


def test_identity_memo_answers_only_for_the_same_objects():
    memo = IdentityMemo(2)
    a, b = [1, 2], [1, 2]
    assert memo.get((a,), "x", lambda: "made from a") == "made from a"
    assert memo.get((b,), "x", lambda: "made from b") == "made from b"  # equal, but another object
    assert memo.get((a,), "y", lambda: "other extra") == "other extra"
    assert memo.peek((b,), "x") == "made from b" and memo.peek((a,), "x") is None  # the oldest entry went first


def test_cards_are_drawn_again_for_another_record_of_the_same_number(dataset, gaz):
    m = dataset[0]
    first = list_html([m], gaz, "zh")
    assert list_html([m], gaz, "zh") == first
    changed = {**m, "text": "另一段措施文本"}
    assert "另一段措施文本" in list_html([changed], gaz, "zh") and "另一段措施文本" not in first
    assert list_html([m], gaz, "en") != first  # the language is part of the key
    assert 'class="dba-card sel"' in list_html([m], gaz, "zh", selected_id=m["id"])

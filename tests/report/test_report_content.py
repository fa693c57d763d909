"""What the report says, before any layout: scopes that split the plan, counts that add up, the report's
language, and the lights of the map's areas."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.places.gazetteer import load_gazetteer
from geo.progress.rules import load_rules
from geo.report.content import ReportError, build
from tests.report.conftest import PERIOD

AS_OF = dt.date(2026, 11, 15)


@pytest.fixture(scope="module")
def facts(report_db):
    url, plan_id = report_db
    return build(plan_id, PERIOD, load_gazetteer(), as_of=AS_OF, url=url)


def test_theme_reports_split_the_plan_and_department_reports_its_assignments(facts):
    plan = facts.content(facts.scopes(None)[0])
    themes = [facts.content(s) for s in facts.scopes("theme")]
    assert sum(c.items for c in themes) == plan.items == len(facts.snap.measures)
    assert sum(c.completed for c in themes) == plan.completed
    depts = [facts.content(s) for s in facts.scopes("department")]
    assert sum(c.items for c in depts) == len(facts.snap.assignments)
    assert sum(c.due_reports for c in depts) == plan.due_reports
    assert sum(c.on_time_reports for c in depts) == plan.on_time_reports


def test_counts_add_up_and_the_red_list_holds_every_red_item(facts):
    c = facts.content(facts.scopes(None)[0])
    assert sum(n for _, n in c.status_counts) == c.items == sum(n for _, n in c.light_counts)
    red = {m.measure for m in facts.snap.measures.values() if m.light == "red"}
    assert red and red <= {r.number for r in c.red}
    assert [r.light for r in c.red][: len(red)] == ["red"] * len(red)  # red first, then the ones reported behind


def test_each_region_report_holds_the_measures_reaching_it_and_its_light_is_their_worst(facts):
    rules = load_rules()
    plan = facts.content(facts.scopes(None)[0])
    regions = facts.scopes("region")
    assert regions
    for scope in regions:
        c = facts.content(scope)
        assert c.items > 0
        worst = rules.worst(r.light for _, rows in c.themes for r in rows)
        assert plan.area_lights[scope.key] == worst


def test_report_language_reaches_statuses_and_lights(report_db):
    url, plan_id = report_db
    hant = build(plan_id, PERIOD, load_gazetteer(), as_of=AS_OF, url=url, lang="zh_hant")
    c = hant.content(hant.scopes(None)[0])
    assert sum(n for _, n in c.status_counts) == c.items  # counted by the rules' names, shown converted
    assert c.status_text("推进中") == "推進中" and c.light_label("red") == "■ 逾期"
    assert c.as_of_text() == "截至 2026年11月15日" and c.period_label == "2026年第3季度"
    en = build(plan_id, PERIOD, load_gazetteer(), as_of=AS_OF, url=url, lang="en")
    c = en.content(en.scopes(None)[0])
    assert c.light_label("yellow") == "▲ Warning" and c.as_of_text() == "As of 2026-11-15"


def test_a_plan_without_a_reporting_cycle_is_one_clear_error(upgraded_plain):
    url, plan_id = upgraded_plain
    with pytest.raises(ReportError, match="has no reporting cycle"):
        build(plan_id, PERIOD, load_gazetteer(), url=url)


@pytest.fixture
def upgraded_plain(tmp_path):
    from geo.db import upgrade_and_seed
    from geo.store import plans
    from geo.store.engine import dispose_engine

    url = f"sqlite:///{tmp_path / 'plain.sqlite3'}"
    upgrade_and_seed(url)
    yield url, plans.builtin_plan(url=url).id
    dispose_engine(url)


def test_a_report_the_office_has_not_reviewed_yet_says_so_in_the_report(facts):
    rows = [r for _, theme in facts.content(facts.scopes(None)[0]).themes for r in theme]
    unreviewed = {m.measure for m in facts.snap.measures.values() if m.report_state == "submitted" and m.excerpt}
    reviewed = {m.measure for m in facts.snap.measures.values() if m.report_state == "approved" and m.excerpt}
    assert unreviewed and reviewed  # the sample holds both
    by_number = {r.number: r for r in rows}
    assert all(by_number[n].excerpt.endswith("（已提交，待审核）") for n in unreviewed)
    assert not any(by_number[n].excerpt.endswith("待审核）") for n in reviewed)

"""The 部门进展 page under AppTest, on sample progress: the ranking as the snapshot computes it, how each figure is
computed, the as-of date from the URL, a department's assignments, and the downloads."""

from __future__ import annotations

import datetime as dt

from apptest_support import run_page
from progress_demo import DEMO_AS_OF, demo_plan_id, demo_url_fixture  # noqa: F401 (the demo_url fixture)

from geo.progress.ranking import rank_departments
from geo.progress.status import snapshot
from geo.store import service

PAGE = "pages/7_部门进展.py"


def test_ranking_note_and_sample_mark(demo_url):
    at = run_page(PAGE, {"asof": DEMO_AS_OF.isoformat()})
    snap = snapshot(demo_plan_id(), DEMO_AS_OF, url=demo_url)
    expected = rank_departments(snap.department_stats)
    table = at.dataframe[0].value
    assert list(table["部门"]) == [r.department for r in expected]
    assert list(table["排名"]) == [r.rank for r in expected]
    assert list(table["排名"]) == sorted(table["排名"])
    first = expected[0]
    assert table["按时报送率"].iloc[0] == f"{100 * first.on_time_rate:.1f}%"
    assert table["预警灯"].str.match(r"^[●▲■] ").all()  # shape and label, not a colour
    captions = " ".join(c.value for c in at.caption)
    assert "在报送截止日当天结束前首次提交的报告数" in captions and "并列" in captions
    assert any(w.value == "示例数据" for w in at.warning)
    assert any("截至 2026年11月20日" in m.value for m in at.markdown)
    assert len(at.get("download_button")) == 2
    assert not any("报送周期" in i.value or "到期的报送期" in i.value for i in at.info)  # reports are due: no excuse


def test_an_earlier_as_of_date_in_the_url_gives_that_day_s_figures(demo_url):
    early = dt.date(2026, 8, 15)
    at = run_page(PAGE, {"asof": early.isoformat()})
    snap = snapshot(demo_plan_id(), early, url=demo_url)
    table = at.dataframe[0].value
    due = dict(zip(table["部门"], table["应报送"], strict=True))
    assert due == {d: s.due_reports for d, s in snap.department_stats.items()}
    late = snapshot(demo_plan_id(), DEMO_AS_OF, url=demo_url)
    assert due != {d: s.due_reports for d, s in late.department_stats.items()}


def test_choosing_a_department_shows_its_assignments(demo_url):
    at = run_page(PAGE, {"asof": DEMO_AS_OF.isoformat()})
    snap = snapshot(demo_plan_id(), DEMO_AS_OF, url=demo_url)
    ranking = rank_departments(snap.department_stats)
    busiest = max(ranking, key=lambda r: r.items)
    at.selectbox(key="dept_choice").set_value(busiest.department).run()
    assert not at.exception
    rows = at.dataframe[1].value
    mine = [a for a in snap.assignments if a.department == busiest.department]
    assert list(rows["序号"]) == [a.measure for a in mine]
    assert any(busiest.department in h.value for h in at.subheader)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["完成率"] == f"{100 * busiest.completion_rate:.1f}%"


def test_a_fresh_system_lists_the_built_in_plan_s_departments_before_anyone_has_reported(upgraded):
    """Nobody has opened 我的任务 yet: the office still sees every department the plan assigns (derived at
    start-up, geo.db upgrade_and_seed), not "此计划尚无任务分工"."""
    at = run_page(PAGE)
    assert not any("尚无任务分工" in i.value for i in at.info)
    table = at.dataframe[0].value
    assert set(table["部门"]) == {a.department for a in service.list_assignments(1)}
    assert len(table) > 20  # the seed plan's lead and co-operating departments
    # Every department ties at rank 1 while nothing is due: the page says why, and where the cycle is set.
    assert set(table["排名"]) == {1}
    assert any("尚未设置报送周期" in i.value and "督办" in i.value for i in at.info)


def test_before_the_first_period_is_due_the_page_says_the_ranking_waits_for_it(upgraded):
    from geo.store import progress_service

    progress_service.set_cycle(service.OPERATOR, 1, "quarterly", report_from=dt.date(2027, 1, 1))
    at = run_page(PAGE, {"asof": "2026-12-01"})
    assert any("还没有到期的报送期" in i.value for i in at.info)
    assert not any("尚未设置报送周期" in i.value for i in at.info)

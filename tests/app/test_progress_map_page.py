"""The map page's progress view under AppTest: switched on and configured from the URL, every control writes the URL,
cards carry progress lines, and the measure detail timeline (ui/measure_detail.py) on an as-of date."""

from __future__ import annotations

import datetime as dt

import pytest
from apptest_support import run_page
from progress_demo import fresh_demo_database

from geo.progress.status import snapshot
from geo.store import plans, progress_service
from geo.store.engine import DATABASE_ENV
from ui.measure_detail import measure_timeline
from ui.measures_view import K_PICK

MAP_PAGE = "pages/0_地图.py"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    url, plan_id = fresh_demo_database(tmp_path_factory.mktemp("progress_page"))
    return url, plan_id


@pytest.fixture
def demo_env(demo, monkeypatch):
    monkeypatch.setenv(DATABASE_ENV, demo[0])
    return demo


def _caption_with(at, text: str) -> str:
    return next(c.value for c in at.caption if text in c.value)


def _widget(widgets, label: str):
    return next(w for w in widgets if w.label == label)


def test_the_url_switches_the_view_on_and_each_control_writes_the_url(demo_env):
    at = run_page(MAP_PAGE, {"pv": "1"})
    assert _widget(at.sidebar.toggle, "进展视图").value is True
    summary = _caption_with(at, "截至")
    assert "示例数据" in summary and "■逾期" in summary and "●正常" in summary
    slider = _widget(at.sidebar.select_slider, "截至日期")
    earlier = slider.options[-3]
    slider.set_value(dt.date.fromisoformat(earlier)).run()
    assert at.query_params["asof"] == earlier
    assert _caption_with(at, "截至") != summary  # the summary speaks for the earlier date
    _widget(at.sidebar.multiselect, "信号灯").set_value(["red"]).run()
    assert at.query_params["pl"] == "red"
    _widget(at.sidebar.radio, "着色方式").set_value("share").run()
    assert at.query_params["pc"] == "share"
    _widget(at.sidebar.checkbox, "仅看节点逾期").check().run()
    assert at.query_params["po"] == "1"
    _widget(at.sidebar.toggle, "进展视图").set_value(False).run()
    assert not {"pv", "pl", "pc", "po"} & set(at.query_params)
    assert at.query_params["asof"] == earlier  # the as-of date is shared with the other progress pages: it stays
    assert not at.exception


def test_a_link_restores_the_progress_choice(demo_env):
    at = run_page(MAP_PAGE, {"pv": "1", "pl": "yellow", "pc": "share", "ps": "推进中"})
    assert _widget(at.sidebar.multiselect, "信号灯").value == ["yellow"]
    assert _widget(at.sidebar.multiselect, "进展状态").value == ["推进中"]
    assert _widget(at.sidebar.radio, "着色方式").value == "share"
    summary = _caption_with(at, "截至")
    assert "■逾期 0" in summary and "●正常 0" in summary  # only yellow measures are on the map


def test_cards_show_each_measures_progress(demo_env):
    at = run_page(MAP_PAGE, {"pv": "1"})
    cards = next(h.proto.body for h in at.get("html") if 'class="dba-list"' in h.proto.body)
    assert "dba-prog-facts" in cards and "最近报告" in cards and "下一节点" in cards
    off = run_page(MAP_PAGE)
    assert not any("dba-prog-facts" in h.proto.body for h in off.get("html"))


def test_highlighting_a_measure_opens_its_timeline(demo_env):
    url, plan_id = demo_env
    number = plans.plan_measures(plan_id, url=url)[0]["id"]
    at = run_page(MAP_PAGE, {"pv": "1", "hl": str(number)})
    assert any(e.label.startswith("进展详情") for e in at.expander)
    timeline = next(h.proto.body for h in at.get("html") if "dba-timeline" in h.proto.body)
    assert "进展报告" in timeline and "节点" in timeline


def test_the_timeline_shows_approved_text_only_and_nothing_after_the_as_of_date(demo):
    url, plan_id = demo
    records = plans.plan_measures(plan_id, url=url)
    snap = snapshot(plan_id, url=url, measures=records)
    approved = next(r for r in progress_service.list_reports(plan_id, states=("approved",), url=url))
    ms = snap.measures[approved.measure]
    now = measure_timeline(plan_id, ms, "zh", snap.as_of, url=url)
    assert set(now) == {a.department for a in ms.departments}
    entries = [e for e in now[approved.department] if e.kind == "report"]
    assert any(("进展情况", approved.progress) in e.parts for e in entries)
    for e in entries:  # a report awaiting review shows its status, not its text
        assert e.parts or e.note
    day = dt.date.fromisoformat(approved.submitted_at[:10]) - dt.timedelta(days=1)
    before = measure_timeline(plan_id, ms, "zh", day, url=url)
    shown = {(e.kind, e.head) for e in before[approved.department]}
    assert (
        "report",
        f"{approved.period} 进展报告（示例数据）",
    ) not in shown
    assert len(before[approved.department]) < len(now[approved.department])


def test_the_list_page_detail_shows_the_chosen_measures_timeline(demo_env):
    at = run_page("pages/1_措施列表.py")
    detail = next(e for e in at.expander if e.label.startswith("进展详情"))
    body = next(h.proto.body for h in at.get("html") if "dba-timeline" in h.proto.body)
    assert "dba-prog-facts" in body and "进展报告" in body
    pick = next(s for s in at.selectbox if s.key == K_PICK)
    assert detail.label.endswith(f"序号 {pick.value}")  # the measure picked in the detail view
    other = pick.options[3]
    pick.set_value(int(other.split()[1]) if not other.isdigit() else int(other)).run()
    assert next(e for e in at.expander if e.label.startswith("进展详情")).label.endswith(f"序号 {pick.value}")

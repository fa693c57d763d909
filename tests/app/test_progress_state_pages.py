"""The as-of date is one choice across the pages that show progress (issue 16): every page link carries it (and the
map's progress view), a date chosen on 部门进展 is the date of the map, the export page's 进展通报 and the
briefing, and a page switch that drops the query string keeps it (the session's choice is the truth)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs

from apptest_support import run_page
from progress_demo import DEMO_AS_OF, demo_url_fixture  # noqa: F401 (the demo_url fixture)

from geo.progress.rules import load_rules

MAP_PAGE = "pages/0_地图.py"
DEPT_PAGE = "pages/7_部门进展.py"
EXPORT_PAGE = "pages/3_导出.py"
BRIEFING_PAGE = "pages/2_汇报模式.py"
CHOSEN = dt.date(2026, 9, 30)  # a quarter's end: one of the map's as-of steps


def _links(at) -> dict[str, dict[str, list[str]]]:
    """The sidebar's page links: page -> their query, as a click would put it in the URL."""
    return {el.proto.page: parse_qs(el.proto.query_string) for el in at.sidebar.get("page_link")}


def _follow(at, page: str, link_to: str):
    """Click the sidebar link to LINK_TO: the URL becomes the link's query, then PAGE runs."""
    query = next(q for p, q in _links(at).items() if link_to in p)
    at.query_params.clear()
    for k, v in query.items():
        at.query_params[k] = v if len(v) > 1 else v[0]
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _slider(at):
    return next(w for w in at.sidebar.select_slider if w.label == "截至日期")


def test_every_page_link_carries_the_as_of_date_and_the_map_s_progress_view(demo_url):
    at = run_page(MAP_PAGE, {"pv": "1", "pl": "red", "asof": CHOSEN.isoformat(), "theme": "要素通"})
    links = _links(at)
    assert len(links) >= 8
    for page, query in links.items():
        assert query.get("asof") == [CHOSEN.isoformat()], page
        assert query.get("pv") == ["1"] and query.get("pl") == ["red"], page
        assert query.get("theme") == ["要素通"], page


def test_a_date_chosen_on_the_department_page_is_the_map_s_and_the_report_s(demo_url):
    at = run_page(MAP_PAGE, {"pv": "1"})
    assert _slider(at).value == load_rules().today()
    _follow(at, DEPT_PAGE, "部门进展")
    at.date_input(key="dept_asof").set_value(CHOSEN).run()
    assert at.query_params["asof"] == CHOSEN.isoformat()
    assert any("截至 2026年9月30日" in m.value for m in at.markdown)
    assert all(q.get("asof") == [CHOSEN.isoformat()] for q in _links(at).values())

    _follow(at, MAP_PAGE, "地图")
    assert _slider(at).value == CHOSEN  # the same date, and the view is still on
    assert any("截至 2026年9月30日" in c.value for c in at.caption)

    # A switch that drops the query string (a bookmark of the page without it): the session's date stands.
    at.query_params.clear()
    at.switch_page(EXPORT_PAGE).run()
    assert at.date_input(key="rep_asof").value == CHOSEN
    assert at.selectbox(key="rep_period").value == "2026-Q3"  # the period holding the chosen date comes first
    assert any("截至 2026年9月30日" in c.value for c in at.caption)


def test_a_date_chosen_in_the_briefing_is_the_department_page_s(demo_url):
    at = run_page(BRIEFING_PAGE, {"asof": "2026-11-20"})
    at.date_input(key="briefing_asof").set_value(CHOSEN).run()
    at.query_params.clear()
    at.switch_page(DEPT_PAGE).run()
    assert at.date_input(key="dept_asof").value == CHOSEN
    assert any("截至 2026年9月30日" in m.value for m in at.markdown)


def test_the_measure_list_s_progress_detail_is_on_the_shared_date(demo_url):
    at = run_page(DEPT_PAGE)
    at.date_input(key="dept_asof").set_value(CHOSEN).run()
    at.query_params.clear()
    at.switch_page("pages/1_措施列表.py").run()
    assert not at.exception
    assert at.date_input(key="ms_asof").value == CHOSEN
    assert any("截至 2026年9月30日" in c.value for c in at.caption)
    assert "2026-Q3" not in _timeline(at)  # the third quarter's reports came in after its last day
    at.date_input(key="ms_asof").set_value(DEMO_AS_OF).run()  # chosen here: the later date, with them
    assert "2026-Q3" in _timeline(at) and at.query_params["asof"] == DEMO_AS_OF.isoformat()


def _timeline(at) -> str:
    return next(h.proto.body for h in at.get("html") if "dba-prog-facts" in h.proto.body)

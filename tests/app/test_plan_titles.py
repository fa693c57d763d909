"""Titles follow the chosen plan (issue 13): the map page's header and the export figures' title say the plan's own
title, not the app's 《“数字湾区”建设任务地图》; the built-in plan keeps the app's titles. Before, only a table
imported in the session was titled after itself; a plan chosen with ?plan= still showed the app's name.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from apptest_support import run_page
from table_builders import csv_table

from geo.i18n import t
from geo.store import plans
from geo.store.engine import dispose_engine

MAP_PAGE = "pages/0_地图.py"
EXPORT_PAGE = "pages/3_导出.py"
BRIEFING_PAGE = "pages/2_汇报模式.py"
TITLE = "广州市数字政府工作要点"
DATA = csv_table(
    [
        [1, "一、建设互通的数据网络", "在广州南沙建设国际数据中心。", "省政务服务数据管理局"],
        [2, "二、推进智慧城市群", "支持深圳前海开展数据跨境试点。", "深圳市人民政府"],
    ]
)


@pytest.fixture
def plan_id(tmp_path, monkeypatch) -> Iterator[int]:
    """A SQLite plan store (DATABASE_URL) with the seed plan and one published plan; yields that plan's id."""
    from geo.db import upgrade_and_seed

    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    upgrade_and_seed(url)
    yield plans.import_bytes(DATA, "要点.csv", title=TITLE, publish=True).id
    dispose_engine(url)


def _figure_title(at) -> str:
    return at.text_input(key="exp_title").placeholder


def test_the_chosen_plan_titles_the_map_page_and_the_export_figures(plan_id):
    at = run_page(MAP_PAGE, {"plan": str(plan_id)})
    assert [x.value for x in at.title] == [TITLE]
    at.switch_page(EXPORT_PAGE).run()  # a page link drops ?plan=: the session keeps the plan
    assert not at.exception
    assert _figure_title(at) == t("fig_title_table", "zh").format(table=TITLE)


def test_the_builtin_plan_keeps_the_app_titles(plan_id):
    at = run_page(MAP_PAGE)
    assert [x.value for x in at.title] == [t("app_title", "zh")]
    at.switch_page(EXPORT_PAGE).run()
    assert _figure_title(at) == t("fig_title", "zh")


def test_the_briefing_names_the_chosen_plan_as_its_source(plan_id):
    at = run_page(BRIEFING_PAGE, {"plan": str(plan_id)})
    footnotes = [el.proto.body for el in at.get("html") if "资料来源" in el.proto.body]
    assert footnotes and all(f"资料来源：《{TITLE}》" in body for body in footnotes)
    assert not any("数字湾区" in body for body in footnotes)

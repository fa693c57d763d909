"""The app follows the chosen plan (AppTest, through app.py's navigation), on SQLite and PostgreSQL: the
switcher and ?plan=, a plan published elsewhere, the import page's draft/corrections/publish, and the bad
situations (unknown plan id, no database) as one clear message without a traceback."""

from __future__ import annotations

import pytest
from accounts_support import PASSWORD, fast_hashes  # noqa: F401 (an autouse fixture)
from apptest_support import run_page
from streamlit.testing.v1 import AppTest
from table_builders import csv_table

from geo.store import plans, service
from ui import auth
from ui.plan_state import K_PLAN

MEASURES_PAGE = "pages/1_措施列表.py"
MAP_PAGE = "pages/0_地图.py"
IMPORT_PAGE = "pages/4_导入数据.py"
ROWS = [
    [1, "一、建设互通的数据网络", "在广州南沙建设国际数据中心。", "省政务服务数据管理局"],
    [2, "二、推进智慧城市群", "支持深圳前海开展数据跨境试点。", "深圳市人民政府"],
    [3, "二、推进智慧城市群", "完善城市运行管理平台。", "省住房城乡建设厅"],
]
DATA = csv_table(ROWS)


def _texts(at: AppTest, kind: str) -> list[str]:
    return [el.value.replace("\\", "") for el in at.get(kind)]


def _switcher(at: AppTest):
    return at.sidebar.selectbox(key=K_PLAN)


def test_the_plan_in_the_url_drives_the_page_and_the_switcher(upgraded):
    info = plans.import_bytes(DATA, "城市任务.csv", title="城市任务分工", publish=True)
    at = run_page(MEASURES_PAGE, {"plan": str(info.id)})
    assert len(at.dataframe[0].value) == 3
    assert _switcher(at).value == info.id
    assert "城市任务分工" in _switcher(at).options
    _switcher(at).set_value(0).run()  # back to the built-in plan
    assert not at.exception and "plan" not in at.query_params
    assert len(at.dataframe[0].value) == 60


def test_a_plan_published_in_another_session_appears_on_the_next_rerun(upgraded):
    at = run_page(MAP_PAGE)
    assert len(_switcher(at).options) == 1
    info = plans.import_bytes(DATA, "城市任务.csv", title="城市任务分工")
    at.run()
    assert "城市任务分工" not in _switcher(at).options  # a draft is not listed for everyone
    plans.publish(info.id)
    at.run()
    assert "城市任务分工" in _switcher(at).options
    _switcher(at).set_value(info.id).run()
    assert at.query_params["plan"] == str(info.id)
    assert any("（共 3 项）" in c for c in _texts(at, "caption"))
    at.switch_page(MEASURES_PAGE).run()  # a page link drops the query string: the session keeps the plan
    assert not at.exception and len(at.dataframe[0].value) == 3


def test_a_correction_made_elsewhere_is_not_served_from_a_stale_cache(upgraded):
    info = plans.import_bytes(DATA, "城市任务.csv", publish=True)
    at = run_page(MEASURES_PAGE, {"plan": str(info.id)})
    assert "南沙" in at.dataframe[0].value["涉及地区"][0]
    plans.correct_places(info.id, 1, "remove", "nansha", reason="测试")
    at.run()
    assert "南沙" not in at.dataframe[0].value["涉及地区"][0]


@pytest.mark.parametrize("plan", ["999", "abc"])
def test_an_unknown_plan_id_in_the_url_is_a_clear_message(upgraded, plan):
    at = run_page(MAP_PAGE, {"plan": plan})
    errors = _texts(at, "error")
    assert len(errors) == 1 and f"链接中的方案 {plan} 不存在" in errors[0]
    assert not at.get("component_instance")  # no map for a plan that is not there


def test_without_a_database_the_builtin_plan_still_shows_and_a_chosen_plan_says_why(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/none")
    at = run_page(MAP_PAGE)
    assert any("无法连接方案数据库" in w for w in _texts(at, "warning"))
    assert any("（共 60 项）" in c for c in _texts(at, "caption"))
    at = run_page(MAP_PAGE, {"plan": "2"})
    errors = _texts(at, "error")
    assert len(errors) == 1 and "无法连接方案数据库" in errors[0] and "127.0.0.1:9" in errors[0]


def test_the_page_recovers_when_the_database_comes_back(pg_server, pg_upgraded):
    info = plans.import_bytes(DATA, "城市任务.csv", publish=True)
    at = run_page(MEASURES_PAGE, {"plan": str(info.id)})
    pg_server.stop_only()
    try:
        at.run()
        assert not at.exception
        errors = _texts(at, "error")
        assert len(errors) == 1 and "无法连接方案数据库" in errors[0]
    finally:
        pg_server.start_again()
    at.query_params["plan"] = str(info.id)
    at.run()
    assert not at.exception and len(at.dataframe[0].value) == 3


def _sign_in(at: AppTest, username: str) -> AppTest:
    at.sidebar.text_input(key=auth.K_NAME).input(username)
    at.sidebar.text_input(key=auth.K_PASSWORD).input(PASSWORD)
    at.sidebar.button[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_only_the_plan_office_may_save_a_plan_from_the_import_page(upgraded):
    """Anonymous visitors and a department's reporter get the preview and a line saying who may save, no form."""
    service.add_account(service.OPERATOR, "edu", "reporter", PASSWORD, department="省教育厅")
    for who in (None, "edu"):
        at = run_page(IMPORT_PAGE)
        if who:
            _sign_in(at, who)
        at.file_uploader(key="dba_import_upload").upload("城市任务.csv", DATA).run()
        assert not at.exception
        assert not [b for b in at.button if b.key == "plan_save"]
        assert any("需以管理员" in s for s in _texts(at, "info"))
    assert len(plans.list_plans()) == 1  # only the built-in plan: nothing was saved


def test_import_page_saves_a_draft_takes_corrections_and_publishes(upgraded):
    service.add_account(service.OPERATOR, "office", "admin", PASSWORD)
    at = _sign_in(run_page(IMPORT_PAGE), "office")
    at.file_uploader(key="dba_import_upload").upload("城市任务.csv", DATA).run()
    at.text_input(key="plan_title_input").set_value("城市任务分工")
    at.button(key="plan_save").click().run()
    assert not at.exception
    [_seed, draft] = plans.list_plans()
    assert (draft.title, draft.state, draft.measures) == ("城市任务分工", "draft", 3)
    assert any("已保存为方案" in s for s in _texts(at, "success"))

    at.selectbox(key="plan_fix_measure").set_value(1)
    at.radio(key="plan_fix_action").set_value("remove").run()
    at.selectbox(key="plan_fix_place").set_value("nansha")
    at.button(key="plan_fix_apply").click().run()
    at.selectbox(key="plan_fix_measure").set_value(3)
    at.radio(key="plan_fix_action").set_value("add").run()
    at.selectbox(key="plan_fix_place").set_value("guangzhou")
    at.text_input(key="plan_fix_reason").set_value("平台在广州")
    at.button(key="plan_fix_apply").click().run()
    assert not at.exception and not _texts(at, "error")
    assert [(c["measure"], c["action"], c["place"]) for c in plans.plan_corrections(draft.id)] == [
        (1, "remove", "nansha"),
        (3, "add", "guangzhou"),
    ]
    shown = " ".join(m.value for m in at.markdown)
    assert "平台在广州" in shown and "删除标注" in shown

    at.radio(key="plan_fix_action").set_value("add").run()
    at.selectbox(key="plan_fix_place").set_value("shenzhen")
    at.button(key="plan_fix_apply").click().run()  # no reason
    assert any("adding a place needs a reason" in e for e in _texts(at, "error"))
    assert len(plans.plan_corrections(draft.id)) == 2

    at.button(key="plan_publish").click().run()
    assert plans.get_plan(draft.id).state == "published"
    at2 = _sign_in(run_page(IMPORT_PAGE), "office")  # the same file again, in another session
    at2.file_uploader(key="dba_import_upload").upload("城市任务.csv", DATA).run()
    at2.button(key="plan_save").click().run()
    assert any(f"此文件已导入为方案 {draft.id}" in e for e in _texts(at2, "error"))
    assert len(plans.list_plans()) == 2

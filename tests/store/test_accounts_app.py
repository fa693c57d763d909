"""The 我的任务 page and the sign-in sidebar (AppTest through app.py), on SQLite and PostgreSQL: a reporter edits
only its own department's assignments, every refused or expired case shows one line and saves nothing."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from accounts_support import PASSWORD, fast_hashes  # noqa: F401 (an autouse fixture)
from apptest_support import run_page
from streamlit.testing.v1 import AppTest

from geo.progress import periods
from geo.progress.rules import load_rules
from geo.store import audit, service
from geo.store import progress_service as progress
from ui import auth
from ui.my_tasks_forms import report_key
from ui.my_tasks_view import panel_key

TASKS_PAGE = "pages/5_我的任务.py"
MAP_PAGE = "pages/0_地图.py"
EDU, SCI = "省教育厅", "省科技厅"


@pytest.fixture
def people(upgraded):
    service.ensure_assignments(1)
    progress.set_cycle(service.OPERATOR, 1, "quarterly", report_from=dt.date(2026, 1, 1))
    service.add_account(service.OPERATOR, "edu", "reporter", PASSWORD, department="广东省教育厅")
    service.add_account(service.OPERATOR, "look", "viewer", PASSWORD)
    return upgraded


def _login(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    at.sidebar.text_input(key=auth.K_NAME).input(username)
    at.sidebar.text_input(key=auth.K_PASSWORD).input(password)
    at.sidebar.button[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _forms(at: AppTest) -> set[str]:
    """The assignment panels (each holds the report and milestone forms) drawn for this user."""
    return {panel_key(a.id) for a in service.list_assignments(1) if panel_key(a.id) in at.session_state}


def _submit(at: AppTest, assignment_id: int, text: str) -> AppTest:
    at.session_state[panel_key(assignment_id)] = True  # open the panel
    at.run()
    key = report_key(assignment_id, periods.period_of(load_rules().today(), "quarterly").name)
    at.text_area(key=f"{key}_progress").input(text)
    at.button(key=f"{key}_submit").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_reporter_sees_only_its_department_as_editable_and_saves_on_the_record(people):
    at = _login(run_page(TASKS_PAGE), "edu")
    assert [c.value for c in at.sidebar.caption] == ["已登录：edu（填报人：省教育厅）"]
    mine = service.list_assignments(1, department=EDU)
    theirs = service.list_assignments(1, department=SCI)
    assert _forms(at) == {panel_key(a.id) for a in mine}  # six forms, all 省教育厅's
    assert not _forms(at) & {panel_key(a.id) for a in theirs}  # 省科技厅's: no way to write them here
    first = mine[0]
    _submit(at, first.id, "已完成调研")
    assert [x.value for x in at.success][0].startswith(f"已提交措施 {first.measure}")
    [report] = progress.list_reports(1, department=EDU)
    assert (report.progress, report.author, report.state) == ("已完成调研", "edu", "submitted")
    [entry] = [h for h in audit.measure_history(1, first.measure) if h.action.startswith("report.")]
    assert entry.actor == "edu"
    at.selectbox(key="tasks_history_measure").set_value(first.measure).run()
    history = at.dataframe[-1].value
    assert list(history["操作人"]) == ["edu"] and "已完成调研" in history["修改后"].iloc[0]


def test_a_viewer_and_an_anonymous_visitor_get_no_form(people):
    at = run_page(TASKS_PAGE)
    assert _forms(at) == set() and "登录后可编辑本部门的任务。" in [c.value for c in at.caption]
    assert len(at.dataframe[0].value) == len(service.list_assignments(1))
    at = _login(at, "look")
    assert [c.value for c in at.sidebar.caption] == ["已登录：look（查看者）"]
    assert _forms(at) == set()


def test_a_user_disabled_while_signed_in_can_do_nothing_on_the_next_request(people):
    at = _login(run_page(TASKS_PAGE), "edu")
    first = service.list_assignments(1, department=EDU)[0]
    at.session_state[panel_key(first.id)] = True
    at.run()
    service.set_disabled(service.OPERATOR, "edu")
    key = report_key(first.id, periods.period_of(load_rules().today(), "quarterly").name)
    at.text_area(key=f"{key}_progress").input("停用后写入")
    at.button(key=f"{key}_submit").click().run()
    assert [e.value.replace("\\", "") for e in at.error] == ["未保存：account edu cannot act (disabled or removed)"]
    assert progress.list_reports(1, department=EDU) == []
    assert [w.value for w in at.sidebar.warning] == ["该账号已停用，已退出登录。"]
    assert _forms(at) == set()


def test_a_wrong_or_unknown_login_gets_one_message_and_the_sixth_try_is_refused(people):
    at = run_page(TASKS_PAGE)
    for _ in range(5):
        _login(at, "edu", "wrong password")
        assert [e.value for e in at.sidebar.error] == ["用户名或密码错误，或尝试次数过多，请稍后再试。"]
    _login(at, "edu", PASSWORD)  # the sixth: the right password, but locked
    assert [e.value for e in at.sidebar.error] == ["用户名或密码错误，或尝试次数过多，请稍后再试。"]
    assert _forms(at) == set()
    _login(at, "nobody", PASSWORD)
    assert [e.value for e in at.sidebar.error] == ["用户名或密码错误，或尝试次数过多，请稍后再试。"]


def test_an_idle_login_expires(people):
    at = _login(run_page(TASKS_PAGE), "edu")
    assert _forms(at)
    at.session_state[auth.K_SEEN] = time.time() - 31 * 60
    at.run()
    assert [w.value for w in at.sidebar.warning] == ["长时间未操作，已自动退出登录。"]
    assert _forms(at) == set() and at.sidebar.text_input(key=auth.K_NAME)


def test_reading_without_a_login_can_be_switched_off(people, monkeypatch):
    monkeypatch.setenv("GEO_ANONYMOUS_READ", "off")
    at = run_page(MAP_PAGE)
    assert [i.value for i in at.info] == ["请先登录。"]
    assert not at.get("iframe") and not at.title
    at = _login(at, "look")
    assert [i.value for i in at.info] != ["请先登录。"]

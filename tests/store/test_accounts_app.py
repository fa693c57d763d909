"""The 我的任务 page and the sign-in sidebar (AppTest through app.py), on SQLite and PostgreSQL: a reporter edits
only its own department's assignments, every refused or expired case shows one line and saves nothing."""

from __future__ import annotations

import time

import pytest
from accounts_support import PASSWORD, fast_hashes  # noqa: F401 (an autouse fixture)
from apptest_support import run_page
from streamlit.testing.v1 import AppTest

from geo.store import audit, service
from ui import auth
from ui.assignments_view import form_key

TASKS_PAGE = "pages/5_我的任务.py"
MAP_PAGE = "pages/0_地图.py"
EDU, SCI = "省教育厅", "省科技厅"


@pytest.fixture
def people(upgraded):
    service.ensure_assignments(1)
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
    keys = set()
    for widget in at.text_area:
        if widget.key and widget.key.startswith("asg_"):
            keys.add(widget.key.removesuffix("_note"))
    return keys


def test_a_reporter_sees_only_its_department_as_editable_and_saves_on_the_record(people):
    at = _login(run_page(TASKS_PAGE), "edu")
    assert [c.value for c in at.sidebar.caption] == ["已登录：edu（填报人：省教育厅）"]
    mine = service.list_assignments(1, department=EDU)
    theirs = service.list_assignments(1, department=SCI)
    assert _forms(at) == {form_key(a.id) for a in mine}  # six forms, all 省教育厅's
    assert not _forms(at) & {form_key(a.id) for a in theirs}  # 省科技厅's: no way to write them here
    first = mine[0]
    at.text_area(key=f"{form_key(first.id)}_note").input("已完成调研")
    at.text_input(key=f"{form_key(first.id)}_milestone").input("2026年12月底前上线")
    next(b for b in at.button if b.key and form_key(first.id) in b.key).click().run()
    assert [s.value for s in at.success] == [f"已保存措施 {first.measure}（{EDU}）。"]
    saved = service.list_assignments(1, department=EDU)[0]
    assert (saved.note, saved.milestone) == ("已完成调研", "2026年12月底前上线")
    [entry] = [h for h in audit.measure_history(1, first.measure) if h.action == "assignment.update"]
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
    service.set_disabled(service.OPERATOR, "edu")
    at.text_area(key=f"{form_key(first.id)}_note").input("停用后写入")
    next(b for b in at.button if b.key and form_key(first.id) in b.key).click().run()
    assert [e.value.replace("\\", "") for e in at.error] == ["未保存：account edu cannot act (disabled or removed)"]
    assert service.list_assignments(1, department=EDU)[0].note == ""
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

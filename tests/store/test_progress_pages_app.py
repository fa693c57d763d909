"""我的任务 and 督办 under AppTest (through app.py): a reporter writes only its own department's reports, a draft
stays out of the office's list, the office approves and returns, the reporter sees the comment on top; a viewer
and a reporter get the office-only message on 督办; sample data is marked on both pages."""

from __future__ import annotations

import datetime as dt

import pytest
from accounts_support import PASSWORD, fast_hashes  # noqa: F401 (an autouse fixture)
from apptest_support import run_page
from smtp_support import smtp_server, wait_for  # noqa: F401 (a fixture)
from streamlit.testing.v1 import AppTest

from geo.progress import demo
from geo.progress.rules import load_rules
from geo.store import progress_service as progress
from geo.store import service
from ui import auth
from ui.my_tasks_forms import report_key
from ui.my_tasks_view import panel_key
from ui.supervision_review import review_key
from ui.text import md_escape

TASKS_PAGE = "pages/5_我的任务.py"
OFFICE_PAGE = "pages/6_督办.py"
EDU, SCI = "省教育厅", "省科技厅"
HOSTILE = "第一项进展 ![x](http://h/t.png)"
SQLITE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def people(upgraded):
    service.ensure_assignments(1)
    progress.set_cycle(service.OPERATOR, 1, "quarterly", report_from=dt.date(2026, 1, 1))
    for name, role, department in (
        ("edu", "reporter", "广东省教育厅"), ("sci", "reporter", SCI), ("office", "reviewer", None),
        ("boss", "admin", None), ("look", "viewer", None),
    ):  # fmt: skip
        service.add_account(service.OPERATOR, name, role, PASSWORD, department=department)
    return upgraded


def _login(at: AppTest, username: str) -> AppTest:
    at.sidebar.text_input(key=auth.K_NAME).input(username)
    at.sidebar.text_input(key=auth.K_PASSWORD).input(PASSWORD)
    at.sidebar.button[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _open(at: AppTest, assignment_id: int) -> AppTest:
    at.session_state[panel_key(assignment_id)] = True
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _period() -> str:
    from geo.progress import periods

    return periods.period_of(load_rules().today(), "quarterly").name


def _write(at: AppTest, assignment_id: int, text: str, button: str) -> AppTest:
    key = report_key(assignment_id, _period())
    at.text_area(key=f"{key}_progress").input(text)
    at.button(key=f"{key}_{button}").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _review_buttons(at: AppTest) -> set[str]:
    return {b.key for b in at.button if b.key and b.key.startswith("sv_rev_")}


@SQLITE
def test_a_reporter_gets_panels_only_for_its_own_department_and_a_draft_stays_with_it(people):
    at = _login(run_page(TASKS_PAGE), "edu")
    mine = service.list_assignments(1, department=EDU)
    theirs = service.list_assignments(1, department=SCI)
    panels = {panel_key(a.id) for a in service.list_assignments(1) if panel_key(a.id) in at.session_state}
    assert panels == {panel_key(a.id) for a in mine}  # six panels, all 省教育厅's; 省科技厅's: read-only rows only
    assert not panels & {panel_key(a.id) for a in theirs}
    _open(at, mine[0].id)
    # The report date offers no day after today: a report is never dated in the future.
    latest = at.date_input(key=f"{report_key(mine[0].id, _period())}_as_of").proto.max
    assert latest == load_rules().today().isoformat()
    _write(at, mine[0].id, "草稿：已完成调研", "draft")
    assert [s.value for s in at.success] == [f"已保存措施 {mine[0].measure}（{_period()}）的草稿。"]
    [draft] = progress.list_reports(1, viewer=service.actor_for("edu"), department=EDU)
    assert (draft.state, draft.author, draft.progress) == ("draft", "edu", "草稿：已完成调研")
    office = _login(run_page(OFFICE_PAGE), "office")
    assert _review_buttons(office) == set()  # the office never sees a draft
    assert "待审核报告（0）" in [tab.label for tab in office.tabs]


@SQLITE
def test_the_office_approves_one_report_and_returns_another_and_the_reporter_sees_the_comment(people):
    at = _login(run_page(TASKS_PAGE), "edu")
    first, second = service.list_assignments(1, department=EDU)[:2]
    for a, text in ((first, HOSTILE), (second, "第二项进展")):
        _open(at, a.id)
        _write(at, a.id, text, "submit")
        assert [s.value for s in at.success] == [f"已提交措施 {a.measure}（{_period()}）的报告，等待审核。"]
    office = _login(run_page(OFFICE_PAGE), "office")
    shown = [m.value for m in office.markdown if "第一项进展" in m.value]
    assert shown == [f"**进展情况**：{md_escape(HOSTILE)}"] and "![x](" not in shown[0]  # text, never an image
    reports = {r.assignment_id: r for r in progress.awaiting_review(1)}
    assert {f"{review_key(r.id)}_approve" for r in reports.values()} <= _review_buttons(office)
    office.button(key=f"{review_key(reports[first.id].id)}_approve").click().run()
    assert [s.value for s in office.success] == [f"已通过措施 {first.measure}（{EDU}，{_period()}）的报告。"]
    key = review_key(reports[second.id].id)
    office.button(key=f"{key}_return").click().run()  # no comment: refused, one line
    assert [e.value for e in office.error] == ["未保存：returning a report needs a comment that says what to change"]
    office.text_input(key=f"{key}_comment").input("请补充量化指标")
    office.button(key=f"{key}_return").click().run()
    assert [s.value for s in office.success] == [f"已退回措施 {second.measure}（{EDU}，{_period()}）的报告。"]
    assert _review_buttons(office) == set()
    at.run()
    banner = [e.value for e in at.error]
    assert banner[0].startswith("**1 份报告被退回**")
    assert "请补充量化指标" in banner[0] and "office" in banner[0]
    # The returned report's panel opens by itself and keeps the comment above the form.
    assert at.session_state[panel_key(second.id)] is True
    assert any("退回意见（office）：请补充量化指标" in e.value for e in at.error[1:])
    states = {r.assignment_id: r.state for r in progress.list_reports(1, department=EDU)}
    assert states == {first.id: "approved", second.id: "returned"}


@SQLITE
def test_a_viewer_and_a_reporter_get_the_office_only_message_and_no_review(people):
    at = _login(run_page(TASKS_PAGE), "edu")
    first = service.list_assignments(1, department=EDU)[0]
    _open(at, first.id)
    _write(at, first.id, "已提交", "submit")
    for name in ("look", "edu", None):
        office = run_page(OFFICE_PAGE)
        if name:
            office = _login(office, name)
        assert [i.value for i in office.info] == [
            "督办页面仅限专责小组办公室（管理员、审核人）使用，请以相应账号登录。"
        ]
        assert _review_buttons(office) == set() and not office.tabs
    report = progress.awaiting_review(1)[0]
    with pytest.raises(service.Forbidden, match="may not review reports: office only"):
        progress.review_report(service.actor_for("look"), report.id, "approve")


@SQLITE
def test_the_admin_sets_the_cycle_and_a_reviewer_cannot(people):
    office = _login(run_page(OFFICE_PAGE), "office")
    assert "只有管理员可以修改报送周期。" in [c.value for c in office.caption]
    boss = _login(run_page(OFFICE_PAGE), "boss")
    boss.selectbox(key="sv_cycle_cycle").set_value("monthly")
    boss.number_input(key="sv_cycle_due_days").set_value(10)
    boss.button(key="sv_cycle_save").click().run()
    assert [s.value for s in boss.success] == ["已保存报送周期：按月。"]
    assert (progress.get_cycle(1).cycle, progress.get_cycle(1).due_days) == ("monthly", 10)


@SQLITE
def test_sample_data_is_marked_on_both_pages(people):
    sample_note = "示例数据：本页含演示用的示例报告（python -m geo.progress demo），不是真实进展。"
    tasks = _login(run_page(TASKS_PAGE), "edu")
    office = _login(run_page(OFFICE_PAGE), "boss")
    assert sample_note not in [w.value for w in tasks.warning] + [w.value for w in office.warning]
    demo.fill_demo(1)
    tasks.run()
    office.run()
    assert sample_note in [w.value for w in tasks.warning]
    assert sample_note in [w.value for w in office.warning]
    lights = office.dataframe[0].value
    assert len(lights) == len(service.list_assignments(1))
    assert set(lights["灯号"].str[0]) <= {"●", "▲", "■"}
    counts = {level: int((lights["灯号"].str[0] == shape).sum()) for level, shape in (("red", "■"), ("green", "●"))}
    shown = [m.value for m in office.markdown if "progress-light" in m.value]
    assert len(shown) == 3 and f"■ 逾期</span>　**{counts['red']}**" in shown[2]
    office.multiselect(key="sv_lights").set_value(["red"]).run()
    assert len(office.dataframe[0].value) == counts["red"]


@SQLITE
def test_a_reporter_adds_dates_and_removes_a_milestone_and_every_version_stays_in_the_history(people):
    at = _login(run_page(TASKS_PAGE), "edu")
    first = service.list_assignments(1, department=EDU)[0]
    _open(at, first.id)
    before = {m.key for m in progress.list_milestones(first.id)}
    at.text_input(key=f"ms_{first.id}_new_text").input("完成平台联调")
    at.date_input(key=f"ms_{first.id}_new_due").set_value(dt.date(2027, 3, 31))
    at.button(key=f"ms_{first.id}_new_add").click().run()
    assert [s.value for s in at.success] == ["已添加阶段目标。"]
    [added] = [m for m in progress.list_milestones(first.id) if m.key not in before]
    assert (added.text, added.due_on, added.recorded_by) == ("完成平台联调", "2027-03-31", "edu")
    base = f"ms_{first.id}_{added.key}"
    at.date_input(key=f"{base}_done").set_value(dt.date(2027, 3, 20))
    at.button(key=f"{base}_save").click().run()
    assert [s.value for s in at.success] == ["已保存阶段目标。"]
    [done] = [m for m in progress.list_milestones(first.id) if m.key == added.key]
    assert (done.version, done.done_on) == (2, "2027-03-20")
    at.button(key=f"{base}_remove").click().run()
    assert [s.value for s in at.success] == ["已删除阶段目标（历史记录中保留）。"]
    assert added.key not in {m.key for m in progress.list_milestones(first.id)}
    versions = next(df.value for df in at.dataframe if "已删除" in df.value.columns)  # the history tab
    mine = versions[versions["阶段目标"] == "完成平台联调"]
    assert list(mine["版本"]) == [1, 2, 3] and list(mine["已删除"]) == ["", "", "✓"]
    other = service.list_assignments(1, department=SCI)[0]
    with pytest.raises(service.Forbidden):  # the form is never drawn for 省科技厅; the service refuses it too
        progress.add_milestone(service.actor_for("edu"), other.id, "越权", None)


@SQLITE
def test_the_office_sends_the_reminders_by_e_mail_when_smtp_is_configured(people, smtp_server, monkeypatch):  # noqa: F811
    office = _login(run_page(OFFICE_PAGE), "office")
    assert "未配置 [smtp]：请下载催办清单后发送。" in [c.value for c in office.caption]
    inbox, port = smtp_server
    monkeypatch.setenv("GEO_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("GEO_SMTP_PORT", str(port))
    monkeypatch.setenv("GEO_SMTP_RECIPIENTS", "广东省教育厅=edu@example.org")
    office.run()
    office.button(key="sv_email").click().run()
    [sent] = [s.value for s in office.success]
    assert sent.startswith("已向 1 个部门发送催办邮件。 未配置邮箱的部门：") and "省科技厅" in sent
    wait_for(inbox, 1)
    assert [tos for tos, _ in inbox.messages] == [["edu@example.org"]]

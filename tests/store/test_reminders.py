"""The 催办 lists (geo.progress.reminders): what is missing, due soon and overdue on an as-of date, at the
boundaries of data/progress.json's window; the XLSX with one sheet per department; the e-mail per department,
sent to a real local SMTP server (aiosmtpd) the test starts."""

from __future__ import annotations

import datetime as dt
import email
import io
import socket

import pytest
from openpyxl import load_workbook
from smtp_support import smtp_server, wait_for  # noqa: F401 (a fixture)

from geo.progress import reminders, status
from geo.progress.rules import load_rules
from geo.store import progress_service as progress
from geo.store import service
from geo.store.service import OPERATOR

SQLITE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # lists read what the core reads (tested on both)

AS_OF = dt.date(2026, 11, 30)
BEFORE = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)  # every fact of the setup is known on AS_OF
EDU, SCI = "省教育厅", "省科技厅"


def _report(assignment_id: int, period: str, status_name: str = "推进中") -> None:
    item = progress.ReportInput(period=period, as_of=dt.date(2026, 9, 30), status=status_name, progress="按计划推进")
    progress.save_report(OPERATOR, assignment_id, item, submit=True, now=BEFORE)


@pytest.fixture
def plan(upgraded):
    service.ensure_assignments(1)
    progress.set_cycle(OPERATOR, 1, "quarterly", report_from=dt.date(2026, 1, 1))
    edu = service.list_assignments(1, department=EDU)
    sci = service.list_assignments(1, department=SCI)
    window = load_rules().lights.yellow_due_within_days
    due = {
        "on_the_last_day_of_the_window": (edu[0].id, AS_OF + dt.timedelta(days=window)),
        "one_day_after_the_window": (edu[1].id, AS_OF + dt.timedelta(days=window + 1)),
        "due_today": (edu[2].id, AS_OF),
        "due_yesterday": (sci[0].id, AS_OF - dt.timedelta(days=1)),
    }
    added = {text: progress.add_milestone(OPERATOR, aid, text, day, now=BEFORE) for text, (aid, day) in due.items()}
    done = progress.add_milestone(OPERATOR, sci[1].id, "done_before", AS_OF - dt.timedelta(days=3), now=BEFORE)
    progress.update_milestone(OPERATOR, sci[1].id, done.key, done_on=AS_OF - dt.timedelta(days=4), now=BEFORE)
    _report(edu[0].id, "2026-Q3")
    _report(sci[2].id, "2026-Q3", "已完成")
    return {"edu": edu, "sci": sci, "milestones": added}


def _lists(period: str | None = None) -> reminders.ReminderLists:
    return reminders.build_lists(status.snapshot(1, as_of=AS_OF), period=period)


@SQLITE
def test_the_lists_follow_the_window_and_the_due_day(plan):
    lists = _lists()
    soon = {r.subject: r.days for r in lists.due_soon}
    assert soon["on_the_last_day_of_the_window"] == 15 and soon["due_today"] == 0
    assert "one_day_after_the_window" not in soon
    overdue = {r.subject: r.days for r in lists.overdue}
    assert overdue["due_yesterday"] == -1
    assert "done_before" not in overdue and "due_today" not in overdue
    assert lists.period == "2026-Q3"
    missing = {r.measure: r for r in lists.missing if r.department in (EDU, SCI)}
    edu, sci = plan["edu"], plan["sci"]
    assert edu[0].measure not in {r.measure for r in lists.missing if r.department == EDU}  # reported
    assert missing[edu[1].measure].due_on == dt.date(2026, 10, 5)  # Q3 + 5 days
    assert missing[edu[1].measure].days == (dt.date(2026, 10, 5) - AS_OF).days
    assert sci[2].measure not in {r.measure for r in lists.missing if r.department == SCI}  # 已完成: not chased
    current = _lists("2026-Q4")
    assert {r.department for r in current.missing} >= {EDU, SCI}  # nobody reported Q4 yet
    with pytest.raises(ValueError, match="current or the due period"):
        _lists("2026-Q1")


@SQLITE
def test_a_fact_recorded_after_the_as_of_day_does_not_change_its_list(plan):
    before = _lists()
    later = load_rules().end_of_day(AS_OF) + dt.timedelta(hours=1)
    yesterday = plan["milestones"]["due_yesterday"]
    progress.update_milestone(OPERATOR, yesterday.assignment_id, yesterday.key, done_on=AS_OF, now=later)
    assert _lists().overdue == before.overdue
    next_day = reminders.build_lists(status.snapshot(1, as_of=AS_OF + dt.timedelta(days=1)))
    assert "due_yesterday" not in {r.subject for r in next_day.overdue}


@SQLITE
def test_the_workbook_has_one_sheet_per_department_with_only_its_items(plan):
    lists = _lists()
    wb = load_workbook(io.BytesIO(reminders.workbook_bytes(lists, title="测试方案")))
    grouped = lists.by_department()
    assert wb.sheetnames[0] == "汇总" and len(wb.sheetnames) == len(grouped) + 1
    summary = {row[0]: row[1:] for row in wb["汇总"].iter_rows(min_row=3, values_only=True)}
    assert set(summary) == set(grouped)
    edu_sheet = wb[EDU]
    assert edu_sheet["A1"].value.startswith(EDU) and edu_sheet["B1"].value == AS_OF.isoformat()
    rows = list(edu_sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(grouped[EDU]) == sum(summary[EDU])
    kinds = {r[0] for r in rows}
    assert kinds <= {"报告缺报", "阶段目标逾期", "阶段目标临期"} and "阶段目标临期" in kinds
    assert all(r[4][0] in "●▲■" for r in rows)  # the light as shape + word
    only = load_workbook(io.BytesIO(reminders.workbook_bytes(lists, title="测试方案", departments=[SCI])))
    assert only.sheetnames == ["汇总", SCI]


@SQLITE
def test_sample_data_is_marked_in_the_export(plan):
    plain = load_workbook(io.BytesIO(reminders.workbook_bytes(_lists(), title="测试方案")))
    assert "示例数据" not in [c.value for c in plain["汇总"][1]]
    sample = progress.ReportInput(period="2026-Q3", as_of=dt.date(2026, 9, 30), status="推进中")
    progress.save_report(OPERATOR, plan["edu"][3].id, sample, submit=True, sample=True, now=BEFORE)
    lists = _lists()
    assert lists.sample
    marked = load_workbook(io.BytesIO(reminders.workbook_bytes(lists, title="测试方案")))
    assert "示例数据" in [c.value for c in marked["汇总"][1]]


@SQLITE
def test_reminders_go_by_e_mail_one_per_department_with_its_own_sheet(plan, smtp_server):  # noqa: F811
    inbox, port = smtp_server
    settings = reminders.smtp_settings(
        {"host": "127.0.0.1", "port": port, "sender": "office@example.org",
         "recipients": {"广东省教育厅": "edu@example.org", SCI: "sci@example.org"}},
    )  # fmt: skip
    assert settings.recipients == {EDU: "edu@example.org", SCI: "sci@example.org"}  # registry names
    lists = _lists()
    result = reminders.send_reminders(settings, lists, title="测试方案", plan_id=1)
    assert sorted(result.sent) == sorted([EDU, SCI])
    assert set(result.no_address) == set(lists.by_department()) - {EDU, SCI}
    wait_for(inbox, 2)
    by_to = {tos[0]: email.message_from_bytes(content, policy=email.policy.default) for tos, content in inbox.messages}
    assert set(by_to) == {"edu@example.org", "sci@example.org"}
    message = by_to["edu@example.org"]
    assert "催办清单" in message["Subject"] and "省教育厅" in message["Subject"]
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename().endswith(".xlsx")
    wb = load_workbook(io.BytesIO(attachment.get_content()))
    assert wb.sheetnames == ["汇总", EDU]  # a department never receives another department's items


@SQLITE
def test_an_unreachable_server_is_one_line_and_no_address_means_no_connection(plan):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    settings = reminders.smtp_settings({"host": "127.0.0.1", "port": port, "recipients": {EDU: "edu@example.org"}})
    with pytest.raises(reminders.SmtpError, match=rf"^e-mail to 127\.0\.0\.1:{port} failed: ConnectionRefusedError"):
        reminders.send_reminders(settings, _lists(), title="测试方案", plan_id=1)
    nobody = reminders.smtp_settings({"host": "127.0.0.1", "port": port})
    result = reminders.send_reminders(nobody, _lists(), title="测试方案", plan_id=1)  # no connection attempted
    assert result.sent == [] and EDU in result.no_address


def test_smtp_settings_come_from_the_section_or_the_environment():
    assert reminders.smtp_settings(None, env={}) is None
    env = {"GEO_SMTP_HOST": "mail.example.org", "GEO_SMTP_PORT": "587", "GEO_SMTP_SECURITY": "starttls",
           "GEO_SMTP_RECIPIENTS": "省教育厅=edu@example.org;省科技厅=sci@example.org"}  # fmt: skip
    settings = reminders.smtp_settings(None, env=env)
    assert (settings.host, settings.port, settings.security) == ("mail.example.org", 587, "starttls")
    assert settings.recipients == {EDU: "edu@example.org", SCI: "sci@example.org"}
    with pytest.raises(reminders.SmtpError, match="security must be none, starttls or ssl"):
        reminders.smtp_settings({"host": "x", "security": "tls"}, env={})

"""Accounts, roles and the one service layer (geo.store.service), on SQLite and PostgreSQL: each forbidden write
fails and leaves nothing behind; the CLIs say so in one line with exit code 2."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from accounts_support import PASSWORD, fast_hashes  # noqa: F401 (an autouse fixture)
from table_builders import csv_table

from geo import accounts as accounts_cli
from geo import assignments as assignments_cli
from geo import plans as plans_cli
from geo.store import accounts, audit, plans, service

EDU, SCI = "省教育厅", "省科技厅"


def _add(username: str, role: str, department: str | None = None) -> service.Actor:
    service.add_account(service.OPERATOR, username, role, PASSWORD, department=department)
    actor = service.actor_for(username)
    assert actor is not None
    return actor


@pytest.fixture
def people(upgraded):
    """The seed plan with its assignments, and one account per role."""
    service.ensure_assignments(1)
    return {
        "admin": _add("office", "admin"),
        "edu": _add("edu", "reporter", "广东省教育厅"),  # the official name reaches 省教育厅
        "sci": _add("sci", "reporter", SCI),
        "viewer": _add("look", "viewer"),
        "reviewer": _add("rev", "reviewer"),
    }


def _first(department: str) -> service.AssignmentInfo:
    return service.list_assignments(1, department=department)[0]


def _stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_a_reporter_writes_its_own_department_and_the_trail_records_it(people):
    mine = _first(EDU)
    updated = service.update_assignment(people["edu"], mine.id, milestone="2026年底前完成试点", note="已启动")
    assert (updated.milestone, updated.note, updated.version) == ("2026年底前完成试点", "已启动", 2)
    [entry] = [e for e in audit.measure_history(1, mine.measure) if e.action == "assignment.update"]
    assert entry.actor == "edu"
    assert entry.before == {"milestone": "", "note": ""}
    assert entry.after == {"milestone": "2026年底前完成试点", "note": "已启动"}


def test_a_reporter_of_edu_cannot_write_an_assignment_of_sci(people):
    theirs = _first(SCI)
    with pytest.raises(service.Forbidden, match="may not write the assignments of 省科技厅"):
        service.update_assignment(people["edu"], theirs.id, note="不是我的")
    assert _first(SCI).note == "" and _first(SCI).version == 1
    assert not [e for e in audit.entries() if e.action == "assignment.update"]


def test_an_admin_acts_for_any_department(people):
    theirs = _first(SCI)
    assert service.update_assignment(people["admin"], theirs.id, note="办公室代填").note == "办公室代填"


@pytest.mark.parametrize("who", ["viewer", "reviewer"])
def test_a_viewer_or_reviewer_writes_nothing(people, who, tmp_path):
    actor = people[who]
    with pytest.raises(service.Forbidden):
        service.update_assignment(actor, _first(EDU).id, note="x")
    with pytest.raises(service.Forbidden, match="admin only"):
        service.add_account(actor, "mallory", "admin", PASSWORD)
    with pytest.raises(service.Forbidden, match="admin only"):
        service.set_disabled(actor, "edu")
    with pytest.raises(service.Forbidden, match="admin only"):
        service.reset_password(actor, "edu", "another pass 2")
    with pytest.raises(service.Forbidden, match="admin only"):
        service.archive_plan(actor, 1)
    with pytest.raises(service.Forbidden, match="admin only"):
        service.publish_plan(actor, 1)  # published already: still no answer without the right
    with pytest.raises(service.Forbidden, match="admin only"):
        service.import_plan_bytes(actor, csv_table([[1, "一、主题", "在广州南沙建设数据中心。", EDU]]), "t.csv")
    assert [p.id for p in plans.list_plans()] == [1] and plans.get_plan(1).state == "published"
    assert accounts.get_account("mallory") is None and not accounts.get_account("edu").disabled
    assert {e.action for e in audit.entries()} == {"account.add", "assignments.derive"}


def test_an_anonymous_visitor_writes_nothing(people):
    with pytest.raises(service.Forbidden, match="writing needs a login"):
        service.update_assignment(service.ANONYMOUS, _first(EDU).id, note="x")
    with pytest.raises(service.Forbidden, match="writing needs a login"):
        service.archive_plan(service.ANONYMOUS, 1)
    assert not service.may_edit(service.ANONYMOUS, EDU) and not service.may_edit(None, EDU)


def test_a_disabled_account_can_do_nothing_from_its_next_request_on(people):
    actor = people["edu"]  # the session still holds the actor it had before the account was disabled
    service.set_disabled(people["admin"], "edu")
    with pytest.raises(service.Forbidden, match="cannot act"):
        service.update_assignment(actor, _first(EDU).id, note="x")
    assert service.actor_for("edu") is None
    with pytest.raises(accounts.LoginFailed):
        accounts.authenticate("edu", PASSWORD)
    disabled_admin = people["admin"]
    service.set_disabled(service.OPERATOR, "office")
    with pytest.raises(service.Forbidden, match="cannot act"):
        service.set_disabled(disabled_admin, "edu", False)


def test_the_default_hash_is_argon2id_with_the_rfc_9106_profile(monkeypatch):
    monkeypatch.delenv(accounts.ARGON2_ENV)
    stored = accounts.hash_password(PASSWORD)
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$") and PASSWORD not in stored


def test_passwords_are_argon2_hashes_and_never_shown(people, capsys):
    from sqlalchemy import select

    from geo.store.engine import session_scope
    from geo.store.models import Account

    with session_scope() as session:
        stored = session.scalar(select(Account.password_hash).where(Account.username == "edu"))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert accounts_cli.main(["list", "--json"]) == 0
    listed = capsys.readouterr().out
    assert PASSWORD not in listed and "argon2" not in listed
    assert all(
        PASSWORD not in json.dumps([e.before, e.after]) and "argon2" not in str(e.after) for e in audit.entries()
    )


def test_five_failures_lock_a_user_for_15_minutes_and_the_message_never_tells(people):
    start = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    messages = set()
    for k in range(5):
        with pytest.raises(accounts.LoginFailed) as wrong:
            accounts.authenticate("edu", f"wrong {k}", now=start + dt.timedelta(minutes=2 * k))
        messages.add(str(wrong.value))
    sixth = start + dt.timedelta(minutes=9)
    with pytest.raises(accounts.LoginFailed) as locked:  # the sixth try: even the right password is refused
        accounts.authenticate("edu", PASSWORD, now=sixth)
    messages.add(str(locked.value))
    with pytest.raises(accounts.LoginFailed) as nobody:
        accounts.authenticate("nobody-here", PASSWORD, now=sixth)
    messages.add(str(nobody.value))
    assert messages == {accounts.LOGIN_FAILED}  # wrong password, locked, unknown user: one message
    assert accounts.locked_until("edu", now=sixth) == start + dt.timedelta(minutes=8 + 15)
    with pytest.raises(accounts.LoginFailed):
        accounts.authenticate("edu", PASSWORD, now=start + dt.timedelta(minutes=22, seconds=59))
    assert accounts.authenticate("edu", PASSWORD, now=start + dt.timedelta(minutes=23, seconds=1)).department == EDU
    assert accounts.locked_until("sci", now=sixth) is None  # another user is not locked


def test_failures_spread_over_more_than_15_minutes_do_not_lock(people):
    start = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    for k in range(5):
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate("edu", "wrong", now=start + dt.timedelta(minutes=4 * k))
    assert accounts.authenticate("edu", PASSWORD, now=start + dt.timedelta(minutes=17)).username == "edu"


def test_an_unknown_name_is_locked_like_a_known_one(upgraded):
    now = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    for _ in range(5):
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate("ghost", "wrong", now=now)
    assert accounts.locked_until("ghost", now=now) is not None


# --- the command line ------------------------------------------------------------------------------------------


def test_cli_adds_lists_disables_and_resets(upgraded, monkeypatch, capsys):
    _stdin(monkeypatch, "s3cret-password\n")
    assert (
        accounts_cli.main(
            ["add", "gov", "--role", "reporter", "--department", "省政务服务数据管理局", "--password-stdin"]
        )
        == 0
    )
    assert "added gov\treporter\t省政务服务和数据管理局" in capsys.readouterr().out  # the former name reaches today's
    assert accounts_cli.main(["list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"username": "gov", "role": "reporter", "department": "省政务服务和数据管理局", "disabled": False}
    ]
    _stdin(monkeypatch, "new-password-2\n")
    assert accounts_cli.main(["reset-password", "gov", "--password-stdin"]) == 0
    assert accounts.authenticate("gov", "new-password-2").username == "gov"
    assert accounts_cli.main(["disable", "gov"]) == 0
    assert "disabled" in capsys.readouterr().out
    # After the start-up's derivation of the built-in plan's assignments (by the system), the operator's changes.
    entries = [(e.actor, e.action) for e in reversed(audit.entries())]
    assert entries == [
        ("system", "assignments.derive"),
        ("operator", "account.add"),
        ("operator", "account.reset_password"),
        ("operator", "account.disable"),
    ]


@pytest.mark.parametrize(
    ("argv", "stdin", "words"),
    [
        (["add", "x", "--role", "boss", "--password-stdin"], "password-1\n", "invalid choice: 'boss'"),
        (["add", "x", "--role", "reporter", "--password-stdin"], "password-1\n", "a reporter needs --department"),
        (["add", "x", "--role", "reporter", "--department", "火星局", "--password-stdin"], "password-1\n", "火星局"),
        (["add", "x", "--role", "viewer", "--password-stdin"], "short\n", "at least 8 characters"),
        (["add", "x", "--role", "viewer"], "password-1\n", "--password-stdin"),
        (["disable", "nobody"], "", "no account nobody"),
        (["reset-password", "nobody", "--password-stdin"], "password-1\n", "no account nobody"),
    ],
)
def test_cli_bad_input_is_one_line_exit_2_and_writes_nothing(upgraded, monkeypatch, capsys, argv, stdin, words):
    _stdin(monkeypatch, stdin)
    try:
        code = accounts_cli.main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    out = capsys.readouterr()
    assert code == 2 and out.err.count("\n") == 1 and words in out.err, out.err
    assert "password-1" not in out.err and "short" not in out.err.replace("at least", "")
    assert accounts.list_accounts() == []


def test_cli_a_reporter_of_edu_cannot_set_an_assignment_of_sci(people, capsys):
    theirs = _first(SCI)
    argv = ["set", "--plan", "1", "--measure", str(theirs.measure), "--department", SCI, "--as", "edu"]
    assert assignments_cli.main([*argv, "--note", "不是我的"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "may not write the assignments of 省科技厅" in err
    assert _first(SCI).note == ""
    mine = _first(EDU)
    argv = ["set", "--plan", "1", "--measure", str(mine.measure), "--department", "广东省教育厅", "--as", "edu"]
    assert assignments_cli.main([*argv, "--note", "按期推进"]) == 0
    assert _first(EDU).note == "按期推进"


def test_cli_a_disabled_or_unknown_user_cannot_set(people, capsys):
    service.set_disabled(service.OPERATOR, "edu")
    mine = _first(EDU)
    for user in ("edu", "nobody"):
        argv = ["set", "--plan", "1", "--measure", str(mine.measure), "--department", EDU, "--as", user, "--note", "x"]
        assert assignments_cli.main(argv) == 2
        assert "cannot act" in capsys.readouterr().err
    assert _first(EDU).note == ""


def test_plans_cli_publishes_and_archives_as_the_operator_on_the_record(upgraded, tmp_path, capsys):
    path = tmp_path / "t.csv"
    path.write_bytes(csv_table([[1, "一、主题", "在广州南沙建设数据中心。", "省教育厅牵头，省科技厅按职责分工负责"]]))
    assert plans_cli.main(["import", str(path)]) == 0
    assert plans_cli.main(["publish", "2"]) == 0
    assert plans_cli.main(["archive", "2"]) == 0
    actions = [(e.actor, e.action) for e in reversed(audit.entries())]
    assert actions == [
        ("system", "assignments.derive"),  # the built-in plan's, at start-up
        ("operator", "plan.create"),
        ("operator", "plan.published"),
        ("operator", "plan.archived"),
    ]
    assert [(a.department, a.role) for a in service.list_assignments(2)] == [(EDU, "lead"), (SCI, "co")]

"""The audit trail on SQLite and PostgreSQL: entries chain by hash; the database refuses UPDATE and DELETE; an
entry edited or removed by hand (triggers out of the way, as a superuser could) is found by `geo.audit verify`."""

from __future__ import annotations

import json

import pytest
from accounts_support import PASSWORD, fast_hashes  # noqa: F401 (an autouse fixture)
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from geo import audit as audit_cli
from geo.store import audit, service
from geo.store.engine import get_engine


@pytest.fixture
def trail(upgraded):
    """A few real changes: accounts, the seed plan's assignments, two assignment edits."""
    service.ensure_assignments(1)
    service.add_account(service.OPERATOR, "edu", "reporter", PASSWORD, department="省教育厅")
    edu = service.actor_for("edu")
    mine = service.list_assignments(1, department="省教育厅")[0]
    service.update_assignment(edu, mine.id, note="已启动")
    service.update_assignment(edu, mine.id, note="已完成一期", milestone="2026-12-31 完成一期")
    service.set_disabled(service.OPERATOR, "edu")
    return upgraded, mine.measure


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = audit_cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_entries_chain_and_verify_says_intact(trail, capsys):
    entries = list(reversed(audit.entries()))
    assert [e.action for e in entries] == [
        "assignments.derive",
        "account.add",
        "assignment.update",
        "assignment.update",
        "account.disable",
    ]
    code, out, _ = _run(capsys, "verify")
    assert code == 0 and out.startswith("audit trail intact: 5 entries; last entry 5, hash ")


def test_the_history_of_a_measure_says_who_changed_what_and_when(trail, capsys):
    _url, number = trail
    history = audit.measure_history(1, number)
    assert [(h.actor, h.before, h.after) for h in history] == [
        ("edu", {"milestone": "", "note": ""}, {"milestone": "", "note": "已启动"}),
        ("edu", {"milestone": "", "note": "已启动"}, {"milestone": "2026-12-31 完成一期", "note": "已完成一期"}),
    ]
    assert all(h.at.startswith("20") for h in history)
    code, out, _ = _run(capsys, "history", "--plan", "1", "--measure", str(number), "--json")
    assert code == 0 and [r["after"]["note"] for r in json.loads(out)] == ["已启动", "已完成一期"]


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_log SET actor = 'x' WHERE id = 3", "DELETE FROM audit_log WHERE id = 3"]
)
def test_the_database_refuses_to_change_or_remove_an_entry(trail, statement):
    url, _ = trail
    with pytest.raises(DatabaseError, match="append-only"), get_engine(url).begin() as conn:
        conn.execute(text(statement))
    assert len(audit.entries()) == 5


def _bypass(url: str, statement: str) -> None:
    """What only someone with the database in hand can do: take the triggers out of the way, then write."""
    with get_engine(url).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))  # superuser
            conn.execute(text(statement))
            conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
            conn.execute(text(statement))


def test_an_entry_edited_by_hand_is_found(trail, capsys):
    url, _ = trail
    _bypass(url, """UPDATE audit_log SET after = '{"milestone":"","note":"已完成"}' WHERE id = 3""")
    code, out, err = _run(capsys, "verify")
    assert code == 1 and out == ""
    assert err.strip() == "audit trail BROKEN: audit entry 3 was changed (its hash does not match its content)"


def test_an_entry_edited_with_its_hash_recomputed_is_found_at_the_next_entry(trail, capsys):
    url, _ = trail
    with get_engine(url).connect() as conn:
        row = conn.execute(text("SELECT * FROM audit_log WHERE id = 3")).mappings().one()
    forged = {**row, "actor": "office"}
    new_hash = audit.entry_hash(forged, row["prev_hash"])
    _bypass(url, f"UPDATE audit_log SET actor = 'office', hash = '{new_hash}' WHERE id = 3")
    code, _out, err = _run(capsys, "verify")
    assert code == 1
    assert err.strip() == "audit trail BROKEN: audit entry 3 was changed or replaced (entry 4 does not link to it)"


def test_an_entry_removed_by_hand_is_found(trail, capsys):
    url, _ = trail
    _bypass(url, "DELETE FROM audit_log WHERE id = 2")
    code, _out, err = _run(capsys, "verify")
    assert code == 1
    assert err.strip() == ("audit trail BROKEN: audit entry 2 was removed (the chain goes on at entry 3)")


def test_a_failed_write_leaves_no_entry(trail):
    edu_admin = service.Actor("edu", "admin")  # what the session believes; the database says: disabled reporter
    with pytest.raises(service.Forbidden):
        service.update_assignment(edu_admin, 1, note="x")
    assert len(audit.entries()) == 5

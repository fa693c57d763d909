"""`python -m geo.db backup FILE` / `restore FILE` on SQLite and PostgreSQL, in process (main(argv)): a restore into
an empty database gives the same rows and an audit chain `python -m geo.audit verify` accepts; a restore never
lands on a database that holds a store; a file that is not a backup is one line. Also the store's change counter.
"""

from __future__ import annotations

import datetime as dt

import pytest
from accounts_support import PASSWORD, fast_hashes  # noqa: F401 - autouse fixture
from table_builders import csv_table

from geo import audit as audit_cli
from geo import db
from geo.store import audit, backup, progress_service, service
from geo.store.engine import dispose_engine
from geo.store.progress_service import ReportInput

ROWS = [
    [1, "一、建设互通的数据网络", "在广州南沙建设国际数据中心。", "省政务服务数据管理局"],
    [2, "二、推进智慧城市群", "完善城市运行管理平台。", "省住房城乡建设厅"],
]


def _some_writes(url: str) -> None:
    """A store with a bit of everything: a published plan, accounts (one disabled), an assignment note, a submitted
    progress report (PostgreSQL: behind row-level security, migration 0004)."""
    service.add_account(service.OPERATOR, "office", "admin", PASSWORD, url=url)
    service.add_account(service.OPERATOR, "edu", "reporter", PASSWORD, department="广东省教育厅", url=url)
    info = service.import_plan_bytes(service.OPERATOR, csv_table(ROWS), "任务.csv", title="任务", url=url)
    service.publish_plan(service.OPERATOR, info.id, url=url)
    service.set_disabled(service.OPERATOR, "office", url=url)
    service.ensure_assignments(1, url=url)
    mine = service.list_assignments(1, department="省教育厅", url=url)
    edu = service.actor_for("edu", url=url)
    service.update_assignment(edu, mine[0].id, note="已完成第一阶段", url=url)
    report = ReportInput(
        period="2026-Q4", as_of=dt.date(2026, 11, 30), status="推进中", percent=40, progress="已启动。"
    )
    progress_service.set_cycle(service.OPERATOR, 1, "quarterly", url=url)
    progress_service.save_report(edu, mine[0].id, report, submit=True, url=url, now=dt.datetime(2026, 11, 30, 12))


@pytest.fixture
def empty_target(db_url, request, tmp_path):
    """Another empty database on the same backend (PostgreSQL: a new database, since the dump names its schema)."""
    if db_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_server").new_real_database(schema=db_url.rsplit("%3D", 1)[1])
    yield url
    dispose_engine(url)


def test_a_backup_restored_into_an_empty_database_has_the_same_rows_and_a_valid_chain(
    upgraded, empty_target, tmp_path, monkeypatch, capsys
):
    _some_writes(upgraded)
    source = backup.table_counts(upgraded)
    assert source.rows["audit_log"] >= 8 and source.rows["plans"] == 2 and source.rows["accounts"] == 2
    assert source.rows["progress_reports"] == 1
    file = tmp_path / "store.backup"
    assert db.main(["backup", str(file)]) == 0
    assert f"to {file}" in capsys.readouterr().out
    assert file.stat().st_mode & 0o077 == 0  # password hashes inside: the owner's only

    monkeypatch.setenv("DATABASE_URL", empty_target)
    assert db.main(["restore", str(file)]) == 0
    out = capsys.readouterr().out
    assert f"audit trail verified: {source.rows['audit_log']} entries" in out
    assert backup.table_counts(empty_target) == source
    assert audit_cli.main(["verify"]) == 0
    assert audit.last_hash(url=empty_target) == audit.last_hash(url=upgraded)
    assert service.actor_for("office", url=empty_target) is None  # still disabled
    assert service.list_assignments(1, department="省教育厅", url=empty_target)[0].note == "已完成第一阶段"

    # The restored store works on: the next write links to the restored chain.
    service.set_disabled(service.OPERATOR, "office", False, url=empty_target)
    assert audit.verify(url=empty_target) == (source.rows["audit_log"] + 1, None)

    assert db.main(["restore", str(file)]) == 2  # never onto a store
    assert "restore needs an empty database" in capsys.readouterr().err
    assert backup.table_counts(empty_target).rows["audit_log"] == source.rows["audit_log"] + 1


def test_a_file_that_is_not_a_backup_of_this_backend_is_one_line(upgraded, tmp_path, capsys):
    junk = tmp_path / "notes.txt"
    junk.write_text("not a backup\n")
    assert db.main(["restore", str(junk)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "is not a backup made by geo.db backup" in err
    other = tmp_path / "other.backup"
    other.write_bytes(backup.PG_MAGIC + b"..." if upgraded.startswith("sqlite") else backup.SQLITE_MAGIC + b"...")
    assert db.main(["restore", str(other)]) == 2
    assert "backup;" in capsys.readouterr().err
    assert db.main(["backup", str(tmp_path / "missing-folder" / "x.backup")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_the_change_counter_grows_with_every_write_through_the_service(upgraded):
    before = audit.change_count(url=upgraded)
    service.add_account(service.OPERATOR, "office", "admin", PASSWORD, url=upgraded)
    assert audit.change_count(url=upgraded) == before + 1
    service.set_disabled(service.OPERATOR, "office", url=upgraded)
    assert audit.change_count(url=upgraded) == before + 2
    with pytest.raises(service.Forbidden):  # a refused write changes nothing, and the counter says so
        service.set_disabled(service.ANONYMOUS, "office", url=upgraded)
    assert audit.change_count(url=upgraded) == before + 2

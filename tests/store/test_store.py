"""The plan service (geo.store.plans) and migrations on SQLite and PostgreSQL: corrections, states, a migration
that fails halfway, two imports at once, and a database that goes away and comes back."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
from sqlalchemy import inspect
from table_builders import csv_table

from geo.paths import ROOT
from geo.store import audit, plans, service
from geo.store.engine import StoreUnavailable, dispose_engine, get_engine
from geo.store.migrate import current_revision, head_revision, upgrade

ROWS = [
    [1, "一、建设互通的数据网络", "在广州南沙建设国际数据中心。", "省政务服务数据管理局"],
    [2, "二、推进智慧城市群", "支持深圳前海开展数据跨境试点，服务横琴。", "深圳市人民政府"],
]
DATA = csv_table(ROWS)


def test_a_migration_that_fails_halfway_leaves_the_schema_as_it_was(db_url):
    # A table in the way of the third CREATE TABLE: the first two must be rolled back with it.
    with get_engine(db_url).begin() as conn:
        conn.exec_driver_sql("CREATE TABLE place_tags (id INTEGER PRIMARY KEY)")
    with pytest.raises(Exception, match="place_tags"):
        upgrade(db_url)
    dispose_engine(db_url)
    assert set(inspect(get_engine(db_url)).get_table_names()) == {"place_tags"}
    assert current_revision(db_url) is None
    with get_engine(db_url).begin() as conn:
        conn.exec_driver_sql("DROP TABLE place_tags")
    upgrade(db_url)
    assert current_revision(db_url) == head_revision()


def test_app_processes_starting_at_once_migrate_and_seed_once(db_url):
    """Three `python -m geo.db upgrade` processes on one empty database: all succeed, one seed plan."""
    env = {**os.environ, "DATABASE_URL": db_url}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "geo.db", "upgrade"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = [(p.wait(180), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert [code for code, _err in results] == [0, 0, 0], results
    assert [(p.id, p.builtin) for p in plans.list_plans()] == [(1, True)]
    # The built-in plan's assignments are derived at start-up, once, by one of them (the others found them).
    assert [e.action for e in audit.entries()] == ["assignments.derive"]
    assert service.list_assignments(1)


def test_a_replica_that_finds_the_assignments_derived_mid_transaction_audits_nothing(db_url, monkeypatch):
    """PostgreSQL reads each statement afresh: another replica may commit the derivation after this one found
    none. This one then adds nothing, and the audit trail keeps the one derivation that happened."""
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite's writer holds the file's write lock from BEGIN: no other can commit in between")
    upgrade(db_url)
    plans.ensure_seed()
    plan_id = plans.builtin_plan().id
    claim = service.claim
    raced: list[int] = []
    other = threading.Thread(target=lambda: raced.append(service.ensure_assignments(plan_id)))

    def claim_after_another_replica(session, actor):
        if threading.current_thread() is not other and not other.is_alive() and not raced:
            other.start()  # the other replica derives and commits on its own connection, once
            other.join(60)
        return claim(session, actor)

    monkeypatch.setattr(service, "claim", claim_after_another_replica)
    assert service.ensure_assignments(plan_id) == 0
    assert raced and raced[0] > 0
    assert [(e.action, e.after) for e in audit.entries()] == [("assignments.derive", {"assignments": raced[0]})]


def test_an_sqlite_upgrade_waits_for_one_already_migrating(tmp_path):
    """While one process migrates a SQLite file (it holds the file's migration lock), another upgrade waits for
    it instead of reading the version half-way and running the later migrations a second time."""
    import fcntl
    import time

    path = tmp_path / "app.sqlite3"
    path.touch()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    with open(path, "rb") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # as a migrating process holds it
        proc = subprocess.Popen([sys.executable, "-m", "geo.db", "upgrade"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
        time.sleep(3)
        waiting = proc.poll() is None
        fcntl.flock(handle, fcntl.LOCK_UN)
    assert proc.wait(120) == 0, proc.stderr.read()
    proc.stderr.close()
    assert waiting


def test_the_models_schema_head_is_alembics_head(db_url):
    from geo.store.models import SCHEMA_HEAD

    assert head_revision() == SCHEMA_HEAD
    assert not plans.store_is_ready()
    upgrade(db_url)
    assert not plans.store_is_ready()  # no plan yet: the app still has to seed
    plans.ensure_seed()
    assert plans.store_is_ready()


def test_corrections_are_stored_with_the_plan_and_shown_as_corrections(upgraded):
    info = plans.import_bytes(DATA, "t.csv", title="任务")
    before = {m["id"]: [t["place"] for t in m["places"]] for m in plans.plan_measures(info.id)}
    assert "nansha" in before[1]
    plans.correct_places(info.id, 1, "remove", "nansha", reason="指数据中心所在地以外")
    after_add = plans.correct_places(info.id, 2, "add", "zhuhai", reason="横琴属珠海", evidence="横琴")
    assert after_add.version == info.version + 2  # every change makes a new version (cache keys)
    measures = {m["id"]: m for m in plans.plan_measures(info.id)}
    assert "nansha" not in [t["place"] for t in measures[1]["places"]]
    assert {"place": "zhuhai", "evidence": "横琴", "rule": "correction"} in measures[2]["places"]
    assert plans.plan_corrections(info.id) == [
        {"measure": 1, "action": "remove", "place": "nansha", "evidence": "", "reason": "指数据中心所在地以外"},
        {"measure": 2, "action": "add", "place": "zhuhai", "evidence": "横琴", "reason": "横琴属珠海"},
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((1, "add", "zhuhai"), "needs a reason"),
        ((1, "add", "atlantis"), "unknown place"),
        ((1, "add", "nansha"), "already tagged"),
        ((1, "remove", "zhuhai"), "not tagged"),
        ((9, "remove", "nansha"), "no measure 9"),
        ((1, "rename", "nansha"), "unknown correction"),
    ],
)
def test_a_bad_correction_is_refused_and_changes_nothing(upgraded, args, message):
    info = plans.import_bytes(DATA, "t.csv")
    reason = "" if message == "needs a reason" else "理由"
    with pytest.raises(plans.PlanError, match=message):
        plans.correct_places(info.id, *args, reason=reason)
    assert plans.get_plan(info.id).version == info.version
    assert plans.plan_corrections(info.id) == []


def test_evidence_of_an_added_tag_must_be_in_the_text(upgraded):
    info = plans.import_bytes(DATA, "t.csv")
    with pytest.raises(plans.PlanError, match="not in the text"):
        plans.correct_places(info.id, 1, "add", "zhuhai", reason="x", evidence="澳门")


def test_publish_and_archive_follow_the_plan_lifecycle(upgraded):
    info = plans.import_bytes(DATA, "t.csv")
    assert info.state == "draft"
    assert [p.id for p in plans.list_plans(states=("published",))] == [1]
    assert plans.publish(info.id).state == "published"
    assert [p.id for p in plans.list_plans(states=("published",))] == [1, info.id]
    assert plans.archive(info.id).state == "archived"
    with pytest.raises(plans.PlanError, match="archived; it cannot become published"):
        plans.publish(info.id)
    with pytest.raises(plans.PlanError, match="archived; it cannot be corrected"):
        plans.correct_places(info.id, 1, "remove", "nansha")
    with pytest.raises(plans.PlanNotFound):
        plans.publish(12345)


def test_two_imports_of_one_file_at_once_store_one_plan(upgraded):
    barrier = threading.Barrier(4)
    results: list[object] = []

    def run() -> None:
        barrier.wait()
        try:
            results.append(plans.import_bytes(DATA, "same.csv"))
        except plans.AlreadyImported as exc:
            results.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    created = [r for r in results if isinstance(r, plans.PlanInfo)]
    refused = [r for r in results if isinstance(r, plans.AlreadyImported)]
    assert len(created) == 1 and len(refused) == 3, results
    assert {r.plan_id for r in refused} == {created[0].id}
    assert [p.id for p in plans.list_plans()] == [1, created[0].id]
    assert len(plans.plan_measures(created[0].id)) == 2


def test_two_different_imports_at_once_both_land_whole(upgraded):
    other = csv_table([[1, "一、任务", "建设澳门数据中心。", "省科技厅"]])
    barrier = threading.Barrier(2)
    results: list[plans.PlanInfo] = []

    def run(data: bytes, name: str) -> None:
        barrier.wait()
        results.append(plans.import_bytes(data, name))

    threads = [threading.Thread(target=run, args=a) for a in ((DATA, "a.csv"), (other, "b.csv"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(p.measures for p in results) == [1, 2]
    assert sorted(len(plans.plan_measures(p.id)) for p in results) == [1, 2]


def test_a_garbage_file_writes_nothing(upgraded):
    from geo.ingest.errors import IngestError

    with pytest.raises(IngestError):
        plans.import_bytes(b"PK\x03\x04 broken zip", "broken.xlsx")
    assert [p.id for p in plans.list_plans()] == [1]


def test_measures_keep_optional_contract_fields(upgraded):
    header = ["序号", "工作任务", "具体措施", "牵头部门", "配合部门", "完成时限"]
    data = csv_table([[1, "一、任务", "在广州南沙建设数据中心。", "省科技厅", "省教育厅", "2026年底前"]], header=header)
    from geo.ingest.pipeline import load_table

    expected = load_table(data, "opt.csv")
    info = plans.import_bytes(data, "opt.csv")
    assert plans.plan_measures(info.id) == expected
    assert "co_departments" in expected[0] and "deadline" in expected[0]


def test_an_unknown_plan_id_is_a_clear_error(upgraded):
    with pytest.raises(plans.PlanNotFound, match="no plan with id 77"):
        plans.plan_measures(77)


def test_the_store_recovers_when_the_database_comes_back(pg_server):
    """Stop the server under a live engine: a clear StoreUnavailable, then normal service once it is back."""
    if pg_server is None:
        pytest.fail("PostgreSQL binaries not found: run scripts/setup.sh")
    url = pg_server.new_database()
    try:
        upgrade(url)
        plans.ensure_seed(url=url)
        assert len(plans.list_plans(url=url)) == 1
        pg_server.stop_only()
        with pytest.raises(StoreUnavailable, match="is unreachable"):
            plans.list_plans(url=url)
        pg_server.start_again()
        assert [p.id for p in plans.list_plans(url=url)] == [1]
    finally:
        dispose_engine(url)

"""`python -m geo.db upgrade` and `python -m geo.plans …`, in process (main(argv)), on SQLite and PostgreSQL:
what a user of the command line sees, and that bad input writes nothing."""

from __future__ import annotations

import json

import pytest
from table_builders import csv_table

from geo import db, paths
from geo import plans as plans_cli
from geo.dataset import load_measures
from geo.store import plans

ROWS = [
    [1, "一、建设互通的数据网络", "在广州南沙建设国际数据中心。", "省政务服务数据管理局"],
    [2, "一、建设互通的数据网络", "支持深圳前海开展数据跨境试点。", "深圳市人民政府"],
    [3, "二、推进智慧城市群", "完善城市运行管理平台。", "省住房城乡建设厅"],
]


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "城市任务分工.csv"
    path.write_bytes(csv_table(ROWS))
    return path


def _json(capsys) -> object:
    return json.loads(capsys.readouterr().out)


def test_upgrade_creates_the_schema_and_loads_the_seed_plan_once(db_url, capsys):
    assert db.main(["upgrade"]) == 0
    assert "seed plan loaded as plan 1 (60 measures)" in capsys.readouterr().out
    assert db.main(["upgrade"]) == 0
    assert capsys.readouterr().out.strip().endswith("schema up to date")
    [seed] = plans.list_plans()
    assert (seed.state, seed.builtin, seed.measures, seed.source_name) == ("published", True, 60, "measures.json")
    assert plans.plan_measures(seed.id) == load_measures(paths.MEASURES)  # unchanged, contract and order


def test_import_prints_the_new_plan_and_show_gives_its_measures(db_url, table, capsys):
    assert plans_cli.main(["import", str(table), "--title", "城市任务", "--json"]) == 0
    created = _json(capsys)
    assert created == {"id": 2, "title": "城市任务", "measures": 3, "state": "draft"}
    assert plans_cli.main(["show", "2", "--json"]) == 0
    shown = _json(capsys)
    assert shown["source_name"] == table.name and len(shown["source_sha256"]) == 64
    assert [m["text"] for m in shown["measures"]] == [r[2] for r in ROWS]
    first = shown["measures"][0]
    assert list(first)[:5] == ["id", "theme", "theme_short", "subtask", "text"]
    assert {t["place"] for t in first["places"]} >= {"nansha"}
    assert all(t["evidence"] for t in first["places"])
    assert plans_cli.main(["show", "2"]) == 0
    text = capsys.readouterr().out
    assert "城市任务" in text and "在广州南沙建设国际数据中心。" in text


def test_import_with_publish_and_document_facts(db_url, table, capsys):
    argv = ["import", str(table), "--publish", "--doc-number", "粤府办〔2026〕1号", "--issuer", "省政府办公厅"]
    assert plans_cli.main([*argv, "--issued", "2026-03-01"]) == 0
    assert "imported as plan 2" in capsys.readouterr().out
    assert plans_cli.main(["list", "--json"]) == 0
    listed = _json(capsys)
    assert [(p["id"], p["state"], p["measures"]) for p in listed] == [(1, "published", 60), (2, "published", 3)]
    assert (listed[1]["doc_number"], listed[1]["issuer"], listed[1]["issued_on"]) == (
        "粤府办〔2026〕1号",
        "省政府办公厅",
        "2026-03-01",
    )
    assert plans_cli.main(["list"]) == 0
    assert "粤府办〔2026〕1号" in capsys.readouterr().out


def test_the_same_file_twice_says_already_imported(db_url, table, capsys):
    assert plans_cli.main(["import", str(table)]) == 0
    capsys.readouterr()
    renamed = table.with_name("copy.csv")
    renamed.write_bytes(table.read_bytes())
    assert plans_cli.main(["import", str(renamed), "--title", "again"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "error: copy.csv: already imported as plan 2"
    assert len(plans.list_plans()) == 2


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("garbage.xlsx", b"\x00\x01 not a workbook", "garbage.xlsx"),
        ("empty.csv", b"", "empty file"),
        ("table.pdf", b"%PDF-1.4", "table.pdf"),
        ("table.numbers", b"abc", "unsupported file type"),
    ],
)
def test_a_garbage_file_gives_one_line_exit_2_and_writes_nothing(db_url, tmp_path, capsys, name, data, message):
    db.main(["upgrade"])
    capsys.readouterr()
    path = tmp_path / name
    path.write_bytes(data)
    assert plans_cli.main(["import", str(path)]) == 2
    out = capsys.readouterr()
    assert out.out == "" and out.err.count("\n") == 1 and message in out.err
    assert [p.id for p in plans.list_plans()] == [1]


def test_a_missing_file_and_unknown_ids_exit_2(db_url, tmp_path, capsys):
    assert plans_cli.main(["import", str(tmp_path / "nope.csv")]) == 2
    assert "nope.csv: no such file" in capsys.readouterr().err
    for argv in (["show", "99"], ["archive", "99"], ["show", "99", "--json"]):
        assert plans_cli.main(argv) == 2
        assert capsys.readouterr().err.strip() == "error: no plan with id 99"


def test_archive_takes_a_plan_out_of_the_published_list(db_url, table, capsys):
    plans_cli.main(["import", str(table), "--publish"])
    assert plans_cli.main(["archive", "2"]) == 0
    assert "archived" in capsys.readouterr().out
    assert [p.id for p in plans.list_plans(states=("published",))] == [1]
    assert plans.get_plan(2).state == "archived"


def test_an_unreachable_database_or_a_wrong_url_is_one_line(monkeypatch, capsys, tmp_path):
    (tmp_path / "a-file").write_text("")
    for url, words in (
        ("postgresql+psycopg://nobody@127.0.0.1:9/none", "is unreachable"),
        ("mysql://x@localhost/db", "unsupported database"),
        ("not a url", "not a database URL"),
        (f"sqlite:///{tmp_path}/a-file/var/app.sqlite3", "cannot create the database directory"),
    ):
        monkeypatch.setenv("DATABASE_URL", url)
        assert db.main(["upgrade"]) == 2, url
        assert plans_cli.main(["list"]) == 2, url
        err = capsys.readouterr().err
        assert err.count("\n") == 2 and words in err and "Traceback" not in err, err


def test_hostile_files_are_refused_by_the_same_guard_as_the_import_page(db_url, tmp_path, capsys):
    """A FIFO is never opened for reading (no hang) and a zip bomb is refused before it is inflated: one line,
    exit 2, no plan written — as on the import page and in `python -m geo.ingest`."""
    import os

    from hostile_files import zip_bomb

    db.main(["upgrade"])
    capsys.readouterr()
    fifo = tmp_path / "任务.csv"
    os.mkfifo(fifo)
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(zip_bomb())
    for path, words in ((fifo, "not a regular file"), (bomb, "bomb.xlsx")):
        assert plans_cli.main(["import", str(path)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and words in err, err
    assert [p.id for p in plans.list_plans()] == [1]

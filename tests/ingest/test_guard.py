"""The guarded entry (geo.ingest.guard) against hostile files, on the CLI in-process and through load_guarded.

Each case must end in one clear line naming the limit, exit code 2, an existing --out left byte-identical, and the
parse worker under a stated memory figure (MEMORY_FIGURE_MB; the worker's hard cap is Limits.memory_mb). Before
the guard, the far cell grew the process to 5.5 GB, the comment workbook ran for hours and the FIFO hung forever.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hostile_files import comment_workbook, workbook, zip_bomb

from geo.ingest import cli as ingest_cli
from geo.ingest.errors import IngestError
from geo.ingest.guard import LimitError, Limits, WorkerRun, load_guarded

MEMORY_FIGURE_MB = 300  # a refused file costs the worker less than this (a good 60-measure table: ~55 MB)
KEEP = '[{"keep": true}]\n'


@pytest.fixture()
def out(tmp_path: Path) -> Path:
    path = tmp_path / "measures.json"
    path.write_text(KEEP, encoding="utf-8")
    return path


def _cli(capsys, source: Path | str, out: Path) -> str:
    """Run `python -m geo.ingest SOURCE --out OUT` in-process; it must fail with one line and keep OUT."""
    assert ingest_cli.main([str(source), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: "), err
    assert "Traceback" not in err
    assert out.read_text(encoding="utf-8") == KEEP
    return err


def _refused(data: bytes, name: str, limits: Limits | None = None) -> tuple[LimitError, WorkerRun]:
    run = WorkerRun()
    with pytest.raises(LimitError) as caught:
        load_guarded(data, name, limits, run)
    assert run.peak_mb < MEMORY_FIGURE_MB, run
    return caught.value, run


def test_far_cell_is_refused_by_the_used_range_cap(tmp_path, out, capsys):
    source = tmp_path / "far.xlsx"
    source.write_bytes(workbook(far_value="x"))  # 2.3 KB; before: 5.5 GB and still growing after 115 s
    assert len(source.read_bytes()) < 10_000
    err = _cli(capsys, source, out)
    assert "cell XFD1048576 is outside the limit of 20000 rows and 200 columns" in err
    assert err.startswith("error: far.xlsx: ")  # named as every other problem in a file's content is
    error, _ = _refused(source.read_bytes(), "far.xlsx")
    assert "XFD1048576" in error.localized("zh") and "超出范围" in error.localized("zh")


def test_far_cell_within_the_caps_is_refused_by_rows(tmp_path):
    error, _ = _refused(workbook(far_value="x", far="Z200000"), "z.xlsx")  # before: 1.2–1.4 GB
    assert "cell Z200000 is outside the limit" in str(error)


def test_empty_styled_far_cell_does_not_stretch_the_table():
    """Only a style at XFD1048576 (no value): the table is read from the cells that hold values."""
    run = WorkerRun()
    measures = load_guarded(workbook(far_styled=True), "styled.xlsx", run=run)
    assert [m["id"] for m in measures] == [1, 2]
    assert run.peak_mb < MEMORY_FIGURE_MB


def test_zip_bomb_is_refused_before_it_is_inflated(tmp_path, out, capsys):
    data = zip_bomb(120)
    source = tmp_path / "bomb.xlsx"
    source.write_bytes(data)
    err = _cli(capsys, source, out)
    assert "too large when uncompressed (120 MB; the limit is 100 MB)" in err
    error, _ = _refused(data, "bomb.xlsx", Limits(max_uncompressed=10**12))
    assert "compressed" in str(error) and "zip bomb" in str(error)  # then the ratio cap names the member


def test_huge_xml_comment_is_refused_by_the_ratio_cap(tmp_path, out, capsys):
    source = tmp_path / "comment.xlsx"
    source.write_bytes(comment_workbook(40))  # a 40 MB comment in a ~50 KB file
    err = _cli(capsys, source, out)
    assert "xl/worksheets/sheet1.xml is compressed" in err and "the limit is 100:1" in err


def test_slow_parse_stops_at_the_cpu_limit(tmp_path, out, capsys, monkeypatch):
    """Noise that passes every size cap but is quadratic to parse: the worker's CPU limit ends it."""
    source = tmp_path / "slow.xlsx"
    source.write_bytes(comment_workbook(8, random=True))
    monkeypatch.setenv("DBA_PARSE_CPU_SECONDS", "1")
    err = _cli(capsys, source, out)
    assert "parsing stopped at the CPU time limit (1 s)" in err


def test_fifo_is_refused_without_reading(tmp_path, out, capsys):
    fifo = tmp_path / "table.csv"
    os.mkfifo(fifo)  # no writer: opening it for reading in blocking mode would hang forever
    err = _cli(capsys, fifo, out)
    assert "is a FIFO, not a regular file" in err
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_device_and_directory_are_refused(tmp_path, out, capsys):
    assert "is a device, not a regular file" in _cli(capsys, "/dev/zero", out)
    assert "is a directory, not a regular file" in _cli(capsys, tmp_path, out)


def test_oversized_file_is_refused_before_reading(tmp_path, out, capsys):
    big = tmp_path / "big.csv"
    with open(big, "wb") as f:
        f.truncate(21 * 1024 * 1024)  # sparse: 21 MB, over the 20 MB default
    assert _cli(capsys, big, out).startswith("error: big.csv: file too large (21.0 MB; the limit is 20 MB)")
    with pytest.raises(LimitError, match="the limit is 20 MB"):
        load_guarded(b"x" * (20 * 1024 * 1024 + 1), "big.csv")


def test_long_cell_and_many_rows_are_refused():
    limits = Limits(max_cell_chars=100, max_rows=50)
    long_cell = workbook(far_value="长" * 101, far="B9")
    assert "text in B9 too long (101 characters; the limit is 100)" in str(_refused(long_cell, "c.xlsx", limits)[0])
    lines = "序号,工作任务,具体措施,牵头部门\n" + "".join(
        f"{i},一、主题,措施{i}。,省政务服务数据管理局\n" for i in range(60)
    )
    assert "too many rows (62; the limit is 50)" in str(_refused(lines.encode(), "rows.csv", limits)[0])


def test_good_table_still_reads_and_bad_table_keeps_its_message(tmp_path):
    run = WorkerRun()
    assert len(load_guarded(workbook(), "ok.xlsx", run=run)) == 2
    assert run.exit_code == 0
    with pytest.raises(IngestError, match="no recognisable header") as caught:
        load_guarded(b"a,b\n1,2\n", "x.csv")
    assert not isinstance(caught.value, LimitError)


def test_out_into_a_read_only_directory_is_one_line(tmp_path, capsys):
    # /sys (sysfs) refuses new files even to root; chmod would not stop a root test run.
    assert ingest_cli.main(["--out", "/sys/measures.json"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: /sys/measures.json: cannot write into /sys (") and err.count("\n") == 1

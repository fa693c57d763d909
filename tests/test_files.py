"""geo.files: the one atomic write. Files get the mode a plain open() gives (0666 minus the umask), never mkstemp's
0600, whichever command writes them."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from geo.files import atomic_write_bytes, atomic_write_text, current_umask
from geo.ingest.cli import main as ingest_main
from geo.paths import MEASURES


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_written_file_has_the_mode_open_would_give(tmp_path, mask, expected):
    plain = tmp_path / "plain.txt"
    with umask(mask):
        assert current_umask() == mask
        atomic_write_text(tmp_path / "a.txt", "数字湾区\n")
        with open(plain, "w") as f:
            f.write("x")
    assert mode(tmp_path / "a.txt") == mode(plain) == expected
    assert (tmp_path / "a.txt").read_bytes() == "数字湾区\n".encode()


def test_rewrite_replaces_content_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "out.bin"
    atomic_write_bytes(target, b"old")
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]


def test_ingest_cli_writes_the_dataset_with_mode_644(tmp_path, capsys):
    out = tmp_path / "measures.json"
    with umask(0o022):
        assert ingest_main(["--out", str(out)]) == 0
    assert mode(out) == 0o644
    assert out.read_bytes() == MEASURES.read_bytes()  # the committed dataset, byte for byte

"""Writing export files safely: all-or-nothing files and an early check that the output folder is usable.

A report writer who asks for 20 figures must get 20 good files or a clear error, never a half-written PDF
that looks fine in a file list. So every file is written next to its target and renamed into place.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


class ExportError(ValueError):
    """A request the exports cannot honour (unknown value, unusable folder); the message is for the user."""


def atomic_write(path: Path | str, write: Callable[[BinaryIO], None]) -> Path:
    """Call `write(fileobj)` on a temporary file in the target folder, then rename it over `path`.

    The temporary file lives in the same folder so that os.replace is a rename on one file system;
    on any failure it is removed and the previous file (if any) is left untouched.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def atomic_write_bytes(path: Path | str, data: bytes) -> Path:
    return atomic_write(path, lambda f: f.write(data))


def ensure_writable_dir(path: Path | str) -> Path:
    """Create the folder if needed and prove we can write there, before any real work starts."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise ExportError(f"输出路径不是文件夹 / output path is not a folder: {path}")
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".write-test-", dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise ExportError(f"无法写入输出文件夹 / cannot write to output folder {path}: {e.strerror or e}") from e
    return path

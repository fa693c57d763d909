"""Export output folders: an early check that the folder is usable, and the error the exports raise.

A report writer who asks for 20 figures must get 20 good files or a clear error, never a half-written PDF
that looks fine in a file list: files are written with geo.files.atomic_write (all or nothing).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class ExportError(ValueError):
    """A request the exports cannot honour (unknown value, unusable folder); the message is for the user."""


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

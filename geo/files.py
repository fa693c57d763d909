"""The one way the project writes a file: all or nothing, with the mode a plain open() would give.

A reader (the app, a report writer, the next build) must never see a half-written file, so every file is written
to a temporary file beside its target and renamed into place. mkstemp creates that file with mode 0600; the final
file gets 0666 minus the process umask instead (0644 under the usual 022), as `open(path, "w")` would.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def current_umask() -> int:
    """The process umask, read without changing it where the OS allows (os.umask alone must set it to read it,
    which races with other threads creating files)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except OSError:
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write(path: Path | str, write: Callable[[BinaryIO], None]) -> Path:
    """Call `write(fileobj)` on a temporary file in the target folder, then rename it over `path`.

    The temporary file lives in the same folder so that os.replace is a rename on one file system; on any failure
    it is removed and the previous file (if any) is left untouched. The folder must exist.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~current_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def atomic_write_bytes(path: Path | str, data: bytes) -> Path:
    return atomic_write(path, lambda f: f.write(data))


def atomic_write_text(path: Path | str, text: str) -> Path:
    """UTF-8 with "\\n" line ends on every OS (the data files are compared byte for byte)."""
    return atomic_write_bytes(path, text.encode("utf-8"))

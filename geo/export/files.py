"""Export output folders: an early check that the folder is usable, and the error the exports raise.

A report writer who asks for 20 figures must get 20 good files or a clear error, never a half-written PDF
that looks fine in a file list: files are written with geo.files.atomic_write (all or nothing).
"""

from __future__ import annotations

import os
import re
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


# Characters a file name must not carry: Windows-reserved ones, separators, controls, and full-width punctuation
# (：；，（）“” …) that WPS and some mail gateways mangle; letters of any script (Chinese included) stay.
_UNSAFE = re.compile(r'[\\/:*?"<>|;,\'`!#$%&=+@^{}\[\]\s\x00-\x1f\x7f\u2000-\u206f\u3000-\u303f\uff00-\uffef]+')


def safe_name(text: str, limit: int = 60) -> str:
    """A file-name-safe form that keeps Chinese (report writers find 要素通.png faster than theme-01.png)."""
    return _UNSAFE.sub("_", text).strip("._-")[:limit].strip("._-") or "x"


def export_stem(prefix: str, parts: list[str], limit: int = 120) -> str:
    """`数字湾区任务地图-产业通-深圳市`: the prefix and each filter value made safe, joined by plain hyphens."""
    stem = "-".join(safe_name(p) for p in [prefix, *parts] if p.strip())
    return stem[:limit].rstrip("._-") or "x"


def filters_stem(filters, gazetteer, lang: str = "zh") -> str:
    """The download name of an export of `filters`: prefix, then the theme, department, region and keyword values
    (`数字湾区任务地图-产业通-深圳市`), never the labels and punctuation of the filter sentence."""
    from geo.i18n import localize, t

    parts = [localize(x, lang) for x in (*filters.themes, *filters.departments)]
    parts += [gazetteer[r].name(lang) if r in gazetteer else r for r in filters.regions]
    if filters.keyword.strip():
        parts.append(filters.keyword.strip())
    return export_stem(t("export_file_prefix", lang), parts)

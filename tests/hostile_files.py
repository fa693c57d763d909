"""Hostile task tables built in memory (never committed binaries): the guard's test cases, CLI and import page."""

from __future__ import annotations

import base64
import io
import os
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Font
from table_builders import HEADER

MB = 1024 * 1024
ROWS = [
    [1, "一、建设互通的数据网络", "在广州南沙建设国际数据中心。", "省政务服务数据管理局"],
    [2, "一、建设互通的数据网络", "支持深圳前海开展数据跨境试点。", "省政务服务数据管理局"],
]


def workbook(far_value: str | None = None, far_styled: bool = False, far: str = "XFD1048576") -> bytes:
    """A valid two-measure table; optionally a value, or only a style, in the far cell."""
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    if far_value is not None:
        ws[far] = far_value
    elif far_styled:
        ws[far].font = Font(bold=True)  # an empty cell that still stretches the sheet's dimension
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rewrite(data: bytes, member: str, change) -> bytes:
    """The same archive with one member's bytes replaced by change(old_bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info.filename, change(body) if info.filename == member else body)
    return out.getvalue()


def comment_workbook(megabytes: int, random: bool = False) -> bytes:
    """A valid table whose sheet XML holds one XML comment of `megabytes` (expat < 2.6: quadratic to parse).

    A comment of one repeated letter compresses ~1000:1 (a 40 MB comment is a ~40 KB file); `random` fills it
    with base64 noise instead, so it passes the compression-ratio cap and only the CPU limit can stop it.
    """
    size = megabytes * MB
    text = base64.b64encode(os.urandom(size * 3 // 4)) if random else b"a" * size

    def add_comment(xml: bytes) -> bytes:
        head, sep, tail = xml.partition(b"<sheetData")
        return head + b"<!--" + text + b"-->" + sep + tail

    return _rewrite(workbook(), "xl/worksheets/sheet1.xml", add_comment)


def zip_bomb(megabytes: int = 120) -> bytes:
    """An .xlsx-shaped archive with one member of `megabytes` zeros (~1000:1), over the uncompressed cap."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        with dst.open("xl/media/image1.bin", "w") as member:
            chunk = b"\0" * MB
            for _ in range(megabytes):
                member.write(chunk)
    return out.getvalue()

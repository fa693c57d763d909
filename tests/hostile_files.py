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


# --- password-protected and damaged tables -------------------------------------------------------------------------
# Excel and Word save a password-protected .xlsx/.docx as a Compound File (the old OLE container) holding the
# encrypted package in a stream named EncryptedPackage; an .xls with a password carries a FILEPASS record. Both
# are written here with a small Compound File writer, so no binary is committed.

_SECTOR = 512
_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A version-3 Compound File with the given streams in its root storage (each padded to 4096 bytes or more,
    so that all live in regular sectors: no mini stream)."""
    import struct

    names = list(streams)
    bodies = [streams[n].ljust(max(4096, -(-len(streams[n]) // _SECTOR) * _SECTOR), b"\0") for n in names]
    first_data = 2  # sector 0: the FAT, sector 1: the directory
    starts, sector = [], first_data
    for body in bodies:
        starts.append(sector)
        sector += -(-len(body) // _SECTOR)
    fat = [_FAT, _END]
    for body, start in zip(bodies, starts, strict=True):
        count = -(-len(body) // _SECTOR)
        fat += [start + k + 1 for k in range(count - 1)] + [_END]
    assert len(fat) <= _SECTOR // 4 and len(names) <= 3
    fat += [_FREE] * (_SECTOR // 4 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB3I", len(encoded), kind, 1, 0xFFFFFFFF, right, child)
            + b"\0" * 36
            + struct.pack("<IQ", start, size)
        )

    # Siblings ordered by (length, upper-case name): each stream is the right sibling of the one before it.
    order = sorted(range(len(names)), key=lambda k: (len(names[k]), names[k].upper()))
    directory = entry("Root Entry", 5, 1 + order[0] if names else 0xFFFFFFFF, 0xFFFFFFFF, _END, 0)
    entries = [b""] * len(names)
    for position, k in enumerate(order):
        right = 1 + order[position + 1] if position + 1 < len(order) else 0xFFFFFFFF
        entries[k] = entry(names[k], 2, 0xFFFFFFFF, right, starts[k], len(streams[names[k]]))
    directory += b"".join(entries)
    directory = directory.ljust(_SECTOR, b"\0")
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", _FREE) * 108
    )
    assert len(header) == _SECTOR
    return header + struct.pack(f"<{_SECTOR // 4}I", *fat) + directory + b"".join(bodies)


def encrypted_ooxml() -> bytes:
    """What Excel or Word saves for a .xlsx/.docx with an opening password: a Compound File, not a zip."""
    return compound_file({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00", "EncryptedPackage": os.urandom(5000)})


def encrypted_xls(workbook_xls: bytes) -> bytes:
    """An .xls with a FILEPASS record (an opening password) right after its workbook's BOF record."""
    import struct

    from xlrd.compdoc import CompDoc

    stream = bytes(CompDoc(workbook_xls).get_named_stream("Workbook"))
    bof_length = struct.unpack("<H", stream[2:4])[0]
    filepass = struct.pack("<HHH", 0x002F, 2, 0)  # FILEPASS, XOR obfuscation
    return compound_file({"Workbook": stream[: 4 + bof_length] + filepass + stream[4 + bof_length :]})

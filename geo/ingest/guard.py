"""The one guarded entry for every uploaded or named task table: bounded reading, bounded parsing.

Why: a 2 KB workbook with one cell at XFD1048576, or a sheet holding one huge XML comment (expat < 2.6 parses
large tokens in quadratic time), can take the whole server down; a FIFO given on the command line hangs forever.
So every table passes here before any parser sees it:

1. only a regular file is opened (FIFOs, devices and directories are refused from their stat, never read);
2. a size cap (Limits.max_bytes, default 20 MB = server.maxUploadSize in .streamlit/config.toml);
3. parsing runs in a fresh worker process (`python -m geo.ingest.guard`) with RLIMIT_CPU and RLIMIT_AS, and a
   wall-clock timeout, so one file can never pin or grow the app's process; the worker first checks
   - zip formats (.xlsx, .docx): member count, total uncompressed size and per-member compression ratio, from the
     central directory (zipfile itself stops a member that inflates past its declared size: CRC error);
   - rows, columns and cell length of the cells that hold a value (the used range), never the claimed dimension.
Past a limit: LimitError, an IngestError naming the limit (texts in geo.i18n, key ``guard_*``); the CLI prints
it and exits 2, the import page shows it, and the app's process stays as it was.

Settings (environment, for deployments): DBA_MAX_UPLOAD_MB (20), DBA_PARSE_CPU_SECONDS (20), DBA_PARSE_MEMORY_MB
(1024), DBA_PARSE_WORKERS (2 parses at once).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from xml.etree.ElementTree import XMLPullParser

from geo.i18n import t
from geo.ingest.errors import IngestError

MB = 1024 * 1024
ZIP_SUFFIXES = (".xlsx", ".xlsm", ".docx")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".text")
# Members smaller than this cannot be a bomb whatever their ratio (styles.xml of an empty workbook is ~50:1).
_RATIO_FLOOR = 1 * MB
_CHUNK = 64 * 1024
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
_NS_SHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _env_number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name) or default)
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * MB
    max_uncompressed: int = 100 * MB
    max_ratio: float = 100.0
    max_members: int = 1000
    max_rows: int = 20_000
    max_columns: int = 200
    max_cell_chars: int = 20_000
    cpu_seconds: int = 20
    memory_mb: int = 1024
    wall_seconds: float = 60.0

    @classmethod
    def from_env(cls) -> Limits:
        return cls(
            max_bytes=int(_env_number("DBA_MAX_UPLOAD_MB", 20) * MB),
            cpu_seconds=int(_env_number("DBA_PARSE_CPU_SECONDS", 20)),
            memory_mb=int(_env_number("DBA_PARSE_MEMORY_MB", 1024)),
        )


class LimitError(IngestError):
    """A file refused by the guard: which limit (an i18n key and its values), in any UI language."""

    def __init__(self, key: str, *, file: str | None = None, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(t(key, "en").format(**params), file=file)

    def localized(self, lang: str) -> str:
        message = t(self.key, lang).format(**self.params)
        return f"{self.file}{t('colon', lang)}{message}" if self.file else message


@dataclass
class WorkerRun:
    """What the parse cost: the worker's peak resident memory (0 when it was killed) and its wall time."""

    peak_mb: float = 0.0
    seconds: float = 0.0
    exit_code: int | None = None


# --- reading: only regular files, never past the cap --------------------------------------------


def read_file(path: str | os.PathLike[str], limits: Limits) -> bytes:
    """The bytes of a regular file of at most limits.max_bytes; LimitError/IngestError otherwise.

    The type is checked on a stat before opening, and again on the open descriptor (O_NONBLOCK, so a FIFO
    swapped in between cannot block the open): a FIFO or device is never read.
    """
    name = str(path)
    try:
        info = os.stat(name)
    except FileNotFoundError:
        raise IngestError("no such file", file=name) from None
    except OSError as exc:
        raise IngestError(f"cannot read ({exc.strerror})", file=name) from None
    _require_regular(info.st_mode, name)
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise IngestError(f"cannot read ({exc.strerror})", file=name) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        _require_regular(info.st_mode, name)
        _require_size(info.st_size, Path(name).name or name, limits)  # what the file holds: named as parsers do
        data = handle.read(limits.max_bytes + 1)
    _require_size(len(data), name, limits)  # the file grew since the stat
    return data


def _require_regular(mode: int, name: str) -> None:
    if stat.S_ISREG(mode):
        return
    kind = (
        "guard_kind_dir"
        if stat.S_ISDIR(mode)
        else "guard_kind_fifo"
        if stat.S_ISFIFO(mode)
        else "guard_kind_device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "guard_kind_other"
    )
    raise LimitError("guard_not_regular", file=name, kind=t(kind, "en"))


def _require_size(size: int, name: str, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise LimitError("guard_too_large", file=name, size=f"{size / MB:.1f}", limit=f"{limits.max_bytes / MB:g}")


# --- checks before parsing (run inside the worker, under its limits) -----------------------------


def check_archive(data: bytes, name: str, limits: Limits) -> zipfile.ZipFile | None:
    """Member count, total uncompressed size and compression ratios of a zip format, before any XML is parsed."""
    if Path(name).suffix.lower() not in ZIP_SUFFIXES or not data.startswith(b"PK"):
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None  # not a zip after all: the reader names the problem
    if len(members) > limits.max_members:
        raise LimitError("guard_members", file=name, n=len(members), limit=limits.max_members)
    total = sum(m.file_size for m in members)
    if total > limits.max_uncompressed:
        raise LimitError(
            "guard_uncompressed", file=name, size=f"{total / MB:.0f}", limit=f"{limits.max_uncompressed / MB:g}"
        )
    for m in members:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size >= _RATIO_FLOOR and ratio > limits.max_ratio:
            raise LimitError(
                "guard_ratio", file=name, member=m.filename, ratio=f"{ratio:.0f}", limit=f"{limits.max_ratio:g}"
            )
    return archive


def _pull(stream, tags: tuple[str, ...]) -> Iterator[tuple[str, object]]:
    """(event, element) for the start/end of `tags`, read in chunks; elements are cleared by the caller."""
    parser = XMLPullParser(events=("start", "end"))
    while chunk := stream.read(_CHUNK):
        parser.feed(chunk)
        for event, element in parser.read_events():
            if element.tag in tags:
                yield event, element
    parser.close()
    yield from ((event, element) for event, element in parser.read_events() if element.tag in tags)


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def check_xlsx(archive: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """Rows, columns and text length of the cells that hold a value, in every worksheet and the shared strings."""
    row_tag, cell_tag = _NS_SHEET + "row", _NS_SHEET + "c"
    for member in archive.namelist():
        if member.startswith("xl/worksheets/") and member.endswith(".xml"):
            row = column = 0
            with archive.open(member) as stream:
                for event, el in _pull(stream, (row_tag, cell_tag)):
                    if el.tag == row_tag:
                        if event == "start":
                            row = int(el.get("r") or row + 1)
                            column = 0
                        else:
                            el.clear()
                        continue
                    if event == "start":
                        continue
                    ref = _CELL_REF.match(el.get("r") or "")
                    column = _column_number(ref.group(1)) if ref else column + 1
                    cell_row = int(ref.group(2)) if ref else row
                    if any((child.text or "") or len(child) for child in el):  # <v>, <is><t>, <f>
                        for child in el.iter():
                            if child.text and len(child.text) > limits.max_cell_chars:
                                raise LimitError(
                                    "guard_cell",
                                    file=name,
                                    cell=f"{_column_letters(column)}{cell_row}",
                                    n=len(child.text),
                                    limit=limits.max_cell_chars,
                                )
                        if cell_row > limits.max_rows or column > limits.max_columns:
                            raise LimitError(
                                "guard_far_cell",
                                file=name,
                                cell=f"{_column_letters(column)}{cell_row}",
                                rows=limits.max_rows,
                                columns=limits.max_columns,
                            )
                    el.clear()
    if "xl/sharedStrings.xml" in archive.namelist():
        with archive.open("xl/sharedStrings.xml") as stream:
            for event, el in _pull(stream, (_NS_SHEET + "si",)):
                if event == "end":
                    n = sum(len(child.text or "") for child in el.iter())
                    if n > limits.max_cell_chars:
                        raise LimitError(
                            "guard_cell", file=name, cell="sharedStrings", n=n, limit=limits.max_cell_chars
                        )
                    el.clear()


def check_docx(archive: zipfile.ZipFile, name: str, limits: Limits) -> None:
    """Table rows, cells per row and text per cell of word/document.xml."""
    if "word/document.xml" not in archive.namelist():
        return
    row_tag, cell_tag = _NS_WORD + "tr", _NS_WORD + "tc"
    rows = 0
    with archive.open("word/document.xml") as stream:
        for event, el in _pull(stream, (row_tag, cell_tag)):
            if event == "start":
                continue
            if el.tag == cell_tag:
                n = sum(len(child.text or "") for child in el.iter(_NS_WORD + "t"))
                if n > limits.max_cell_chars:
                    raise LimitError(
                        "guard_cell", file=name, cell=f"table row {rows + 1}", n=n, limit=limits.max_cell_chars
                    )
                continue
            rows += 1
            cells = len(el.findall(cell_tag))
            if rows > limits.max_rows:
                raise LimitError("guard_rows", file=name, n=rows, limit=limits.max_rows)
            if cells > limits.max_columns:
                raise LimitError("guard_columns", file=name, n=cells, limit=limits.max_columns)
            el.clear()


def check_text(data: bytes, name: str, limits: Limits) -> None:
    """Lines of a .csv/.txt table; cell length is capped in the CSV reader itself (csv.field_size_limit)."""
    lines = data.count(b"\n") + 1
    if lines > limits.max_rows:
        raise LimitError("guard_rows", file=name, n=lines, limit=limits.max_rows)


def check_content(data: bytes, name: str, limits: Limits) -> None:
    archive = check_archive(data, name, limits)
    suffix = Path(name).suffix.lower()
    if archive is not None:
        try:
            (check_docx if suffix == ".docx" else check_xlsx)(archive, name, limits)
        except LimitError:
            raise
        except Exception:  # noqa: BLE001 - a damaged archive: the reader itself gives the precise message
            return
    elif suffix in TEXT_SUFFIXES:
        check_text(data, name, limits)
    # .xls and .pdf: binary formats with no cheap pre-scan; the worker's CPU and memory limits bound them.


# --- the worker ------------------------------------------------------------------------------------


def _limit_self(limits: Limits) -> None:
    """CPU seconds from now (imports are not the file's fault) and the address space of this process."""
    import resource

    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(used.ru_utime + used.ru_stime) + limits.cpu_seconds
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))  # SIGXCPU at the soft limit, SIGKILL at the hard one
    memory = limits.memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def _peak_kb() -> int:
    """This process's own peak resident memory (VmHWM: since exec, unlike ru_maxrss, which counts the parent's
    pages copied by fork)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _worker_main() -> int:
    """`python -m geo.ingest.guard LIMITS_JSON FILENAME` with the file's bytes on stdin; JSON result on stdout."""
    import docx  # noqa: F401
    import openpyxl  # noqa: F401 - the readers import these lazily; load them outside the CPU budget

    from geo.ingest.pipeline import load_table  # imported before the limits: same cost for every file

    limits = Limits(**json.loads(sys.argv[1]))
    name = sys.argv[2]
    data = sys.stdin.buffer.read()
    out = sys.stdout
    _limit_self(limits)
    csv.field_size_limit(limits.max_cell_chars)
    try:
        check_content(data, name, limits)
        result: dict = {"measures": load_table(data, name)}
    except LimitError as exc:
        result = {"limit": {"key": exc.key, "params": exc.params}}
    except IngestError as exc:
        result = {"error": {"message": exc.message, "file": exc.file, "row": exc.row, "column": exc.column}}
    except MemoryError:
        result = {"limit": {"key": "guard_memory", "params": {"limit": limits.memory_mb}}}
    result["peak_kb"] = _peak_kb()
    out.write(json.dumps(result, ensure_ascii=False))
    out.flush()
    return 0


# At most this many parse workers at once (46 departments uploading before a deadline must not starve the app's
# own threads on a 2-core machine); the others wait their turn, up to the wall-clock limit.
_WORKER_SLOTS = threading.BoundedSemaphore(max(1, int(_env_number("DBA_PARSE_WORKERS", 2))))


def parse_in_worker(data: bytes, name: str, limits: Limits, run: WorkerRun | None = None) -> list[dict]:
    """Measures of the bytes, parsed by a child process under the limits; the app's process does no parsing."""
    if not _WORKER_SLOTS.acquire(timeout=limits.wall_seconds):
        raise LimitError("guard_busy", file=name, limit=f"{limits.wall_seconds:g}")
    try:
        return _parse_in_worker(data, name, limits, run if run is not None else WorkerRun())
    finally:
        _WORKER_SLOTS.release()


def _parse_in_worker(data: bytes, name: str, limits: Limits, run: WorkerRun) -> list[dict]:
    started = time.monotonic()
    with tempfile.TemporaryFile() as source:
        source.write(data)
        source.seek(0)
        proc = subprocess.Popen(
            [sys.executable, "-m", "geo.ingest.guard", json.dumps(asdict(limits)), name],
            stdin=source,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=Path(__file__).resolve().parents[2],
        )
        timer = threading.Timer(limits.wall_seconds, proc.kill)
        timer.start()
        try:
            output = proc.stdout.read() if proc.stdout else b""
            proc.wait()
        except BaseException:  # Ctrl-C on the CLI: no worker left behind
            proc.kill()
            proc.wait()
            raise
        finally:
            timer.cancel()
            if proc.stdout:
                proc.stdout.close()
    run.seconds = time.monotonic() - started
    run.exit_code = proc.returncode
    try:
        result = json.loads(output) if proc.returncode == 0 else None
    except ValueError:
        result = None
    if result is None:
        raise _crash(proc.returncode, run, name, limits)
    run.peak_mb = result.get("peak_kb", 0) / 1024
    if "measures" in result:
        return result["measures"]
    if "limit" in result:
        raise LimitError(result["limit"]["key"], file=name, **result["limit"]["params"])
    raise IngestError(**{"message": result["error"].pop("message"), **result["error"]})


def _crash(code: int, run: WorkerRun, name: str, limits: Limits) -> LimitError:
    import signal

    if run.seconds >= limits.wall_seconds * 0.95 and code == -signal.SIGKILL:
        return LimitError("guard_wall", file=name, limit=f"{limits.wall_seconds:g}")
    if code in (-signal.SIGXCPU, -signal.SIGKILL):
        return LimitError("guard_cpu", file=name, limit=limits.cpu_seconds)
    return LimitError("guard_memory", file=name, limit=limits.memory_mb)  # a failed allocation below Python


def check_bytes(data: bytes, name: str, limits: Limits | None = None) -> None:
    """The caps before any parser sees uploaded bytes that this process reads itself (a filled progress sheet,
    geo.progress.sheets): size, zip members and ratios, and the used range and cell length of every sheet.
    LimitError past a limit; a file that is not a zip at all passes (its reader names the problem)."""
    limits = limits or Limits.from_env()
    _require_size(len(data), name, limits)
    check_content(data, name, limits)


def load_guarded(
    source: str | os.PathLike[str] | bytes,
    filename: str | None = None,
    limits: Limits | None = None,
    run: WorkerRun | None = None,
) -> list[dict]:
    """Measures (with places) of a named file or of uploaded bytes: the one entry for every table from outside.

    Raises IngestError (LimitError past a limit) for every kind of bad or hostile input.
    """
    limits = limits or Limits.from_env()
    if isinstance(source, (bytes, bytearray)):
        if not filename:
            raise IngestError("a file name is needed to tell the table's type")
        name = Path(filename).name or filename
        _require_size(len(source), name, limits)
        data = bytes(source)
    else:
        data = read_file(source, limits)  # a missing path or a FIFO is named by the path given
        path_name = filename or str(source)
        name = Path(path_name).name or path_name  # content problems name the file as every parser error does
    return parse_in_worker(data, name, limits, run)


if __name__ == "__main__":
    sys.exit(_worker_main())

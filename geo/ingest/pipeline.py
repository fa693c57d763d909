"""Turn a task table into the measures dataset (data/measures.json).

    python -m geo.ingest                      # regenerate data/measures.json from the seed text
    python -m geo.ingest SOURCE               # print the dataset of SOURCE as JSON on stdout
    python -m geo.ingest SOURCE --out FILE    # write it to FILE (atomically)
    python -m geo.ingest --out FILE           # the seed, written to FILE

SOURCE is a .txt (PDF-extracted, the seed's format), .pdf, .xlsx, .xls, .csv or .docx task table. A one-line
summary goes to stderr; bad input gives one line naming file, row and column, exit code 2, and
leaves FILE untouched. Files from outside (this CLI, the app's uploads) go through geo.ingest.guard.load_guarded,
which runs ``load_table`` in a worker process under size, CPU and memory limits.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from geo.files import atomic_write_text
from geo.ingest import columns, departments, tables
from geo.ingest.errors import IngestError
from geo.ingest.pdf import read_pdf, read_unruled_pdf
from geo.ingest.source_text import parse_text
from geo.places.geotag import tag_measure

# Contract order of a measure's keys (DESIGN.md); optional ones sit after departments.
KEY_ORDER = (
    "id",
    "theme",
    "theme_short",
    "subtask",
    "text",
    "departments",
    "co_departments",
    "deadline",
    "places",
    "source",
)
TEXT_SUFFIXES = (".txt", ".text")
PDF_LOST_COLUMNS = (
    "A PDF table needs its ruling lines to be read: save the table as .xlsx or .docx, or print it with cell borders"
)
TEXT_LOST_COLUMNS = (
    "This text does not keep the table's columns: import the table's own file (.xlsx, .docx, or the PDF)"
)
_HEADER_LINES = 30  # where a tab-delimited .txt's header row may be (title lines above it)
# Formats with no maintained Python reader: refused with what to do instead.
UNSUPPORTED_HINTS = {
    ".doc": "Word 97–2003 document: save it as .docx",
    ".wps": "WPS Office document (.wps): no maintained reader exists; save it as .docx",
    ".et": "WPS Office spreadsheet (.et): no maintained reader exists; save it as .xlsx",
}
READERS: dict[str, Callable[[bytes, str], tables.Grid | str]] = {**tables.READERS, ".pdf": read_pdf}


def _document_name(filename: str) -> str:
    return Path(filename).stem or "table"


def parse_source(data: bytes, filename: str) -> list[dict]:
    """Measures without places from the bytes of a task table; raises IngestError on bad input."""
    name = Path(filename).name or filename
    suffix = Path(filename).suffix.lower()
    if suffix not in TEXT_SUFFIXES and suffix not in READERS:
        supported = ", ".join((*TEXT_SUFFIXES[:1], *READERS))
        hint = UNSUPPORTED_HINTS.get(suffix, f"supported: {supported}")
        raise IngestError(f"unsupported file type {suffix or '(no extension)'!r}: {hint}", file=name)
    if not data.strip():
        raise IngestError("empty file", file=name)
    document = _document_name(name)
    try:
        if suffix in TEXT_SUFFIXES:
            text = tables.decode_text(data, name)
            if _tab_delimited(text):  # Excel's "Text (Tab delimited)" export keeps the .txt name
                return tables.measures_from_grid(tables.read_csv(data, name), name, document)
            return _checked_text_layout(parse_text(text, name, document), name, TEXT_LOST_COLUMNS)
        grid = READERS[suffix](data, name)
        if isinstance(grid, str):  # a PDF without ruled tables: its text in the seed's layout, else its words
            return _unruled_pdf(data, grid, name, document)
        return tables.measures_from_grid(grid, name, document)
    except IngestError as exc:
        raise exc.located(name) from None
    except Exception as exc:  # a reader bug must still reach the user as one clear line, not a traceback
        raise IngestError(f"cannot read this table ({type(exc).__name__}: {exc})", file=name) from exc


def _tab_delimited(text: str) -> bool:
    """A header row of tab-separated column names (序号\t具体措施\t牵头单位) among the first lines."""
    for line in text.splitlines()[:_HEADER_LINES]:
        if line.count("\t") >= 2 and columns.map_header([cell.strip() for cell in line.split("\t")]):
            return True
    return False


def _checked_text_layout(measures: list[dict], name: str, advice: str) -> list[dict]:
    """Measures read from running text, refused when the text was not in the seed's layout after all.

    A table printed without ruling lines (or a PDF's text in another layout) loses its columns: the reading
    then puts measure text where departments belong, or finds none. Importing that would show garbage as data,
    so most measures must have a lead department, and most names read as departments must look like one."""
    names = [d for m in measures for d in (*m.get("departments", ()), *(m.get("co_departments") or ()))]
    without = sum(1 for m in measures if not m.get("departments"))
    broken = [d for d in names if not departments.looks_like_department(d)]
    if measures and (2 * without > len(measures) or 2 * len(broken) > len(names)):
        example = f" (e.g. {broken[0]!r} read as a department)" if broken else ""
        raise IngestError(
            f"the table's columns cannot be told apart in this text: {without} of {len(measures)} measures have "
            f"no lead department{example}. {advice}",
            file=name,
        )
    return measures


def _unruled_pdf(data: bytes, text: str, name: str, document: str) -> list[dict]:
    """A PDF without ruling lines: its text in the seed's layout, else the table its words' positions draw (a
    table printed with its borders off); the text's own error when neither reads as a table."""
    try:
        return _checked_text_layout(parse_text(text, name, document), name, PDF_LOST_COLUMNS)
    except IngestError as exc:
        grid = read_unruled_pdf(data, name)
        if grid is None:
            raise
        try:
            return _checked_text_layout(tables.measures_from_grid(grid, name, document), name, PDF_LOST_COLUMNS)
        except IngestError:
            raise exc from None


def with_places(measure: dict, tagger: Callable[[dict], list[dict]] | None = None) -> dict:
    """The measure in contract key order, with its place tags."""
    tagger = tagger or tag_measure
    base = {key: value for key, value in measure.items() if key != "places"}
    places = list(tagger(base)) if tagger else []
    full = {**base, "places": places}
    return {key: full[key] for key in KEY_ORDER if key in full}


def load_table(source: str | os.PathLike[str] | bytes, filename: str | None = None) -> list[dict]:
    """Measures with places from a path or from uploaded bytes (then ``filename`` gives the type).

    Raises IngestError for every kind of bad input; never anything else for a bad table.
    """
    if isinstance(source, (bytes, bytearray)):
        if not filename:
            raise IngestError("a file name is needed to tell the table's type")
        data = bytes(source)
    else:
        path = Path(source)
        filename = filename or str(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise IngestError("no such file", file=str(path)) from None
        except IsADirectoryError:
            raise IngestError("is a directory, not a file", file=str(path)) from None
        except OSError as exc:
            raise IngestError(f"cannot read ({exc.strerror})", file=str(path)) from None
    measures = parse_source(data, filename)
    try:
        return [with_places(measure) for measure in measures]
    except ValueError as exc:  # e.g. a stale reviewed override: the user sees which entry, not a traceback
        raise IngestError(f"place tagging failed: {exc}", file=Path(filename).name) from exc


def dataset_json(measures: list[dict]) -> str:
    """The dataset file's exact text: deterministic, readable Chinese, trailing newline."""
    return json.dumps(measures, ensure_ascii=False, indent=2) + "\n"


@dataclass
class Summary:
    measures: int
    themes: int
    departments: list[str] = field(default_factory=list)
    unknown_departments: list[str] = field(default_factory=list)

    def line(self, source: str) -> str:
        text = (
            f"{source}: {self.measures} measures, {self.themes} themes, {len(self.departments)} departments, "
            f"{len(self.unknown_departments)} unknown departments"
        )
        if self.unknown_departments:
            text += " (" + "、".join(self.unknown_departments) + ")"
        return text


def summarize(measures: list[dict]) -> Summary:
    names: dict[str, None] = {}
    for measure in measures:
        for name in (*measure.get("departments", ()), *measure.get("co_departments", ())):
            names.setdefault(name, None)
    return Summary(
        measures=len(measures),
        themes=len({measure["theme"] for measure in measures}),
        departments=list(names),
        unknown_departments=departments.unknown(names),
    )


def write_atomic(path: Path, text: str) -> None:
    """Write the whole file or nothing (geo.files); a write failure is an IngestError naming the file."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise IngestError("cannot write: its directory does not exist", file=str(path))
    try:
        atomic_write_text(path, text)
    except OSError as exc:
        # a read-only or foreign directory: one line, not a traceback
        raise IngestError(f"cannot write into {directory} ({exc.strerror})", file=str(path)) from None

"""Task tables as PDF-extracted text (the seed: data/source/digital-bay-area-task-table.txt).

PDF extraction loses the table grid: every cell comes out as its own run of wrapped lines, one
row after another (序号, then the 工作任务 cell, the sub-task cell, the 具体措施 text, the 牵头部门
cell), the header is repeated on each page and page numbers stray in between. The parser relies
on what the layout guarantees rather than on line numbers:

- a row starts with its number, alone on a line or followed by the first line of a cell
  (``6 3. 建设数据``, ``13 夯 实 新 型``); other bare numbers are page numbers;
- theme and sub-task cells are narrow columns: their lines are a few characters long and never
  end a sentence, while the text column is wide and ends with 。; the sub-task starts with its
  number (``1.``, ``（一）``), so the narrow lines before it are the theme;
- the 牵头部门 cell follows the text: it is what comes after the text's last 。 and reads as a
  list of department names (checked with geo.departments, also the fallback when a text does
  not end with 。);
- a page break repeats the header and the theme/sub-task cells: those repeats are dropped;
- where the extraction interleaves a narrow cell with the text, the short lines are told apart
  by position: a line inside the text is full width unless a sentence ended just before it.
Theme and sub-task carry down to the following rows until a new one appears (a new theme
clears the sub-task).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from geo.ingest import columns, departments, headings
from geo.ingest.errors import IngestError

# A theme/sub-task line has at most this many characters (the text column is ~28 wide).
NARROW_MAX = 10
_SENTENCE_END = ("。", "：", "；", ":", ";", "！", "？")
_ROW_START = re.compile(r"^(\d{1,4})(?:\s+(\S.*))?$")
_TITLE_QUOTED = re.compile(r"[“「]([^”」]{2,12})[”」]")


@dataclass
class _Line:
    text: str
    number: int  # 1-based line number in the source, for messages
    after_header: bool = False  # first line after a repeated header (a page break)


@dataclass
class _Block:
    row: int
    number: int  # source line of the row number
    lines: list[_Line] = field(default_factory=list)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _is_narrow(text: str) -> bool:
    """A theme/sub-task line: short, and not ending or introducing a sentence (those are text)."""
    return len(_compact(text)) <= NARROW_MAX and "。" not in text and not text.rstrip().endswith(("：", ":"))


_HEADER_WORDS = sorted({name for names in columns.SYNONYMS.values() for name in names}, key=len, reverse=True)
# Page markers that are never a row: "- 24 -", "第 3 页 共 9 页", "3/9".
_PAGE_MARK = re.compile(r"^(?:[-—–－]\s*\d+\s*[-—–－]|第\s*\d+\s*页(?:\s*[，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")


def _header_words(text: str) -> list[str] | None:
    """The header synonyms a line consists of (序号 工作任务 具体措施 牵头部门, spaced or not), else None."""
    compact = re.sub(r"^\d+(?=\D)", "", _compact(text))  # a page number run into the header line
    words: list[str] = []
    while compact:
        word = next((w for w in _HEADER_WORDS if compact.startswith(w)), None)
        if word is None:
            return None
        words.append(word)
        compact = compact[len(word) :]
    return words or None


def _header_lines(stripped: list[tuple[int, str]]) -> set[int]:
    """Indexes of header lines: runs of lines made only of column names, three names or more in all
    (the header may come out on one line or one column name per line)."""
    found: set[int] = set()
    k = 0
    while k < len(stripped):
        run: list[int] = []
        words: list[str] = []
        while k < len(stripped) and (line_words := _header_words(stripped[k][1])):
            run.append(k)
            words += line_words
            k += 1
        if len(words) >= 3:
            found.update(run)
        k = k + 1 if not run else k
    return found


def _blocks(lines: list[str], filename: str) -> tuple[list[_Block], list[str]]:
    """Rows with their lines (headers, titles and page numbers removed) and the lines before the table."""
    stripped = [(i + 1, line.strip()) for i, line in enumerate(lines) if line.strip()]
    headers = _header_lines(stripped)
    if not headers:
        raise IngestError(
            "no recognisable header (expected a line such as 序号 工作任务 具体措施 牵头部门)", file=filename
        )
    first_header = min(headers)
    header_end = first_header
    while header_end + 1 in headers:
        header_end += 1
    words = [w for k in range(first_header, header_end + 1) for w in _header_words(stripped[k][1]) or []]
    fields = {columns.field_of(word) for word in words}
    for required in columns.REQUIRED:
        if required not in fields:
            raise IngestError(
                f"missing {columns.LABELS[required]} column", file=filename, row=f"line {stripped[first_header][0]}"
            )
    preamble = [text for _, text in stripped[:first_header]]
    titles = {text for text in preamble if len(_compact(text)) > 2}  # a title repeated on every page

    def is_header(k: int) -> bool:
        return k in headers or stripped[k][1] in titles

    blocks: list[_Block] = []
    previous: int | None = None
    page_break = False
    for k in range(header_end + 1, len(stripped)):
        number, text = stripped[k]
        if is_header(k):
            page_break = True
            continue
        if _PAGE_MARK.match(text):
            continue
        following = k + 1 if k + 1 < len(stripped) else None
        nxt = stripped[following][1] if following is not None else None
        match = _ROW_START.match(text)
        if match:
            value = int(match.group(1))
            rest = match.group(2)
            expected = previous is None or value == previous + 1
            if rest is None:
                page_number = (
                    following is None
                    or is_header(following)
                    or (
                        not expected
                        and (_ROW_START.match(nxt or "") is not None or previous is None or value <= previous)
                    )
                )
                if not page_number:
                    blocks.append(_Block(value, number))
                    previous = value
                    page_break = False
                continue
            if expected:
                blocks.append(_Block(value, number))
                previous = value
                page_break = False
                text = rest
        if not blocks:
            continue  # a note between the header and the first row
        blocks[-1].lines.append(_Line(text, number, page_break))
        page_break = False
    if not blocks:
        raise IngestError("no numbered rows after the header", file=filename)
    return blocks, preamble


def _department_start(lines: list[_Line]) -> tuple[int, str]:
    """Where the 牵头部门 cell starts: (index of its first line, text of that line belonging to it).

    The text ends with its last 。; what follows is the department cell. If the text lacks a
    closing 。, the cell is the longest run of final lines that reads as a department list.
    """
    stops = [i for i, line in enumerate(lines) if "。" in line.text]
    if stops:
        last = stops[-1]
        after = lines[last].text.rsplit("。", 1)[1].strip()
        rest = "".join(line.text.strip() for line in lines[last + 1 :])
        if after and departments.is_department_list(after + rest):
            return last, after
        first = last + 1
    else:
        first = 0
    for start in range(first, len(lines)):
        rest = "".join(line.text.strip() for line in lines[start:])
        if departments.is_department_list(rest):
            return start, lines[start].text.strip()
    if stops and first < len(lines):
        # Not a list of known shape: still the department cell (its names get reported as unknown).
        return first, lines[first].text.strip()
    return len(lines), ""


def _parse_block(block: _Block, theme: str, subtask: str) -> tuple[list[str], list[str], str]:
    """Split a row into (meta lines before the text, text lines, department text)."""
    start, first_dept = _department_start(block.lines)
    dept_text = first_dept + "".join(line.text.strip() for line in block.lines[start + 1 :])
    body = block.lines[:start]
    if start < len(block.lines) and first_dept != block.lines[start].text.strip():
        # The text's last line also holds the beginning of the department cell.
        kept = block.lines[start].text.rsplit("。", 1)[0] + "。"
        body = [*body, _Line(kept, block.lines[start].number)]

    meta: list[str] = []
    text: list[str] = []
    i = 0
    while i < len(body):
        if not _is_narrow(body[i].text):
            text.append(body[i].text)
            i += 1
            continue
        j = i
        while j < len(body) and _is_narrow(body[j].text):
            j += 1
        run = [line.text for line in body[i:j]]
        if not text:
            meta.extend(run)
            i = j
            continue
        squeezed = headings.squeeze("".join(run))
        current = headings.squeeze(theme + subtask + "".join(meta))
        repeat = body[i].after_header or bool(squeezed and squeezed in current)
        numbered = headings.starts_subtask(run[0]) or headings.starts_theme(run[0])
        previous = text[-1].rstrip()
        if j == len(body):
            # After the text: its short last line, unless the text had already ended.
            is_text = not previous.endswith("。") and not numbered
        else:
            # Inside the text: a short paragraph can only follow a sentence end (mid-sentence lines
            # are full width); anything else is a neighbouring cell that the extraction interleaved.
            is_text = previous.endswith(_SENTENCE_END) and not (repeat or numbered)
        if is_text:
            text.extend(run)
        elif not repeat:
            meta.extend(run)
        # else: theme / sub-task cells repeated after a page break
        i = j
    return meta, text, dept_text


def parse_text(text: str, filename: str = "table.txt", document: str | None = None) -> list[dict]:
    """Measures (without places) from the text of a PDF-extracted task table."""
    blocks, preamble = _blocks(text.splitlines(), filename)
    programme = set(headings.PROGRAMME_NAMES)
    for line in preamble:
        programme.update(_TITLE_QUOTED.findall(line))
    programme_names = frozenset(programme)
    document = document or filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]

    measures: list[dict] = []
    theme = ""
    subtask = ""
    for block in blocks:
        meta, text_lines, dept_text = _parse_block(block, theme, subtask)
        split = next((k for k, line in enumerate(meta) if headings.starts_subtask(line)), len(meta))
        theme_lines, subtask_lines = meta[:split], meta[split:]
        if theme_lines:
            new_theme = headings.theme_heading("\n".join(theme_lines))
            if new_theme != theme:
                theme, subtask = new_theme, ""
        if subtask_lines:
            subtask = headings.subtask_heading("\n".join(subtask_lines))
        body = headings.join_lines(text_lines)
        found = departments.units(dept_text)
        if not body:
            raise IngestError(
                "no 具体措施 text in this row", file=filename, row=f"row {block.row} (line {block.number})"
            )
        measures.append(
            {
                "id": block.row,
                "theme": theme,
                "theme_short": headings.theme_short(theme, programme_names) if theme else "",
                "subtask": subtask,
                "text": body,
                "departments": found.lead,
                "co_departments": found.co,
                "source": {"document": document, "row": block.row},
            }
        )
    return measures

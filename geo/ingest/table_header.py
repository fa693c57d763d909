"""Where a task table's header is, and what each of its columns holds.

Real annexes put a 附件 line and a title above the header, a group label over two header rows (任务分工 over
牵头单位 | 参与单位), another table before the task table (主要指标), and sometimes no 具体措施 column at all (a
重点任务清单 whose task is the text). The header found here is the one of the task table: the first row, or
pair of rows, that names a text column and a units column (or whose texts name their units inline).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.ingest import columns, departments

_SEARCH_ROWS = 30  # where to look for *a* header when no row names a task table's columns (for the message)


@dataclass(frozen=True)
class Header:
    first: int  # index of the first header row
    last: int  # index of the last header row: data follow it
    mapping: dict[str, int]  # field -> column index
    rows: tuple[tuple[str, ...], ...]  # the header rows, squeezed: a repeat of one (next page, next table) is skipped

    def repeats(self, row: list[str]) -> bool:
        return _squeezed(row) in self.rows


def _squeezed(row: list[str]) -> tuple[str, ...]:
    cells = [re.sub(r"\s+", "", cell or "") for cell in row]
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)


def _spans(row: list[str], column: int) -> bool:
    """Whether a header cell is merged over its neighbour (the readers repeat a merged cell's text)."""
    value = row[column]
    return bool(value) and any(0 <= k < len(row) and row[k] == value for k in (column - 1, column + 1))


def _two_level(upper: list[str], lower: list[str]) -> dict[str, int] | None:
    """The mapping of a header over two rows, or None when ``lower`` is not its second row.

    Each column is named by its lower cell where the upper one is a group label (not a column name, or
    merged over several columns: 责任单位 over 牵头 | 配合), else by its upper cell (序号 merged down). Under a
    group label a lower cell may name no field (进度安排 over 2025年 | 2026年): the group's own field, if it names
    one, is its first sub-column (``group_parts`` gives all of them), the others are left unnamed.
    """
    width = max(len(upper), len(lower))
    upper = upper + [""] * (width - len(upper))
    lower = lower + [""] * (width - len(lower))
    cells: list[str] = []
    added = False
    for column, (top, bottom) in enumerate(zip(upper, lower, strict=True)):
        if not bottom or bottom == top:
            cells.append(top)
            continue
        named = columns.field_of(bottom) is not None
        if not named and not _spans(upper, column):
            return None  # a data row below a one-row header
        if not named and columns.field_of(top) is not None and top not in cells:
            cells.append(top)  # 进度安排 over 2025年 | 2026年: the group's field starts at its first sub-column
            added = True
        elif not named:
            cells.append("")  # a sub-column of a group no synonym names
        elif columns.field_of(top) is None or _spans(upper, column):
            cells.append(bottom)
            added = True
        else:
            cells.append(top)  # a column name merged down, and the text of the cell left of it repeated
    return columns.map_header(cells) if added else None


def second_row(upper: list[str], lower: list[str]) -> bool:
    """Whether ``lower`` is the second row of a header whose first row is ``upper`` (a PDF repeats both)."""
    return _two_level(upper, lower) is not None


def group_parts(header: Header, column: int) -> list[tuple[str, int]]:
    """The labelled sub-columns of the group header over ``column`` (进度安排 over 2025年 | 2026年 | 2027年), as
    (label, column); empty unless the header has two rows and the group spans two sub-columns or more."""
    if header.last == header.first:
        return []
    upper, lower = header.rows
    if column >= len(upper) or not upper[column]:
        return []
    parts = [
        (lower[k], k)
        for k in range(column, len(upper))
        if upper[k] == upper[column] and k < len(lower) and lower[k] and lower[k] != upper[k]
    ]
    return parts if len(parts) >= 2 else []


def header_at(rows: list[list[str]], index: int) -> Header | None:
    """The header starting at row ``index`` (one row, or two under a group label), or None."""
    mapping = columns.map_header(rows[index])
    if not mapping:
        return None
    if index + 1 < len(rows):
        combined = _two_level(rows[index], rows[index + 1])
        if combined is not None:  # a field named under a group label: the two rows are one header
            return Header(index, index + 1, combined, (_squeezed(rows[index]), _squeezed(rows[index + 1])))
    return Header(index, index, mapping, (_squeezed(rows[index]),))


def _cell(row: list[str], column: int | None) -> str:
    return row[column] if column is not None and column < len(row) else ""


def text_from_task_column(rows: list[list[str]], header: Header) -> dict[str, int]:
    """The mapping, with the task column read as the text when the table has no text column of its own.

    A 重点任务清单 (序号 | 重点任务 | 牵头单位 | 完成时限) states each task in one cell: that cell is the measure's
    text. Only when the column is not a merged theme: its values differ on every row that names units.
    """
    mapping = dict(header.mapping)
    if "text" in mapping or "theme" not in mapping or "subtask" in mapping:
        return mapping
    units = [mapping[f] for f in ("departments", "co_departments") if f in mapping]
    values = [
        _cell(row, mapping["theme"])
        for row in rows[header.last + 1 :]
        if any(_cell(row, column) for column in units) and _cell(row, mapping["theme"])
    ]
    if values and len(set(values)) == len(values):
        mapping["text"] = mapping.pop("theme")
    return mapping


def _has_inline_units(rows: list[list[str]], header: Header, column: int) -> bool:
    """Whether some text below the header names its units inline (（牵头单位：…）): then no 牵头 column is needed."""
    return any(departments.inline_units(_cell(row, column)) is not None for row in rows[header.last + 1 :])


def required_fields(rows: list[list[str]], header: Header, mapping: dict[str, int]) -> tuple[str, ...]:
    """The fields this table must have: text and units, or only text when its texts name their units inline."""
    if "text" in mapping and "departments" not in mapping and _has_inline_units(rows, header, mapping["text"]):
        return ("text",)
    return columns.REQUIRED


def find_header(rows: list[list[str]]) -> tuple[Header, dict[str, int]] | None:
    """The task table's header and its mapping; else the first header-like row near the top (so that the
    message can say which column is missing); None when there is none."""
    fallback: tuple[Header, dict[str, int]] | None = None
    for index in range(len(rows)):
        header = header_at(rows, index)
        if header is None:
            continue
        mapping = text_from_task_column(rows, header)
        if all(field in mapping for field in required_fields(rows, header, mapping)):
            return header, mapping
        if fallback is None and index < _SEARCH_ROWS:
            fallback = (header, mapping)
    return fallback


def is_task_header(rows: list[list[str]]) -> bool:
    """Whether these rows hold a task table's header (a sheet or a Word table worth reading)."""
    found = find_header(rows)
    return found is not None and all(field in found[1] for field in required_fields(rows, *found))

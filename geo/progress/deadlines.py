"""A table's deadline column (完成时限) read as a date: "2025年底前" is 2025-12-31, "2026年6月" the month's end,
"2026年上半年" 30 June; words such as 持续推进 (data/progress.json: undated_deadlines) mean no date."""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import re

from geo.progress.rules import load_rules

_DIGITS = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")
_ISO = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_MONTH = re.compile(r"(\d{4})年(\d{1,2})月")
_QUARTER = re.compile(r"(\d{4})年(?:第)?([一二三四1-4])季度")
_HALF = re.compile(r"(\d{4})年([上下])半年")
_YEAR = re.compile(r"(\d{4})年")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4}


def _month_end(year: int, month: int) -> dt.date | None:
    if not 1 <= month <= 12:
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def deadline_date(text: str | None) -> dt.date | None:
    """The latest date the text names (a range such as 2024—2025年 ends at its last year); None when it names no
    date or says the work goes on (持续推进)."""
    if not text:
        return None
    value = text.translate(_DIGITS)
    if any(word in value for word in load_rules().undated_deadlines) and not _YEAR.search(value):
        return None
    found: list[dt.date] = []
    consumed = value
    for match in _ISO.finditer(value):
        with contextlib.suppress(ValueError):  # 2026-02-30: not a date, ignored
            found.append(dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))))
        consumed = consumed.replace(match.group(0), " ")
    for match in _QUARTER.finditer(consumed):
        quarter = int(_QUARTERS.get(match.group(2), match.group(2)))
        found.append(_month_end(int(match.group(1)), quarter * 3))
        consumed = consumed.replace(match.group(0), " ")
    for match in _HALF.finditer(consumed):
        found.append(_month_end(int(match.group(1)), 6 if match.group(2) == "上" else 12))
        consumed = consumed.replace(match.group(0), " ")
    for match in _MONTH.finditer(consumed):
        found.append(_month_end(int(match.group(1)), int(match.group(2))))
        consumed = consumed.replace(match.group(0), " ")
    for match in _YEAR.finditer(consumed):
        found.append(dt.date(int(match.group(1)), 12, 31))
    found = [d for d in found if d is not None and 1900 < d.year < 2200]
    return max(found) if found else None

"""Free text people write into the shared store (report texts, milestones, notes, review comments): the rules every
write applies, in one place.

Control characters (a bell, an escape sequence pasted from a terminal) are invisible in a form, cannot be stored in
a Word or Excel report, and would break every later 进展通报 that reads that version: they are dropped. A text longer
than a filled sheet's cell may hold is refused, so the department's next sheet still imports."""

from __future__ import annotations

import re

from geo.ingest.guard import Limits

TEXT_LIMIT = Limits.max_cell_chars  # characters: the same cap as a cell of an uploaded sheet
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # C0 controls and DEL; tab and line breaks stay


def without_controls(text: str) -> str:
    """TEXT without the characters no report format can hold (also for what was stored before this rule)."""
    return _CONTROL.sub("", text)


def clean_text(value: object, what: str, error: type[Exception]) -> str:
    """VALUE as text to store: controls dropped, stripped, at most TEXT_LIMIT characters (else ERROR naming WHAT)."""
    text = without_controls("" if value is None else str(value)).strip()
    if len(text) > TEXT_LIMIT:
        raise error(f"{what} is too long ({len(text)} characters; the limit is {TEXT_LIMIT})")
    return text

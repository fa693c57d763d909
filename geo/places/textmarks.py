"""Marking the place evidence inside a measure text (the list shows why a measure is on the map).

Plain segments, not HTML: the caller escapes each piece, so a hostile text can never become markup.
"""

from __future__ import annotations

from collections.abc import Iterable


def evidence_spans(text: str, evidences: Iterable[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of every occurrence of every evidence string, merged, in order."""
    spans: list[tuple[int, int]] = []
    for ev in {e for e in evidences if e}:
        start = text.find(ev)
        while start != -1:
            spans.append((start, start + len(ev)))
            start = text.find(ev, start + len(ev))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def mark_segments(text: str, evidences: Iterable[str]) -> list[tuple[str, bool]]:
    """The text cut into (piece, is_evidence) segments; joining the pieces gives the text back."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for s, e in evidence_spans(text, evidences):
        if s > pos:
            out.append((text[pos:s], False))
        out.append((text[s:e], True))
        pos = e
    if pos < len(text):
        out.append((text[pos:], False))
    return out

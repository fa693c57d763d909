"""Keyword search a planner can trust: every word required (any order), ranked by relevance, hits marked.

A query is split on white space; a measure matches when each word (or one of its variants) occurs in its text,
sub-task or theme. Variants come from data/search.json (synonyms the plan uses, and two-term words that may be
written in either order, 跨境数据 ↔ 数据跨境), so the rules live in data, not in code.
"""

from __future__ import annotations

import json
from functools import lru_cache
from itertools import permutations
from pathlib import Path

from geo import paths
from geo.dataset import Measure
from geo.places.textmarks import evidence_spans

SEARCH_RULES = paths.DATA / "search.json"
FIELDS = ("text", "subtask", "theme", "theme_short")


@lru_cache(maxsize=4)
def _rules(path: str, _mtime: int) -> tuple[tuple[frozenset[str], ...], frozenset[str], dict[str, int]]:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    groups = tuple(frozenset(g) for g in raw.get("equivalents", []))
    weights = {f: int(raw.get("field_weights", {}).get(f, 1)) for f in FIELDS}
    return groups, frozenset(raw.get("reorder_terms", [])), weights


def rules():
    return _rules(str(SEARCH_RULES), SEARCH_RULES.stat().st_mtime_ns if SEARCH_RULES.exists() else 0)


def words(query: str) -> list[str]:
    """The query's words (split on any white space, full-width space included), duplicates dropped."""
    return list(dict.fromkeys(query.replace("\u3000", " ").split()))


def _reordered(word: str, terms: frozenset[str]) -> set[str]:
    """The word's other orders when it is made of reorderable terms (跨境数据 → 数据跨境)."""
    for cut in range(1, len(word)):
        head, tail = word[:cut], word[cut:]
        if head in terms and tail in terms:
            return {tail + head}
    # Three terms: every order (rare, but 数据跨境安全 should find 跨境数据安全).
    for i in range(1, len(word) - 1):
        for j in range(i + 1, len(word)):
            parts = (word[:i], word[i:j], word[j:])
            if all(p in terms for p in parts):
                return {"".join(p) for p in permutations(parts)} - {word}
    return set()


def variants(word: str) -> list[str]:
    """The word and what else counts as it (longest first, so a mark covers the whole phrase)."""
    groups, terms, _ = rules()
    out = {word} | _reordered(word, terms)
    for g in groups:
        if word in g:
            out |= g
    return sorted(out, key=lambda v: (-len(v), v))


def _lower(s: str) -> str:
    return s.lower()


def word_hits(measure: Measure, word: str) -> int:
    """Weighted occurrences of one word (any variant) in a measure: text counts most, then sub-task, then theme."""
    _, _, weights = rules()
    score = 0
    for field in FIELDS:
        value = _lower(str(measure.get(field, "") or ""))
        for v in variants(word):
            n = value.count(_lower(v))
            if n:
                score += weights[field] * n
                break
    return score


def score(measure: Measure, query: str) -> int:
    """0 when a word is missing; otherwise the weighted hits, with a bonus when the whole query occurs as typed."""
    ws = words(query)
    if not ws:
        return 1
    total = 0
    for w in ws:
        hits = word_hits(measure, w)
        if not hits:
            return 0
        total += hits
    phrase = "".join(ws)
    if len(ws) > 1 and phrase.lower() in str(measure.get("text", "")).lower():
        total += 5
    return total


def matches_query(measure: Measure, query: str) -> bool:
    return score(measure, query) > 0


def ranked(measures: list[Measure], query: str) -> list[Measure]:
    """The measures that match, most relevant first (ties keep the plan's order); all of them for no query."""
    if not words(query):
        return list(measures)
    scored = [(score(m, query), i, m) for i, m in enumerate(measures)]
    return [m for s, _, m in sorted((x for x in scored if x[0] > 0), key=lambda x: (-x[0], x[1]))]


def hit_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Merged (start, end) spans in `text` of every word of the query (any variant), to mark in the cards."""
    wanted = [v.lower() for w in words(query) for v in variants(w)]
    return evidence_spans(text.lower(), wanted)  # the same merge as the place evidence marks

"""Keyword search: all words required in any order, relevance first, variants from data/search.json."""

from __future__ import annotations

import json

from geo.selection import search
from geo.selection.filters import Filters, select
from geo.selection.search import hit_spans, ranked, variants, words


def ids(ms):
    return [m["id"] for m in ms]


def _m(mid, text, subtask="", theme="主题"):
    return {"id": mid, "text": text, "subtask": subtask, "theme": theme, "theme_short": theme, "places": []}


def test_every_word_is_required_in_any_order():
    ms = [_m(1, "建设算力网络"), _m(2, "算力调度平台"), _m(3, "网络安全")]
    assert ids(ranked(ms, "网络 算力")) == [1]
    assert ids(ranked(ms, "算力　网络")) == [1]  # full-width space too
    assert ids(ranked(ms, "算力")) == [1, 2]


def test_reordered_two_term_words_match(measures, gaz):
    found = ids(select(measures, Filters(keyword="跨境数据"), gaz))
    says_reversed = [m["id"] for m in measures if "数据跨境" in m["text"] and "跨境数据" not in m["text"]]
    assert says_reversed and set(says_reversed) <= set(found)
    assert "数据跨境" in variants("跨境数据")


def test_results_rank_by_relevance():
    ms = [_m(1, "其他内容", subtask="数据"), _m(2, "数据数据数据"), _m(3, "一次数据")]
    assert ids(ranked(ms, "数据")) == [2, 3, 1]


def test_hits_are_marked_for_every_word_and_variant():
    text = "推进数据跨境流动与算力建设"
    spans = hit_spans(text, "跨境数据 算力")
    assert [text[s:e] for s, e in spans] == ["数据跨境", "算力"]


def test_rules_come_from_the_data_file(tmp_path, monkeypatch):
    rules = tmp_path / "search.json"
    rules.write_text(json.dumps({"equivalents": [["甲", "乙"]], "reorder_terms": []}), encoding="utf-8")
    monkeypatch.setattr(search, "SEARCH_RULES", rules)
    assert ids(ranked([_m(1, "乙方")], "甲")) == [1]
    assert words("  a  b a ") == ["a", "b"]

"""Theme tags of an imported table: a theme without a quoted short name keeps its words (issue 10, item 25)."""

from __future__ import annotations

from geo.ingest.headings import theme_short


def test_a_long_unquoted_theme_is_not_cut_to_six_characters():
    assert theme_short("加快推进全省数字政府改革建设") == "加快推进全省数字政府改革建设"
    assert theme_short("推进数字政府建设，提升治理能力") == "推进数字政府建设"


def test_quoted_and_short_themes_keep_their_tags():
    assert theme_short("以数据流动带动要素市场化，实现湾区发展“要素通”") == "要素通"
    assert theme_short("建立“数字湾区”建设多方参与机制") == "多方参与"
    assert theme_short("保障措施") == "保障措施"

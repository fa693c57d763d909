"""Every UI label, in 简体 (zh), 繁體 (zh_hant) and English (en): the one table pages and exports read.

Measure texts are data, not labels: they are converted to 繁體 with OpenCC (geo.i18n.to_hant), never listed here.
"""

from __future__ import annotations

from functools import lru_cache

LANGS = ("zh", "zh_hant", "en")
LANG_NAMES = {"zh": "简体中文", "zh_hant": "繁體中文", "en": "English"}

LABELS: dict[str, dict[str, str]] = {
    "app_title": {"zh": "“数字湾区”建设任务地图", "zh_hant": "「數字灣區」建設任務地圖",
                  "en": "Digital Bay Area task map"},
    "filter_theme": {"zh": "主题", "zh_hant": "主題", "en": "Theme"},
    "filter_department": {"zh": "牵头部门", "zh_hant": "牽頭部門", "en": "Lead department"},
    "filter_region": {"zh": "地区", "zh_hant": "地區", "en": "Region"},
    "filter_keyword": {"zh": "关键词", "zh_hant": "關鍵詞", "en": "Keyword"},
    "all_measures": {"zh": "全部措施", "zh_hant": "全部措施", "en": "All measures"},
    "include_groups_short": {"zh": "含区域整体措施", "zh_hant": "含區域整體措施", "en": "incl. region-wide measures"},
    "colon": {"zh": "：", "zh_hant": "：", "en": ": "},
    "list_sep": {"zh": "、", "zh_hant": "、", "en": ", "},
    "part_sep": {"zh": "；", "zh_hant": "；", "en": "; "},
    "source_line": {"zh": "资料来源：《“数字湾区”建设任务分工表》", "zh_hant": "資料來源：《「數字灣區」建設任務分工表》",
                    "en": "Source: Digital Bay Area Task Assignment Table (Guangdong)"},
    "schematic_note": {"zh": "示意图：横琴、前海、河套范围为示意，非精确边界",
                       "zh_hant": "示意圖：橫琴、前海、河套範圍為示意，非精確邊界",
                       "en": "Schematic: Hengqin, Qianhai and Hetao outlines are indicative, not exact boundaries"},
}


def t(key: str, lang: str = "zh") -> str:
    """The label in the language; a missing translation falls back to 简体, a missing key shows the key."""
    entry = LABELS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["zh"]


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("s2hk")


def to_hant(text: str) -> str:
    """Simplified → Traditional (Hong Kong standard) for measure texts and other data shown in 繁體."""
    return _converter().convert(text)


def localize(text: str, lang: str) -> str:
    """Data text (measures, departments, Chinese place names) in the UI language: 繁體 converted, else as is."""
    return to_hant(text) if lang == "zh_hant" else text

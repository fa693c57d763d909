"""Column headers of task tables: which written header means which measure field.

Tables of the same family name their columns differently (序号 or 编号, 牵头部门 or 责任单位 …);
this is the one mapping from those synonyms to the field names used in measures.
"""

from __future__ import annotations

import re
from functools import lru_cache

# field -> header synonyms, as written (whitespace and bracketed notes are ignored when matching).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("序号", "编号"),
    "theme": ("工作任务", "重点任务", "主要任务", "任务", "任务名称", "工作事项", "重点工作", "主要工作"),
    "subtask": ("子任务", "二级任务", "分项任务", "具体任务"),
    "text": (
        "具体措施",
        "工作措施",
        "主要内容",
        "具体内容",
        "任务内容",
        "具体举措",
        "工作举措",
        "主要举措",
        "工作内容",
        "具体工作",
        "任务措施",
        "任务要求",
        "工作要求",
    ),
    "departments": ("牵头部门", "牵头单位", "责任单位", "责任部门", "主责单位", "牵头责任单位", "责任主体"),
    "co_departments": ("配合单位", "配合部门", "参与单位", "参与部门", "协办单位", "协同单位", "协助单位"),
    "deadline": ("完成时限", "时间节点", "完成时间", "完成期限", "时限要求", "时间安排", "进度安排", "时限"),
}
# Bare role words under a group label (任务分工 over 牵头 | 配合): a header only in a table's second header row;
# kept apart from SYNONYMS, which the text parser also reads as header lines (a wrapped cell may say 牵头).
SUB_HEADERS: dict[str, tuple[str, ...]] = {
    "departments": ("牵头",),
    "co_departments": ("配合", "参与", "协办", "协助"),
}
# A table's footnote (注：… / 备注：… / 填表说明：…) below or between its rows: never a measure nor a heading.
NOTE = re.compile(r"^\s*(?:注|备注|附注|说明|填表说明|填报说明)\s*\d*\s*[：:]")
# The sign-off lines a department writes under its table (填表人：… 联系电话：… 填报单位（盖章）：, a 合计 row): never
# a measure.
SIGN_OFF = re.compile(
    r"^\s*(?:填表人|填报人|制表人|联系人|联系电话|联系方式|审核人|审核|审批人|负责人|单位负责人|分管领导|填报单位|填表单位"
    r"|报送单位|填报日期|填表日期|填报时间|报送日期|合计|总计|小计)\s*(?:[（(][^）)]*[)）])?\s*(?:[：:]|$)"
)
REQUIRED = ("text", "departments")
# How a missing required column is named in error messages (the form the seed table uses).
LABELS = {field: names[0] for field, names in SYNONYMS.items()}

_INDEX = {name: field for field, names in SYNONYMS.items() for name in names}
HEADER_WORDS = tuple(_INDEX)
_INDEX.update({name: field for field, names in SUB_HEADERS.items() for name in names})
_NOTE = re.compile(r"[（(【\[].*?[)）】\]]")
# An English gloss after the Chinese name, in a bilingual header (序号 No. / 牵头单位 Lead Unit).
_GLOSS = re.compile(r"[/|｜]?[A-Za-z][A-Za-z0-9.,&/'’-]*$")


def field_of(header: object) -> str | None:
    """The measure field a header cell names, or None (牵头部门（单位） → departments)."""
    if header is None:
        return None
    text = re.sub(r"\s+", "", str(header))
    if not text:
        return None
    if text in _INDEX:
        return _INDEX[text]
    text = _NOTE.sub("", text).rstrip(
        "：:*"
    )  # 责任单位（排在第一位的为牵头单位，其余为配合单位）: a note of any length
    # A bilingual header glosses the name in English after it (序号 No. / 牵头单位 Lead Unit; spaces are gone here).
    text = _GLOSS.sub("", text).rstrip("：:*") or text
    if len(text) > 20:
        return None
    if text in _INDEX:
        return _INDEX[text]
    return _INDEX.get(_simplified(text))  # a table in traditional script: 序號, 具體措施, 牽頭部門


@lru_cache(maxsize=512)
def _simplified(text: str) -> str:
    from geo.i18n import to_hans

    return to_hans(text)


def map_header(cells: list[object]) -> dict[str, int]:
    """Field -> column index for a header row (first occurrence wins); empty if fewer than two match."""
    mapping: dict[str, int] = {}
    for index, cell in enumerate(cells):
        field = field_of(cell)
        if field == "theme" and mapping.get("theme") == index - 1 and "subtask" not in mapping:
            field = "subtask"  # 工作任务 merged over two columns: the theme, then its sub-task
        if field and field not in mapping:
            mapping[field] = index
    return mapping if len(mapping) >= 2 else {}

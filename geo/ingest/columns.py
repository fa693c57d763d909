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
    "theme": (
        "工作任务",
        "重点任务",
        "主要任务",
        "任务",
        "任务名称",
        "工作事项",
        "重点工作",
        "主要工作",
        "重点工作任务",
        "任务事项",
    ),
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
        "推进措施",
        "主要措施",
        "工作任务及措施",
        "任务及措施",
        "重点任务及措施",
        "具体工作措施",
    ),
    "departments": (
        "牵头部门",
        "牵头单位",
        "责任单位",
        "责任部门",
        "主责单位",
        "牵头责任单位",
        "责任主体",
        "负责单位",
        "落实单位",
        "牵头处室",
        "责任处室",
        "牵头科室",
        "责任科室",
    ),
    "co_departments": ("配合单位", "配合部门", "参与单位", "参与部门", "协办单位", "协同单位", "协助单位"),
    "deadline": (
        "完成时限",
        "时间节点",
        "完成时间",
        "完成期限",
        "时限要求",
        "时间安排",
        "进度安排",
        "时限",
        "时间进度",
        "推进时限",
        "计划完成时间",
        "时间要求",
        "完成时间节点",
        "进度要求",
        "完成时限及进度",
        "时间",
        "进度",
        "推进时间",
        "完成时限要求",
    ),
}
# Columns read as the measure's text only when the table has no text column of its own (序号 | 任务事项 | 工作目标 |
# 责任单位): a goal beside a 具体措施 column is not the measure.
WEAK_TEXT = ("工作目标", "主要目标", "目标任务", "工作目标及措施")
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
# The header of another kind of table a task table is sent with (各单位联系人: 单位 | 联系人 | 职务 | 电话 …): a row
# of these starts a table that is no continuation of the task table.
CONTACT_WORDS = frozenset(
    (
        "联系人",
        "姓名",
        "职务",
        "职称",
        "职务职称",
        "职务/职称",
        "办公电话",
        "联系电话",
        "电话",
        "座机",
        "手机",
        "手机号码",
    )
    + ("移动电话", "邮箱", "电子邮箱", "电子邮件", "传真", "联系方式", "QQ", "微信")
)
_CONTACT_COMPANIONS = frozenset(("单位", "单位名称", "部门", "处室", "联系处室", "所在处室", "备注", "序号", "编号"))
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


def contact_header(cells: list[object]) -> bool:
    """Whether a row is the header of a contact list (单位 | 联系人 | 职务 | 办公电话 | 手机), not of a task table:
    two contact words or more, and nothing in it but those, 单位/处室 and a 序号."""
    names = [_bare(cell) for cell in cells if cell and str(cell).strip()]
    contact = {name for name in names if name in CONTACT_WORDS}
    return len(contact) >= 2 and all(name in CONTACT_WORDS or name in _CONTACT_COMPANIONS for name in names)


def map_header(cells: list[object]) -> dict[str, int]:
    """Field -> column index for a header row (first occurrence wins); empty if fewer than two match."""
    mapping: dict[str, int] = {}
    for index, cell in enumerate(cells):
        field = field_of(cell)
        if field == "theme" and mapping.get("theme") == index - 1 and "subtask" not in mapping:
            field = "subtask"  # 工作任务 merged over two columns: the theme, then its sub-task
        if field and field not in mapping:
            mapping[field] = index
    if "text" not in mapping:
        weak = [index for index, cell in enumerate(cells) if _bare(cell) in WEAK_TEXT]
        if weak:
            mapping["text"] = weak[0]
    return mapping if len(mapping) >= 2 else {}


def _bare(cell: object) -> str:
    """A header cell without spaces and bracketed notes."""
    return _NOTE.sub("", re.sub(r"\s+", "", str(cell or ""))).rstrip("：:*")

"""Lead departments (牵头部门): the table of known departments and the expansion of written lists.

Task tables abbreviate their department lists the way Guangdong documents do:
``省发展改革委、工业和信息化厅`` means 省发展改革委 and 省工业和信息化厅 (the 省 of the first name
distributes over the 、-separated names of its ，-segment), ``广州市、深圳市人民政府`` means both
cities' governments, and PDF extraction wraps names across lines (``政务服务数\\n据管理局``).
``expand`` turns such a cell into full names; the table in data/departments.json (one source of
truth) gives each known name its short label and category. Unknown names are kept as written:
the caller reports them (``unknown``), nothing is dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.paths import DEPARTMENTS

# Separators between ，-segments (the 省 prefix stops there) and between names inside a segment.
_SEGMENT_SEPARATORS = "，,；;"
_NAME_SEPARATORS = "、/／ \t\u3000"
_ALL_SEPARATORS = _SEGMENT_SEPARATORS + _NAME_SEPARATORS
_OPENING = "（(【["
_CLOSING = "）)】]"

# How department names end, and how a name that is not itself an abbreviated 省 department starts.
_DEPARTMENT_END = re.compile(r"(厅|委|局|办|政府|行|署|公司|委员会|会|院|中心|部|室|所|负责|集团|合作区)$")
_DEPARTMENT_START = re.compile(
    r"^(省|团省委|国家|中国|中共|共青团|人民银行|海关|广东|香港|澳门|相关|有关|各|横琴|前海|南沙|河套)"
)
# A local government not in the table: a two- or three-character place name, then its government.
_LOCAL_GOVERNMENT = re.compile(r"^[\u4e00-\u9fff]{2,3}[市区县](人民政府|政府)$")
# A name containing one of these belongs to a bank, regulator, customs, company or another
# level of government: the 省 of a preceding name never distributes onto it.
_NOT_PROVINCIAL = re.compile(r"银行|国家|中国|海关|公司|集团|广东|香港|澳门|总局|总署|分署|合作区|政府|市(?!场)|区|县")
_PROVINCIAL_END = re.compile(r"(厅|委|局|办|委员会|中心|院|所|会)$")
# "广州市" / "南沙区" written alone before "…市人民政府": the place takes the institution of the last name.
_BARE_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,6}[市区县]$")
_PLACE_AND_INSTITUTION = re.compile(r"^([\u4e00-\u9fff]{2,6}?[市区县])([\u4e00-\u9fff]+)$")


@dataclass(frozen=True)
class Department:
    name: str  # as written in task tables once expanded, e.g. 省科技厅 (the key used in measures)
    short: str  # compact label for charts and chips, e.g. 省工信厅
    category: str  # one of categories()
    official: str = ""  # full official name, e.g. 广东省科学技术厅
    aliases: tuple[str, ...] = ()  # other spellings that mean the same department


@lru_cache(maxsize=4)
def _read(path: Path) -> dict:
    """The file: {"categories": [display order], "unknown_category": "…", "departments": [rows]}."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    if doc["unknown_category"] not in doc["categories"]:
        raise ValueError(f"{path}: unknown_category {doc['unknown_category']!r} is not in categories")
    return doc


def categories(path: Path | None = None) -> tuple[str, ...]:
    """Department categories in display order (the filter panel sorts departments by it)."""
    return tuple(_read(path or DEPARTMENTS)["categories"])


def unknown_category(path: Path | None = None) -> str:
    """The category of a department the table does not know."""
    return _read(path or DEPARTMENTS)["unknown_category"]


@lru_cache(maxsize=4)
def _load(path: Path) -> dict[str, Department]:
    doc = _read(path)
    known: dict[str, Department] = {}
    for row in doc["departments"]:
        if row["category"] not in doc["categories"]:
            raise ValueError(f"{path}: {row['name']} has unknown category {row['category']!r}")
        known[row["name"]] = Department(
            name=row["name"],
            short=row.get("short") or row["name"],
            category=row["category"],
            official=row.get("official", ""),
            aliases=tuple(row.get("aliases", ())),
        )
    return known


def load_known(path: Path | None = None) -> dict[str, Department]:
    """The known departments by name (a fresh dict; the cached table stays untouched)."""
    return dict(_load(path or DEPARTMENTS))


@lru_cache(maxsize=4)
def _alias_index(path: Path) -> dict[str, str]:
    index: dict[str, str] = {}
    for dept in _load(path).values():
        for alias in (dept.official, *dept.aliases):
            if alias and alias not in _load(path):
                index.setdefault(alias, dept.name)
    # Short labels read back too (省政数局 → 省政务服务数据管理局), except bare places: 广州市 written in
    # a list is a place whose institution follows (广州市、深圳市人民政府), not a short label.
    for dept in _load(path).values():
        if dept.short not in _load(path) and not _BARE_PLACE.match(dept.short):
            index.setdefault(dept.short, dept.name)
    return index


@lru_cache(maxsize=4)
def _city_stems(path: Path) -> frozenset[str]:
    return frozenset(
        name.removesuffix("市人民政府")
        for name, dept in _load(path).items()
        if dept.category == "地市政府" and name.endswith("市人民政府")
    )


def canonical(name: str) -> str:
    """The table's name for an official name or alias (广东省科学技术厅 → 省科技厅); else unchanged."""
    name = name.strip()
    if name in _load(DEPARTMENTS):
        return name
    return _alias_index(DEPARTMENTS).get(name, name)


def is_known(name: str) -> bool:
    return canonical(name) in _load(DEPARTMENTS)


def category_of(name: str) -> str:
    dept = _load(DEPARTMENTS).get(canonical(name))
    return dept.category if dept else unknown_category()


def short_name(name: str) -> str:
    dept = _load(DEPARTMENTS).get(canonical(name))
    return dept.short if dept else name


def unknown(names: Iterable[str]) -> list[str]:
    """Names not in the known table, each once, in first-seen order (for reports, never to drop)."""
    seen: dict[str, None] = {}
    for name in names:
        if not is_known(name):
            seen.setdefault(name, None)
    return list(seen)


def looks_like_department(name: str) -> bool:
    """Whether an (expanded) name has the shape of a department rather than of prose."""
    name = name.strip()
    if not name or len(name) > 40:
        return False
    if is_known(name) or is_known("省" + name):
        return True
    if _LOCAL_GOVERNMENT.match(name):
        return True
    starts = bool(_DEPARTMENT_START.search(name)) or any(name.startswith(city) for city in _city_stems(DEPARTMENTS))
    return starts and bool(_DEPARTMENT_END.search(name))


def is_department_list(raw: str) -> bool:
    """Whether a whole cell reads as a list of departments (used to find where the 牵头部门 cell starts)."""
    if not raw.strip() or "。" in raw:
        return False
    names = expand(raw)
    return bool(names) and all(looks_like_department(name) for name in names)


def _split(text: str, separators: str) -> list[str]:
    """Split on any of the separators, but not inside brackets (省发展改革委（省能源局）)."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth = max(0, depth - 1)
        if depth == 0 and char in separators:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def _starts_a_name(piece: str) -> bool:
    first = (_split(piece, _ALL_SEPARATORS) or [""])[0]
    if not first:
        return True
    if is_known(first) or is_known("省" + first):
        return True
    return bool(_DEPARTMENT_START.search(first)) or any(first.startswith(city) for city in _city_stems(DEPARTMENTS))


def _ends_a_name(piece: str) -> bool:
    last = (_split(piece, _ALL_SEPARATORS) or [""])[-1]
    return is_known(last) or bool(_DEPARTMENT_END.search(last))


def rejoin_lines(raw: str) -> str:
    """Undo line wrapping inside a cell: a line break is a wrap unless both sides are whole names."""
    lines = [line.strip() for line in raw.replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    text = lines[0]
    for line in lines[1:]:
        if text[-1] in _ALL_SEPARATORS or line[0] in _ALL_SEPARATORS:
            text += line
            continue
        last = _split(text, _ALL_SEPARATORS)[-1]
        first = _split(line, _ALL_SEPARATORS)[0]
        wrapped = is_known(last + first) or is_known("省" + last + first)
        if not wrapped and _ends_a_name(text) and _starts_a_name(line):
            text += "、" + line
        else:
            text += line
    return text


def _distribute_places(names: list[str]) -> list[str]:
    """广州市、深圳市、东莞市人民政府 → each city with the institution written after the last one."""
    cities = _city_stems(DEPARTMENTS)
    out: list[str] = []
    pending: list[str] = []
    for name in names:
        if name in cities:
            name += "市"
        if _BARE_PLACE.match(name) and not is_known(name):
            pending.append(name)
            continue
        match = _PLACE_AND_INSTITUTION.match(name)
        if pending and match and not re.search(r"[市区县]|合作", match.group(2)):
            out.extend(place + match.group(2) for place in pending)
            pending = []
        out.extend(pending)
        pending = []
        out.append(name)
    out.extend(pending)
    return out


def _distribute_province(names: list[str]) -> list[str]:
    """省发展改革委、工业和信息化厅 → 省发展改革委、省工业和信息化厅 (within one ，-segment)."""
    out: list[str] = []
    active = False
    for name in names:
        if name.startswith("省"):
            active = True
        elif is_known(name):
            pass  # 团省委, 人民银行广东省分行, 广东海事局 … are complete as written
        elif is_known("省" + name):
            # A bare 科技厅 only exists at provincial level, so it is 省科技厅 even after a ，.
            name = "省" + name
        elif active and _PROVINCIAL_END.search(name) and not _NOT_PROVINCIAL.search(name):
            name = "省" + name
        out.append(name)
    return out


def expand(raw: str) -> list[str]:
    """Full department names from a written 牵头部门 cell, in written order, each once."""
    text = rejoin_lines(raw or "")
    result: dict[str, None] = {}
    for segment in _split(text, _SEGMENT_SEPARATORS):
        names = [canonical(name) for name in _split(segment, _NAME_SEPARATORS)]
        for name in _distribute_province(_distribute_places(names)):
            result.setdefault(canonical(name), None)
    return list(result)

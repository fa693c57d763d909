"""Departments of task tables: the registry (data/departments.json) and the reading of written unit cells.

Task tables abbreviate their unit lists the way Guangdong documents do: ``省发展改革委、工业和信息化厅``
means 省发展改革委 and 省工业和信息化厅 (the 省 of the first name distributes over the following
provincial bodies of its ，-segment), ``广州市、深圳市人民政府`` means both cities' governments, PDF
extraction wraps names across lines (``政务服务数\\n据管理局``), and roles are written as words glued to
the names: ``X牵头，A、B按职责分工负责`` (X leads, A and B co-operate), ``A、B按职责分工负责`` (all lead),
``（牵头单位：X，配合单位：A、B）``. ``units`` turns such a cell into lead and co-operating names without
role words; tiers such as ``各区、县级市`` stay one unit. The registry gives each known name its short
label, category, level and former names (renames); the reading rules (role words, provinces, what is
never a provincial body) live in data/department_rules.json. Unknown names are kept as written: the
caller reports them (``unknown``), nothing is dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.paths import DEPARTMENTS

TIER_CATEGORY = "属地"  # a whole tier of local governments or units (各区、县级市): one unit, never split
LEVELS = ("province", "city", "district", "central-in-province", "other")
RULES = DEPARTMENTS.with_name("department_rules.json")

# Separators between ，-segments (the 省 prefix stops there) and between names inside a segment.
_SEGMENT_SEPARATORS = "，,；;"
_NAME_SEPARATORS = "、/／ \t\u3000"
_ALL_SEPARATORS = _SEGMENT_SEPARATORS + _NAME_SEPARATORS
_OPENING = "（(【["
_CLOSING = "）)】]"
_LABEL_COLONS = "：:"
_TIER_MARK = "\ue000"  # a private-use character stands in for a protected tier name while a cell is split
# 1. / 2、 numbering the units of a cell that lists one per measure (1.省工业和信息化厅；2.…): no part of a name (never
# 1.1, an outline number).
_ITEM_NUMBER = re.compile(r"(?:^|(?<=[\n；;，,]))\s*\d{1,2}\s*[.．、](?!\d{1,2}(?!\d))\s*")

# How department names end.
_DEPARTMENT_END = re.compile(r"(厅|委|局|办|政府|行|署|公司|委员会|会|院|中心|部|室|所|负责|集团|合作区|单位|部门)$")
_GENERIC_START = ("省", "市", "团省委", "国家", "中国", "中共", "共青团", "人民银行", "海关", "相关", "有关", "各")
# A local government not in the table: a two- or three-character place name, then its government.
_LOCAL_GOVERNMENT = re.compile(r"^[\u4e00-\u9fff]{2,3}[市区县](人民政府|政府)$")
_PROVINCIAL_END = re.compile(r"(厅|委|局|办|委员会|中心|院|所|会)$")
# "广州市" / "南沙区" written alone before "…市人民政府": the place takes the institution of the last name.
_BARE_PLACE = re.compile(r"^[\u4e00-\u9fff]{2,6}[市区县]$")
_PLACE_AND_INSTITUTION = re.compile(r"^([\u4e00-\u9fff]{2,6}?[市区县])([\u4e00-\u9fff]+)$")
# The level prefix a run of bodies shares: 省 / 市, or a named province or city (浙江省, 杭州市).
_RUN_PREFIX = re.compile(r"^((?:[\u4e00-\u9fff]{2,3})?[省市])(?=[\u4e00-\u9fff]{2,})")


@dataclass(frozen=True)
class Department:
    name: str  # as written in task tables once expanded, e.g. 省科技厅 (the key used in measures)
    short: str  # compact label for charts and chips, e.g. 省工信厅
    category: str  # one of categories()
    official: str = ""  # full official name, e.g. 广东省科学技术厅
    aliases: tuple[str, ...] = ()  # other spellings that mean the same department
    level: str = "other"  # one of LEVELS
    current: str = ""  # for a former name: the name the department has now (a rename); else ""
    renamed: str = ""  # for a former name: when it was renamed (year or date as the notice gives it)


@dataclass(frozen=True)
class Rules:
    lead: tuple[str, ...]
    co: tuple[str, ...]
    shared: tuple[str, ...]
    lead_labels: tuple[str, ...]
    co_labels: tuple[str, ...]
    none: frozenset[str]
    provinces: tuple[str, ...]
    not_provincial: re.Pattern[str]
    label_line: re.Pattern[str]  # a line break or space before 牵头：/ 配合单位： starts a new segment
    lead_with: tuple[str, ...]  # X会同Y: X leads, Y co-operates
    before: tuple[str, ...]  # words opening a cell before the first name (由X牵头)
    after: tuple[str, ...]  # words closing a name (X等有关部门 → X)
    lead_marks: tuple[str, ...]  # X* leads, the unmarked names of its cell co-operate
    first_leads: tuple[str, ...]  # a units header's note saying the first-listed unit leads


@lru_cache(maxsize=2)
def _rules(path: Path = RULES) -> Rules:
    raw = json.loads(path.read_text(encoding="utf-8"))

    def longest_first(words: Iterable[str]) -> tuple[str, ...]:
        # Each word also in traditional script: a Big5 table from Hong Kong or Macao writes 牽頭, 按職責分工負責.
        from geo.i18n import to_hant

        words = list(words)
        return tuple(sorted({*words, *(to_hant(word) for word in words)}, key=len, reverse=True))

    provinces = longest_first(raw["provinces"])
    # Another province's name, a central body or a company: the 省 of a preceding name never distributes
    # onto it, and neither does a city's, district's or county's name (市 but not 市场).
    markers = "|".join(re.escape(word) for word in (*provinces, *raw["not_provincial"]))
    labels = longest_first((*raw["labels"]["lead"], *raw["labels"]["co"]))
    return Rules(
        lead=longest_first(raw["roles"]["lead"]),
        co=longest_first(raw["roles"]["co"]),
        shared=longest_first(raw["roles"]["shared"]),
        lead_labels=longest_first(raw["labels"]["lead"]),
        co_labels=longest_first(raw["labels"]["co"]),
        none=frozenset(longest_first(raw["none"])),
        provinces=provinces,
        not_provincial=re.compile(rf"{markers}|市(?!场)|区|县"),
        label_line=re.compile(r"\s+(?=(?:" + "|".join(map(re.escape, labels)) + r")\s*[：:])"),
        lead_with=longest_first(raw.get("lead_with", ())),
        before=longest_first(raw.get("before", ())),
        after=longest_first(raw.get("after", ())),
        lead_marks=tuple(raw.get("lead_marks", ())),
        first_leads=longest_first(raw.get("first_leads", ())),
    )


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
    """The category of a department the registry does not know."""
    return _read(path or DEPARTMENTS)["unknown_category"]


@lru_cache(maxsize=4)
def _load(path: Path) -> dict[str, Department]:
    doc = _read(path)
    known: dict[str, Department] = {}
    for row in doc["departments"]:
        if row["category"] not in doc["categories"]:
            raise ValueError(f"{path}: {row['name']} has unknown category {row['category']!r}")
        level = row.get("level", "other")
        if level not in LEVELS:
            raise ValueError(f"{path}: {row['name']} has unknown level {level!r}")
        known[row["name"]] = Department(
            name=row["name"],
            short=row.get("short") or row["name"],
            category=row["category"],
            official=row.get("official", ""),
            aliases=tuple(row.get("aliases", ())),
            level=level,
        )
        # A former name is still known (older plans use it) and is the same department.
        for former in row.get("renames", ()):
            known[former["from"]] = Department(
                name=former["from"],
                short=former.get("short") or former["from"],
                category=row["category"],
                official=former.get("official", ""),
                aliases=tuple(former.get("aliases", ())),
                level=level,
                current=row["name"],
                renamed=str(former.get("date", "")),
            )
    return known


def load_known(path: Path | None = None) -> dict[str, Department]:
    """The known departments by name, former names included (a fresh dict; the cached table stays untouched)."""
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


@lru_cache(maxsize=4)
def _tiers(path: Path) -> tuple[str, ...]:
    """Tier names and their spellings, longest first: they are protected from splitting."""
    names = {
        spelling
        for dept in _load(path).values()
        if dept.category == TIER_CATEGORY
        for spelling in (dept.name, *dept.aliases)
        if any(sep in spelling for sep in _ALL_SEPARATORS + _OPENING)
    }
    return tuple(sorted(names, key=len, reverse=True))


def canonical(name: str) -> str:
    """The table's name for an official name or alias (广东省科学技术厅 → 省科技厅); else unchanged.

    A former name stays as written (a plan of 2023 says 省政务服务数据管理局); ``current_name`` follows renames.
    """
    name = name.strip()
    if name in _load(DEPARTMENTS):
        return name
    found = _alias_index(DEPARTMENTS).get(name)
    if found:
        return found
    simplified = _simplified(name)  # 省科技廳 written in traditional script is 省科技厅
    if simplified != name and (simplified in _load(DEPARTMENTS) or simplified in _alias_index(DEPARTMENTS)):
        return canonical(simplified)
    return name


@lru_cache(maxsize=4096)
def _simplified(name: str) -> str:
    from geo.i18n import to_hans

    return to_hans(name)


def department(name: str) -> Department | None:
    return _load(DEPARTMENTS).get(canonical(name))


def current_name(name: str) -> str:
    """The department's name today: a former name follows its rename (省政务服务数据管理局 → 省政务服务和数据管理局)."""
    dept = department(name)
    if dept is None:
        return name.strip()
    return dept.current or dept.name


def is_known(name: str) -> bool:
    return canonical(name) in _load(DEPARTMENTS)


def category_of(name: str) -> str:
    dept = department(name)
    return dept.category if dept else unknown_category()


def level_of(name: str) -> str:
    dept = department(name)
    return dept.level if dept else "other"


def short_name(name: str) -> str:
    dept = department(name)
    return dept.short if dept else name


def unknown(names: Iterable[str]) -> list[str]:
    """Names not in the known table, each once, in first-seen order (for reports, never to drop)."""
    seen: dict[str, None] = {}
    for name in names:
        if not is_known(name):
            seen.setdefault(name, None)
    return list(seen)


@lru_cache(maxsize=4)
def _zone_stems(path: Path) -> tuple[str, ...]:
    """How the co-operation zones' bodies start (横琴…, 河套…): the first two characters of each known one."""
    return tuple({name[:2] for name, dept in _load(path).items() if dept.category == "合作区机构"})


def _starts_like_a_body(name: str) -> bool:
    return (
        name.startswith(_GENERIC_START)
        or name.startswith(_rules().provinces)
        or name.startswith(_zone_stems(DEPARTMENTS))
        or any(name.startswith(city) for city in _city_stems(DEPARTMENTS))
    )


def looks_like_department(name: str) -> bool:
    """Whether an (expanded) name has the shape of a department rather than of prose."""
    name = name.strip()
    if not name or len(name) > 40:
        return False
    if is_known(name) or is_known("省" + name):
        return True
    if _LOCAL_GOVERNMENT.match(name):
        return True
    return _starts_like_a_body(name) and bool(_DEPARTMENT_END.search(name))


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
    return _starts_like_a_body(first)


def _ends_a_name(piece: str) -> bool:
    last = (_split(piece, _ALL_SEPARATORS) or [""])[-1]
    last, _ = _strip_role(last)
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


def _run_prefix(name: str) -> str | None:
    """The level prefix a name gives the bodies after it (省, 市, 浙江省, 杭州市), or None."""
    if name.startswith("市场"):
        return None
    match = _RUN_PREFIX.match(name)
    if not match:
        return None
    prefix = match.group(1)
    stem = prefix[:-1]
    # A named 省 prefix must be a province (浙江省); a city's may be any city's (杭州市), since a city
    # table from another province names cities the registry does not know.
    if stem and prefix.endswith("省") and stem not in _rules().provinces:
        return None
    return prefix


def _distribute_prefix(names: list[str]) -> list[str]:
    """省发展改革委、工业和信息化厅 → 省发展改革委、省工业和信息化厅 (within one ，-segment).

    The prefix of a run (省, or a named province or city such as 浙江省) goes only onto bare bodies,
    never onto a name that carries another province's or a city's name, nor a central body's or a
    company's: those are complete as written.
    """
    rules = _rules()
    out: list[str] = []
    prefix: str | None = None
    for name in names:
        own = _run_prefix(name)
        if own:
            prefix = own
        elif is_known(name):
            pass  # 团省委, 人民银行广东省分行, 广东海事局 … are complete as written
        elif prefix in (None, "省") and is_known("省" + name):
            # A bare 科技厅 only exists at provincial level, so it is 省科技厅 even after a ，.
            name = "省" + name
        elif prefix and _PROVINCIAL_END.search(name) and not rules.not_provincial.search(name):
            name = prefix + name
        out.append(name)
    return out


def _strip_role(name: str) -> tuple[str, str | None]:
    """A name without its trailing role word (省科技厅牵头 / 省科技厅（牵头） → 省科技厅, "lead"), and the role;
    also without 由 before it and 等有关部门 after it."""
    rules = _rules()
    for word in rules.before:
        if name.startswith(word) and len(name) > len(word) + 1:
            name = name[len(word) :].lstrip()
            break
    inner = name
    bracketed = len(name) > 2 and name[-1] in _CLOSING and any(o in name for o in _OPENING)
    if bracketed:
        start = max(name.rfind(o) for o in _OPENING)
        inner = name[start + 1 : -1].strip()
    for role, words in (("shared", rules.shared), ("lead", rules.lead), ("co", rules.co)):
        for word in words:
            if bracketed and inner == word:
                return _strip_after(name[:start].rstrip()), role
            if name.endswith(word) and len(name) > len(word):
                return _strip_after(name[: -len(word)].rstrip()), role
    return _strip_after(name), None


def _strip_after(name: str) -> str:
    for word in _rules().after:
        if name.endswith(word) and len(name) > len(word):
            return name[: -len(word)].rstrip()
    return name


def _lead_with(text: str) -> str:
    """X会同Y、Z → X牵头，Y、Z配合 (within one ，-segment)."""
    rules = _rules()
    if not any(word in text for word in rules.lead_with):
        return text
    out: list[str] = []
    for segment in _split(text, _SEGMENT_SEPARATORS):
        for word in rules.lead_with:
            left, found, right = segment.partition(word)
            if found and left and right:
                _, right_role = _strip_role(right)
                segment = f"{left}{rules.lead[-1]}，{right}" + ("" if right_role else rules.co[0])
                break
        out.append(segment)
    return "，".join(out)


def _role_words_attached(text: str) -> str:
    """省商务厅 牵头 → 省商务厅牵头: a role word set off by a space still closes the name before it (a space
    between names separates them)."""
    rules = _rules()
    words = "|".join(map(re.escape, (*rules.lead, *rules.co, *rules.shared)))
    return re.sub(rf"[ \t\u3000]+(?=(?:{words})(?:$|[\n{_SEGMENT_SEPARATORS}、]))", "", text)


def _bracketed_co(text: str) -> str:
    """X（A、B配合） → X牵头，A、B配合: the co-operating units written in brackets after the lead."""
    rules = _rules()
    words = "|".join(map(re.escape, (*rules.co, *rules.shared)))
    pattern = re.compile(rf"(?<=[^\s{_SEGMENT_SEPARATORS}])[（(]([^（）()]+?)({words})[)）]")

    def rewrite(match: re.Match[str]) -> str:
        inner = match.group(1).strip()
        if not inner or not is_department_list(inner):
            return match.group(0)
        return f"{rules.lead[-1]}，{inner}{match.group(2)}"

    return pattern.sub(rewrite, text)


def first_leads(header: str) -> bool:
    """Whether a units header's note says the first unit of each cell leads (责任单位（排在第一位的为牵头单位）)."""
    rules = _rules()
    return any(word in header for word in rules.first_leads) and any(word in header for word in rules.lead)


def _strip_label(segment: str) -> tuple[str, str | None]:
    """牵头单位：X → (X, "lead"); 配合单位：A → (A, "co"); else (segment, None)."""
    rules = _rules()
    for role, labels in (("lead", rules.lead_labels), ("co", rules.co_labels)):
        for label in labels:
            if segment.startswith(label) and segment[len(label) : len(label) + 1] in _LABEL_COLONS:
                return segment[len(label) + 1 :].strip(), role
    return segment, None


def _protect_tiers(text: str) -> tuple[str, dict[str, str]]:
    """Tier names (各区、县级市) replaced by private characters so that splitting leaves them whole."""
    found: dict[str, str] = {}
    for tier in _tiers(DEPARTMENTS):
        if tier in text:
            mark = chr(ord(_TIER_MARK) + len(found))
            found[mark] = tier
            text = text.replace(tier, mark)
    return text, found


def _restore_tiers(name: str, tiers: dict[str, str]) -> str:
    for mark, tier in tiers.items():
        name = name.replace(mark, tier)
    return name


@dataclass
class Units:
    """The units of one measure by role, in written order, each once, without role words."""

    lead: list[str]
    co: list[str]


def units(raw: str, role: str = "lead") -> Units:
    """Lead and co-operating units from a written cell; ``role`` is the column's (牵头 → lead, 配合 → co).

    ``X牵头，A、B按职责分工负责``: X leads, A and B co-operate; ``A、B按职责分工负责`` alone: all lead;
    ``牵头单位：X，配合单位：A、B``: by label; 无, / and — mean none.
    """
    rules = _rules()
    # 牵头：X⏎配合：A、B — one labelled segment per line, as a 责任单位 cell often lists them.
    text = _ITEM_NUMBER.sub("", rules.label_line.sub("；", raw or ""))
    text = rejoin_lines(_role_words_attached(text)).strip().rstrip("。.；;")
    text = _bracketed_co(text)
    if len(text) > 1 and text[0] in _OPENING and text[-1] in _CLOSING:
        text = text[1:-1].strip()
    if not text or text in rules.none:
        return Units([], [])
    text, tiers = _protect_tiers(_lead_with(text))
    marked: list[tuple[str, str, bool]] = []  # (name, role, explicit)
    starred: set[str] = set()
    label_role: str | None = None
    for segment in _split(text, _SEGMENT_SEPARATORS):
        segment, label = _strip_label(segment)
        label_role = label or label_role
        written: list[str] = []
        roles: list[str | None] = []
        for piece in _split(segment, _NAME_SEPARATORS):
            piece = _restore_tiers(piece, tiers)
            star = piece.endswith(rules.lead_marks) and len(piece) > 1
            bare, word_role = _strip_role(piece.rstrip("".join(rules.lead_marks)) if star else piece)
            # X（牵头）、Y、Z marks the one lead of a list the way a star does: Y and Z co-operate.
            star = star or (word_role == "lead" and piece[-1] in _CLOSING)
            piece = bare
            if piece in rules.none:
                continue
            written.append(canonical(piece))
            roles.append(word_role)
            if star:
                starred.add(written[-1])
        names = _distribute_prefix(_distribute_places(written)) if len(written) == len(roles) else written
        if len(names) != len(roles):  # places distributed into more names: one role word then covers them all
            roles = [next((r for r in reversed(roles) if r), None)] * len(names)
        # A role word closes the names written before it in its segment (X、Y牵头 → both lead).
        pending: list[str] = []
        for name, word_role in zip(names, roles, strict=True):
            pending.append(canonical(name))
            if word_role:
                marked.extend((n, word_role, True) for n in pending)
                pending = []
        marked.extend((n, label_role or role, label_role is not None) for n in pending)
    if starred and len(starred) < len(marked):
        # X*、Y: the marked names lead, the others of the cell co-operate unless a word says otherwise.
        marked = [
            (name, "lead" if name in starred or (explicit and r == "lead") else ("co" if not explicit else r), True)
            for name, r, explicit in marked
        ]
    explicit_lead = any(r == "lead" and explicit for _, r, explicit in marked)
    lead: dict[str, None] = {}
    co: dict[str, None] = {}
    for name, name_role, _ in marked:
        if name_role == "shared":
            name_role = "co" if explicit_lead or role == "co" else "lead"
        (lead if name_role == "lead" else co).setdefault(name, None)
    return Units(list(lead), [name for name in co if name not in lead])


def expand(raw: str) -> list[str]:
    """Full unit names from a written cell, in written order, each once, whatever their role."""
    found = units(raw)
    return [*found.lead, *(name for name in found.co if name not in found.lead)]


def inline_units(text: str) -> tuple[str, Units] | None:
    """Units written inside a measure's text: （牵头单位：X，配合单位：A、B） → (text without them, units)."""
    rules = _rules()
    labels = (*rules.lead_labels, *rules.co_labels)
    for start, char in enumerate(text):
        if char not in _OPENING:
            continue
        rest = text[start + 1 :].lstrip()
        if not any(rest.startswith(label) and rest[len(label) : len(label) + 1] in _LABEL_COLONS for label in labels):
            continue
        depth = 0
        for end in range(start, len(text)):
            if text[end] in _OPENING:
                depth += 1
            elif text[end] in _CLOSING:
                depth -= 1
                if depth == 0:
                    found = units(text[start : end + 1])
                    return (text[:start] + text[end + 1 :]).strip(), found
        return None
    return None

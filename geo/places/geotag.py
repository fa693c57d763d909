"""The geotagger: which places a measure concerns, each with the exact text that says so.

A tag is ``{"place": id, "evidence": substring, "rule": how}``. ``evidence`` is always a substring of the
measure text, or the full name of a lead department for rule ``department``. Rules:

- ``city`` / ``sar`` / ``zone`` / ``corridor`` / ``group`` / ``external`` / ``facility``: a name or alias from
  data/places.json, read leftmost-longest (珠海横琴先进智能计算平台 is the facility, not 珠海 + 横琴).
- ``facility-zone`` / ``facility-city``: the zone and city (or SAR) that contain a tagged facility, with the
  facility's evidence. Zones do *not* add their city: geo.filters already counts a zone for its city.
- ``facility-ellipsis``: a facility named in an elliptical list (广州、深圳数据交易所; 国家超级计算广州中心、
  深圳中心); the evidence is the whole list.
- ``group-member``: a group read as its members (港澳 = 香港 + 澳门, see data/geotag_rules.json).
- ``compound``: an abbreviation compound (粤港, 深港 …) listed in data/geotag_rules.json.
- ``department``: a lead department that is a place's own government or zone authority (each one of a joint lead).
- ``override``: added by the reviewed file data/place_overrides.json.

Organisation names (人民银行深圳市中心支行, 广东海事局 …) and non-place phrases (数字湾区) are masked first.
Tags come in text order (then by rule), one per (place, rule).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo import paths
from geo.i18n import to_hans
from geo.places.gazetteer import Gazetteer, load_gazetteer

KIND_RULE = {
    "city": "city",
    "sar": "sar",
    "zone": "zone",
    "facility": "facility",
    "corridor": "corridor",
    "region_group": "group",
    "external_region": "external",
}
# Tie-break at the same text position: the most specific reading first.
RULES = (
    "facility",
    "facility-ellipsis",
    "facility-zone",
    "facility-city",
    "zone",
    "city",
    "sar",
    "corridor",
    "compound",
    "group",
    "group-member",
    "external",
    "department",
    "override",
)
_RANK = {r: i for i, r in enumerate(RULES)}
# Separators of an elliptical list: 广州、深圳数据交易所 / 广州和深圳数据交易所.
_LIST_SEP = re.compile(r"以及|、|和|及|与")
# Separators between the departments of a joint lead written in one cell.
_DEPT_SEP = re.compile(r"[、，,；;/／]")


class GeotagError(ValueError):
    """Bad rules or overrides: the message says which file, entry and value."""


@dataclass(frozen=True)
class Rules:
    expand_groups: frozenset[str]
    province_abbreviation: str
    compounds: tuple[str, ...]
    not_places: tuple[str, ...]
    org_patterns: tuple[tuple[str, tuple[str, ...]], ...]  # (regex, examples)
    department_suffixes: tuple[str, ...]
    department_kinds: frozenset[str]
    bureau_of: tuple[str, ...] = ()  # 深圳市科技创新局: an official place name ending so, then an organ of it
    bureau_endings: tuple[str, ...] = ()
    not_specific: frozenset[str] = frozenset()  # places too wide to count as "specific" in the review report


def load_rules(path: Path | str | None = None) -> Rules:
    path = Path(path or paths.GEOTAG_RULES)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Rules(
            expand_groups=frozenset(raw["expand_to_members"]["groups"]),
            province_abbreviation=raw["compounds"]["province_abbreviation"],
            compounds=tuple(raw["compounds"]["list"]),
            not_places=tuple(raw["not_places"]["phrases"]),
            org_patterns=tuple((p["pattern"], tuple(p.get("examples", ()))) for p in raw["org_masks"]["patterns"]),
            department_suffixes=tuple(sorted(raw["departments"]["suffixes"], key=len, reverse=True)),
            department_kinds=frozenset(raw["departments"]["kinds"]),
            bureau_of=tuple(raw["departments"]["bureaus"]["place_name_endings"]),
            bureau_endings=tuple(raw["departments"]["bureaus"]["endings"]),
            not_specific=frozenset(raw["review"]["not_specific"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise GeotagError(f"{path}: cannot read geotag rules ({type(e).__name__}: {e})") from e


@dataclass
class _Hit:
    start: int
    end: int
    tags: list[tuple[str, str, str]]  # (place, evidence, rule)


class Tagger:
    """Reads place mentions in a text with one gazetteer and one rule set (build once, reuse)."""

    def __init__(self, gazetteer: Gazetteer, rules: Rules):
        self.gaz = gazetteer
        self.rules = rules
        self.names: dict[str, str] = {}
        for place in gazetteer:
            for name in place.names():
                other = self.names.setdefault(name, place.id)
                if other != place.id:
                    raise GeotagError(f"name {name!r} belongs to both {other!r} and {place.id!r} in the gazetteer")
        self._lengths = sorted({len(n) for n in self.names}, reverse=True)
        for g in rules.expand_groups:
            if g not in gazetteer or not gazetteer[g].members:
                raise GeotagError(f"geotag rules: expand_to_members names {g!r}, which is not a group in the gazetteer")
        self.compounds = {c: self._resolve_compound(c) for c in rules.compounds}
        self._comp_lengths = sorted({len(c) for c in self.compounds}, reverse=True)
        masks = [re.escape(p) for p in rules.not_places]
        for pattern, _examples in rules.org_patterns:
            try:
                re.compile(pattern)
            except re.error as e:
                raise GeotagError(f"geotag rules: bad org_masks pattern {pattern!r}: {e}") from e
            masks.append(pattern)
        # One lookahead per pattern finds a match at every start position (overlapping), see _mask_ends.
        self._masks = [re.compile(f"(?=({m}))") for m in masks]
        self._templates = self._facility_templates()
        std = sorted({n for p in gazetteer.of_kind("city", "sar") for n in _standard_names(p)}, key=len, reverse=True)
        self._std_city = {n: p.id for p in gazetteer.of_kind("city", "sar") for n in _standard_names(p)}
        self._city_re = re.compile("|".join(re.escape(n) for n in std)) if std else None

    # --- construction helpers -------------------------------------------------------------------------------
    def _resolve_compound(self, compound: str) -> tuple[str, ...]:
        abbr: dict[str, str] = {}
        for place in self.gaz:
            for a in place.extra.get("abbreviations", ()):
                if abbr.setdefault(a, place.id) != place.id:
                    raise GeotagError(f"abbreviation {a!r} belongs to both {abbr[a]!r} and {place.id!r}")
        ids: list[str] = []
        for ch in compound:
            if ch == self.rules.province_abbreviation:
                continue
            if ch not in abbr:
                raise GeotagError(f"geotag rules: compound {compound!r} uses {ch!r}, which is no place's abbreviation")
            ids.append(abbr[ch])
        if not ids:
            raise GeotagError(f"geotag rules: compound {compound!r} names no place")
        if compound in self.names:
            raise GeotagError(f"geotag rules: compound {compound!r} is already a name of {self.names[compound]!r}")
        return tuple(ids)

    def _facility_templates(self) -> dict[tuple[str, str], dict[str, str]]:
        """Facility names with their city cut out: (prefix, suffix) -> {city id: facility id}.

        Only the city's standard name counts as the slot (广州/广州市), and only when that city contains the
        facility: 鹏城实验室 is not "{深圳}实验室"."""
        templates: dict[tuple[str, str], dict[str, str]] = {}
        for fac in self.gaz.of_kind("facility"):
            cities = {a for a in self.gaz.ancestors(fac.id) if self.gaz[a].kind in ("city", "sar")}
            for name in (fac.name_zh, *fac.aliases):
                for cid in cities:
                    for std in sorted(_standard_names(self.gaz[cid]), key=len, reverse=True):
                        pos = name.find(std)
                        if pos >= 0:
                            templates.setdefault((name[:pos], name[pos + len(std) :]), {})[cid] = fac.id
                            break
        return templates

    # --- scanning -------------------------------------------------------------------------------------------
    def _alias_at(self, text: str, i: int) -> tuple[int, str] | None:
        for n in self._lengths:
            s = text[i : i + n]
            if len(s) == n and s in self.names:
                return i + n, self.names[s]
        return None

    def _compound_at(self, text: str, i: int) -> tuple[int, str] | None:
        for n in self._comp_lengths:
            s = text[i : i + n]
            if len(s) == n and s in self.compounds:
                # 推广佛山: a real name starting inside the compound and running past it wins.
                if any((a := self._alias_at(text, j)) and a[0] > i + n for j in range(i + 1, i + n)):
                    return None
                return i + n, s
        return None

    def _mask_ends(self, text: str) -> dict[int, int]:
        ends: dict[int, int] = {}
        for rx in self._masks:
            for m in rx.finditer(text):
                if m.group(1):
                    ends[m.start()] = max(ends.get(m.start(), 0), m.start() + len(m.group(1)))
        return ends

    def _list_at(self, text: str, i: int) -> _Hit | None:
        """The longest elliptical facility list starting at i (two or more cities), or None."""
        if self._city_re is None:
            return None
        best: _Hit | None = None
        for (prefix, suffix), by_city in self._templates.items():
            if not text.startswith(prefix, i):
                continue
            j = i + len(prefix)
            m = self._city_re.match(text, j)
            if not m:
                continue
            items: list[re.Match] = [m]
            j = m.end()
            if text.startswith(suffix, j):  # 国家超级计算广州中心、深圳中心: the suffix repeats
                j += len(suffix)
                while (
                    (sep := _LIST_SEP.match(text, j))
                    and (c := self._city_re.match(text, sep.end()))
                    and text.startswith(suffix, c.end())
                ):
                    items.append(c)
                    j = c.end() + len(suffix)
                first_verbatim = True
            else:  # 广州、深圳数据交易所: the suffix is written once, after the last city
                while (sep := _LIST_SEP.match(text, j)) and (c := self._city_re.match(text, sep.end())):
                    items.append(c)
                    j = c.end()
                if not text.startswith(suffix, j):
                    continue
                j += len(suffix)
                first_verbatim = False
            if len(items) < 2 or (best and j <= best.end):
                continue
            span = text[i:j]
            tags: list[tuple[str, str, str]] = []
            for k, c in enumerate(items):
                cid = self._std_city[c.group(0)]
                fac = by_city.get(cid)
                if fac is None:  # 广州、佛山数据交易所 with no Foshan exchange: Foshan is still named
                    tags.append((cid, c.group(0), KIND_RULE[self.gaz[cid].kind]))
                elif k == 0 and first_verbatim:
                    name = text[i : c.end() + len(suffix)]
                    tags += self._facility_tags(fac, name, "facility")
                else:
                    tags += self._facility_tags(fac, span, "facility-ellipsis")
            best = _Hit(i, j, tags)
        return best

    def _facility_tags(self, fac: str, evidence: str, rule: str) -> list[tuple[str, str, str]]:
        tags = [(fac, evidence, rule)]
        seen: set[str] = set()
        todo = list(self.gaz[fac].parents)
        while todo:
            pid = todo.pop(0)
            if pid in seen or pid not in self.gaz:
                continue
            seen.add(pid)
            kind = self.gaz[pid].kind
            if kind == "zone":
                tags.append((pid, evidence, "facility-zone"))
                # A zone's own parents only when the facility names no city itself (hetao spans two).
                if not any(self.gaz[p].kind in ("city", "sar") for p in self.gaz[fac].parents if p in self.gaz):
                    todo.extend(self.gaz[pid].parents)
            elif kind in ("city", "sar"):
                tags.append((pid, evidence, "facility-city"))
            elif kind == "facility":
                todo.extend(self.gaz[pid].parents)
        return tags

    def _place_tags(self, pid: str, evidence: str) -> list[tuple[str, str, str]]:
        place = self.gaz[pid]
        if place.kind == "facility":
            return self._facility_tags(pid, evidence, "facility")
        if pid in self.rules.expand_groups:
            return [(m, evidence, "group-member") for m in place.members]
        return [(pid, evidence, KIND_RULE[place.kind])]

    def hits(self, text: str) -> list[_Hit]:
        """Leftmost-longest reading of the text: masks, elliptical lists, names and compounds compete.

        A text in 繁體 (a Hong Kong or Macao table: 廣州、橫琴、大灣區) is read in its 简体 form, where the names and
        rules are written; the evidence is then the text's own characters where the conversion kept its length."""
        plain = to_hans(text)
        if plain == text:
            return self._hits(text)
        found = self._hits(plain)
        if len(plain) != len(text):
            return found
        for h in found:
            own, read = text[h.start : h.end], plain[h.start : h.end]
            h.tags = [(p, own if evidence == read else evidence, rule) for p, evidence, rule in h.tags]
        return found

    def _hits(self, text: str) -> list[_Hit]:
        masks = self._mask_ends(text)
        out: list[_Hit] = []
        i = 0
        while i < len(text):
            best: _Hit | None = None
            if i in masks:
                best = _Hit(i, masks[i], [])
            lst = self._list_at(text, i)
            if lst and (best is None or lst.end > best.end):
                best = lst
            alias = self._alias_at(text, i)
            if alias and (best is None or alias[0] > best.end):
                best = _Hit(i, alias[0], self._place_tags(alias[1], text[i : alias[0]]))
            comp = self._compound_at(text, i)
            if comp and (best is None or comp[0] > best.end):
                best = _Hit(i, comp[0], [(p, comp[1], "compound") for p in self.compounds[comp[1]]])
            if best is None:
                i += 1
                continue
            out.append(best)
            i = best.end
        return out

    def tag_text(self, text: str) -> list[dict]:
        return _ordered((h.start, t) for h in self.hits(text) for t in h.tags)

    # --- departments ----------------------------------------------------------------------------------------
    def department_places(self, department: str) -> list[str]:
        """The places a lead department governs (广州市人民政府 -> guangzhou), or [] if it is not a place's own.

        A joint lead names each government (广州、深圳市人民政府; 珠海市人民政府、横琴粤澳深度合作区执行委员会)."""
        found: list[str] = []
        for piece in _DEPT_SEP.split(to_hans(department)):
            found += self._one_department_places(piece)
        return list(dict.fromkeys(found))

    def _one_department_places(self, department: str) -> list[str]:
        return self._government_places(department.strip()) or self._bureau_places(department.strip())

    def _bureau_places(self, department: str) -> list[str]:
        """深圳市科技创新局, 佛山市顺德区发展和改革局 -> the place whose own bureau it is. The place must be written
        in its official form (深圳市, not 深圳): 深圳证监局 and 深圳海关 are central-government branches."""
        found: list[str] = []
        i = 0
        while (alias := self._alias_at(department, i)) and self.gaz[alias[1]].kind in self.rules.department_kinds:
            found.append(alias[1])
            last, i = department[i : alias[0]], alias[0]
        if not found or i == len(department) or not last.endswith(self.rules.bureau_of):
            return []
        if not department.endswith(self.rules.bureau_endings):
            return []
        return [p for p in found if not any(p in self.gaz.ancestors(q) for q in found if q != p)]

    def _government_places(self, department: str) -> list[str]:
        core = department
        for suffix in self.rules.department_suffixes:
            if core.endswith(suffix) and len(core) > len(suffix):
                core = core[: -len(suffix)]
                break
        groups: list[list[str]] = [[]]
        i = 0
        while i < len(core):
            if groups[-1] and (sep := _LIST_SEP.match(core, i)):  # 深圳市和东莞市人民政府
                groups.append([])
                i = sep.end()
                continue
            alias = self._alias_at(core, i)
            if not alias or self.gaz[alias[1]].kind not in self.rules.department_kinds:
                return []
            groups[-1].append(alias[1])
            i = alias[0]
        # 广州市南沙区 -> nansha: within one name, drop places that contain another one found.
        return [p for found in groups for p in found if not any(p in self.gaz.ancestors(q) for q in found if q != p)]

    def tag_measure(self, measure: dict, overrides: list[dict] | None = None) -> list[dict]:
        text = measure.get("text", "")
        located = [(h.start, t) for h in self.hits(text) for t in h.tags]
        for k, dept in enumerate(measure.get("departments", [])):
            located += [(len(text) + k, (p, dept, "department")) for p in self.department_places(dept)]
        if overrides:
            located = self._apply_overrides(measure, _ordered_located(located), overrides)
        return _ordered(located)

    def _apply_overrides(self, measure: dict, located: list, overrides: list[dict]) -> list:
        key = _measure_key(measure)
        entries = [o for o in overrides if (o.get("document"), o.get("measure")) == key]
        where = f"{paths.PLACE_OVERRIDES.name}, {key[0]} measure {key[1]}"
        if len(entries) > 1:
            raise GeotagError(f"{where}: {len(entries)} entries; merge them")
        if not entries:
            return located
        entry, text = entries[0], measure.get("text", "")
        for pid in entry.get("remove", []):
            if pid not in self.gaz:
                raise GeotagError(f"{where}: remove names unknown place {pid!r}")
            if not any(t[0] == pid for _, t in located):
                raise GeotagError(f"{where}: remove {pid!r}, but the tagger did not tag it (stale override?)")
            located = [(pos, t) for pos, t in located if t[0] != pid]
        for add in entry.get("add", []):
            pid, evidence = add.get("place"), add.get("evidence", "")
            if pid not in self.gaz:
                raise GeotagError(f"{where}: add names unknown place {pid!r}")
            if not isinstance(evidence, str) or not evidence or evidence not in text:
                raise GeotagError(f"{where}: evidence {evidence!r} for {pid!r} is not in the measure text")
            if any(t[0] == pid for _, t in located):
                raise GeotagError(f"{where}: {pid!r} is already tagged by the tagger; drop the override")
            at = text.index(evidence)
            located.append((at, (pid, evidence, "override")))
            if self.gaz[pid].kind == "facility":  # its zone and city, as for a facility the text names itself
                tagged = {t[0] for _, t in located}
                located += [
                    (at, tag) for tag in self._facility_tags(pid, evidence, "override")[1:] if tag[0] not in tagged
                ]
        return located


def _measure_key(measure: dict) -> tuple[str | None, object]:
    """Overrides belong to one measure of one source document (an uploaded table may reuse the ids)."""
    source = measure.get("source") or {}
    return source.get("document"), measure.get("id")


def _ordered_located(located: list) -> list:
    """Text order, then rule order, then discovery order; one entry per (place, rule)."""
    seen: set[tuple[str, str]] = set()
    out = []
    rows = sorted(((pos, _RANK[t[2]], k, t) for k, (pos, t) in enumerate(located)), key=lambda r: r[:3])
    for pos, _rank, _k, t in rows:
        if (t[0], t[2]) not in seen:
            seen.add((t[0], t[2]))
            out.append((pos, t))
    return out


def _ordered(located: list) -> list[dict]:
    return [{"place": p, "evidence": e, "rule": r} for _pos, (p, e, r) in _ordered_located(located)]


def _standard_names(place) -> set[str]:
    """A city's or SAR's own name as lists write it: 广州市 / 广州, 香港特别行政区 / 香港."""
    names = {place.name_zh}
    for suffix in ("特别行政区", "市"):
        if place.name_zh.endswith(suffix):
            names.add(place.name_zh[: -len(suffix)])
    return names


# --- overrides --------------------------------------------------------------------------------------------
def load_overrides(path: Path | str | None = None) -> list[dict]:
    """The reviewed corrections; a missing file means none. Structure errors name the entry."""
    path = Path(path or paths.PLACE_OVERRIDES)
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as e:
        raise GeotagError(f"{path}: not valid JSON ({e})") from e
    if not isinstance(data, list):
        raise GeotagError(f"{path}: expected a list of override entries")
    for n, entry in enumerate(data):
        where = f"{path.name} entry {n}"
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("measure"), int)
            or not isinstance(entry.get("document"), str)
        ):
            raise GeotagError(f"{where}: needs a 'document' (source document name) and an integer 'measure'")
        unknown = set(entry) - {"document", "measure", "add", "remove", "note"}
        if unknown:
            raise GeotagError(f"{where}: unknown keys {sorted(unknown)}")
        adds, removes = entry.get("add", []), entry.get("remove", [])
        if not isinstance(adds, list) or not isinstance(removes, list) or not (adds or removes):
            raise GeotagError(f"{where}: needs a non-empty 'add' list or 'remove' list")
        for a in adds:
            if not isinstance(a, dict) or not {"place", "evidence"} <= set(a):
                raise GeotagError(f"{where}: each add needs 'place' and 'evidence'")
            if not (a.get("note") or entry.get("note")):
                raise GeotagError(f"{where}: say why in a 'note' (reviewed corrections only)")
        if removes and not entry.get("note"):
            raise GeotagError(f"{where}: say why the removal is right in a 'note'")
    return data


def validate_overrides(overrides: list[dict], measures: list[dict]) -> None:
    """Overrides for a document must name measures it has (the rest is checked when they are applied).

    Entries for other documents are left alone: the overrides file serves every table ingested."""
    keys = {_measure_key(m) for m in measures}
    documents = {k[0] for k in keys}
    missing = [
        (o["document"], o["measure"])
        for o in overrides
        if o["document"] in documents and (o["document"], o["measure"]) not in keys
    ]
    if missing:
        raise GeotagError(f"{paths.PLACE_OVERRIDES.name}: no such measure {missing}")


# --- module-level API ---------------------------------------------------------------------------------------
@lru_cache(maxsize=8)
def get_tagger(gazetteer: Gazetteer | None = None, rules_path: str | None = None) -> Tagger:
    return Tagger(gazetteer or load_gazetteer(), load_rules(rules_path))


def tag_text(text: str, gazetteer: Gazetteer | None = None) -> list[dict]:
    """Place tags read from a text alone (no departments, no overrides)."""
    return get_tagger(gazetteer).tag_text(text)


def tag_measure(measure: dict, gazetteer: Gazetteer | None = None, overrides: list[dict] | None = None) -> list[dict]:
    """Tags for one measure: its text, its lead departments, then the reviewed overrides
    (data/place_overrides.json unless `overrides` is given; pass [] for none)."""
    if overrides is None:
        overrides = load_overrides()
    return get_tagger(gazetteer).tag_measure(measure, overrides)


def tag_measures(
    measures: list[dict], gazetteer: Gazetteer | None = None, overrides: list[dict] | None = None
) -> list[list[dict]]:
    """Tags for a whole dataset; also fails on overrides that name no measure of it."""
    if overrides is None:
        overrides = load_overrides()
    validate_overrides(overrides, measures)
    tagger = get_tagger(gazetteer)
    return [tagger.tag_measure(m, overrides) for m in measures]


# --- review helpers and CLI --------------------------------------------------------------------------------
def is_specific(tags: list[dict], gazetteer: Gazetteer, rules: Rules | None = None) -> bool:
    """Whether the tags name something narrower than the whole bay area (external regions do not count)."""
    too_wide = (rules or load_rules()).not_specific
    return any(
        t["place"] in gazetteer and t["place"] not in too_wide and gazetteer[t["place"]].kind != "external_region"
        for t in tags
    )


def tag_summary(measures: list[dict], gazetteer: Gazetteer) -> dict[str, Counter]:
    """Tag counts by place kind and by rule, and measures per place kind (for the review report)."""
    by_kind, by_rule, measures_by_kind = Counter(), Counter(), Counter()
    for m in measures:
        kinds = set()
        for t in m.get("places", []):
            kind = gazetteer[t["place"]].kind if t["place"] in gazetteer else "unknown"
            by_kind[kind] += 1
            by_rule[t["rule"]] += 1
            kinds.add(kind)
        measures_by_kind.update(kinds)
    return {"tags_by_kind": by_kind, "tags_by_rule": by_rule, "measures_by_kind": measures_by_kind}


def report(measures: list[dict], gazetteer: Gazetteer, overrides: list[dict]) -> str:
    lines = ["Measures with no specific place (only the bay-area group, external regions, or nothing):"]
    vague = [m for m in measures if not is_specific(m.get("places", []), gazetteer)]
    for m in vague:
        tags = ", ".join(f"{t['place']}({t['rule']})" for t in m.get("places", [])) or "—"
        text = m.get("text", "")
        lines.append(
            f"  {m['id']:>3}  {m.get('theme_short', ''):<4}  {text[:40]}{'…' if len(text) > 40 else ''}  [{tags}]"
        )
    lines.append(f"  {len(vague)} of {len(measures)} measures")
    summary = tag_summary(measures, gazetteer)
    for key, title in (
        ("tags_by_kind", "Tags by place kind"),
        ("tags_by_rule", "Tags by rule"),
        ("measures_by_kind", "Measures with at least one tag of kind"),
    ):
        lines.append(f"{title}: " + ", ".join(f"{k} {v}" for k, v in sorted(summary[key].items())))
    stale = [
        m["id"]
        for m, fresh in zip(measures, tag_measures(measures, gazetteer, overrides), strict=True)
        if m.get("places") != fresh
    ]
    lines.append(
        "Stored tags match the current tagger."
        if not stale
        else f"Stored tags differ from the current tagger for measures {stale}: run `python -m geo.ingest`."
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m geo.places.geotag", description="Tag places in a text, or review the dataset's tags."
    )
    ap.add_argument("text", nargs="?", help="a text to tag (prints one tag per line)")
    ap.add_argument("--report", action="store_true", help="list measures with no specific place, and tag counts")
    ap.add_argument(
        "--measures", default=str(paths.MEASURES), help="measures file for --report (default data/measures.json)"
    )
    args = ap.parse_args(argv)
    try:
        gazetteer = load_gazetteer()
        if args.report:
            path = Path(args.measures)
            if not path.exists():
                print(f"error: {path} not found; build it with `python -m geo.ingest`", file=sys.stderr)
                return 2
            measures = json.loads(path.read_text(encoding="utf-8"))
            print(report(measures, gazetteer, load_overrides()))
            return 0
        if args.text is None:
            ap.print_usage(sys.stderr)
            return 2
        for t in tag_text(args.text, gazetteer):
            print(f"{t['place']}\t{t['rule']}\t{t['evidence']}\t{gazetteer[t['place']].name_zh}")
        return 0
    except (GeotagError, ValueError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())

"""The gazetteer: every place the plan can concern, read from data/places.json (the one source of names).

Relations are derived here, not stored twice: a zone or facility names its `parents`, a region group
names its `members`; everything else (children, the groups a city belongs to) is computed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from geo import paths

KINDS = ("city", "sar", "zone", "facility", "corridor", "region_group", "external_region")
ACCURACIES = ("official", "derived", "schematic")
# Facilities must lie in Guangdong, Hong Kong or Macau: a loose box around them (lon, lat), catching swapped axes.
GBA_BBOX = (109.6, 20.1, 117.4, 25.6)
# Points are stored in WGS84, the datum of the boundary layers and OSM tiles (Chinese web maps use GCJ-02/BD-09).
POINT_DATUM = "WGS84"
# Kinds drawn as areas on the map (and shaded by measure count).
AREA_KINDS = ("city", "sar")


@dataclass(frozen=True)
class Place:
    id: str
    kind: str
    name_zh: str
    name_zh_hant: str
    name_en: str
    aliases: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    point: tuple[float, float] | None = None
    accuracy: str = "official"
    source: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def name(self, lang: str = "zh") -> str:
        """Display name in the UI language ('zh', 'zh_hant' or 'en')."""
        return {"zh": self.name_zh, "zh_hant": self.name_zh_hant, "en": self.name_en}.get(lang, self.name_zh)

    def names(self) -> tuple[str, ...]:
        """Every Chinese name text may use for the place: 简体, 繁體, aliases (no duplicates, in that order)."""
        return tuple(dict.fromkeys((self.name_zh, self.name_zh_hant, *self.aliases)))


class Gazetteer:
    """Places by id, with the containment relations the filters and the geotagger need."""

    def __init__(self, places: list[Place]):
        self.places: dict[str, Place] = {p.id: p for p in places}
        if len(self.places) != len(places):
            raise ValueError("duplicate place id in gazetteer")

    def __getitem__(self, place_id: str) -> Place:
        return self.places[place_id]

    def __contains__(self, place_id: object) -> bool:
        return place_id in self.places

    def __iter__(self):
        return iter(self.places.values())

    def of_kind(self, *kinds: str) -> list[Place]:
        return [p for p in self.places.values() if p.kind in kinds]

    def children(self, place_id: str) -> list[Place]:
        """Places whose parents include this one (zones of a city, facilities of a city or zone)."""
        return [p for p in self.places.values() if place_id in p.parents]

    def descendants(self, place_id: str) -> set[str]:
        """The place, its group members, and everything inside them, recursively."""
        seen: set[str] = set()
        todo = [place_id]
        while todo:
            pid = todo.pop()
            if pid in seen or pid not in self.places:
                continue
            seen.add(pid)
            todo.extend(self.places[pid].members)
            todo.extend(c.id for c in self.children(pid))
        return seen

    def ancestors(self, place_id: str) -> set[str]:
        """Parents, their parents, and the region groups that contain any of them (not the place itself)."""
        found: set[str] = set()
        todo = list(self.places[place_id].parents) if place_id in self.places else []
        todo.append(place_id)
        while todo:
            pid = todo.pop()
            for g in self.of_kind("region_group"):
                if pid in g.members and g.id not in found:
                    found.add(g.id)
                    todo.append(g.id)
            if pid in self.places and pid != place_id:
                if pid not in found:
                    found.add(pid)
                todo.extend(p for p in self.places[pid].parents if p not in found)
        found.discard(place_id)
        return found

    def area_ids(self, place_id: str) -> set[str]:
        """The city/SAR polygons a place covers: itself, its members, or its parent cities."""
        if place_id not in self.places:
            return set()
        place = self.places[place_id]
        if place.kind in AREA_KINDS:
            return {place_id}
        if place.kind == "region_group":
            return {m for m in self.descendants(place_id) if self.places[m].kind in AREA_KINDS}
        return {a for a in self.ancestors(place_id) if self.places[a].kind in AREA_KINDS}

    def name_index(self) -> dict[str, list[str]]:
        """Chinese name -> ids of the places that use it (more than one id is a clash)."""
        index: dict[str, list[str]] = {}
        for p in self.places.values():
            for n in p.names():
                index.setdefault(n, []).append(p.id)
        return index

    def problems(self) -> list[str]:
        """Integrity problems, one readable line each (empty when the gazetteer is sound)."""
        out: list[str] = []
        for p in self.places.values():
            if p.kind not in KINDS:
                out.append(f"{p.id}: unknown kind {p.kind!r}")
            if p.accuracy not in ACCURACIES:
                out.append(f"{p.id}: unknown accuracy {p.accuracy!r}")
            if not (p.name_zh and p.name_zh_hant and p.name_en and p.source):
                out.append(f"{p.id}: needs name_zh, name_zh_hant, name_en and source")
            for ref in (*p.parents, *p.members):
                if ref not in self.places:
                    out.append(f"{p.id}: refers to unknown place {ref!r}")
            if p.kind == "region_group":
                if not p.members:
                    out.append(f"{p.id}: a region group needs members")
                out += [
                    f"{p.id}: member {m!r} is not a city or SAR (members are flattened)"
                    for m in p.members
                    if m in self.places and self.places[m].kind not in AREA_KINDS
                ]
            elif p.members:
                out.append(f"{p.id}: only region groups have members")
            if p.kind in ("zone", "facility", "corridor") and not p.parents:
                out.append(f"{p.id}: a {p.kind} needs parents")
            if p.kind in ("city", "sar", "region_group", "external_region") and p.parents:
                out.append(f"{p.id}: a {p.kind} has no parents")
            if p.kind == "facility":
                if not any(self.places[a].kind in AREA_KINDS for a in self.ancestors(p.id) if a in self.places):
                    out.append(f"{p.id}: no city or SAR among its ancestors")
                if p.point is None:
                    out.append(f"{p.id}: a facility needs a point")
                # Where the point came from, how precise it is and its datum: a reader must be able to judge it.
                loc = p.extra.get("location") or {}
                if not (loc.get("source") and loc.get("precision_m")):
                    out.append(f"{p.id}: a facility point needs location.source and location.precision_m")
                if loc.get("datum") != POINT_DATUM:
                    out.append(f"{p.id}: location.datum must be {POINT_DATUM} (convert GCJ-02/BD-09 points first)")
            if p.point is not None:
                lon, lat = p.point
                inside = GBA_BBOX[0] <= lon <= GBA_BBOX[2] and GBA_BBOX[1] <= lat <= GBA_BBOX[3]
                if p.kind != "external_region" and not inside:
                    out.append(f"{p.id}: point {p.point} is outside Guangdong/Hong Kong/Macau (lon, lat order?)")
        for name, ids in self.name_index().items():
            if len(ids) > 1:
                out.append(f"name {name!r} is used by {ids}")
        return out

    def check(self) -> None:
        """Raise ValueError listing every integrity problem."""
        problems = self.problems()
        if problems:
            raise ValueError("gazetteer problems:\n  " + "\n  ".join(problems))


def _place_from_dict(d: dict) -> Place:
    known = {
        "id",
        "kind",
        "name_zh",
        "name_zh_hant",
        "name_en",
        "aliases",
        "parents",
        "members",
        "point",
        "accuracy",
        "source",
    }
    point = d.get("point")
    return Place(
        id=d["id"],
        kind=d["kind"],
        name_zh=d["name_zh"],
        name_zh_hant=d.get("name_zh_hant", d["name_zh"]),
        name_en=d.get("name_en", d["id"]),
        aliases=tuple(d.get("aliases", ())),
        parents=tuple(d.get("parents", ())),
        members=tuple(d.get("members", ())),
        point=tuple(point) if point else None,
        accuracy=d.get("accuracy", "official"),
        source=d.get("source", ""),
        extra={k: v for k, v in d.items() if k not in known},
    )


def load_gazetteer(path: Path | str | None = None) -> Gazetteer:
    """Read the gazetteer file; cached for the default path."""
    if path is None:
        return _default_gazetteer()
    with open(path, encoding="utf-8") as f:
        return Gazetteer([_place_from_dict(d) for d in json.load(f)])


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return load_gazetteer(paths.PLACES)

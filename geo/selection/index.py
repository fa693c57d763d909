"""What the filters read of each measure, worked out once per dataset instead of on every filter change.

Why: with thousands of measures, each rerun of the map page redid per-measure work that depends only on the
dataset (a measure's units and their current names, its tag set, the regions that set reaches, the set of all
themes and departments), three or four times over. The dataset is the cached measures list (the built-in file's,
a plan version's: the app hands every rerun the same list object), so the index is keyed by the identity of that
list and of the gazetteer, and holds both: a reused id() can never reach another dataset's index, and a changed
plan version is a new list, hence a new index. Measures are read-only once loaded (the caches share them).

Per filter change only the masks of the filters that changed are computed (geo.selection.filters uses them), and
a selection taken from the dataset (the same measure objects, in the dataset's order) finds its index back by
identity (`covering`), so the counts, the caption and the popups read the index too.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from functools import cached_property
from itertools import chain, compress, islice
from operator import is_, lt

from geo.dataset import Measure
from geo.ingest.departments import current_name
from geo.memo import IdentityMemo
from geo.places.gazetteer import AREA_KINDS, Gazetteer
from geo.selection.reach import _counts, is_region_wide, reached_by_tags, tag_set, units_of
from geo.selection.search import matches_query

_INDEXES = IdentityMemo(6)  # a few datasets at once: the built-in one, plans being compared, an import
_DERIVED_LIMIT = 20_000  # values kept per index by `derived` (a bound, not a tuning knob)


class DatasetIndex:
    """Per measure (by position in the dataset): theme, units, tag set, and the regions it counts for."""

    def __init__(self, measures: list[Measure], gazetteer: Gazetteer):
        self.measures = tuple(measures)  # as it was when indexed: a list changed since is not this dataset
        self.gazetteer = gazetteer
        self._derived: dict = {}
        self._lock = threading.Lock()

    # ---------------------------------------------------------------- per measure, filter-independent

    @cached_property
    def _position(self) -> dict[int, int]:
        return {id(m): i for i, m in enumerate(self.measures)}

    @cached_property
    def themes(self) -> list[str]:
        return [m["theme_short"] for m in self.measures]

    @cached_property
    def theme_set(self) -> frozenset[str]:
        return frozenset(self.themes)

    @cached_property
    def theme_order(self) -> list[str]:
        """Short theme names in the order the source first lists them (geo.dataset.theme_order)."""
        return list(dict.fromkeys(self.themes))

    @cached_property
    def units(self) -> list[frozenset[str]]:
        """Each measure's lead and co-operating units (filters.units_of), as a set: a department counts once."""
        return [frozenset(units_of(m)) for m in self.measures]

    @cached_property
    def department_set(self) -> frozenset[str]:
        return frozenset(chain.from_iterable(self.units))

    @cached_property
    def units_now(self) -> list[frozenset[str]]:
        """Each measure's units under today's names (renames followed): what the department filter compares."""
        now = {d: current_name(d) for d in self.department_set}
        return [frozenset(now[d] for d in u) for u in self.units]

    @cached_property
    def tags(self) -> list[frozenset[str]]:
        return [tag_set(m) for m in self.measures]

    def _per_tag_set(self, make: Callable[[frozenset[str]], object]) -> list:
        """MAKE(tag set) for every measure, worked out once per distinct set (equal sets share the value)."""
        seen: dict[frozenset[str], object] = {}
        out = []
        for tags in self.tags:
            value = seen.get(tags)
            if value is None:
                value = seen[tags] = make(tags)
            out.append(value)
        return out

    def regions(self, include_groups: bool) -> list[frozenset[str]]:
        """Per measure, the regions choosing which gives it (the region filter's rule, filters._counts)."""
        return self.derived(("regions", include_groups), lambda: self._regions(include_groups))

    def _regions(self, include_groups: bool) -> list[frozenset[str]]:
        gaz = self.gazetteer
        return self._per_tag_set(
            lambda tags: frozenset(p for p, how in reached_by_tags(tags, gaz).items() if _counts(how, include_groups))
        )

    def regions_wide(self, include_groups: bool) -> list[frozenset[str]]:
        """Per measure, the regions among `regions` for which it is a region-wide measure (filters.is_region_wide)."""
        return self.derived(("regions_wide", include_groups), lambda: self._regions_wide(include_groups))

    def _regions_wide(self, include_groups: bool) -> list[frozenset[str]]:
        gaz = self.gazetteer
        return self._per_tag_set(
            lambda tags: frozenset(
                p
                for p, how in reached_by_tags(tags, gaz).items()
                if _counts(how, include_groups) and is_region_wide(how, gaz[p].kind)
            )
        )

    def areas(self, include_groups: bool) -> list[frozenset[str]]:
        """Per measure, the city/SAR polygons it counts for (filters.place_counts)."""
        return self.derived(("areas", include_groups), lambda: self._areas(include_groups))

    def _areas(self, include_groups: bool) -> list[frozenset[str]]:
        areas = {p.id for p in self.gazetteer.of_kind(*AREA_KINDS)}
        seen: dict[frozenset[str], frozenset[str]] = {}
        out = []
        for regions in self.regions(include_groups):
            value = seen.get(regions)
            if value is None:
                value = seen[regions] = regions & areas
            out.append(value)
        return out

    @cached_property
    def named_groups(self) -> list[frozenset[str]]:
        """Per measure, the region groups it is named for (filters.group_counts)."""
        groups = frozenset(g.id for g in self.gazetteer.of_kind("region_group"))
        return self._per_tag_set(lambda tags: tags & groups)

    @cached_property
    def unplaced(self) -> list[bool]:
        """Per measure, whether it is tagged to no known place (filters.unplaced)."""
        gaz = self.gazetteer
        return self._per_tag_set(lambda tags: not any(t in gaz for t in tags))

    def region_positions(self, include_groups: bool) -> dict[str, list[int]]:
        """Per region, the positions of the measures choosing it gives, ascending (the map's popups)."""

        def make() -> dict[str, list[int]]:
            out: dict[str, list[int]] = {}
            for i, regions in enumerate(self.regions(include_groups)):
                for p in regions:
                    out.setdefault(p, []).append(i)
            return out

        return self.derived(("region_positions", include_groups), make)

    # ---------------------------------------------------------------- per filter value

    def keyword_mask(self, keyword: str) -> list[bool]:
        """Per measure, whether it matches the keyword (kept per keyword: undoing a filter costs a lookup)."""
        return self.derived(("keyword", keyword), lambda: [matches_query(m, keyword) for m in self.measures])

    # ---------------------------------------------------------------- selections of this dataset

    def positions(self, selection: Sequence[Measure]) -> list[int] | None:
        """The dataset positions of SELECTION's measures, when every one is a measure of this dataset (the same
        object) and they come in the dataset's order (each once); else None (the caller works it out directly)."""
        try:
            found = list(map(self._position.__getitem__, map(id, selection)))
        except KeyError:
            return None
        if not all(map(is_, map(self.measures.__getitem__, found), selection)):
            return None
        if not all(map(lt, found, islice(found, 1, None))):
            return None
        return found

    def pick(self, values: list, positions: list[int]) -> list:
        """VALUES (one per dataset measure) at POSITIONS."""
        return list(map(values.__getitem__, positions))

    def counter(self, per_measure: list[frozenset[str]], positions: list[int] | None = None) -> Counter:
        """How many of the measures (all, or those at POSITIONS) carry each value of PER_MEASURE's sets."""
        chosen = per_measure if positions is None else self.pick(per_measure, positions)
        return Counter(chain.from_iterable(chosen))

    def select(self, masks: list[list[bool]]) -> list[Measure]:
        """The measures every mask keeps, in the dataset's order."""
        return list(compress(self.measures, self.combined(masks))) if masks else list(self.measures)

    @staticmethod
    def combined(masks: list[list[bool]]) -> list[bool]:
        """True where every mask is (masks: at least one)."""
        return masks[0] if len(masks) == 1 else list(map(all, zip(*masks, strict=True)))

    def derived(self, key: Hashable, make: Callable[[], object]):
        """A value derived from this dataset alone, made once (KEY names it; bounded)."""
        with self._lock:
            if key in self._derived:
                return self._derived[key]
        value = make()
        with self._lock:
            if len(self._derived) >= _DERIVED_LIMIT:
                self._derived.clear()
            self._derived[key] = value
        return value


def dataset_index(measures: list[Measure], gazetteer: Gazetteer) -> DatasetIndex:
    """The index of this dataset (this very list, holding the same measures as when it was indexed) under this
    gazetteer; made on first use, then shared."""
    index = _INDEXES.peek((measures, gazetteer), None)
    if index is not None and len(index.measures) == len(measures) and all(map(is_, index.measures, measures)):
        return index
    index = DatasetIndex(measures, gazetteer)
    _INDEXES.put((measures, gazetteer), None, index)
    return index


def covering(selection: Sequence[Measure], gazetteer: Gazetteer | None = None) -> tuple[DatasetIndex, list[int]] | None:
    """An index whose dataset holds SELECTION (same objects, dataset order), with their positions; None when no
    index was made for it (a list built elsewhere: the caller works it out directly). GAZETTEER: the index must be
    under this gazetteer (None: any; for facts that do not depend on it)."""
    if not selection:
        return None
    first = id(selection[0])
    for index in _INDEXES.values():
        if gazetteer is not None and index.gazetteer is not gazetteer:
            continue
        if first not in index._position:
            continue
        positions = index.positions(selection)
        if positions is not None:
            return index, positions
    return None

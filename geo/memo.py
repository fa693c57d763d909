"""Results keyed by the identity of shared, never-mutated objects (a cached dataset, a cached snapshot).

Why identity: the app's caches hand every rerun the very same objects (the measures list of a plan version, the
snapshot of an as-of date), so work derived from them need not be redone, and hashing thousands of records to
find out would cost as much as the work. Each entry holds its objects, so a reused id() can never hit it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable


class IdentityMemo:
    """Results keyed by the identity of shared, never-mutated objects plus plain values. The objects are held with
    the entry, so a reused id() can never hit a stale one; the oldest entries go first.

    Why: a rerun that shows what an earlier rerun showed (the as-of date moved back, a filter undone) gets the same
    cached objects, so what was derived from them need not be computed again."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, objects: tuple, extra: Hashable, make):
        hit = self.peek(objects, extra)
        if hit is not None:
            return hit
        value = make()
        self.put(objects, extra, value)
        return value

    def put(self, objects: tuple, extra: Hashable, value) -> None:
        with self._lock:
            key = (tuple(id(o) for o in objects), extra)
            self._items[key] = (objects, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def peek(self, objects: tuple, extra: Hashable):
        """The value made from exactly these objects and EXTRA, or None (nothing is made)."""
        key = (tuple(id(o) for o in objects), extra)
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and all(a is b for a, b in zip(hit[0], objects, strict=True)):
                self._items.move_to_end(key)
                return hit[1]
        return None

    def values(self) -> list:
        """The values held, newest first."""
        with self._lock:
            return [value for _, value in reversed(self._items.values())]

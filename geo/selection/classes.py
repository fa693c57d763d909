"""The classed colour scale for "measures per place": one source of truth for the screen map and every export.

Counts are small integers (0 … a few dozen for the seed, thousands for big datasets), so the classes are integer
ranges: one class per value while the largest count is small, geometric integer intervals above that. Zero has its
own neutral colour: "no selected measure concerns this place" must never look like "few".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# ColorBrewer OrRd (5 classes, sequential, colour-blind safe, prints in greyscale as light → dark).
PALETTE: tuple[str, ...] = ("#fdd49e", "#fdbb84", "#fc8d59", "#e34a33", "#b30000")
ZERO_COLOUR = "#f2f2f2"
MAX_CLASSES = len(PALETTE)


@dataclass(frozen=True)
class Classes:
    """Integer classes: class i covers lower[i] … upper[i] (inclusive) and is drawn in colours[i]."""

    lower: tuple[int, ...]
    upper: tuple[int, ...]
    colours: tuple[str, ...]

    @property
    def breaks(self) -> tuple[int, ...]:
        """Upper bounds of the classes (the numbers a legend shows as class limits)."""
        return self.upper

    def index(self, count: int) -> int | None:
        """Which class a count falls in (None for zero / no measures)."""
        if count <= 0:
            return None
        for i, hi in enumerate(self.upper):
            if count <= hi:
                return i
        return len(self.upper) - 1 if self.upper else None

    def colour(self, count: int) -> str:
        i = self.index(count)
        return ZERO_COLOUR if i is None else self.colours[i]

    def labels(self) -> list[str]:
        """Range labels: "3" for a one-value class, "4–6" otherwise."""
        return [str(lo) if lo == hi else f"{lo}–{hi}" for lo, hi in zip(self.lower, self.upper, strict=True)]

    def legend(self) -> list[tuple[str, str]]:
        """(label, colour) pairs, zero first, for legends on screen and in print."""
        return [("0", ZERO_COLOUR), *zip(self.labels(), self.colours, strict=True)]


def _spread(n: int) -> tuple[str, ...]:
    """n colours (n <= len(PALETTE)) spread over the palette, lightest first, the top class always the darkest."""
    if n <= 0:
        return ()
    if n == 1:
        return (PALETTE[-1],)
    last = len(PALETTE) - 1
    return tuple(PALETTE[round(i * last / (n - 1))] for i in range(n))


def classify(counts: Mapping[str, int] | Iterable[int], k: int = MAX_CLASSES) -> Classes:
    """Classes for a set of counts (a place → count mapping or just the numbers)."""
    values = list(counts.values()) if isinstance(counts, Mapping) else list(counts)
    top = max((int(v) for v in values if v > 0), default=0)
    k = max(1, min(k, MAX_CLASSES))
    if top == 0:
        return Classes((), (), ())
    if top <= k:
        lower = tuple(range(1, top + 1))
        upper = lower
    else:
        # Geometric limits (top^(i/k)): plan measures pile up in a few cities, so equal intervals would put
        # nearly every place in the lightest class.
        ups: list[int] = []
        for i in range(1, k + 1):
            ups.append(max(round(top ** (i / k)), ups[-1] + 1 if ups else 1))
        ups[-1] = top
        upper = tuple(ups)
        lower = (1, *(u + 1 for u in upper[:-1]))
    return Classes(lower, upper, _spread(len(lower)))


def colour_for(count: int, classes: Classes) -> str:
    """The fill colour of a place with this many measures (same on screen and in exports)."""
    return classes.colour(count)

"""Export timings: an A4 300-dpi PNG (target ≤ 2 s) and the batch of every theme (target ≤ 20 s).

    .venv/bin/python bench/bench_export.py [--runs 7] [--skip-batch]

Prints medians, and the ratio to a naive baseline measured in the same run: the same figure drawn from the
unsimplified raw outlines (data/raw, 1.2 MB of cities + 1.1 MB of provinces), read and reprojected on every
export, which is what a figure script without the simplified layers and the projection cache would do.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo import boundaries
from geo.dataset import load_measures, theme_order  # noqa: E402
from geo.export.cli import FIGURE_FORMATS, Request, groups_for, run  # noqa: E402
from geo.paths import RAW_BOUNDARIES  # noqa: E402
from geo.places.gazetteer import load_gazetteer  # noqa: E402
from geo.render.print import figure  # noqa: E402
from geo.selection.filters import Filters  # noqa: E402

OUTSIDE = {440000, 810000, 820000}  # Guangdong, HK, Macau: drawn as cities, not as context


def naive_layer(name: str):
    """A layer straight from the raw files, reprojected each call (no simplification, no cache)."""
    import geopandas as gpd

    if name == "cities":
        raw = gpd.read_file(RAW_BOUNDARIES / "amap_wgs84_cities_gd_hk_mo.geojson")
        built = boundaries.load_layer("cities")[["place", "name_zh", "kind", "accuracy", "label_lon", "label_lat"]]
        raw = raw.rename(columns={"city_name": "name_zh"})[["name_zh", "geometry"]].merge(built, on="name_zh")
        return raw.to_crs(figure.CRS)
    if name == "context":
        raw = gpd.read_file(RAW_BOUNDARIES / "amap_wgs84_provinces_neighbours.geojson")
        raw = raw[~raw["province_adcode"].isin(OUTSIDE)].rename(columns={"province_name": "name_zh"})
        raw["name_en"] = raw["name_zh"]
        return raw[["name_zh", "name_en", "geometry"]].to_crs(figure.CRS)
    return boundaries.load_layer(name).to_crs(figure.CRS)


def a4_png(measures, gaz, filters: Filters) -> tuple[float, int]:
    t0 = time.perf_counter()
    fig = figure.render_figure(measures, filters, figure.FigureOptions(date="2026-01-31"), gaz)
    data = figure.figure_bytes(fig, "png", dpi=300)
    return time.perf_counter() - t0, len(data)


def median_runs(n: int, fn) -> tuple[float, list[float]]:
    times = [fn() for _ in range(n)]
    return statistics.median(times), times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--skip-batch", action="store_true")
    args = ap.parse_args()
    runs = max(5, args.runs)

    measures, gaz = load_measures(), load_gazetteer()
    f = Filters(themes=(theme_order(measures)[0],))

    cold, size = a4_png(measures, gaz, f)
    fast_med, fast = median_runs(runs, lambda: a4_png(measures, gaz, f)[0])

    original = figure._projected
    figure._projected = naive_layer  # the baseline: raw outlines, reprojected on every export
    try:

        def naive_once() -> float:
            figure._land.cache_clear()
            return a4_png(measures, gaz, f)[0]

        naive_med, naive = median_runs(runs, naive_once)
    finally:
        figure._projected = original
        figure._land.cache_clear()

    print(f"A4 landscape PNG at 300 dpi ({size / 1e6:.1f} MB), {runs} runs:")
    print(f"  first export in this process (fonts, layers)   {cold:6.2f} s")
    print(
        f"  median, simplified layers + projection cache   {fast_med:6.2f} s   "
        f"(min {min(fast):.2f}, max {max(fast):.2f})   target <= 2 s: {'OK' if fast_med <= 2 else 'MISSED'}"
    )
    print(
        f"  median, naive baseline (raw outlines, no cache) {naive_med:6.2f} s   "
        f"(min {min(naive):.2f}, max {max(naive):.2f})"
    )
    print(f"  ratio naive / ours                              {naive_med / fast_med:6.2f} x")

    if not args.skip_batch:
        themes = theme_order(measures)
        with tempfile.TemporaryDirectory() as tmp:
            req = Request(formats=FIGURE_FORMATS, out=Path(tmp), filters=Filters(), by="theme", date="2026-01-31")
            req.groups = groups_for("theme", Filters(), measures, gaz)
            t0 = time.perf_counter()
            rows = run(req, measures, gaz)
            batch = time.perf_counter() - t0
            n = sum(len(r["files"]) for r in rows)
        print(f"Batch --by theme --format png,pdf,svg at 300 dpi: {len(themes)} themes, {n} files + index")
        print(
            f"  wall time                                       {batch:6.2f} s   "
            f"target <= 20 s: {'OK' if batch <= 20 else 'MISSED'}"
        )
        print(f"  per theme                                       {batch / len(themes):6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

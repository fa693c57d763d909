"""The cyclic garbage collector's young-generation size for the app's server process.

Why: the app's first run imports some 1,700 modules (Streamlit, folium, pandas, geopandas, SQLAlchemy) and keeps
nearly every object they make. With CPython's default thresholds (700, 10, 10) the collector walks that growing heap
again and again while it is built: about 0.3 s of CPU and four full collections on the map page's first run, which
free almost nothing (bench/bench_plans.py, app start). A young generation of 20,000 objects makes collections some
fifteen times rarer; reruns, which build large short-lived object graphs (the map's layers), pause less as well.
Cycles are still collected, only in larger batches (geo/progress/status.py pauses the collector for the same reason).

Streamlit also runs a full collection after every script run (runner.postScriptGC, kept on: it bounds the
memory of a long-running server). On that heap it took ~110 ms, holding the GIL while the server's event loop
still had the run's updates to send: the map's new layer reached the browser that much later. So once a run has
imported new modules, what is alive is collected once and frozen (gc.freeze): the full collections after later
runs walk only what those runs made.
"""

from __future__ import annotations

import gc
import sys

YOUNG_GENERATION = 20_000


def tune_collector() -> None:
    """Once per process, before the app's heavy imports (ui/__init__.py); a larger setting is kept."""
    young, *older = gc.get_threshold()
    if 0 < young < YOUNG_GENERATION:  # 0: the collector's thresholds were switched off on purpose
        gc.set_threshold(YOUNG_GENERATION, *older)


_modules_frozen = 0  # len(sys.modules) at the last freeze


def freeze_long_lived() -> None:
    """After a script run: when modules were imported since the last freeze, collect once and freeze the heap.

    Only then: each freeze also keeps that moment's session objects out of later collections (a bounded cost,
    once per page first visited in the process), and collecting the whole heap is the slow part.
    """
    global _modules_frozen
    loaded = len(sys.modules)
    if loaded <= _modules_frozen:
        return
    _modules_frozen = loaded
    gc.collect()
    gc.freeze()

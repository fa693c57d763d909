"""The server process's collector settings (ui/gc_tuning.py): the long-lived heap is frozen once per new imports,
so Streamlit's full collection after each run walks only what the run made."""

from __future__ import annotations

import gc
import sys
import types

from ui import gc_tuning


def test_a_run_that_imported_modules_freezes_the_heap_and_a_later_run_does_not():
    gc_tuning.freeze_long_lived()  # whatever this test process has imported so far
    frozen = gc.get_freeze_count()
    assert frozen > 0
    kept = [[n] for n in range(1000)]  # alive objects made after the freeze
    gc_tuning.freeze_long_lived()  # no module imported since: nothing frozen, nothing collected
    # Not ==: a frozen object is still freed by its reference count, so the count may drop, but it never grows.
    assert gc.get_freeze_count() <= frozen

    # A page's first visit imports modules: they (and what is alive with them) leave the collector's walks.
    name = "_dba_test_gc_tuning_module"
    sys.modules[name] = types.ModuleType(name)
    try:
        before = gc.get_freeze_count()
        gc_tuning.freeze_long_lived()
        assert gc.get_freeze_count() >= before + len(kept)
    finally:
        del sys.modules[name]


def test_cyclic_garbage_made_after_the_freeze_is_still_collected():
    gc_tuning.freeze_long_lived()

    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle: only the collector frees it
    del a, b
    assert gc.collect() >= 2

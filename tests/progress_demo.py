"""A throwaway SQLite database holding the seed plan with the deterministic sample progress (geo.progress.demo),
shared by the progress map's unit, AppTest and browser tests (each builds it once per session)."""

from __future__ import annotations

from pathlib import Path

from geo.db import upgrade_and_seed
from geo.progress.demo import fill_demo
from geo.progress.rules import load_rules
from geo.store import plans


def demo_database(folder: Path) -> tuple[str, int]:
    """(database URL, plan id) of the seed plan with sample reports up to today."""
    url = f"sqlite:///{folder / 'progress.db'}"
    upgrade_and_seed(url)
    plan = plans.builtin_plan(url=url)
    fill_demo(plan.id, as_of=load_rules().today(), url=url)
    return url, plan.id

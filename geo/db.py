"""`python -m geo.db upgrade`: create or migrate the schema (DATABASE_URL, default var/app.sqlite3), then load
the seed plan from data/measures.json if the database holds no plan. Exit 2 with one line if it cannot."""

from __future__ import annotations

import argparse
import sys

from geo.store.engine import StoreUnavailable, database_url, safe_url
from geo.store.migrate import upgrade
from geo.store.plans import ensure_seed


def upgrade_and_seed(url: str | None = None) -> str:
    """The one start-up step (CLI, scripts/run.sh, the app): migrate, then seed. Returns a summary line."""
    upgrade(url)
    seeded = ensure_seed(url=url)
    where = safe_url(url or database_url())
    if seeded is None:
        return f"{where}: schema up to date"
    return f"{where}: schema up to date; seed plan loaded as plan {seeded.id} ({seeded.measures} measures)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.db", description="Manage the plans database.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("upgrade", help="create or migrate the schema; load the seed plan into an empty database")
    parser.parse_args(argv)
    try:
        print(upgrade_and_seed())
    except StoreUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

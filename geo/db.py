"""`python -m geo.db`: the store's database (DATABASE_URL, default var/app.sqlite3).

    python -m geo.db upgrade         create or migrate the schema, then load the seed plan into an empty database
    python -m geo.db backup FILE     one file: SQLite's online backup, or a pg_dump custom-format archive
    python -m geo.db restore FILE    into an EMPTY database; then the audit chain is verified

Exit 2 with one line if it cannot (exit 1 when a restored audit chain does not verify)."""

from __future__ import annotations

import sys

from geo.store.engine import StoreUnavailable, database_url, safe_url
from geo.store.migrate import upgrade
from geo.store.plans import builtin_plan, ensure_seed
from geo.store.service import ensure_assignments


def upgrade_and_seed(url: str | None = None) -> str:
    """The one start-up step (CLI, scripts/run.sh, the app): migrate, then seed. Returns a summary line."""
    upgrade(url)
    seeded = ensure_seed(url=url)
    # The built-in plan is loaded below the service layer, so its assignments (measure x lead/co-operating
    # department) are derived here: 部门进展, 督办, the map's progress view and the 进展通报 show its departments
    # from the first start, not only after a department has opened 我的任务. Idempotent: a few reads when present.
    builtin = builtin_plan(url=url)
    if builtin is not None:
        ensure_assignments(builtin.id, url=url)
    where = safe_url(url or database_url())
    if seeded is None:
        return f"{where}: schema up to date"
    return f"{where}: schema up to date; seed plan loaded as plan {seeded.id} ({seeded.measures} measures)"


def _backup(path: str) -> int:
    from geo.store.backup import backup

    counts = backup(path)
    print(f"backed up {safe_url(database_url())} to {path}: {counts.line()}")
    return 0


def _restore(path: str) -> int:
    from geo.store import audit
    from geo.store.backup import restore

    counts = restore(path)
    print(f"restored {path} into {safe_url(database_url())}: {counts.line()}")
    checked, finding = audit.verify()
    if finding is not None:
        print(f"error: the restored audit trail does not verify: {finding.message()}", file=sys.stderr)
        return 1
    print(f"audit trail verified: {checked} entries")
    return 0


def main(argv: list[str] | None = None) -> int:
    from geo.store.backup import BackupError
    from geo.store.cli import OneLineParser, fail

    parser = OneLineParser(prog="python -m geo.db", description="Manage the plans database.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    sub.add_parser("upgrade", help="create or migrate the schema; load the seed plan into an empty database")
    sub.add_parser("backup", help="write the whole store to FILE").add_argument("file")
    sub.add_parser("restore", help="load FILE into an empty database").add_argument("file")
    args = parser.parse_args(argv)
    try:
        if args.command == "backup":
            return _backup(args.file)
        if args.command == "restore":
            return _restore(args.file)
        print(upgrade_and_seed())
    except (StoreUnavailable, BackupError) as exc:
        return fail(exc)
    return 0


if __name__ == "__main__":
    sys.exit(main())

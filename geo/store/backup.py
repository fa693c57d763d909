"""Backups of the store, one file each: `python -m geo.db backup FILE` and `python -m geo.db restore FILE`.

SQLite: the online backup API (a consistent copy while the app keeps writing; WAL readers never wait), written to
a temporary file and renamed, in rollback-journal mode so the file stands alone. PostgreSQL: pg_dump in its custom
format and pg_restore in one transaction (all or nothing). The password travels in the environment (PGPASSWORD),
never on a command line. A restore goes into an EMPTY database only: it never merges into or overwrites a store,
and the audit chain it brings along must still verify (the CLI checks it).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import URL

from geo.store.engine import _parse, database_url, dispose_engine, get_engine, safe_url
from geo.store.models import Base

PG_MAGIC = b"PGDMP"  # the first bytes of a pg_dump custom-format archive
SQLITE_MAGIC = b"SQLite format 3\x00"
TIMEOUT_S = 3600


class BackupError(RuntimeError):
    """A backup or restore that cannot be done: one line, no password."""


@dataclass(frozen=True)
class Counts:
    """Rows per table of the store (the tables that exist), for comparing a restore with its source."""

    rows: dict[str, int]

    def line(self) -> str:
        return ", ".join(f"{name} {n}" for name, n in self.rows.items())


def table_counts(url: str | None = None) -> Counts:
    engine = get_engine(url)
    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        rows = {
            table.name: conn.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables
            if table.name in present
        }
    return Counts(rows)


def is_empty(url: str | None = None) -> bool:
    """True when the database holds none of the store's tables (Alembic's included)."""
    engine = get_engine(url)
    with engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
    return not present & ({t.name for t in Base.metadata.sorted_tables} | {"alembic_version"})


def _sqlite_path(parsed: URL) -> Path:
    database = parsed.database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError(f"cannot back up {safe_url(str(parsed))}: not a SQLite file")
    return Path(database)


def _pg_env(parsed: URL) -> tuple[dict[str, str], str | None]:
    """libpq's environment for the URL, and the schema named by its search_path option (None: the whole DB)."""
    env = {**os.environ, "PGHOST": parsed.host or "127.0.0.1", "PGDATABASE": parsed.database or "postgres"}
    if parsed.port:
        env["PGPORT"] = str(parsed.port)
    if parsed.username:
        env["PGUSER"] = parsed.username
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    if "sslmode" in parsed.query:
        env["PGSSLMODE"] = str(parsed.query["sslmode"])
    schema = None
    options = unquote(str(parsed.query.get("options", "")))
    for part in options.split():
        if part.startswith("-csearch_path="):
            value = part.split("=", 1)[1].split(",")[0].strip()
            schema = None if value in ("", "public") else value
    return env, schema


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    tool = shutil.which(args[0])
    if tool is None:
        raise BackupError(f"{args[0]} not found: install the postgresql-client package")
    result = subprocess.run([tool, *args[1:]], env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    if result.returncode != 0:
        lines = [line for line in (result.stderr or result.stdout).strip().splitlines() if line.strip()]
        raise BackupError(f"{what} failed: {lines[0] if lines else f'exit code {result.returncode}'}")


def backup(target: Path | str, url: str | None = None) -> Counts:
    """Write the store of URL (default: DATABASE_URL) to TARGET, all or nothing. Returns the rows it holds."""
    url = url or database_url()
    parsed = _parse(url)
    target = Path(target).resolve()
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent} is not a folder")
    counts = table_counts(url)  # also fails early, with the store's message, when the database is unreachable
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        if parsed.get_backend_name() == "sqlite":
            source = _sqlite_path(parsed)
            src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            finally:
                dst.close()
                src.close()
        else:
            env, schema = _pg_env(parsed)
            args = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={tmp}"]
            if schema:
                args.append(f"--schema={schema}")
            _run(args, env, "pg_dump")
        os.chmod(tmp, 0o600)  # a backup holds password hashes: the owner's only
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return counts


def _kind(path: Path) -> str:
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError as exc:
        raise BackupError(f"cannot read {path}: {exc.strerror}") from None
    if head.startswith(PG_MAGIC):
        return "postgresql"
    if head == SQLITE_MAGIC:
        return "sqlite"
    raise BackupError(f"{path} is not a backup made by geo.db backup (neither SQLite nor a pg_dump archive)")


def restore(source: Path | str, url: str | None = None) -> Counts:
    """Load the backup SOURCE into the empty database of URL (default: DATABASE_URL). Returns the rows restored."""
    url = url or database_url()
    parsed = _parse(url)
    source = Path(source).resolve()
    kind = _kind(source)
    backend = parsed.get_backend_name()
    if kind != backend:
        raise BackupError(f"{source} is a {kind} backup; {safe_url(url)} is a {backend} database")
    if not is_empty(url):
        raise BackupError(f"{safe_url(url)} already holds a store: restore needs an empty database")
    dispose_engine(url)  # no pooled connection may hold the old (empty) file or schema open
    if backend == "sqlite":
        target = _sqlite_path(parsed)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    else:
        env, _schema = _pg_env(parsed)
        args = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        _run([*args, f"--dbname={env['PGDATABASE']}", str(source)], env, "pg_restore")
    return table_counts(url)

"""Create or migrate the schema with the Alembic migrations in geo/store/migrations (run programmatically)."""

from __future__ import annotations

import contextlib
import fcntl
import threading
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.exc import OperationalError

from geo.store.engine import WRITE_OPTION, StoreUnavailable, database_url, get_engine, unavailable_message

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_process_lock = threading.Lock()  # Alembic's migration context is process-global: one upgrade at a time per process
MIGRATION_LOCK = 4_713_013  # PostgreSQL advisory lock id held while migrating (any constant, the same everywhere)


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", (url or database_url()).replace("%", "%%"))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(url: str | None = None) -> str | None:
    try:
        with get_engine(url).connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except OperationalError as exc:
        raise StoreUnavailable(unavailable_message(exc, url)) from None


@contextlib.contextmanager
def _sqlite_file_lock(conn) -> Iterator[None]:
    """SQLite's counterpart of the advisory lock: an exclusive flock on the database file for the whole upgrade.

    Why: each migration runs in its own transaction, and SQLite's write lock lasts one transaction only. Processes
    starting at once would each read the version before the first migration and then run the later ones twice
    ("duplicate column"). flock does not interact with SQLite's own fcntl locks, so readers are not blocked."""
    path = conn.engine.url.database if conn.dialect.name == "sqlite" else None
    if not path or path == ":memory:" or path.startswith("file:"):
        yield
        return
    with open(path, "rb") as handle:  # connect() has created the file
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Bring the schema to REVISION; each migration in its own transaction (rolled back if it fails)."""
    config = alembic_config(url)
    try:
        with (
            _process_lock,
            get_engine(url).execution_options(**{WRITE_OPTION: True}).connect() as conn,
            _sqlite_file_lock(conn),
        ):
            postgres = conn.dialect.name == "postgresql"
            if postgres:  # several app processes starting at once: one migrates, the others wait, then find it done
                conn.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATION_LOCK})")
                conn.commit()
            try:
                config.attributes["connection"] = conn
                command.upgrade(config, revision)
                conn.commit()
            finally:
                if postgres:
                    conn.rollback()
                    conn.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATION_LOCK})")
                    conn.commit()
    except OperationalError as exc:
        raise StoreUnavailable(unavailable_message(exc, url)) from None


def is_current(url: str | None = None) -> bool:
    return current_revision(url) == head_revision()

"""The database connection: one URL (DATABASE_URL), one engine per URL per process.

Default: an embedded SQLite file, var/app.sqlite3, in WAL mode (readers never wait for the one writer), so a
single user installs nothing. postgresql+psycopg://… serves many users and several app processes.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from geo import paths

DATABASE_ENV = "DATABASE_URL"
DEFAULT_SQLITE = paths.ROOT / "var" / "app.sqlite3"
WRITE_OPTION = "geo_store_write"
CONNECT_TIMEOUT_S = 3  # an unreachable server must give the user a message quickly, not a hung page

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


class StoreUnavailable(RuntimeError):
    """The database cannot be used (bad URL, server down, file not writable): one clear line, no URL password."""


def database_url() -> str:
    """DATABASE_URL, else the default SQLite file."""
    return os.environ.get(DATABASE_ENV) or f"sqlite:///{DEFAULT_SQLITE}"


def safe_url(url: str) -> str:
    """The URL for messages: never the password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparsable URL)"


def _parse(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreUnavailable(f"{DATABASE_ENV} is not a database URL: {url.split('@')[-1]!r}") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreUnavailable(
            f"{DATABASE_ENV}: unsupported database {parsed.get_backend_name()!r} (sqlite or postgresql)"
        )
    return parsed


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=15000")  # first: two writers at once wait for each other instead of failing
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(conn) -> None:
    # pysqlite's own transaction handling defers BEGIN; an explicit one makes DDL transactional (migrations) too.
    # A writing transaction takes the write lock at BEGIN: two deferred ones that both read, then write, would
    # fail with "database is locked" instead of waiting their turn (busy_timeout).
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "BEGIN")


def get_engine(url: str | None = None) -> Engine:
    """The engine for URL (default: database_url()), created once per process."""
    url = url or database_url()
    with _lock:
        engine = _engines.get(url)
        if engine is not None:
            return engine
        parsed = _parse(url)
        try:
            if parsed.get_backend_name() == "sqlite":
                database = parsed.database or ""
                if database and database != ":memory:" and not database.startswith("file:"):
                    os.makedirs(os.path.dirname(os.path.abspath(database)), exist_ok=True)
                engine = create_engine(parsed, connect_args={"check_same_thread": False, "isolation_level": None})
                event.listen(engine, "connect", _sqlite_pragmas)
                event.listen(engine, "begin", _sqlite_begin)
            else:
                engine = create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
        except (NoSuchModuleError, ArgumentError, ImportError) as exc:
            raise StoreUnavailable(f"{DATABASE_ENV}: cannot use {safe_url(url)} ({exc})") from None
        except OSError as exc:
            raise StoreUnavailable(
                f"cannot create the database directory for {safe_url(url)} ({exc.strerror})"
            ) from None
        _engines[url] = engine
        return engine


def dispose_engine(url: str | None = None) -> None:
    """Forget the engine (tests that drop a database; the app after the server went away)."""
    with _lock:
        engine = _engines.pop(url or database_url(), None)
    if engine is not None:
        engine.dispose()


def unavailable_message(exc: BaseException, url: str | None = None) -> str:
    """One line for a connection failure: which database, and the driver's first line."""
    first = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    reason = first[0] if first else type(exc).__name__
    return f"database {safe_url(url or database_url())} is unreachable: {reason}"


@contextmanager
def session_scope(url: str | None = None, *, write: bool = False) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error. Connection failures become StoreUnavailable."""
    engine = get_engine(url)
    if write:
        engine = engine.execution_options(**{WRITE_OPTION: True})
    try:
        with sessionmaker(engine, expire_on_commit=False).begin() as session:
            yield session
    except OperationalError as exc:
        if exc.connection_invalidated or _is_connect_error(exc):
            raise StoreUnavailable(unavailable_message(exc, url)) from None
        raise


def _is_connect_error(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    return any(
        word in text
        for word in (
            "connection",
            "could not connect",
            "unable to open database",
            "timeout",
            "server closed",
            "refused",
        )
    )

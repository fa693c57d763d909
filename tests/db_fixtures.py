"""The database fixtures: every test that touches the store runs on SQLite and on a real, throwaway PostgreSQL.

Registered once, in tests/conftest.py, so that the session starts ONE PostgreSQL cluster whichever folders run.

The PostgreSQL server is started once per session from Debian's binaries (scripts/setup.sh installs the
`postgresql` package) by geo.store.pg_local: initdb and pg_ctl in a temporary directory, run as the `postgres`
system user because PostgreSQL refuses to run as root. Nothing needs a server that is already running. Each
test gets a fresh database. When the binaries are missing, the PostgreSQL half FAILS (it must not pass by skipping).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from geo.store.engine import dispose_engine
from geo.store.pg_local import PG_MISSING, PgServer, pg_bin_dir

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer | None]:
    """The session's PostgreSQL, started on first use (None when the binaries are missing)."""
    bindir = pg_bin_dir()
    if bindir is None:
        yield None
        return
    server = PgServer(bindir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path, monkeypatch) -> Iterator[str]:
    """An empty database on each backend, also set as DATABASE_URL (the CLIs and geo.store read it)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    else:
        server = request.getfixturevalue("pg_server")
        if server is None:
            pytest.fail(PG_MISSING)
        url = server.new_database()
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    dispose_engine(url)


@pytest.fixture
def upgraded(db_url) -> str:
    """A database migrated to head, with the seed plan."""
    from geo.db import upgrade_and_seed

    upgrade_and_seed(db_url)
    return db_url


@pytest.fixture
def pg_upgraded(pg_server, monkeypatch) -> Iterator[str]:
    """A PostgreSQL database migrated and seeded, as DATABASE_URL: tests of a server that goes away and comes
    back (pg_server.stop_only / start_again)."""
    if pg_server is None:
        pytest.fail(PG_MISSING)
    from geo.db import upgrade_and_seed

    url = pg_server.new_database()
    monkeypatch.setenv("DATABASE_URL", url)
    upgrade_and_seed(url)
    yield url
    dispose_engine(url)

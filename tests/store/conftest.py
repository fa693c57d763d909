"""The store's tests run on SQLite and on a real, throwaway PostgreSQL.

The PostgreSQL server is started once per session from Debian's binaries (scripts/setup.sh installs the
`postgresql` package): initdb and pg_ctl in a temporary directory, run as the `postgres` system user because
PostgreSQL refuses to run as root. Nothing needs a server that is already running. Each test gets a fresh
database. When the binaries are missing, the PostgreSQL half FAILS (it must not pass by skipping).
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.store.engine import dispose_engine

BACKENDS = ("sqlite", "postgresql")
PG_MISSING = "PostgreSQL binaries not found (initdb in /usr/lib/postgresql/*/bin): run scripts/setup.sh"


def pg_bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """A PostgreSQL cluster in a temp dir: start, hand out databases, stop and remove."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="geo-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self._names = itertools.count(1)
        self.as_postgres: list[str] = []
        if os.geteuid() == 0:  # root: run as the postgres system user
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self.as_postgres = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        result = subprocess.run([*self.as_postgres, *args], capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{args[0]} failed ({result.returncode}): {result.stderr.strip() or result.stdout}")

    def start(self) -> None:
        self._run(
            str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--locale=C", "--no-sync",
        )  # fmt: skip
        self.start_again()

    def start_again(self) -> None:
        """Start the stopped cluster on the same port (tests of a database that goes away and comes back)."""
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "log"),
            "-w",
            "start",
        )

    def stop_only(self) -> None:
        """Stop the server, keeping its data (a database that goes away and comes back)."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, schema: str = "public") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres?options=-csearch_path%3D{schema}"

    def new_database(self) -> str:
        """A fresh, empty schema as the URL's search_path: as good as a new database for the store, and instant
        (CREATE DATABASE takes a second or more on a busy machine)."""
        import psycopg

        name = f"t{next(self._names)}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as c:
            c.execute(f"CREATE SCHEMA {name}")
        return self.url(name)


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

"""A PostgreSQL server from Debian's binaries in a directory of our own: the store's tests and scripts/cluster.sh.

Why one module: the tests want a throwaway server (temporary directory, fsync off, removed afterwards) and the
local cluster wants a lasting one under var/cluster/; both run initdb and pg_ctl the same way, as the `postgres`
system user when we are root (PostgreSQL refuses to run as root). Nothing needs a server that is already running.

`python -m geo.store.pg_local start|stop|status DIR PORT` is what scripts/cluster.sh calls.
"""

from __future__ import annotations

import argparse
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

PG_MISSING = "PostgreSQL binaries not found (initdb in /usr/lib/postgresql/*/bin): run scripts/setup.sh"


def pg_bin_dir() -> Path | None:
    """The newest installed PostgreSQL's bin directory (Debian keeps each major version apart)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    """A PostgreSQL cluster in ROOT (a new temporary directory when None): init, start, stop, hand out URLs.

    durable=False (tests) turns fsync off: a crash loses nothing a test needs, and initdb/COMMIT are much faster.
    """

    def __init__(self, bindir: Path, root: Path | None = None, port: int | None = None, *, durable: bool = False):
        self.bindir = bindir
        self.temporary = root is None
        self.root = Path(tempfile.mkdtemp(prefix="geo-pg-")) if root is None else root.resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self.data = self.root / "data"
        self.port = port or free_port()
        self.durable = durable
        self._names = itertools.count(1)
        self.as_postgres: list[str] = []
        if os.geteuid() == 0:  # root: run as the postgres system user
            user = pwd.getpwnam("postgres")
            os.chown(self.root, user.pw_uid, user.pw_gid)
            self.as_postgres = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run([*self.as_postgres, *args], capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise RuntimeError(f"{args[0]} failed ({result.returncode}): {result.stderr.strip() or result.stdout}")
        return result

    def initialized(self) -> bool:
        return (self.data / "PG_VERSION").exists()

    def init(self) -> None:
        self._run(
            str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--locale=C", *(() if self.durable else ("--no-sync",)),
        )  # fmt: skip

    def start(self) -> None:
        """Create the cluster if needed, then start it."""
        if not self.initialized():
            self.init()
        self.start_again()

    def start_again(self) -> None:
        """Start the stopped cluster on the same port (tests of a database that goes away and comes back)."""
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        if not self.durable:
            options += " -c fsync=off -c full_page_writes=off"
        log = str(self.root / "log")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def running(self) -> bool:
        if not self.initialized():
            return False
        return self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "status", check=False).returncode == 0

    def stop_only(self) -> None:
        """Stop the server, keeping its data (a database that goes away and comes back)."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def stop(self) -> None:
        """Stop at once and remove the directory (the tests' throwaway server)."""
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, schema: str = "public", database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}?options=-csearch_path%3D{schema}"

    def new_database(self) -> str:
        """A fresh, empty schema as the URL's search_path: as good as a new database for the store, and instant
        (CREATE DATABASE takes a second or more on a busy machine)."""
        name = f"t{next(self._names)}"
        self.execute(f"CREATE SCHEMA {name}")
        return self.url(name)

    def new_real_database(self, schema: str = "public") -> str:
        """A new, empty database (a restore of a dump that names its schema needs a database without it)."""
        name = f"d{next(self._names)}"
        self.execute(f"CREATE DATABASE {name}")
        return self.url(schema, name)

    def execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as c:
            c.execute(sql)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.store.pg_local", description="A local PostgreSQL server.")
    parser.add_argument("command", choices=("start", "stop", "status"))
    parser.add_argument("dir", type=Path, help="the server's directory (data, socket, log)")
    parser.add_argument("port", type=int)
    args = parser.parse_args(argv)
    bindir = pg_bin_dir()
    if bindir is None:
        print(f"error: {PG_MISSING}", file=sys.stderr)
        return 2
    server = PgServer(bindir, args.dir, args.port, durable=True)
    try:
        if args.command == "start":
            if not server.running():
                server.start()
            print(f"postgresql: running on 127.0.0.1:{server.port} ({server.data})")
        elif args.command == "stop":
            if server.running():
                server.stop_only()
            print("postgresql: stopped")
        else:
            up = server.running()
            print(f"postgresql: {'running' if up else 'stopped'} on 127.0.0.1:{server.port} ({server.data})")
            return 0 if up else 3
    except RuntimeError as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A cluster of our own (scripts/cluster.sh) for the cluster test and bench/load_cluster.py: its own temporary
directory and free ports, so it never meets var/cluster/ or another engineer's cluster on the shared machine."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_ports(n: int) -> int:
    """The first of N consecutive free ports on 127.0.0.1 (replica i listens on the first + i - 1)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        if base + n > 65535:
            continue
        try:
            for port in range(base, base + n):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
    raise RuntimeError("no free ports")


class LocalCluster:
    """scripts/cluster.sh with CLUSTER_DIR, CLUSTER_PORT, CLUSTER_APP_PORT and CLUSTER_PG_PORT of its own."""

    def __init__(self, env: dict[str, str] | None = None, max_replicas: int = 4) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="geo-cluster-"))  # not pytest's tmp: the postgres user must reach it
        self.dir.chmod(0o755)
        self.port = free_ports(1)
        self.pg_port = free_ports(1)
        self.env = {
            **os.environ,
            **(env or {}),
            "CLUSTER_DIR": str(self.dir),
            "CLUSTER_PORT": str(self.port),
            "CLUSTER_APP_PORT": str(free_ports(max_replicas)),
            "CLUSTER_PG_PORT": str(self.pg_port),
        }
        self.url = f"http://127.0.0.1:{self.port}"
        self.database_url = f"postgresql+psycopg://postgres@127.0.0.1:{self.pg_port}/postgres"

    def sh(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            ["bash", "scripts/cluster.sh", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=600
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"cluster.sh {' '.join(args)} failed: {result.stdout}\n{result.stderr}")
        return result

    def pids(self) -> dict[str, int]:
        """Replica name (app1 …) -> the pid of its Streamlit process."""
        return {p.stem: int(p.read_text()) for p in sorted(self.dir.glob("app*.pid"))}

    def rss_mb(self) -> dict[str, float]:
        out = {}
        for name, pid in self.pids().items():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    out[name] = int(line.split()[1]) / 1024
        return out

    def down(self) -> subprocess.CompletedProcess:
        """Stop everything; the directory stays until remove() (status can still be asked)."""
        return self.sh("down", check=False)

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

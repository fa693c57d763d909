"""The three descriptions of the many-users topology agree: scripts/cluster.sh (one machine), docker-compose.yml
(containers; cannot run here: no Docker engine) and deploy/systemd/. Same port, cookie, health path, settings
passed to the replicas, HAProxy configuration from the one template, the schema upgraded before replicas start."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CLUSTER_SH = (ROOT / "scripts" / "cluster.sh").read_text()
TEMPLATE = ROOT / "deploy" / "haproxy.cfg.template"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _default(name: str) -> str:
    found = re.search(rf"^{name}=\$\{{{name}:-([^}}]+)\}}$", CLUSTER_SH, re.M)
    assert found, f"cluster.sh has no default for {name}"
    return found.group(1)


def _health_path() -> str:
    return re.search(r"^HEALTH_PATH=(\S+)$", CLUSTER_SH, re.M).group(1)


def _replicas(compose: dict) -> dict[str, dict]:
    return {name: s for name, s in compose["services"].items() if re.fullmatch(r"app\d+", name)}


def test_the_compose_file_has_the_same_topology(compose):
    services = compose["services"]
    assert {"db", "migrate", "haproxy"} <= set(services) and len(_replicas(compose)) >= 2
    port = _default("CLUSTER_PORT")
    assert port == "8500"
    assert f"{port}:{port}" in services["haproxy"]["ports"]
    for replica in _replicas(compose).values():
        # The same two settings cluster.sh hands each replica, through the environment.
        assert set(replica["environment"]) == {"DATABASE_URL", "STREAMLIT_SERVER_COOKIE_SECRET"}
        assert replica["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://")
        assert replica["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert _health_path() in " ".join(replica["healthcheck"]["test"])
    assert 'DATABASE_URL="$DATABASE_URL" STREAMLIT_SERVER_COOKIE_SECRET=' in CLUSTER_SH
    assert 'DATABASE_URL="postgresql+psycopg://' in CLUSTER_SH
    assert services["migrate"]["command"] == ["python", "-m", "geo.db", "upgrade"]
    # cluster.sh, too, upgrades the schema once before it starts any replica.
    up = CLUSTER_SH[CLUSTER_SH.index("up() {") :]
    assert up.index("-m geo.db upgrade") < up.index('start_replica "$i"')


def test_haproxy_gets_the_same_configuration_from_the_one_template(compose, tmp_path):
    health = _health_path()
    template = TEMPLATE.read_text()
    assert f"option httpchk GET {health}" in template
    assert "cookie DBA_REPLICA insert" in template and "timeout tunnel" in template
    haproxy = compose["services"]["haproxy"]
    assert "./deploy/haproxy.cfg.template:/etc/dba/haproxy.cfg.template:ro" in haproxy["volumes"]
    assert "TEMPLATE=deploy/haproxy.cfg.template" in CLUSTER_SH
    # Render it as the container does (compose turns $$ into $), and as cluster.sh does; compare.
    script = haproxy["command"][2].replace("$$", "$").split(" > ")[0].replace("/etc/dba/haproxy.cfg.template", "")
    in_compose = subprocess.run(["sh", "-c", f"{script} {TEMPLATE}"], capture_output=True, text=True, check=True)
    on_machine = subprocess.run(
        ["bash", str(ROOT / "scripts" / "cluster.sh"), "config", "2"],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "CLUSTER_DIR": str(tmp_path)},
    )

    def normal(text: str) -> list[str]:  # addresses differ (container names, 127.0.0.1 ports); the rest must not
        text = re.sub(r"bind \S+:(\d+)", r"bind *:\1", text)
        return re.sub(r"(server app\d+) \S+", r"\1 ADDRESS", text).splitlines()

    assert normal(in_compose.stdout) == normal(on_machine.stdout)
    assert len([line for line in normal(on_machine.stdout) if "server app" in line]) == 2


def test_the_systemd_units_start_replicas_after_the_upgrade_with_the_same_settings():
    units = ROOT / "deploy" / "systemd"
    app = (units / "dba-app@.service").read_text()
    migrate = (units / "dba-migrate.service").read_text()
    assert "Requires=dba-migrate.service" in app and "After=network-online.target dba-migrate.service" in app
    assert "-m geo.db upgrade" in migrate and "Type=oneshot" in migrate
    for text in (app, migrate, (units / "dba-backup.service").read_text()):
        assert "EnvironmentFile=/etc/dba/app.env" in text  # DATABASE_URL and the cookie secret, one file
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    for flags in (app, dockerfile, CLUSTER_SH):  # the replicas run the same way everywhere
        words = " ".join(flags.replace('"', " ").replace(",", " ").split())
        assert "--server.headless true" in words and "--server.fileWatcherType none" in words
    assert "geo.db backup" in (units / "dba-backup.service").read_text()

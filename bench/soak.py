"""Memory soak: N sequential browser sessions against `streamlit run app.py`; the server's RSS must come back.

    .venv/bin/python bench/soak.py                      # 200 sessions of the map page
    .venv/bin/python bench/soak.py --page 汇报模式 -n 50  # the briefing page, 50 sessions
    .venv/bin/python bench/soak.py --ttl 120            # Streamlit's default session TTL (slower to settle)

Each session is a fresh Chromium context (Debian /usr/bin/chromium, offline) that opens the page, waits for the
script run and the map frame, then closes. Printed: the server's RSS after the warm-up sessions, after N sessions,
and `--settle` seconds later, with the growth per session and the ratio end / warm-up (target: ≤ 1.10).
Disconnected sessions are dropped by Streamlit after server.disconnectedSessionTTL; the soak sets it to `--ttl`
(default 5 s) so "30 s later" measures what outlives the sessions, not what is still waiting for its timeout.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import ARTIFACTS, _wait_healthy, free_port, launch_chromium, wait_for_app  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def start_server(ttl: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / f"soak-streamlit-{port}.log"
    cmd = [
        *(sys.executable, "-m", "streamlit", "run", "app.py"),
        *("--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1"),
        *("--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"),
        *("--server.disconnectedSessionTTL", str(ttl)),
    ]
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    _wait_healthy(base, proc, log_path, 90)
    return proc, base


def one_session(browser, url: str, frame: bool) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort())
    try:
        page = context.new_page()
        page.goto(url)
        wait_for_app(page, timeout=60_000)
        if frame:  # the map component has mounted: its args (the map script) went to this session
            page.wait_for_selector("iframe", state="attached", timeout=60_000)
        page.wait_for_timeout(300)
    finally:
        context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--sessions", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--page", default="", help="page path after the base URL, e.g. 汇报模式 (default: the map)")
    parser.add_argument("--settle", type=float, default=30.0, help="seconds to wait after the last session")
    parser.add_argument("--ttl", type=int, default=5, help="server.disconnectedSessionTTL in seconds")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    proc, base = start_server(args.ttl)
    url = f"{base}/{quote(args.page)}" if args.page else base
    try:
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            for _ in range(args.warmup):
                one_session(browser, url, frame=True)
            time.sleep(max(args.ttl + 2, 5))
            warm = rss_mb(proc.pid)
            print(f"after warm-up ({args.warmup} sessions): {warm:.1f} MB", flush=True)
            started = time.monotonic()
            for i in range(args.sessions):
                one_session(browser, url, frame=True)
                if (i + 1) % 25 == 0:
                    print(f"  {i + 1} sessions: {rss_mb(proc.pid):.1f} MB", flush=True)
            elapsed = time.monotonic() - started
            after = rss_mb(proc.pid)
            browser.close()
        time.sleep(args.settle)
        settled = rss_mb(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    print(f"after {args.sessions} sessions ({elapsed:.0f} s): {after:.1f} MB")
    print(f"{args.settle:.0f} s later: {settled:.1f} MB")
    per = (settled - warm) / max(args.sessions, 1) * 1024
    print(
        f"growth: {settled - warm:+.1f} MB ({per:+.0f} KB/session); end / warm-up = {settled / warm:.3f} (target ≤ 1.10)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

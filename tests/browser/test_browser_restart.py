"""A killed and restarted server: an open map page reconnects by itself and shows the same view (issue 18, item 4).

The server is killed with SIGKILL (no clean shutdown) and started again on the same port; the page is never
reloaded by the test. Its filters live in the URL, so the reconnected session rebuilds the same view from it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from browser_support import (
    ARTIFACTS,
    ROOT,
    _wait_healthy,
    area_fills,
    free_port,
    map_frame,
    new_offline_page,
    screenshot,
    wait_for_app,
    wait_for_areas,
)

from geo.dataset import load_measures

pytestmark = pytest.mark.browser


def _start(port: int) -> subprocess.Popen:
    log_path = ARTIFACTS / f"restart-streamlit-{port}.log"
    ARTIFACTS.mkdir(exist_ok=True)
    cmd = [
        *(sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"),
        *("--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"),
        *("--server.fileWatcherType", "none"),
    ]
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT)
    _wait_healthy(f"http://127.0.0.1:{port}", proc, Path(log_path), 90)
    return proc


def _caption(page) -> str:
    return page.locator('[data-testid="stCaptionContainer"]', has_text="项").first.inner_text()


def test_open_page_reconnects_after_a_kill_with_the_same_view(chromium):
    port = free_port()
    theme = load_measures()[-1]["theme_short"]
    proc = _start(port)
    try:
        page = new_offline_page(chromium)
        page.goto(f"http://127.0.0.1:{port}/?theme={theme}")
        wait_for_app(page)
        fills = wait_for_areas(map_frame(page))
        caption = _caption(page)
        url = page.url

        proc.send_signal(signal.SIGKILL)
        proc.wait()
        page.wait_for_timeout(1500)  # the page notices the lost connection
        proc = _start(port)

        # No reload by the test: Streamlit's client reconnects and reruns the page from its URL.
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stConnectionStatus\"]')", timeout=60_000)
        wait_for_app(page, timeout=60_000)
        page.wait_for_function(
            "(c) => [...document.querySelectorAll('[data-testid=\"stCaptionContainer\"]')]"
            ".some(e => e.innerText === c)",
            arg=caption,
            timeout=60_000,
        )
        assert page.url == url
        frame = map_frame(page, timeout=60_000)
        wait_for_areas(frame)
        assert area_fills(frame) == fills
        assert (
            page.get_by_role("button", name=f"Remove {theme}").count()
            + page.locator('[data-testid="stMultiSelect"]', has_text=theme).count()
            > 0
        )
        screenshot(page, "restart_reconnected")
        page.context.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

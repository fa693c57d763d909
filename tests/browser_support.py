"""Shared browser-test machinery: a real `streamlit run` server and Debian's Chromium driven by Playwright.

Used by the map, briefing and export browser tests (and bench/bench_map.py), so every browser test starts the
app the same way and checks the same offline rule: no request may leave localhost.

    with streamlit_server(env={"DBA_MEASURES": str(path)}) as base_url:
        with sync_playwright() as pw:
            browser = launch_chromium(pw)
            page = new_offline_page(browser, requests)   # records every URL, aborts non-local ones
            page.goto(base_url)
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    # Headless Chromium rasterises in software with a small tile-memory budget; at 3840×2160 the map's SVG layer
    # (4608×2592 with Leaflet's padding) does not fit it and parts of the map are never painted in a screenshot,
    # although the DOM is complete. A real browser rasterises on the GPU with a larger budget; this gives the test
    # browser one, so 4K screenshots show what a 4K wall shows (one browser for every test).
    "--force-gpu-mem-available-mb=1024",
]
VIEWPORT = {"width": 1440, "height": 900}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


def chromium_missing_reason() -> str | None:
    """Why browser tests cannot run here (None when they can). Only a missing Chromium is a reason to skip."""
    if not Path(CHROMIUM).exists():
        return f"BROWSER TESTS SKIPPED: {CHROMIUM} is absent (apt-get install chromium; .ci/run installs it)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(base_url: str, proc: subprocess.Popen, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log_path.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(base_url + "/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise TimeoutError(f"streamlit not healthy after {timeout}s:\n{log_path.read_text(errors='replace')}")


_TEST_DATABASE: list[str] = []


def test_database_url() -> str:
    """A seeded SQLite database of this test process, for servers that name no database of their own.

    Never the checkout's var/app.sqlite3: a developer's data stays out of the tests, and parallel test workers
    (pytest -n) do not race to create one file's schema on a fresh clone."""
    if not _TEST_DATABASE:
        import atexit
        import shutil
        import tempfile

        from geo.db import upgrade_and_seed
        from geo.store.engine import dispose_engine

        folder = tempfile.mkdtemp(prefix="dba-test-db-")
        atexit.register(shutil.rmtree, folder, True)
        url = f"sqlite:///{folder}/app.sqlite3"
        upgrade_and_seed(url)
        dispose_engine(url)
        _TEST_DATABASE.append(url)
    return _TEST_DATABASE[0]


def start_streamlit(
    port: int, script: str = "app.py", env: dict[str, str] | None = None, timeout: float = 60.0, log_name: str = ""
) -> subprocess.Popen:
    """`streamlit run <script>` headless on PORT, once it answers its health check (log under artifacts/)."""
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / (log_name or f"streamlit-{port}.log")
    cmd = [
        *(sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true"),
        *("--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"),
        *("--server.fileWatcherType", "none"),
    ]
    full_env = {**os.environ, **(env or {})}
    full_env.setdefault("DATABASE_URL", test_database_url())
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(f"http://127.0.0.1:{port}", proc, log_path, timeout)
    except BaseException:
        stop_process(proc)
        raise
    return proc


def stop_process(proc: subprocess.Popen) -> None:
    """Terminate, and kill if it has not ended within 10 s."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def streamlit_server(script: str = "app.py", env: dict[str, str] | None = None, timeout: float = 60.0) -> Iterator[str]:
    """Run `streamlit run <script>` headless on a free port; yields the base URL; stops the server afterwards."""
    port = free_port()
    proc = start_streamlit(port, script, env, timeout)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process(proc)


def launch_chromium(playwright, **kwargs):
    """Debian's Chromium (never a downloaded one), headless, no background network traffic of its own."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, **kwargs)


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
        return True
    return (parsed.hostname or "") in LOCAL_HOSTS or f"[{parsed.hostname}]" in LOCAL_HOSTS


def new_offline_page(browser, requests: list[str] | None = None, viewport: dict | None = None):
    """A page (own context) that records every request URL into `requests` and aborts any non-local one.

    Routing is set on the context so it also covers the map iframes (components are served in frames).
    """
    context = browser.new_context(viewport=viewport or VIEWPORT, locale="zh-CN")
    log = requests if requests is not None else []

    def handle(route):
        url = route.request.url
        log.append(url)
        if is_local(url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", handle)
    return context.new_page()


def external_requests(requests: list[str]) -> list[str]:
    return [u for u in requests if not is_local(u)]


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until the Streamlit script has finished its run (no 'running' indicator) and the app view exists."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.match(/Running|运行/)",
        timeout=timeout,
    )


def screenshot(page, name: str) -> Path:
    """Full-viewport PNG under artifacts/ (the test artefacts the reports refer to)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


# ---------------------------------------------------------------- the map component (streamlit-folium iframe)

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'

# Fill colour of every shaded city/SAR polygon in the map frame, keyed by place id.
_AREA_FILLS_JS = """() => {
  const out = {};
  if (!window.map) return out;
  Object.values(window.map._layers).forEach(l => {
    const p = l.feature && l.feature.properties;
    if (p && p.count !== undefined && l._path) out[p.place] = l._path.getAttribute('fill');
  });
  return out;
}"""


def map_frame(page, timeout: float = 30_000):
    """The Playwright Frame of the (first) st_folium map, once Leaflet has created `window.map`."""
    page.wait_for_selector(MAP_IFRAME, timeout=timeout)
    handle = page.query_selector(MAP_IFRAME)
    frame = handle.content_frame()
    frame.wait_for_function("() => window.map && document.querySelectorAll('path').length > 0", timeout=timeout)
    return frame


def area_fills(frame) -> dict[str, str]:
    return frame.evaluate(_AREA_FILLS_JS)


def wait_for_areas(frame, n: int = 23, timeout: float = 30_000) -> dict[str, str]:
    frame.wait_for_function(f"() => Object.keys(({_AREA_FILLS_JS})()).length >= {n}", timeout=timeout)
    return area_fills(frame)


def wait_for_fills_change(frame, before: dict[str, str], timeout: float = 30_000) -> dict[str, str]:
    import json

    frame.wait_for_function(
        f"() => {{ const now = ({_AREA_FILLS_JS})(); const before = {json.dumps(before)};"
        " return Object.keys(now).length > 0 && JSON.stringify(now) !== JSON.stringify(before); }",
        timeout=timeout,
    )
    return area_fills(frame)


def choose_option(page, label: str, option_prefix: str, multiselect: bool = True, timeout: float = 20_000) -> None:
    """Pick an option of a Streamlit multiselect/selectbox by its label (option names may carry counts).

    For a multiselect, waits until the chip of the chosen option is shown (retrying the pick once: a click
    that lands while the app is redrawing the sidebar can be lost).
    """
    import re

    pattern = re.compile("^" + re.escape(option_prefix))
    for attempt in range(2):
        box = page.get_by_role("combobox", name=label)
        box.click()
        # Type the option's name: the list is virtualized, so an option far down is not in the page until the
        # typed text brings it up (a person would type too).
        box.press_sequentially(option_prefix)
        page.get_by_role("option", name=pattern).first.click(timeout=timeout)
        page.keyboard.press("Escape")
        # Leave the input: its blur re-lays out the sidebar, which would move the next click target.
        page.evaluate("document.activeElement && document.activeElement.blur()")
        if not multiselect:
            return
        chip = page.get_by_role("button", name=re.compile("^Remove " + re.escape(option_prefix)))
        try:
            chip.first.wait_for(timeout=timeout / 2)
            return
        except Exception:
            if attempt:
                raise

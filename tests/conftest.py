"""Fixtures shared by the tests: the seed data, and the app server and browser for every page's browser tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# browser_support importable as a top-level module whether or not tests/ is a package.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_support import chromium_missing_reason, launch_chromium, streamlit_server  # noqa: E402
from db_fixtures import db_url, pg_server, pg_upgraded, upgraded  # noqa: E402, F401 (fixtures for every folder)

from geo.dataset import load_measures  # noqa: E402
from geo.places.gazetteer import load_gazetteer  # noqa: E402


@pytest.fixture(scope="session")
def measures() -> list[dict]:
    """The committed seed dataset (tests with synthetic data define their own `measures`)."""
    return load_measures()


@pytest.fixture(scope="session")
def gaz():
    """The committed gazetteer (tests with a synthetic one define their own `gaz`)."""
    return load_gazetteer()


@pytest.fixture(scope="session")
def app_server():
    """The app (`streamlit run app.py`) on the default dataset, once per test session; yields its base URL."""
    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    with streamlit_server() as base_url:
        yield base_url


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium via Playwright, once per session (a fresh context per test via new_offline_page)."""
    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        yield browser
        browser.close()


# The longest files, started first: scripts/test.sh hands whole files to its workers in collection order, and a long
# file started last keeps the run going after the other workers have finished (longest first balances them).
LONGEST_FIRST = (
    "tests/browser/test_browser_briefing.py",
    "tests/browser/test_browser_state.py",
    "tests/browser/test_browser_map_ux.py",
    "tests/browser/test_browser_briefing_progress.py",
    "tests/browser/test_browser_app.py",
    "tests/cluster/test_cluster.py",
    "tests/store/test_store.py",
)


def _file_rank(item) -> int:
    path = item.nodeid.split("::", 1)[0]
    return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)


def pytest_collection_modifyitems(items):
    """A browser test that fails is run again, at most twice, before it counts as failed: a real browser on a
    loaded 2-core machine can lose a click or time out while Streamlit redraws. Unit, AppTest and store tests
    get no second chance. A rerun is reported in the summary (`R`), so a flaky test stays visible.
    The longest files go first (LONGEST_FIRST); the order within a file and of the others is kept."""
    items.sort(key=_file_rank)
    for item in items:
        if item.get_closest_marker("browser") is not None:
            item.add_marker(pytest.mark.flaky(reruns=2, reruns_delay=1))

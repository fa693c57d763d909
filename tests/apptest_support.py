"""Running a page of the app under streamlit.testing.v1.AppTest, the way a user reaches it (through app.py)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent


def run_page(page: str | None = None, query: dict | None = None, timeout: float = 60) -> AppTest:
    """app.py's navigation, switched to `page` (a path listed in ui/nav.py) unless None, with these URL params."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    if page:
        at.switch_page(page)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at

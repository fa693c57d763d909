"""Is this script run the browser's Back or Forward? A leaf module (Streamlit only), so ui.state and the state it
carries on page links (ui.progress_state) ask the same question without importing each other."""

from __future__ import annotations

from streamlit.runtime.scriptrunner import get_script_run_ctx


def is_history_navigation() -> bool:
    """True for the run Streamlit starts when the user presses Back or Forward (the URL names the view)."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and getattr(ctx, "is_history_navigation", False))

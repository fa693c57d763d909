"""Filter and language state of a session, and the URL that mirrors it (so a copied link restores the view).

Who wins, and when (the rules that keep fast changes, Back and the language switch from fighting each other):
- During a session, the session's filters (`CANON`, place and theme *ids*) and language are the truth. They change
  only by a user action: a widget's on_change callback, a map click, clear-all, the language box.
- Those callbacks write the URL, once per action (one `from_dict`, so one browser history entry per action).
  Nothing else writes the filter keys: a script run never writes old filters back over a newer URL.
- The URL is read into the session only when the session starts (a pasted link, a reload, a reconnect after a
  server restart) and on browser Back/Forward (`is_history_navigation`). An address bar that lags behind a fast
  change (the browser had not yet received the last write) is never mistaken for a navigation.
- Page links carry the filters, the language and the progress choice (`carried_query`: the as-of date shared by
  every progress page, and the map's progress view), so a page switch adds one history entry and keeps them.
  The progress choice follows the same rules, in ui/progress_state.py.
"""

from __future__ import annotations

import streamlit as st

from geo.i18n import LANGS
from geo.places.gazetteer import load_gazetteer
from geo.render.web.progress_view import PROGRESS_URL_KEYS
from geo.selection.filters import Q_DEPT, Q_GROUPS, Q_KEYWORD, Q_REGION, Q_THEME, Filters
from ui.history import is_history_navigation
from ui.lang import LANG_STATE, Q_LANG, current_lang, url_lang  # noqa: F401 (current_lang: part of this API)

FILTER_KEYS = (Q_THEME, Q_DEPT, Q_REGION, Q_KEYWORD, Q_GROUPS)
CANON = "_flt_canon"  # the session's filters (Filters); absent until the session's first run
URL_ADOPTED = "_flt_url_adopted"  # "first" or "history": the URL replaced the session's filters in this run


def _query_dict() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params}


def url_filters() -> Filters:
    """The filters the address bar names (not validated against the data)."""
    return Filters.from_query(_query_dict())


def is_first_run() -> bool:
    """No filters held yet: a new session (page load, reload, reconnect after a server restart) or a reset."""
    return not isinstance(st.session_state.get(CANON), Filters)


def sync_from_url() -> None:
    """Start of every run, before anything reads the state: let the URL decide when it names the view."""
    from ui.progress_state import current_choice  # imported here: progress_state imports us

    mode = "first" if is_first_run() else "history" if is_history_navigation() else None
    if mode:
        st.session_state[CANON] = url_filters()
        st.session_state[LANG_STATE] = url_lang()
        st.session_state[URL_ADOPTED] = mode
    current_choice()  # the progress choice (as-of date, map's progress view), by the same rules


def session_filters() -> Filters:
    f = st.session_state.get(CANON)
    return f if isinstance(f, Filters) else url_filters()


def read_filters() -> tuple[Filters, list[str]]:
    """The session's filters with unknown values dropped and reported (a stale link must not crash the page)."""
    from ui.dataset_state import active_measures  # the session's dataset; imported here: dataset_state imports us

    return session_filters().validated(active_measures(), load_gazetteer())


def write_url(f: Filters | None = None, lang: str | None = None) -> None:
    """Mirror the session's state into the URL in ONE update (one history entry); other keys are kept.

    Call from a user action (a callback) only; a run that merely redraws must not write.
    """
    f = session_filters() if f is None else f
    lang = current_lang() if lang is None else lang
    carried = (*FILTER_KEYS, Q_LANG, *PROGRESS_URL_KEYS)
    query: dict[str, list[str]] = {k: v for k, v in _query_dict().items() if k not in carried}
    query.update({k: v if isinstance(v, list) else [v] for k, v in carried_query(f, lang).items()})
    if query != _query_dict():
        st.query_params.from_dict(query)


def set_filters(f: Filters) -> None:
    """A user action changed the filters: hold them and put them in the URL."""
    st.session_state[CANON] = f
    write_url(f)


def carried_query(filters: Filters, lang: str, **extra: str) -> dict[str, list[str] | str]:
    """The query string a page link carries: the filters, the language (when not 简体), the session's progress
    choice (as-of date; the map's progress view) and extra keys."""
    from ui.progress_state import current_choice  # imported here: progress_state imports us

    query: dict[str, list[str] | str] = dict(filters.to_query())
    if lang != "zh":
        query[Q_LANG] = lang
    query.update(current_choice().to_query())
    query.update({k: v for k, v in extra.items() if v})
    return query


def set_lang(lang: str) -> None:
    """A user chose a language: hold it and put it in the URL (the filters stay, held by id)."""
    st.session_state[LANG_STATE] = lang if lang in LANGS else "zh"
    write_url(lang=st.session_state[LANG_STATE])

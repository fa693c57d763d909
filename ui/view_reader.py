"""The map page's current view, for other pages (导出), without a rerun on every pan.

The map frame keeps its view in the browser tab's sessionStorage (geo.mapview.ViewStore, key VIEW_STORAGE_KEY);
a zero-height local component (static/view_reader/index.html, no npm build, no external script) reads it and
reports it as its value. The last reported view is also kept in session state, so coming back to a page starts
from it at once and the component only reruns the page when the map has moved since.
"""

from __future__ import annotations

import streamlit as st
import streamlit.components.v1 as components

from geo import paths
from geo.render.extent import Bounds
from geo.render.web.mapview import VIEW_STORAGE_KEY

READER_KEY = "dba_view_reader"
LAST_VIEW = "_dba_map_view"  # plain session key: survives page switches (widget values do not)

_component = components.declare_component("dba_view_reader", path=str(paths.STATIC / "view_reader"))


def parse_view(value: object) -> Bounds | None:
    """A reported view as (west, south, east, north), or None unless it is four finite degrees forming a box."""
    if not isinstance(value, (list, tuple)) or len(value) != 4:
        return None
    try:
        box = Bounds(*(float(x) for x in value))
    except (TypeError, ValueError):
        return None
    return box if box.is_valid() else None


def map_view() -> Bounds | None:
    """The map page's current view in this browser tab, or None if the map has not reported one (yet).

    Call it after the sidebar's own widgets (its reader frame goes at the end of the sidebar).
    """
    known = parse_view(st.session_state.get(LAST_VIEW))
    # At the end of the sidebar: the zero-height frame still takes a layout gap, invisible there.
    with st.sidebar:
        reported = parse_view(
            _component(
                storage_key=VIEW_STORAGE_KEY, current=list(known) if known else None, key=READER_KEY, default=None
            )
        )
    if reported is not None and reported != known:
        st.session_state[LAST_VIEW] = list(reported)
        known = reported
    return known

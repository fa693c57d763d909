"""The link that starts a briefing from the current filters (for the map page or the shared sidebar).

    from ui.briefing_link import briefing_link
    briefing_link(filters, lang)      # a st.page_link to the briefing, carrying the filters and language

The briefing page reads the same filter keys from its URL (ui.state.read_filters), so "a briefing of only
深圳's measures" is this link clicked while the map is filtered to 深圳.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import streamlit as st
from streamlit.errors import StreamlitAPIException

from geo.i18n import t
from geo.selection.filters import Filters
from ui.nav import BRIEFING, MAP
from ui.state import carried_query
from ui.text import md_escape

BRIEFING_PAGE = BRIEFING.path
MAP_PAGE = MAP.path
BRIEFING_URL = BRIEFING.url_path


def briefing_link(filters: Filters, lang: str, label: str | None = None) -> None:
    """A link to the briefing with these filters; a plain link when the page list does not know the page.

    (A page run as its own main script — tests do that — has no pages/ registry: st.page_link would fail.)
    """
    label = label or t("briefing_start", lang)
    query = carried_query(filters, lang)
    try:
        st.page_link(BRIEFING_PAGE, label=label, icon=":material/slideshow:", query_params=query)
    except StreamlitAPIException:
        url = f"/{quote(BRIEFING_URL)}?{urlencode(query, doseq=True)}"
        st.markdown(f"[{md_escape(label)}](<{url}>)")  # the label is ours, escaped anyway; the URL is encoded

"""The map page body: summary, the map (base + selection layer) and the linked list of matching measures."""

from __future__ import annotations

import streamlit as st

from geo.dataset import Measure
from geo.i18n import localize, t
from geo.places.gazetteer import Gazetteer
from geo.render.web.assets import stylesheet
from geo.render.web.mapview import BASEMAPS, VIEW_QUERY_KEY, parse_view, selection_layer
from geo.selection.filters import Filters, group_counts, region_wide, select, unplaced
from geo.selection.search import ranked
from ui.map_panel import show_map
from ui.measure_cards import LIST_LIMIT, list_html
from ui.measure_detail import render_measure_detail
from ui.progress_panel import progress_context
from ui.state import is_history_navigation
from ui.text import md_escape

K_BASEMAP, K_HIGHLIGHT = "ui_basemap", "ui_highlight"
Q_BASEMAP, Q_HIGHLIGHT = "basemap", "hl"
BASEMAP_CHOICES = ("", *BASEMAPS)


def _url_value(key: str) -> str:
    return st.query_params.get(key, "")


def _mirror(key: str, value: str) -> None:
    if value:
        if st.query_params.get(key) != value:
            st.query_params[key] = value
    elif key in st.query_params:
        del st.query_params[key]


def render_basemap_choice(lang: str) -> str | None:
    """Optional online base map (sidebar). Default none: the app works offline; the URL keeps the choice."""
    if K_BASEMAP not in st.session_state or is_history_navigation():
        url = _url_value(Q_BASEMAP)
        st.session_state[K_BASEMAP] = url if url in BASEMAP_CHOICES else ""
    st.sidebar.radio(
        t("basemap", lang), BASEMAP_CHOICES, key=K_BASEMAP, format_func=lambda b: t(f"basemap_{b or 'none'}", lang)
    )
    st.sidebar.caption(t("basemap_note", lang))
    choice = st.session_state[K_BASEMAP]
    _mirror(Q_BASEMAP, choice)
    return choice or None


def _highlight_label(m: Measure | None, lang: str) -> str:
    if m is None:
        return t("highlight_none", lang)
    text = localize(m.get("text", ""), lang)
    return f"{t('col_id', lang)} {m['id']} · {localize(m['theme_short'], lang)} · {text[:36]}{'…' if len(text) > 36 else ''}"


def current_highlight(selection: list[Measure]) -> Measure | None:
    """The measure to highlight (session state, first from the URL ?hl=), if it is still in the selection."""
    if K_HIGHLIGHT not in st.session_state or is_history_navigation():  # Back/Forward: the URL names the view
        st.session_state[K_HIGHLIGHT] = _url_value(Q_HIGHLIGHT) or ""
    current = st.session_state[K_HIGHLIGHT]
    chosen = _find(selection, current)
    if current and chosen is None:
        st.session_state[K_HIGHLIGHT] = ""  # filtered out: nothing to highlight
    return chosen


def _find(selection: list[Measure], measure_id: str) -> Measure | None:
    """The selection's measure numbered MEASURE_ID (the last of equal numbers, as a dict by number would keep)."""
    if not measure_id:
        return None  # the usual case: no walk over thousands of measures on every rerun
    return next((m for m in reversed(selection) if str(m["id"]) == measure_id), None)


def render_highlight_choice(selection: list[Measure], lang: str) -> Measure | None:
    """Choose a measure to highlight on the map (searchable). Kept in the URL (?hl=) with the filters."""
    chosen = current_highlight(selection)
    current = str(chosen["id"]) if chosen else ""
    # Labels of the options only (the first LIST_LIMIT and the chosen one), not of the whole selection.
    by_id = {str(m["id"]): m for m in selection[:LIST_LIMIT]}
    if chosen is not None:
        by_id[current] = chosen
    shown = [str(m["id"]) for m in selection[:LIST_LIMIT]]
    options = ["", *shown] + ([current] if current and current not in shown else [])
    st.selectbox(
        t("highlight_measure", lang),
        options,
        key=K_HIGHLIGHT,
        format_func=lambda i: _highlight_label(by_id.get(i), lang),
    )
    _mirror(Q_HIGHLIGHT, st.session_state[K_HIGHLIGHT])
    value = st.session_state[K_HIGHLIGHT]
    return by_id[value] if value in by_id else _find(selection, value)


def summary_line(selection: list[Measure], total: int, gazetteer: Gazetteer, lang: str) -> str:
    """N of total; then how many of them are region-wide (each once) and, per group, those named for it."""
    line = t("map_summary", lang).format(n=len(selection), total=total)
    groups = group_counts(selection, gazetteer)
    if groups:
        items = t("list_sep", lang).join(
            f"{gazetteer[g].name(lang)} {n}" for g, n in groups.most_common() if g in gazetteer
        )
        wide = len(region_wide(selection, gazetteer))
        line += t("part_sep", lang) + t("map_region_wide_line", lang).format(n=wide, items=items)
    return line


def render_unplaced(selection: list[Measure], gazetteer: Gazetteer, lang: str, progress: dict | None = None) -> None:
    """Measures that name no place: on no city of the map, so counted here and listed on a click."""
    lost = unplaced(selection, gazetteer)
    if not lost:
        return
    with st.popover(t("unplaced_count", lang).format(n=len(lost)), help=t("unplaced_help", lang)):
        # CSS: the main list's; PROGRESS (the progress view): the cards' progress lines
        st.html(list_html(lost, gazetteer, lang, container_class="dba-unplaced", with_css=False, progress=progress))


def page_chrome(lang: str) -> None:
    """The page CSS of the map and list pages: the map and list fill the window's height."""
    st.html(stylesheet("map/page.css"))


def render_map_page(measures: list[Measure], gazetteer: Gazetteer, filters: Filters, lang: str) -> None:
    """Map first, then the list: the map's delta reaches the browser before the rest of the page is redrawn."""
    page_chrome(lang)  # the map and the list fill the window's height (static/map/page.css), not a fixed 620 px
    selection = select(measures, filters, gazetteer)
    progress = progress_context(measures, lang)  # the progress view (f-map): None when off
    if progress is not None:
        selection = progress.select(selection)
    col_map, col_list = st.columns([5, 3], gap="medium")
    with col_map:
        st.caption(
            md_escape(summary_line(selection, len(measures), gazetteer, lang)) + "　" + t("map_click_hint", lang)
        )
        if progress is not None:  # the as-of date and the lights of what the map shows; sample data says so
            sample = f":red-background[**{t('prog_sample', lang)}**] " if progress.snap.has_sample else ""
            st.caption(sample + md_escape(progress.summary(selection, lang)))
        basemap = st.session_state.get(K_BASEMAP) or _url_value(Q_BASEMAP) or None
        layer_args = {
            "highlight": current_highlight(selection),
            "interactive": True,
            "view": parse_view(_url_value(VIEW_QUERY_KEY)),
        }
        show_map(
            progress.layer(selection, gazetteer, filters, lang, **layer_args)
            if progress is not None
            else selection_layer(selection, gazetteer, filters, lang, **layer_args),
            gazetteer,
            lang,
            basemap if basemap in BASEMAPS else None,
        )
    with col_list:
        st.subheader(t("list_header", lang))
        render_unplaced(selection, gazetteer, lang, progress.snap.measures if progress is not None else None)
        shown = ranked(selection, filters.keyword)  # most relevant first when a keyword is set
        highlight = render_highlight_choice(shown, lang)
        if progress is not None and highlight is not None:
            render_measure_detail(
                progress.plan.id, progress.snap.measures.get(highlight["id"]), lang, as_of=progress.snap.as_of
            )
        if not selection:
            st.info(t("no_measures", lang))
        else:
            with st.container(height=560, border=False, key="dba_list"):
                # st.html, not st.markdown: the cards are HTML already (every value escaped in ui.measure_cards);
                # the markdown pipeline re-parses them on every rerun.
                st.html(
                    list_html(
                        shown,
                        gazetteer,
                        lang,
                        highlight["id"] if highlight else None,
                        query=filters.keyword,
                        progress=progress.snap.measures if progress is not None else None,
                    )
                )

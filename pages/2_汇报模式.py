"""汇报模式 — the briefing for projectors and LED walls: full-screen map, one slide at a time.

URL: ?slide=N (1-based) &look=dark|light &auto=SECONDS &deck=KEY&deck=KEY… (the chosen slides, in order) &asof=DATE
(the progress slides' as-of date) plus the map's filter keys (theme, dept, region, q, groups) and lang, so a presenter
can jump to a slide, a briefing starts from the map's current filters and a prepared deck is one link.
Thin by design: read state -> geo.briefing builds the deck -> ui.briefing_view draws it.
"""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.i18n import t
from geo.render.web.mapview import base_map, selection_layer
from geo.selection.briefing import build_slides, choose_slides, clamp_slide
from geo.selection.classes import classify
from geo.selection.filters import place_counts
from ui.briefing_link import MAP_PAGE, carried_query
from ui.briefing_progress import deck_with_progress, requested_as_of
from ui.briefing_theme import DEFAULT_LOOK, LOOKS, Q_LOOK
from ui.briefing_view import (
    GOTO_KEY,
    MAP_KEY,
    NEXT_KEY,
    PREV_KEY,
    FitSlide,
    LightLabels,
    PlaceLabels,
    add_facility_labels,
    add_progress_map,
    add_region_wide,
    bottom_html,
    covers_map,
    footnote_html,
    frame_assets,
    is_progress,
    keys_html,
    light_marks,
    locator_html,
    page_css,
    slide_panel_html,
)
from ui.dataset_state import source_label
from ui.page import load_data_or_stop, page_title
from ui.progress_state import as_of_input
from ui.state import FILTER_KEYS, Q_LANG, current_lang, read_filters

Q_SLIDE, Q_AUTO, Q_DECK = "slide", "auto", "deck"
AUTO_DEFAULT, AUTO_MIN, AUTO_MAX = 20, 3, 600

lang = current_lang()
st.set_page_config(page_title=page_title("briefing_title", lang), layout="wide", initial_sidebar_state="collapsed")

measures, gazetteer = load_data_or_stop(lang)  # a missing or broken data file: a readable message, no trace
# The session's filters (the page links carry them in the URL too; ui/state.py): unknown values are dropped, the
# kicker shows what is actually applied.
filters, _unknown = read_filters()
look = st.query_params.get(Q_LOOK, DEFAULT_LOOK)
look = look if look in LOOKS else DEFAULT_LOOK
try:
    auto = min(max(int(st.query_params.get(Q_AUTO, "0")), 0), AUTO_MAX)
except ValueError:
    auto = 0
auto = max(auto, AUTO_MIN) if auto else 0

as_of = requested_as_of()
all_slides, progress_note = deck_with_progress(
    build_slides(measures, gazetteer, filters, lang), measures, gazetteer, lang, as_of
)
slides = choose_slides(all_slides, st.query_params.get_all(Q_DECK))
total = len(slides)
number = clamp_slide(st.query_params.get(Q_SLIDE, "1"), total)
# No slide number is written on arrival: the address bar keeps the URL the user came by (Back then returns to a URL
# that existed); only a user's step (go) writes one, and a hand-typed number out of range is corrected.
if Q_SLIDE in st.query_params and st.query_params.get(Q_SLIDE) != str(number):
    st.query_params[Q_SLIDE] = str(number)
slide = slides[number - 1]


def go(n: int) -> None:
    st.query_params[Q_SLIDE] = str(clamp_slide(n, total))


def goto() -> None:
    """The clicker script's target slide (absolute, so presses during a rerun add up instead of being lost)."""
    raw = st.session_state.get(GOTO_KEY) or ""
    st.session_state[GOTO_KEY] = ""
    if raw.strip():
        go(clamp_slide(raw, total))


def set_deck() -> None:
    """The presenter chose and ordered the slides: the deck goes into the URL (one history entry, through the app's
    carried query: filters and language as every link has them) and the show starts at its first slide."""
    keys = list(st.session_state.get("briefing_deck") or [])
    kept = {k: st.query_params.get_all(k) for k in st.query_params if k not in (Q_DECK, Q_SLIDE, *FILTER_KEYS, Q_LANG)}
    # (the look, auto-advance and the progress date ?asof stay as they are)
    st.query_params.from_dict({**kept, **carried_query(filters, lang, **{Q_DECK: keys, Q_SLIDE: "1"})})


def set_auto() -> None:
    if st.session_state.get("briefing_auto_on"):
        st.query_params[Q_AUTO] = str(int(st.session_state.get("briefing_interval") or AUTO_DEFAULT))
    elif Q_AUTO in st.query_params:
        del st.query_params[Q_AUTO]


def flip_look() -> None:
    st.query_params[Q_LOOK] = "light" if look == "dark" else "dark"


st.html(page_css(look))

with st.container(key="briefing_controls", horizontal=True):
    st.button("◀ " + t("briefing_prev", lang), key=PREV_KEY, on_click=go, args=(number - 1,), disabled=number <= 1)
    st.markdown(f"**{number} / {total}**")
    st.button(
        t("briefing_next", lang) + " ▶",
        key=NEXT_KEY,
        on_click=go,
        args=(number + 1,),
        disabled=number >= total,
        help=t("briefing_keys_hint", lang),
    )
    st.session_state.setdefault("briefing_auto_on", auto > 0)
    st.session_state.setdefault("briefing_interval", auto or AUTO_DEFAULT)
    st.toggle(t("briefing_auto", lang), key="briefing_auto_on", on_change=set_auto)
    st.number_input(
        t("briefing_interval", lang),
        key="briefing_interval",
        min_value=AUTO_MIN,
        max_value=AUTO_MAX,
        step=5,
        on_change=set_auto,
        width=110,
    )
    st.button(
        t("briefing_look_light" if look == "dark" else "briefing_look_dark", lang),
        key="briefing_look",
        on_click=flip_look,
    )
    by_key = {s.key: s for s in all_slides}
    with st.popover(t("briefing_deck", lang)):
        st.multiselect(
            t("briefing_deck", lang),
            options=list(by_key),
            default=[s.key for s in slides] if Q_DECK in st.query_params else [],
            format_func=lambda k: f"{by_key[k].title} · {by_key[k].kicker}",
            key="briefing_deck",
            on_change=set_deck,
            help=t("briefing_deck_help", lang),
        )
    if any(is_progress(s) for s in all_slides):  # a date box that changes nothing would only puzzle the presenter
        as_of_input(  # the as-of date shared with the map, 部门进展 and the export page
            t("progress_as_of_input", lang),
            "briefing_asof",
            width=150,
            label_visibility="collapsed",
            help=t("progress_as_of_input", lang),
        )
    if progress_note:
        st.caption(progress_note)
    st.page_link(
        MAP_PAGE, label=t("briefing_exit", lang), icon=":material/map:", query_params=carried_query(filters, lang)
    )

with st.container(key="briefing_panel"):
    st.html(slide_panel_html(slide, number, total, lang))

slide_measures = [m for m in measures if m["id"] in set(slide.measure_ids)]
counts = place_counts(slide_measures, gazetteer, include_groups=filters.include_groups)
classes = classify({p.id: counts.get(p.id, 0) for p in gazetteer.of_kind("city", "sar")})
# Always the same elements in the same order (an empty box when the slide shows the whole map): a changed element
# tree would make Streamlit remount the map frame below.
# A full-screen progress slide covers the map: its footnote and locator are left empty (same elements, no remount).
# The locator sits on top of the footnote in one box, so a footnote of three lines (English) never runs under it.
full = covers_map(slide)
with st.container(key="briefing_foot"):
    st.html(
        '<div class="dba-no-foot"></div>'
        if full
        else bottom_html(
            locator_html(slide, gazetteer, all_slides[0].bounds, lang, look),
            footnote_html(classes, lang, look, slide, gazetteer, source_label(lang)),
        )
    )

with st.container(key="briefing_keys"):
    st.html(keys_html(number, total, auto), unsafe_allow_javascript=True)
    st.text_input("goto", key=GOTO_KEY, on_change=goto, label_visibility="collapsed")

# One base map per look and language (its frame CSS differs); the slide only changes the feature group, so the
# frame is never reloaded between slides. The overview shades everything and outlines nothing.
base = base_map(lang, gazetteer=gazetteer)
frame_assets(look).add_to(base)
PlaceLabels().add_to(base)
if is_progress(slide):  # cities, SARs and zones in the colour of their worst light (the map page's own layer)
    layer = folium.FeatureGroup(name="progress", control=False)
    add_progress_map(layer, slide, gazetteer, lang)
else:
    layer = selection_layer(
        slide_measures, gazetteer, filters, lang, highlight=None if slide.kind == "overview" else slide.places
    )
    add_facility_labels(layer, slide, gazetteer, lang)
    add_region_wide(layer, slide, gazetteer, lang)  # (the progress panel lists the region-wide measures instead)
LightLabels(light_marks(slide, gazetteer, lang)).add_to(layer)
FitSlide(slide.bounds, slide.key).add_to(layer)
with st.container(key=MAP_KEY):
    st_folium(
        base,
        key=f"{MAP_KEY}_{look}_{lang}",
        height=700,
        use_container_width=True,
        returned_objects=[],
        feature_group_to_add=layer,
    )

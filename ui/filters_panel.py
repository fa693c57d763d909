"""The filter panel every page shows in the sidebar: theme, department, region, keyword, the group switch,
clear-all and the language. One module so the pages cannot drift apart.

State: the widgets own their values (session state); the URL mirrors them after every run (ui.state), and a
copy of the last applied filters (`CANON`) survives page switches, which drop the query string.
The URL wins only when it differs from what this session last wrote: a pasted link or the first load.
"""

from __future__ import annotations

from collections import Counter

import streamlit as st

from geo.dataset import Measure, theme_order
from geo.i18n import LABELS, LANG_NAMES, LANGS, localize, t, to_hans
from geo.ingest import departments
from geo.places.gazetteer import Gazetteer
from geo.selection.filters import Q_DEPT, Q_GROUPS, Q_KEYWORD, Q_REGION, Q_THEME, Filters, facet_counts
from ui.briefing_link import briefing_link
from ui.state import current_lang, set_lang, write_filters

K_THEME, K_DEPT, K_REGION, K_KEYWORD, K_GROUPS = "flt_theme", "flt_dept", "flt_region", "flt_keyword", "flt_groups"
K_LANG = "ui_lang"
CANON = "_flt_canon"
FILTER_URL_KEYS = (Q_THEME, Q_DEPT, Q_REGION, Q_KEYWORD, Q_GROUPS)

CATEGORY_ORDER = ("省直部门", "地市政府", "中直驻粤单位", "合作区机构", "其他")
REGION_KINDS = ("region_group", "city", "sar", "zone", "external_region")


def region_options(gazetteer: Gazetteer) -> list[str]:
    """Place ids a user can filter by: region groups, cities, SARs, zones, outside regions (gazetteer order)."""
    return [p.id for kind in REGION_KINDS for p in gazetteer.of_kind(kind)]


def department_options(measures: list[Measure]) -> list[str]:
    """Departments grouped by category (省直部门 first), most measures first within a category."""
    counts = Counter(d for m in measures for d in m["departments"])

    def key(d: str) -> tuple:
        cat = departments.category_of(d)
        rank = CATEGORY_ORDER.index(cat) if cat in CATEGORY_ORDER else len(CATEGORY_ORDER)
        return rank, -counts[d], d

    return sorted(counts, key=key)


def region_count_label(n: int, wide: int, lang: str) -> str:
    """What choosing the region gives, and how many of those are region-wide (geo.selection.filters.reach)."""
    if not wide:
        return str(n)
    return t("region_option_wide", lang).format(n=n, k=wide)


def category_label(category: str, lang: str) -> str:
    return t(f"cat_{category}", lang) if f"cat_{category}" in LABELS else localize(category, lang)


def _widget_filters() -> Filters:
    s = st.session_state
    # The data is simplified Chinese; a keyword typed in 繁體 is matched (and kept in the URL) in 简体.
    keyword = to_hans(str(s.get(K_KEYWORD, "")).strip()[:200])
    return Filters(
        themes=tuple(s.get(K_THEME, ())),
        departments=tuple(s.get(K_DEPT, ())),
        regions=tuple(s.get(K_REGION, ())),
        keyword=keyword,
        include_groups=bool(s.get(K_GROUPS, False)),
    )


def _set_widgets(f: Filters) -> None:
    s = st.session_state
    s[K_THEME], s[K_DEPT], s[K_REGION] = list(f.themes), list(f.departments), list(f.regions)
    s[K_KEYWORD], s[K_GROUPS] = f.keyword, f.include_groups


def _url_filters(measures: list[Measure], gazetteer: Gazetteer) -> tuple[Filters, list[str], bool]:
    query = {k: st.query_params.get_all(k) for k in st.query_params}
    has_keys = any(k in query for k in FILTER_URL_KEYS)
    f, unknown = Filters.from_query(query).validated(measures, gazetteer)
    return f, unknown, has_keys


def sync_state(measures: list[Measure], gazetteer: Gazetteer) -> list[str]:
    """Bring widget state in line with the URL or the session's filters before the widgets are drawn.

    Returns filter values from the URL that were not recognised (to tell the user, not to crash).
    """
    url_f, unknown, has_keys = _url_filters(measures, gazetteer)
    canon: Filters | None = st.session_state.get(CANON)
    if canon is None:
        _set_widgets(url_f)  # first run of the session: the link decides
    elif has_keys and url_f != canon.validated(measures, gazetteer)[0]:
        _set_widgets(url_f)  # the URL changed under us (back button, edited link)
    elif K_THEME not in st.session_state:
        _set_widgets(canon)  # another page dropped our widget state: restore the session's filters
    return unknown if (canon is None or has_keys) else []


def set_regions(regions: list[str]) -> None:
    """Set the region filter (e.g. from a map click); call from a callback, before the widgets are drawn."""
    st.session_state[K_REGION] = list(regions)


def clear_all() -> None:
    keep_groups = bool(st.session_state.get(K_GROUPS, False))
    _set_widgets(Filters(include_groups=keep_groups))


def _on_lang_change() -> None:
    set_lang(st.session_state[K_LANG])


def render_language() -> str:
    """Language selector (sidebar); returns the UI language. The choice lives in the URL (?lang=)."""
    lang = current_lang()
    if st.session_state.get(K_LANG) != lang:
        st.session_state[K_LANG] = lang
    # Always name the control in English too, so someone who cannot read the current UI language finds it.
    label = t("language", lang) if lang == "en" else t("language", lang) + " / Language"
    st.sidebar.selectbox(label, LANGS, key=K_LANG, format_func=lambda code: LANG_NAMES[code], on_change=_on_lang_change)
    return current_lang()


def prepare_filters(measures: list[Measure], gazetteer: Gazetteer) -> Filters:
    """The active filters before the widgets are drawn (lets a page send its map first, then the sidebar)."""
    st.session_state["_flt_unknown"] = sync_state(measures, gazetteer)
    return _widget_filters()


def render_filters(measures: list[Measure], gazetteer: Gazetteer, lang: str) -> Filters:
    """Draw the filter widgets in the sidebar (counts in every option label) and return the active filters."""
    if "_flt_unknown" in st.session_state:  # prepare_filters already synced this run
        unknown = st.session_state.pop("_flt_unknown")
    else:
        unknown = sync_state(measures, gazetteer)
    current = _widget_filters()
    counts = facet_counts(measures, current, gazetteer)
    sb = st.sidebar
    sb.subheader(t("filters_header", lang))
    if unknown:
        sb.warning(t("unknown_filter_values", lang).format(values=t("list_sep", lang).join(unknown)))

    themes = theme_order(measures)
    ph = t("choose_placeholder", lang)
    sb.multiselect(
        t("filter_theme", lang),
        themes,
        key=K_THEME,
        placeholder=ph,
        format_func=lambda th: f"{localize(th, lang)}（{counts['theme'].get(th, 0)}）",
    )

    depts = department_options(measures)
    sb.multiselect(
        t("filter_department", lang),
        depts,
        key=K_DEPT,
        help=t("filter_department_help", lang),
        placeholder=ph,
        format_func=lambda d: (
            f"{localize(d, lang)}（{category_label(departments.category_of(d), lang)}"
            f" · {counts['department'].get(d, 0)}）"
        ),
    )

    regions = region_options(gazetteer)
    sb.multiselect(
        t("filter_region", lang),
        regions,
        key=K_REGION,
        help=t("filter_region_help", lang),
        placeholder=ph,
        format_func=lambda r: (
            f"{t('region_kind_' + gazetteer[r].kind, lang)} · {gazetteer[r].name(lang)}"
            f"（{region_count_label(counts['region'][r], counts['region_wide'][r], lang)}）"
        ),
    )

    sb.text_input(t("filter_keyword", lang), key=K_KEYWORD, help=t("filter_keyword_help", lang), max_chars=200)
    sb.toggle(t("include_groups", lang), key=K_GROUPS, help=t("include_groups_help", lang))
    sb.button(t("clear_all", lang), on_click=clear_all, key="flt_clear", width="stretch")

    f = _widget_filters()
    st.session_state[CANON] = f
    write_filters(f)
    with sb:
        briefing_link(f, lang)  # 汇报模式 with exactly these filters (ui/briefing_link.py)
    return f

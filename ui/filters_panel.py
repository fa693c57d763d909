"""The filter panel every page shows in the sidebar: theme, department, region, keyword, the group switch,
clear-all and the language. One module so the pages cannot drift apart.

State (rules in ui/state.py): the widgets hold place/theme/department *ids* (labels come from format_func, so a
language switch keeps them); a widget's on_change callback makes its values the session's filters (`CANON`) and
writes the URL once. The URL is read into the widgets only on a session's first run and on Back/Forward.
"""

from __future__ import annotations

from collections import Counter

import streamlit as st

from geo.dataset import Measure
from geo.i18n import LABELS, LANG_NAMES, LANGS, localize, t, to_hans
from geo.ingest import departments
from geo.places.gazetteer import Gazetteer
from geo.selection.filters import Filters, facet_counts
from geo.selection.index import dataset_index
from ui.briefing_link import briefing_link
from ui.filter_keys import FILTER_URL_KEYS, K_DEPT, K_GROUPS, K_KEYWORD, K_LANG, K_REGION, K_THEME
from ui.state import CANON, URL_ADOPTED, current_lang, session_filters, set_filters, set_lang, url_filters
from ui.text import md_escape

LABELS_STATE = "_flt_labels"  # the option labels of the selections as last drawn (to notice a relabelling)
OPTION_IDS = "_flt_option_ids"  # per multiselect: every option label ever drawn in this session -> its id
LANG_DRAWN = "_flt_lang_drawn"  # the language the widgets were last drawn in
REGION_KINDS = ("region_group", "city", "sar", "zone", "external_region")


def region_options(gazetteer: Gazetteer) -> list[str]:
    """Place ids a user can filter by: region groups, cities, SARs, zones, outside regions (gazetteer order)."""
    return [p.id for kind in REGION_KINDS for p in gazetteer.of_kind(kind)]


def department_options(measures: list[Measure]) -> list[str]:
    """Departments grouped by category (省直部门 first), most measures first within a category."""
    counts = Counter(d for m in measures for d in m["departments"])

    def key(d: str) -> tuple:
        cat = departments.category_of(d)
        order = departments.categories()
        rank = order.index(cat) if cat in order else len(order)
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
    """The filters the widgets show (call in a callback: the values are the ones the user just committed)."""
    s = st.session_state
    known: dict[str, dict[str, str]] = s.get(OPTION_IDS) or {}

    def ids(key: str) -> tuple[str, ...]:
        # A value the browser sent as an option label the server no longer knows (a relabelled option, a run that
        # raced the user) arrives as that label: map it back to its id; anything unknown is dropped.
        table = known.get(key, {})
        out = [v if v in table.values() else table.get(v) for v in s.get(key, ())]
        return tuple(dict.fromkeys(v for v in out if v is not None)) if table else tuple(s.get(key, ()))

    # The data is simplified Chinese; a keyword typed in 繁體 is matched (and kept in the URL) in 简体.
    keyword = to_hans(str(s.get(K_KEYWORD, "")).strip()[:200])
    return Filters(
        themes=ids(K_THEME),
        departments=ids(K_DEPT),
        regions=ids(K_REGION),
        keyword=keyword,
        include_groups=bool(s.get(K_GROUPS, False)),
    )


def _widget_values(f: Filters) -> dict[str, object]:
    return {
        K_THEME: list(f.themes),
        K_DEPT: list(f.departments),
        K_REGION: list(f.regions),
        K_KEYWORD: f.keyword,
        K_GROUPS: f.include_groups,
    }


def _on_widget_change() -> None:
    """Callback of every filter widget: the user's values become the session's filters and the URL."""
    set_filters(_widget_filters())


def _validated(measures: list[Measure], gazetteer: Gazetteer) -> tuple[Filters, list[str]]:
    """The session's filters against the active dataset; unknown values are those the address bar still names."""
    f, _dropped = session_filters().validated(measures, gazetteer)
    st.session_state[CANON] = f
    unknown = url_filters().validated(measures, gazetteer)[1] if _url_names_filters() else []
    return f, unknown


def _url_names_filters() -> bool:
    return any(k in st.query_params for k in FILTER_URL_KEYS)


def set_regions(regions: list[str]) -> None:
    """Set the region filter (e.g. from a map click); call from a callback, before the widgets are drawn."""
    f = session_filters().with_(regions=list(regions))
    st.session_state[K_REGION] = list(regions)
    set_filters(f)


def clear_all() -> None:
    f = session_filters().cleared()
    for key, value in _widget_values(f).items():
        st.session_state[key] = value
    set_filters(f)


def _on_lang_change() -> None:
    set_lang(st.session_state[K_LANG])


def render_language() -> str:
    """Language selector (sidebar); returns the UI language. The choice lives in the session and the URL (?lang=)."""
    lang = current_lang()
    if st.session_state.get(K_LANG) != lang:
        st.session_state[K_LANG] = lang
    # Always name the control in English too, so someone who cannot read the current UI language finds it.
    label = t("language", lang) if lang == "en" else t("language", lang) + " / Language"
    st.sidebar.selectbox(label, LANGS, key=K_LANG, format_func=lambda code: LANG_NAMES[code], on_change=_on_lang_change)
    return current_lang()


def prepare_filters(measures: list[Measure], gazetteer: Gazetteer) -> Filters:
    """The active filters before the widgets are drawn (lets a page send its map first, then the sidebar)."""
    return _validated(measures, gazetteer)[0]


def _sync_widgets(f: Filters, labels: dict[str, list[str]], lang: str) -> dict[str, object]:
    """Put the session's filters into the widgets where they must be; returns the defaults of a session's first run.

    Only where needed, so a run never overwrites what the user is typing: after Back/Forward (the URL decided),
    for widgets another page dropped, and for selections whose option labels changed (language, counts) — the
    browser holds a selection by its label, so it is given the new labels with the same ids.
    """
    s = st.session_state
    mode = s.get(URL_ADOPTED)
    wanted = _widget_values(f)
    if mode == "first":
        # A new session: the browser may still hold a change made before a server restart (it is sent with this
        # run), so the URL's values are defaults, not assignments: a value the browser sends wins.
        return {k: v for k, v in wanted.items() if k not in s}
    shown = s.get(LABELS_STATE) or {}
    # A new language relabels every widget, and the browser redraws a relabelled widget from its default (the
    # empty one): every widget is given its value again.
    new_lang = s.get(LANG_DRAWN) != lang
    for key, value in wanted.items():
        relabelled = key in labels and shown.get(key) != labels[key]
        if mode == "history" or key not in s or relabelled or new_lang:
            s[key] = value
    return {}


def render_filters(measures: list[Measure], gazetteer: Gazetteer, lang: str) -> Filters:
    """Draw the filter widgets in the sidebar (counts in every option label) and return the active filters."""
    current, unknown = _validated(measures, gazetteer)
    counts = facet_counts(measures, current, gazetteer)
    # The options depend on the dataset only: worked out once per dataset (geo.selection.index), not per rerun.
    index = dataset_index(measures, gazetteer)
    theme_options = index.theme_order
    dept_options = index.derived("department_options", lambda: department_options(measures))
    sb = st.sidebar
    sb.subheader(t("filters_header", lang))
    if unknown:
        values = t("list_sep", lang).join(md_escape(v) for v in unknown)  # URL text: shown, never rendered
        sb.warning(t("unknown_filter_values", lang).format(values=values))

    def theme_label(th: str) -> str:
        return f"{localize(th, lang)}（{counts['theme'].get(th, 0)}）"

    def dept_label(d: str) -> str:
        cat = category_label(departments.category_of(d), lang)
        return f"{localize(d, lang)}（{cat} · {counts['department'].get(d, 0)}）"

    def region_label(r: str) -> str:
        p = gazetteer[r]
        # What choosing the region gives, and how many of those are region-wide (one definition: geo.selection).
        wide = region_count_label(counts["region"].get(r, 0), counts["region_wide"].get(r, 0), lang)
        return f"{t('region_kind_' + p.kind, lang)} · {p.name(lang)}（{wide}）"

    labels = {
        K_THEME: [theme_label(x) for x in current.themes],
        K_DEPT: [dept_label(x) for x in current.departments],
        K_REGION: [region_label(x) for x in current.regions],
    }
    defaults = _sync_widgets(current, labels, lang)
    known = st.session_state.setdefault(OPTION_IDS, {})
    for key, options, label in (
        (K_THEME, theme_options, theme_label),
        (K_DEPT, dept_options, dept_label),
        (K_REGION, region_options(gazetteer), region_label),
    ):
        table = known.setdefault(key, {})
        if len(table) > 20_000:  # bounded: counts make new labels; old ones only matter for a run or two
            table.clear()
        table.update({label(o): o for o in options})
    ph = t("choose_placeholder", lang)
    common = {"placeholder": ph, "on_change": _on_widget_change}
    sb.multiselect(
        t("filter_theme", lang),
        list(theme_options),
        key=K_THEME,
        format_func=theme_label,
        default=defaults.get(K_THEME),
        **common,
    )
    sb.multiselect(
        t("filter_department", lang),
        list(dept_options),
        key=K_DEPT,
        help=t("filter_department_help", lang),
        format_func=dept_label,
        default=defaults.get(K_DEPT),
        **common,
    )
    sb.multiselect(
        t("filter_region", lang),
        region_options(gazetteer),
        key=K_REGION,
        help=t("filter_region_help", lang),
        format_func=region_label,
        default=defaults.get(K_REGION),
        **common,
    )
    sb.text_input(
        t("filter_keyword", lang),
        key=K_KEYWORD,
        help=t("filter_keyword_help", lang),
        max_chars=200,
        on_change=_on_widget_change,
        **({"value": defaults[K_KEYWORD]} if K_KEYWORD in defaults else {}),
    )
    sb.toggle(
        t("include_groups", lang),
        key=K_GROUPS,
        help=t("include_groups_help", lang),
        on_change=_on_widget_change,
        **({"value": defaults[K_GROUPS]} if K_GROUPS in defaults else {}),
    )
    sb.button(t("clear_all", lang), on_click=clear_all, key="flt_clear", width="stretch")

    st.session_state[LABELS_STATE] = labels
    st.session_state[LANG_DRAWN] = lang
    st.session_state.pop(URL_ADOPTED, None)
    shown = _widget_filters()
    if shown != current:
        # The browser sent a value no callback has seen: a change made before a server restart (sent with the new
        # session's first run), or one that reached this run while it was running. It is the user's latest action:
        # it wins, and the page is drawn again with it.
        set_filters(shown)
        st.rerun()
    with sb:
        briefing_link(current, lang)  # 汇报模式 with exactly these filters (ui/briefing_link.py)
    return current

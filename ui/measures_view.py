"""The measures page: a sortable, searchable table with a detail view, and who leads how many measures."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

import altair as alt
import pandas as pd
import streamlit as st

from geo.dataset import Measure, theme_order
from geo.i18n import localize, rule_label, t
from geo.ingest import departments
from geo.places.gazetteer import Gazetteer
from geo.selection.briefing import short_text
from geo.selection.filters import Filters, select
from geo.selection.search import ranked
from ui.filters_panel import category_label
from ui.measure_cards import CSS, marked_text_html, place_names
from ui.text import md_escape

K_TABLE, K_PICK = "ms_table", "ms_pick"
TABLE_TEXT_LIMIT = 60  # characters of a measure in the table; the detail view shows it all
TABLE_HEIGHT = 420  # px: the table scrolls inside this height when more rows match than it shows
TABLE_ROWS = 10  # rows that fit in TABLE_HEIGHT (Streamlit's grid rows are 35 px, plus the header)
TOP_DEPARTMENTS = 25
FRAME_COLUMNS = (
    "col_id", "col_theme", "col_subtask", "col_text", "col_departments", "col_co_departments", "col_places",
    "col_deadline",
)  # fmt: skip
ALWAYS_SHOWN = ("col_id", "col_theme", "col_text", "col_departments", "col_places")  # empty ones say "none"


def measures_frame(measures: list[Measure], gazetteer: Gazetteer, lang: str, short: bool = False) -> pd.DataFrame:
    """One row per measure, the co-operating units and the deadline in their own columns, apart from the lead
    ones; a column no row fills (配合部门 or 完成时限 of a table without them) is left out, as in the exports.
    `short` (the list page): the text as its short form (the full text is in the detail view below, wrapped)."""
    sep = t("list_sep", lang)
    rows = []
    for m in measures:
        text = localize(m.get("text", ""), lang)
        rows.append(
            {
                "col_id": m["id"],
                "col_theme": localize(m["theme_short"], lang),
                "col_subtask": localize(m.get("subtask", ""), lang),
                "col_text": short_text(text, TABLE_TEXT_LIMIT) if short else text,
                "col_departments": sep.join(localize(d, lang) for d in m.get("departments", [])),
                "col_co_departments": sep.join(localize(d, lang) for d in m.get("co_departments", []) or []),
                "col_places": sep.join(place_names(m, gazetteer, lang)),
                "col_deadline": localize(str(m.get("deadline") or ""), lang),
            }
        )
    keys = [k for k in FRAME_COLUMNS if k in ALWAYS_SHOWN or any(str(r[k]).strip() for r in rows)]
    return pd.DataFrame([[r[k] for k in keys] for r in rows], columns=[t(k, lang) for k in keys])


def department_frame(measures: list[Measure], lang: str) -> pd.DataFrame:
    """Long table: department, category, theme, role (lead or co-operating), number of measures."""
    counts: Counter = Counter()
    for m in measures:
        lead = set(m.get("departments", []))
        for d in lead:
            counts[(d, m["theme_short"], "lead")] += 1
        for d in set(m.get("co_departments", [])) - lead:
            counts[(d, m["theme_short"], "co")] += 1
    return pd.DataFrame(
        [
            {
                "department": localize(d, lang),
                "category": category_label(departments.category_of(d), lang),
                "theme": localize(th, lang),
                "role": role,
                "count": n,
            }
            for (d, th, role), n in counts.items()
        ],
        columns=["department", "category", "theme", "role", "count"],
    )


def render_detail(m: Measure, gazetteer: Gazetteer, lang: str, query: str = "") -> None:
    # Imported tables put any text here: every data value goes through md_escape, never raw into markdown.
    st.markdown(
        f"#### {md_escape(t('col_id', lang))} {md_escape(m['id'])} · {md_escape(localize(m['theme_short'], lang))}"
    )
    st.caption(f"{md_escape(localize(m.get('theme', ''), lang))} › {md_escape(localize(m.get('subtask', ''), lang))}")
    st.markdown(
        CSS + f'<div class="dba-card"><div class="tx">{marked_text_html(m, lang, query)}</div></div>',
        unsafe_allow_html=True,
    )  # escaped piece by piece in ui.measure_cards
    sep = t("list_sep", lang)
    dept_rows = [
        {
            t("department", lang): localize(d, lang),
            t("category", lang): category_label(departments.category_of(d), lang),
        }
        for d in m.get("departments", [])
    ]
    st.markdown(f"**{t('col_departments', lang)}**")
    st.dataframe(pd.DataFrame(dept_rows), hide_index=True, width="stretch")
    if m.get("co_departments"):
        st.markdown(
            f"**{t('col_co_departments', lang)}**{t('colon', lang)}"
            f"{md_escape(sep.join(localize(d, lang) for d in m['co_departments']))}"
        )
    if m.get("deadline"):
        st.markdown(f"**{t('col_deadline', lang)}**{t('colon', lang)}{md_escape(localize(str(m['deadline']), lang))}")
    place_rows = [
        {
            t("col_places", lang): gazetteer[p["place"]].name(lang) if p["place"] in gazetteer else p["place"],
            t("evidence", lang): localize(p.get("evidence", ""), lang),
            t("tag_rule", lang): rule_label(p.get("rule", ""), lang),
        }
        for p in m.get("places", [])
    ]
    st.markdown(f"**{t('col_places', lang)}**")
    if place_rows:
        st.dataframe(pd.DataFrame(place_rows), hide_index=True, width="stretch")
    else:
        st.caption(t("no_places", lang))
    src = m.get("source", {})
    st.caption(
        f"{t('source_row', lang)}{t('colon', lang)}{md_escape(src.get('row', ''))}（{md_escape(src.get('document', ''))}）"
    )
    params = {"hl": str(m["id"])}
    if lang != "zh":
        params["lang"] = lang
    st.markdown(f"[{md_escape(t('open_on_map', lang))}](./?{urlencode(params)})")


def render_table(measures: list[Measure], gazetteer: Gazetteer, filters: Filters, lang: str) -> Measure | None:
    """The filtered measures (the sidebar's keyword is the one search: most relevant first, the count is the
    table's), a table of short texts, and the chosen row's full text in the detail view."""
    selection = ranked(select(measures, filters, gazetteer), filters.keyword)
    st.caption(t("map_summary", lang).format(n=len(selection), total=len(measures)) + "　" + t("table_hint", lang))
    frame = measures_frame(selection, gazetteer, lang, short=True)
    event = st.dataframe(
        frame,
        key=K_TABLE,
        hide_index=True,
        width="stretch",
        height=TABLE_HEIGHT if len(frame) > TABLE_ROWS else "content",  # a short list: no empty grid under it
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            t("col_id", lang): st.column_config.NumberColumn(width="small"),
            t("col_text", lang): st.column_config.TextColumn(width="large"),
            t("col_subtask", lang): st.column_config.TextColumn(width="medium"),
        },
    )
    by_id = {m["id"]: m for m in selection}
    rows = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    chosen = None
    if rows and rows[0] < len(frame):
        chosen = by_id.get(int(frame.iloc[rows[0]][t("col_id", lang)]))
    st.subheader(t("measures_detail", lang))
    ids = list(frame[t("col_id", lang)]) if not frame.empty else []
    if chosen is None and ids:
        pick = st.selectbox(
            t("measures_pick", lang),
            ids,
            key=K_PICK,
            format_func=lambda i: f"{t('col_id', lang)} {i} · {localize(by_id[i]['text'], lang)[:40]}",
        )
        chosen = by_id.get(pick)
    if chosen is not None:
        render_detail(chosen, gazetteer, lang, filters.keyword)
    else:
        st.info(t("no_measures", lang))
    return chosen  # the page adds its progress detail (ui/measure_detail.py)


def render_departments(measures: list[Measure], gazetteer: Gazetteer, filters: Filters, lang: str) -> None:
    selection = select(measures, filters, gazetteer)
    both = department_frame(selection, lang)
    frame = both[both["role"] == "lead"]  # the chart: who leads (co-operating counts are in the table below)
    if frame.empty:
        st.info(t("no_measures", lang))
        return
    totals = frame.groupby("department")["count"].sum().sort_values(ascending=False)
    top = list(totals.index[:TOP_DEPARTMENTS])
    st.caption(t("measures_depts_caption", lang).format(n=len(top)))
    themes = [localize(th, lang) for th in theme_order(measures)]
    chart = (
        alt.Chart(frame[frame["department"].isin(top)])
        .mark_bar()
        .encode(
            # Whole measures: integer ticks only (no 0.5 on a short axis).
            x=alt.X("sum(count):Q", title=t("measures_count", lang), axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y("department:N", sort=top, title=None, axis=alt.Axis(labelLimit=260, labelOverlap=False)),
            color=alt.Color("theme:N", sort=themes, title=t("col_theme", lang)),
            tooltip=[
                alt.Tooltip("department:N", title=t("department", lang)),
                alt.Tooltip("category:N", title=t("category", lang)),
                alt.Tooltip("theme:N", title=t("col_theme", lang)),
                alt.Tooltip("count:Q", title=t("measures_count", lang)),
            ],
        )
        .properties(height=max(240, 26 * len(top)))
    )
    st.altair_chart(chart, width="stretch")
    table = frame.pivot_table(
        index=["department", "category"], columns="theme", values="count", aggfunc="sum", fill_value=0
    )
    table = table[[th for th in themes if th in table.columns]]  # themes in the plan's order
    table[t("measures_count", lang)] = table.sum(axis=1)
    co = both[both["role"] == "co"].groupby("department")["count"].sum()
    table = table.sort_values(t("measures_count", lang), ascending=False).reset_index()
    table[t("col_co_count", lang)] = [int(co.get(d, 0)) for d in table["department"]]
    table = table.rename(columns={"department": t("department", lang), "category": t("category", lang)})
    st.dataframe(table, hide_index=True, width="stretch")

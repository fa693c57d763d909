"""导出 — report-ready exports of the current filters: print map (PNG/PDF/SVG), offline HTML map, CSV/XLSX.

Thin by design: the sidebar filters (ui.filters_panel, shared with the map page) → geo.figure / geo.html_export /
geo.tables_export. Renders are cached by (filters, options, data version); the download files are generated
only when their button is clicked (deferred data), so changing an option costs one preview render.
"""

from __future__ import annotations

import streamlit as st

from geo.dataset import Measure
from geo.export.files import filters_stem
from geo.export.html_page import html_bytes
from geo.export.tables import csv_bytes, xlsx_bytes
from geo.i18n import t
from geo.places.gazetteer import load_gazetteer
from geo.render.print.figure import (
    DEFAULT_DPI,
    ORIENTATIONS,
    PAPERS_MM,
    FigureOptions,
    build_title,
    default_extent,
    figure_bytes,
    fit_extent,
    render_figure,
)
from geo.selection.filters import Filters, describe, select
from ui.dataset_state import dataset_version, source_label
from ui.filters_panel import render_filters, render_language
from ui.map_panel import data_stamp
from ui.page import active_title, load_data_or_stop, page_setup
from ui.report_panel import render_report_section
from ui.text import md_escape
from ui.view_reader import map_view

PREVIEW_DPI = 110
DPI_CHOICES = (150, 300, 600)
MIME = {
    "png": "image/png",
    "pdf": "application/pdf",
    "svg": "image/svg+xml",
    "html": "text/html",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _stamp() -> tuple:
    """Data version: the active dataset (built-in file + mtime, or an import's content hash) joins the boundary
    files, so a regenerated or imported dataset is never served from another dataset's cache."""
    return (*data_stamp(), dataset_version())


# `stamp` is hashed (part of the cache key); `_measures` is not (Streamlit skips underscore arguments): the
# stamp stands for it.
@st.cache_data(max_entries=48, show_spinner=False)
def figure_file(
    filters: Filters, options: FigureOptions, fmt: str, dpi: int, stamp: tuple, _measures: list[Measure]
) -> bytes:
    return figure_bytes(render_figure(_measures, filters, options, load_gazetteer()), fmt, dpi=dpi)


@st.cache_data(max_entries=16, show_spinner=False)
def html_file(
    filters: Filters,
    lang: str,
    extent,
    title: str | None,
    source: str | None,
    table: str | None,
    stamp: tuple,
    _measures: list[Measure],
) -> bytes:
    return html_bytes(_measures, filters, load_gazetteer(), lang, extent, title, source, table)


page_setup("export_page")
lang = render_language()
measures, gazetteer = load_data_or_stop(lang)
filters = render_filters(measures, gazetteer, lang)
selection = select(measures, filters, gazetteer)

st.title(t("export_page", lang))
st.caption(t("export_intro", lang))
# describe() holds the keyword and names from the URL and the data: escaped, never rendered as markdown.
st.markdown(f"**{md_escape(describe(filters, gazetteer, lang))}** · {t('fig_count', lang).format(n=len(selection))}")
if not selection:
    st.warning(t("export_empty", lang))

extents: dict[str, tuple[float, float, float, float] | None] = {"full": default_extent()}
region_box = fit_extent(filters.regions, gazetteer) if filters.regions else None
if region_box is not None:
    extents["regions"] = region_box
# The map page's view in this tab (ui.view_reader: sessionStorage, no rerun on pan). With a region filter the
# figure frames that region by default; otherwise a view newly reported is the default once. The user's later
# choice stands until the map moves or the regions change.
view = map_view()
if view is not None:
    extents["view"] = view
default_key = "regions" if region_box is not None else "view" if view is not None else "full"
trigger = [default_key, list(filters.regions), list(view) if view is not None else None]
if st.session_state.get("_exp_extent_defaulted") != trigger:
    st.session_state["_exp_extent_defaulted"] = trigger
    st.session_state["exp_extent"] = default_key
elif st.session_state.get("exp_extent") not in extents:
    st.session_state["exp_extent"] = default_key

# An imported table's or a chosen plan's figures carry its own title, never the built-in table's.
table = active_title(lang)

opts_col, preview_col = st.columns([1, 2.4], gap="large")
with opts_col:
    st.subheader(t("export_figures", lang))
    paper = st.radio(t("export_paper", lang), tuple(PAPERS_MM), horizontal=True, key="exp_paper")
    orientation = st.radio(
        t("export_orientation", lang),
        ORIENTATIONS,
        horizontal=True,
        key="exp_orientation",
        format_func=lambda o: t(f"export_{o}", lang),
    )
    dpi = st.select_slider(t("export_dpi", lang), DPI_CHOICES, value=DEFAULT_DPI, key="exp_dpi")
    extent_key = st.radio(
        t("export_extent", lang), tuple(extents), key="exp_extent", format_func=lambda k: t(f"export_extent_{k}", lang)
    )
    if view is None:
        st.caption(t("export_no_view", lang))
    elif extent_key == "view":
        w, s, e, n = view
        st.caption(t("export_view_bounds", lang).format(w=w, s=s, e=e, n=n))
    title = (
        st.text_input(
            t("export_title", lang),
            key="exp_title",
            max_chars=80,
            placeholder=build_title(filters, gazetteer, lang, table),  # the title the figure gets when left empty
        ).strip()
        or None
    )
    review_no = st.text_input(t("export_review_no", lang), key="exp_review_no", max_chars=60).strip() or None
    disclaimer = st.text_input(
        t("export_disclaimer", lang), value=t("schematic_note", lang), key="exp_disclaimer", max_chars=160
    ).strip()

source = source_label(lang)  # None for the built-in table; an imported one names its file
options = FigureOptions(
    paper=paper,
    orientation=orientation,
    lang=lang,
    title=title,
    extent=extents.get(extent_key),
    review_no=review_no,
    disclaimer=disclaimer,
    source=source,
    table=table,
)
stamp = _stamp()
base = filters_stem(filters, gazetteer, lang)

with preview_col:
    st.subheader(t("export_preview", lang))
    with st.spinner(t("export_rendering", lang)):
        preview = figure_file(filters, options, "png", PREVIEW_DPI, stamp, measures)
    st.image(preview, width="stretch")

    # Downloads under the preview: each file is made when its button is clicked (deferred, cached).
    st.subheader(t("export_download", lang))
    figure_cols = st.columns(3)
    for col, fmt in zip(figure_cols, ("png", "pdf", "svg"), strict=True):
        col.download_button(
            t(f"export_{fmt}", lang) + (f" · {dpi} dpi" if fmt == "png" else ""),
            data=lambda fmt=fmt: figure_file(filters, options, fmt, dpi, stamp, measures),
            file_name=f"{base}.{fmt}",
            mime=MIME[fmt],
            key=f"exp_dl_{fmt}",
            on_click="ignore",
            width="stretch",
        )
    html_col, csv_col, xlsx_col = st.columns(3)
    html_col.download_button(
        t("export_html_file", lang),
        data=lambda: html_file(filters, lang, options.extent, title, source, table, stamp, measures),
        file_name=f"{base}.html",
        mime=MIME["html"],
        key="exp_dl_html",
        on_click="ignore",
        help=t("export_html", lang),
        width="stretch",
    )
    csv_col.download_button(
        t("export_csv", lang),
        data=lambda: csv_bytes(selection, gazetteer, lang),
        file_name=f"{base}.csv",
        mime=MIME["csv"],
        key="exp_dl_csv",
        on_click="ignore",
        width="stretch",
    )
    xlsx_col.download_button(
        t("export_xlsx", lang),
        data=lambda: xlsx_bytes(selection, gazetteer, filters, lang, source=source, table=table),
        file_name=f"{base}.xlsx",
        mime=MIME["xlsx"],
        key="exp_dl_xlsx",
        on_click="ignore",
        width="stretch",
    )
    st.caption(t("export_cli_hint", lang))
    st.code("python -m geo.export --by theme --format png,pdf,svg --out out/figures", language="bash")

# 进展通报 (g2-report): the chosen plan's periodic report, as `python -m geo.report` writes it.
st.divider()
render_report_section(lang)

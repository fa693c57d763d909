"""导入数据 — load another task table of the same family for this browser session, after a summary and preview.

Thin by design: upload → ui.dataset_state.parse_upload (geo.ingest) → summary/preview → the planner confirms.
A bad file shows one clear line and changes nothing; nothing is ever written to data/.
"""

from __future__ import annotations

import streamlit as st

from geo.i18n import localize, t
from geo.ingest.errors import IngestError
from ui.dataset_state import (
    CANDIDATE_KEY,
    HINTED_TYPES,
    MAX_UPLOAD_MB,
    UPLOAD_KEY,
    UPLOAD_TYPES,
    ImportedDataset,
    activate_candidate,
    imported,
    parse_upload,
    theme_counts,
    units_preview,
    without_places,
)
from ui.filters_panel import render_language
from ui.measures_view import measures_frame
from ui.page import load_data_or_stop, page_setup
from ui.plan_editor import render_save
from ui.text import md_escape

page_setup("import_page")
lang = render_language()
_measures, gazetteer = load_data_or_stop(lang)  # also draws the "imported data in use" banner
st.title(t("import_page", lang))
st.caption(t("import_intro", lang))

upload = st.file_uploader(
    t("import_file", lang),
    type=[*UPLOAD_TYPES, *HINTED_TYPES],
    key=UPLOAD_KEY,
    max_upload_size=MAX_UPLOAD_MB,
    help=t("import_file_help", lang).format(mb=MAX_UPLOAD_MB),
)
if upload is None:
    st.session_state.pop(CANDIDATE_KEY, None)
    st.stop()

candidate = st.session_state.get(CANDIDATE_KEY)
if not (isinstance(candidate, ImportedDataset) and candidate.upload_id == upload.file_id):
    st.session_state.pop(CANDIDATE_KEY, None)  # a failed parse must not leave the previous file's preview
    try:
        candidate = parse_upload(upload.getvalue(), upload.name, upload.file_id)
    except IngestError as e:
        st.error(
            t("import_error", lang).format(error=md_escape(" ".join(e.localized(lang).split()))),
            icon=":material/error:",
        )
        st.caption(t("import_unchanged", lang))
        st.stop()
    st.session_state[CANDIDATE_KEY] = candidate

summary = candidate.summary
unplaced = without_places(candidate.measures)
st.subheader(t("import_summary", lang))
with st.container(key="import_summary", horizontal=True):
    st.metric(t("import_measures", lang), summary.measures, border=True)
    st.metric(t("import_themes", lang), summary.themes, border=True)
    st.metric(t("import_departments", lang), len(summary.departments), border=True)
    st.metric(t("import_unplaced", lang), len(unplaced), border=True)

sep = t("list_sep", lang)
st.markdown(
    f"**{t('import_theme_counts', lang)}**{t('colon', lang)}"
    + sep.join(f"{md_escape(localize(theme, lang))} {n}" for theme, n in theme_counts(candidate.measures))
)
if summary.unknown_departments:
    st.warning(
        t("import_unknown_departments", lang).format(names=sep.join(md_escape(d) for d in summary.unknown_departments))
    )
else:
    st.caption(t("import_all_known", lang))
if unplaced:
    st.warning(t("import_unplaced_list", lang).format(ids=sep.join(md_escape(m["id"]) for m in unplaced)))

active = imported()
if active is not None and active.version == candidate.version:
    st.success(t("import_in_use", lang), icon=":material/check_circle:")
else:
    st.button(t("import_use", lang), key="import_use", type="primary", on_click=activate_candidate)

st.subheader(t("import_preview", lang))
st.dataframe(measures_frame(candidate.measures, gazetteer, lang), hide_index=True, width="stretch")
with st.container(key="import_units"):  # lead and co-operating units apart; 未识别 marks names the registry lacks
    st.dataframe(units_preview(candidate.measures, lang), hide_index=True, width="stretch")
render_save(upload.getvalue(), candidate, gazetteer, lang)  # a draft plan in the database, corrections, publishing

"""The Excel round trip on 我的任务: download the department's template for the period, upload the filled sheet,
and see every error row by row (one line each); nothing is saved unless every row is right.

The sheet itself (columns, locked cells, checks) is geo.progress.sheets: the same code the command line runs.
"""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from geo.i18n import t
from geo.ingest.departments import short_name
from geo.progress import sheets
from geo.store import service
from geo.store.engine import StoreUnavailable
from geo.store.progress_service import ProgressError
from ui.text import md_escape

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
K_UPLOAD = "tasks_upload"
K_RESULT = "tasks_import_result"


def _import(actor: service.Actor, lang: str) -> None:
    upload = st.session_state.get(K_UPLOAD)
    if upload is None:
        return
    try:
        saved = sheets.import_filled(upload.getvalue(), upload.name, actor)
    except sheets.SheetRejected as exc:
        st.session_state[K_RESULT] = ("errors", list(exc.errors))
        return
    except (ProgressError, service.Forbidden, StoreUnavailable, SQLAlchemyError) as exc:
        st.session_state[K_RESULT] = ("errors", [str(exc)])
        return
    st.session_state[K_RESULT] = ("ok", len(saved))


def render_excel(actor: service.Actor, plan_id: int, department: str, period: str, lang: str) -> None:
    st.subheader(t("tasks_excel", lang))
    with st.container(key="tasks_excel"):
        st.caption(t("tasks_excel_hint", lang))
        st.download_button(
            t("tasks_template", lang).format(period=period),
            data=lambda: sheets.write_template(plan_id, department, period),  # built only when clicked
            file_name=f"进展填报-{short_name(department)}-{period}.xlsx",
            mime=XLSX_MIME,
            key="tasks_template",
            on_click="ignore",
        )
        # Imported as soon as the upload is complete (a separate button could be pressed while it still runs).
        st.file_uploader(t("tasks_upload", lang), type=["xlsx"], key=K_UPLOAD, on_change=_import, args=(actor, lang))
        kind, value = st.session_state.pop(K_RESULT, (None, None))
        if kind == "ok":
            st.success(t("tasks_import_ok", lang).format(n=value))
        elif kind == "errors":
            with st.container(key="tasks_import_errors"):
                st.error(t("tasks_import_errors", lang).format(n=len(value)))
                for line in value:
                    st.markdown(f"- {md_escape(line)}")

"""The dataset every page shows: the built-in data/measures.json, or a task table imported in this browser session.

Why one module: the map, the measures list, the briefing, the filter validation and the export caches must all
see the same dataset, and an import must never touch data/ (another session, or the next start of the app, still
gets the committed data). An imported table lives only in st.session_state; a bad upload raises IngestError and
leaves whatever was active as it was.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from geo.dataset import Measure, default_measures_path, load_measures
from geo.i18n import t
from geo.ingest.errors import IngestError
from geo.ingest.guard import MB, Limits, load_guarded
from geo.ingest.pipeline import READERS, TEXT_SUFFIXES, UNSUPPORTED_HINTS, Summary, dataset_json, summarize
from ui import plan_state
from ui.filter_keys import CANON, FILTER_URL_KEYS, K_DEPT, K_KEYWORD, K_REGION, K_THEME
from ui.text import md_escape

plain_markdown = md_escape  # older name, kept for its callers: the one markdown escape is ui.text.md_escape
ACTIVE_KEY = "dba_import_active"  # the ImportedDataset in use by every page of this session
CANDIDATE_KEY = "dba_import_candidate"  # the last parsed upload, waiting for the planner's confirmation
UPLOAD_KEY = "dba_import_upload"  # the file_uploader widget
MAX_UPLOAD_MB = Limits.from_env().max_bytes // MB  # the guard's size cap (= server.maxUploadSize, 20 MB)
UPLOAD_TYPES = tuple(suffix.lstrip(".") for suffix in (*TEXT_SUFFIXES, *READERS))  # what the ingest reads
# Accepted by the widget only to be refused by geo.ingest with its hint ("save it as .xlsx"): clearer than the
# browser silently greying the file out.
HINTED_TYPES = tuple(suffix.lstrip(".") for suffix in UNSUPPORTED_HINTS)


@dataclass(frozen=True)
class ImportedDataset:
    """A parsed upload: its measures (with places), a content version for cache keys, and its summary."""

    file_name: str
    measures: list[Measure] = field(repr=False)
    version: str
    summary: Summary
    upload_id: str = ""  # the uploader's file id, so an unchanged upload is not parsed again on every rerun


def parse_upload(data: bytes, file_name: str, upload_id: str = "") -> ImportedDataset:
    """The dataset of an uploaded table; raises IngestError (one clear line) for every kind of bad input."""
    measures = load_guarded(data, file_name)  # a worker process under size/CPU/memory limits, never this one
    if not measures:
        raise IngestError("no measures found in this table", file=file_name)
    version = hashlib.sha256(dataset_json(measures).encode("utf-8")).hexdigest()[:16]
    return ImportedDataset(file_name, measures, version, summarize(measures), upload_id)


def units_preview(measures: list[Measure], lang: str) -> pd.DataFrame:
    """序号, theme, lead units and co-operating units side by side; a name the registry lacks is marked 未识别."""
    from geo.i18n import localize
    from geo.ingest.departments import is_known

    sep = t("list_sep", lang)
    tag = t("import_unknown_tag", lang)

    def names(values: list[str]) -> str:
        return sep.join(localize(n, lang) + ("" if is_known(n) else f"（{tag}）") for n in values)

    rows = [
        {
            t("col_id", lang): m["id"],
            t("col_theme", lang): localize(m["theme_short"], lang),
            t("import_lead", lang): names(m.get("departments", [])),
            t("import_co", lang): names(m.get("co_departments", [])),
        }
        for m in measures
    ]
    return pd.DataFrame(rows, columns=[t(k, lang) for k in ("col_id", "col_theme", "import_lead", "import_co")])


def imported() -> ImportedDataset | None:
    value = st.session_state.get(ACTIVE_KEY)
    return value if isinstance(value, ImportedDataset) else None


def active_measures() -> list[Measure]:
    """The measures every page uses: this session's imported table, else the chosen plan (?plan=), else the
    built-in dataset."""
    current = imported()
    if current is not None:
        return current.measures
    plan = plan_state.active_plan(plan_state.page_lang())
    return plan_state.plan_measures(plan, plan_state.page_lang()) if plan is not None else load_measures()


def dataset_version() -> str:
    """A cache key for the active dataset: the import's content hash, the plan's version, or the built-in file
    and its mtime."""
    current = imported()
    if current is not None:
        return f"import:{current.version}"
    plan = plan_state.active_plan(plan_state.page_lang())
    if plan is not None:
        return f"plan:{plan.id}:{plan.version}"
    path = default_measures_path()
    return f"builtin:{path}:{path.stat().st_mtime_ns if path.exists() else 0}"


def source_label(lang: str) -> str | None:
    """The exports' source line for an imported table (None: the built-in document's own line)."""
    current = imported()
    if current is not None:
        return t("source_line_import", lang).format(file=current.file_name)
    plan = plan_state.active_plan(lang)
    return None if plan is None else t("source_line_plan", lang).format(title=plan.title)


def _reset_filters() -> None:
    """A new dataset starts with no filters: values of the other dataset would not exist in it."""
    for key in (K_THEME, K_DEPT, K_REGION, K_KEYWORD, CANON):
        st.session_state.pop(key, None)
    for key in FILTER_URL_KEYS:
        if key in st.query_params:
            del st.query_params[key]


def activate(dataset: ImportedDataset) -> None:
    """Use the dataset on every page of this session (button callback). Nothing is written to disk."""
    st.session_state[ACTIVE_KEY] = dataset
    _reset_filters()


def activate_candidate() -> None:
    candidate = st.session_state.get(CANDIDATE_KEY)
    if isinstance(candidate, ImportedDataset):
        activate(candidate)


def restore_builtin() -> None:
    if st.session_state.pop(ACTIVE_KEY, None) is not None:
        _reset_filters()


def render_banner(lang: str) -> None:
    """Shown on every page while an imported dataset is active, with the way back to the built-in data.
    Also the plan switcher: every page follows the plan chosen there (stops the page if it cannot be shown)."""
    plan_state.render_switcher(lang, _reset_filters)
    current = imported()
    if current is None:
        return
    with st.container(key="dba_import_banner", horizontal=True, vertical_alignment="center"):
        st.info(
            t("import_banner", lang).format(file=md_escape(current.file_name), n=len(current.measures)),
            icon=":material/upload_file:",
            width="stretch",
        )
        st.button(t("import_restore", lang), key="dba_import_restore", on_click=restore_builtin)


def theme_counts(measures: list[Measure]) -> list[tuple[str, int]]:
    """Full theme names (as the table writes them) with their number of measures, in source order."""
    counts = Counter(m["theme"] for m in measures)
    return list(counts.items())


def without_places(measures: list[Measure]) -> list[Measure]:
    return [m for m in measures if not m.get("places")]

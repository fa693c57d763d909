"""One report's files: its content laid out as DOCX, PDF and XLSX bytes, and the name they are saved under.
The CLI and the export page both come through here, so a downloaded report equals the one a batch writes."""

from __future__ import annotations

from collections.abc import Sequence

from geo.export.files import export_stem
from geo.i18n import t
from geo.places.gazetteer import Gazetteer
from geo.report.content import ReportContent

FORMATS = ("docx", "pdf", "xlsx")
MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_stem(content: ReportContent) -> str:
    """进展通报-2026-Q3 (a scope adds its name: 进展通报-2026-Q3-省科技厅)."""
    return period_stem(content.period.name, content.lang, content.scope.name if content.scope.kind != "plan" else "")


def period_stem(period: str, lang: str, scope: str = "") -> str:
    return export_stem(t("report_title", lang), [period, scope])


def report_file(content: ReportContent, fmt: str, gazetteer: Gazetteer, map_png: bytes | None = None) -> bytes:
    """One format of the report; MAP_PNG: the light map when the caller already drew it (DOCX and PDF share it)."""
    if fmt == "xlsx":
        from geo.report.xlsx import xlsx_bytes

        return xlsx_bytes(content)
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
    if map_png is None:
        from geo.report.lightmap import light_map_png

        map_png = light_map_png(content, gazetteer)
    if fmt == "docx":
        from geo.report.docx import docx_bytes

        return docx_bytes(content, map_png)
    from geo.report.pdf import pdf_bytes

    return pdf_bytes(content, map_png)


def report_files(content: ReportContent, formats: Sequence[str], gazetteer: Gazetteer) -> dict[str, bytes]:
    """Every requested format, the map drawn once."""
    map_png = None
    if any(f in ("docx", "pdf") for f in formats):
        from geo.report.lightmap import light_map_png

        map_png = light_map_png(content, gazetteer)
    return {fmt: report_file(content, fmt, gazetteer, map_png) for fmt in formats}

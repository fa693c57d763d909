"""The report's tables as rows of text, shared by the DOCX, PDF and XLSX writers (one wording, three files)."""

from __future__ import annotations

from geo.i18n import t
from geo.progress.ranking import percent as percent_text  # the one way a rate is written
from geo.report.content import ReportContent, Row


def _status_cell(content: ReportContent, row: Row) -> str:
    return f"{content.status_text(row.status)}\n{content.light_label(row.light)}"


def _reasons(content: ReportContent, row: Row) -> str:
    return t("list_sep", content.lang).join(t(f"report_reason_{r}", content.lang) for r in row.reasons) or "—"


def summary_rows(content: ReportContent) -> list[list[str]]:
    """(what, count, share) for every status and light: the summary table of every format."""
    n = content.items

    def share(k: int) -> str:
        return percent_text(k / n if n else None)

    rows = [[content.status_text(name), str(k), share(k)] for name, k in content.status_counts]
    rows += [[content.light_label(light), str(k), share(k)] for light, k in content.light_counts]
    rows.append(
        [
            t("report_completion", content.lang),
            f"{content.completed}/{content.items}",
            percent_text(content.completion_rate),
        ]
    )
    rows.append(
        [
            t("report_on_time", content.lang),
            f"{content.on_time_reports}/{content.due_reports}",
            percent_text(content.on_time_rate),
        ]
    )
    return rows


def summary_line(content: ReportContent) -> str:
    return t("report_summary_line", content.lang).format(
        items=content.items,
        completed=content.completed,
        completion=percent_text(content.completion_rate),
        due=content.due_reports,
        on_time=content.on_time_reports,
        on_time_rate=percent_text(content.on_time_rate),
    )


def theme_rows(content: ReportContent, rows: list[Row]) -> list[list[str]]:
    return [[str(r.number), r.measure, r.lead, _status_cell(content, r), r.excerpt or "—"] for r in rows]


def red_rows(content: ReportContent) -> list[list[str]]:
    return [
        [str(r.number), r.measure, r.lead, _status_cell(content, r), _reasons(content, r), r.due_on or "—"]
        for r in content.red
    ]


def department_rows(content: ReportContent) -> list[list[str]]:
    out = []
    for d in content.departments:
        lights = [str(d.lights.get(x, 0)) for x in content.rules.lights.order]
        out.append(
            [
                d.department,
                str(d.items),
                *lights,
                str(d.completed),
                percent_text(d.completion_rate),
                percent_text(d.on_time_rate),
            ]
        )
    return out


def headers(content: ReportContent) -> dict[str, list[str]]:
    """Column headings of the report's tables (shared by DOCX, PDF and XLSX)."""
    lang = content.lang

    def c(key: str) -> str:
        return t(f"report_col_{key}", lang)

    light_cols = [content.light_label(x) for x in content.rules.lights.order]
    return {
        "summary": [c("what"), c("count"), c("share")],
        "theme": [c("no"), c("measure"), c("lead"), c("status"), c("excerpt")],
        "red": [c("no"), c("measure"), c("lead"), c("status"), c("reason"), c("due")],
        "departments": [
            c("department"),
            c("items"),
            *light_cols,
            c("completed"),
            t("report_completion", lang),
            t("report_on_time", lang),
        ],
    }

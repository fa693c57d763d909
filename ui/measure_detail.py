"""A measure's progress detail: per department, a timeline of its reports and milestones, with the approved text
of each report, as known on the as-of date (a report submitted or approved later is not there yet).

Reached from the map page: highlight a measure (the list's selector, or ?hl=) while the progress view is on.
Reads through geo.store.progress_service (list_reports, list_milestones with every version); every value is
escaped by the template (geo/render/web/templates/progress_map.html).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import streamlit as st

from geo.i18n import localize, t
from geo.progress.rules import load_rules
from geo.progress.status import MeasureStatus
from geo.render.web.assets import stylesheet, variables_style
from geo.render.web.markup import render
from geo.render.web.progress_view import light_css_variables, status_label
from geo.store import progress_service


@dataclass(frozen=True)
class TimelineEntry:
    day: str  # ISO date the entry is dated by (a report's 报告日期, a milestone version's recording day)
    kind: str  # report or milestone
    head: str
    status: str = ""
    parts: list[tuple[str, str]] = field(default_factory=list)  # (label, text): the approved report's text
    note: str = ""
    order: int = 0  # ties on the same day: later first


def _instant(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    at = dt.datetime.fromisoformat(value)
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


def measure_timeline(
    plan_id: int, ms: MeasureStatus, lang: str, as_of: dt.date | None = None, *, url: str | None = None
) -> dict[str, list[TimelineEntry]]:
    """Per department of the measure (its assignments, lead first), the entries known by the end of AS_OF
    (default: everything), newest first."""
    rules = load_rules()
    cutoff = rules.end_of_day(as_of) if as_of else None

    def known(value: str | None) -> bool:
        at = _instant(value)
        return at is not None and (cutoff is None or at < cutoff)

    out: dict[str, list[TimelineEntry]] = {a.department: [] for a in ms.departments}
    for r in progress_service.list_reports(plan_id, measure=ms.measure, url=url):
        if r.department not in out or not known(r.submitted_at):
            continue
        state = r.state if known(r.reviewed_at) else "submitted"
        parts, note = [], ""
        if state == "approved":
            parts = [
                (t(label, lang), localize(text, lang))
                for label, text in (
                    ("detail_progress", r.progress),
                    ("detail_next_steps", r.next_steps),
                    ("detail_problems", r.problems),
                )
                if text
            ]
        elif state == "returned":
            note = t("detail_returned", lang)
        else:
            note = t("detail_awaiting", lang)
        status = status_label(r.status, lang, rules) + (f" {r.percent}%" if r.percent is not None else "")
        head = t("detail_report", lang).format(period=r.period)
        if r.sample:
            head += f"（{t('prog_sample', lang)}）"
        out[r.department].append(TimelineEntry(r.as_of, "report", head, status, parts, note, r.id))
    for a in ms.departments:
        versions = progress_service.list_milestones(a.assignment_id, url=url, all_versions=True)
        seen: set[int] = set()
        for m in versions:  # key, then version order: the first version of a key is its addition
            if not known(m.recorded_at):
                continue
            text, due = localize(m.text, lang), m.due_on or t("detail_undated", lang)
            if m.removed:
                head = t("detail_ms_removed", lang).format(text=text)
            elif m.done_on:
                head = t("detail_ms_done", lang).format(text=text, done=m.done_on)
            elif m.key in seen:
                head = t("detail_ms_changed", lang).format(text=text, due=due)
            else:
                head = t("detail_ms_added", lang).format(text=text, due=due)
            seen.add(m.key)
            day = _instant(m.recorded_at).astimezone(rules.timezone).date().isoformat()
            out[a.department].append(TimelineEntry(day, "milestone", head, order=m.version))
    for entries in out.values():
        entries.sort(key=lambda e: (e.day, e.kind == "report", e.order), reverse=True)
    return out


def timeline_html(plan_id: int, ms: MeasureStatus, lang: str, as_of: dt.date | None = None, head: str = "") -> str:
    """HEAD: escaped HTML above the timeline (the measure's progress line)."""
    roles = {a.department: a.role for a in ms.departments}
    blocks = []
    for dept, entries in measure_timeline(plan_id, ms, lang, as_of).items():
        role = t("detail_role_lead" if roles.get(dept) == "lead" else "detail_role_co", lang)
        blocks.append(render("progress_map.html", "timeline", f"{localize(dept, lang)}（{role}）", entries,
                             t("detail_none", lang)))  # fmt: skip
    return variables_style(light_css_variables()) + stylesheet("map/progress.css") + head + "".join(blocks)


def render_measure_detail(plan_id: int, ms: MeasureStatus | None, lang: str, as_of: dt.date | None = None) -> None:
    """An expander under the measure selector: the highlighted measure's timeline on the as-of date."""
    if ms is None:
        return
    from geo.render.web.progress_layer import as_of_label

    with st.expander(f"{t('detail_title', lang)} · {t('col_id', lang)} {ms.measure}", expanded=False):
        when = " · " + t("report_as_of", lang).format(date=as_of_label(as_of, lang)) if as_of else ""
        st.caption(t("detail_for", lang).format(n=ms.measure) + when)
        st.html(timeline_html(plan_id, ms, lang, as_of))


def render_list_detail(measure: dict | None, measures: list, lang: str) -> None:
    """The list page's detail view: the chosen measure's light and status on the shared as-of date (today unless a
    page chose one), and its timeline (nothing for an imported table, which has no progress)."""
    from geo.render.web.progress_layer import as_of_label, facts_html
    from ui.progress_state import as_of_input, cached_snapshot, current_choice, progress_plan

    if measure is None:
        return
    plan = progress_plan(lang)
    if plan is None:
        return
    snap = cached_snapshot(plan, current_choice().as_of, measures)
    ms = snap.measures.get(measure["id"])
    if ms is None:
        return
    with st.expander(f"{t('detail_title', lang)} · {t('col_id', lang)} {ms.measure}", expanded=True):
        as_of_input(t("progress_as_of_input", lang), "ms_asof", width=220)  # shared with the other progress pages
        sample = f":red-background[**{t('prog_sample', lang)}**] " if snap.has_sample else ""
        when = t("report_as_of", lang).format(date=as_of_label(snap.as_of, lang))
        st.caption(f"{sample}{t('detail_for', lang).format(n=ms.measure)} · {when}")
        st.html(timeline_html(plan.id, ms, lang, snap.as_of, facts_html(ms, lang)))

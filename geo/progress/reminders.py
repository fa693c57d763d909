"""The office's 催办 (reminder) lists, from a status snapshot: reports missing for a period, milestones due soon,
milestones overdue; their XLSX export and, when ``[smtp]`` is configured, their e-mail per department.

Plain Python (the 督办 page and a command line call it). One source of each rule: "due soon" is data/progress.json's
yellow window, "overdue" the red rule, "missing" the snapshot's own count of periods without a counted report.

The export is ONE workbook with one sheet per department (plus a summary sheet): the office downloads one file,
prints or forwards each sheet. An e-mail carries only its own department's sheet, so a department never receives
another department's items.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import smtplib
import ssl
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage

from geo.export.tables import keep_as_text
from geo.i18n import localize, t, to_hant
from geo.ingest.departments import short_name
from geo.progress import periods
from geo.progress.rules import ProgressRules, load_rules
from geo.progress.status import Snapshot, _known_milestones
from geo.store import plans
from geo.store.engine import session_scope

KINDS = ("report_missing", "milestone_overdue", "milestone_due_soon")  # the order of the lists and sheets
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Reminder:
    """One thing a department must do: a report to send, a milestone to finish."""

    kind: str  # one of KINDS
    department: str
    measure: int
    role: str  # lead or co
    light: str
    subject: str  # the period (report_missing) or the milestone's stage goal
    due_on: dt.date | None
    days: int | None  # days left (≥ 0) or overdue (< 0) on the as-of date
    text: str = ""  # the measure's 具体措施
    sample: bool = False


@dataclass
class ReminderLists:
    as_of: dt.date
    period: str | None  # the period whose missing reports are listed
    missing: list[Reminder] = field(default_factory=list)
    due_soon: list[Reminder] = field(default_factory=list)
    overdue: list[Reminder] = field(default_factory=list)
    sample: bool = False

    def all(self) -> list[Reminder]:
        return [*self.missing, *self.overdue, *self.due_soon]

    def by_department(self) -> dict[str, list[Reminder]]:
        out: dict[str, list[Reminder]] = defaultdict(list)
        for r in sorted(self.all(), key=lambda r: (r.department, KINDS.index(r.kind), r.measure)):
            out[r.department].append(r)
        return dict(sorted(out.items()))


def look_text(level: str | None, lang: str = "zh", rules: ProgressRules | None = None) -> str:
    """A light as shape and word (● 正常): readable without colour, in print and by colour-blind readers."""
    if not level:
        return ""
    look = (rules or load_rules()).lights.looks[level]
    label = look.get("en", look["label"]) if lang == "en" else look["label"]
    return f"{look['shape']} {to_hant(label) if lang == 'zh_hant' else label}"


def status_text(name: str | None, lang: str = "zh", rules: ProgressRules | None = None) -> str:
    """A report status (data/progress.json's name) in the UI language."""
    if not name:
        return ""
    found = (rules or load_rules()).status(name)
    if lang == "en" and found is not None:
        return found.en
    return to_hant(name) if lang == "zh_hant" else name


def build_lists(
    snapshot: Snapshot,
    *,
    period: str | None = None,
    measures: list | None = None,
    rules: ProgressRules | None = None,
    url: str | None = None,
) -> ReminderLists:
    """The lists on the snapshot's as-of date. PERIOD: the period whose missing reports are listed (default the
    latest period whose report was due: a report missing there is late; the current period's is not yet)."""
    rules = rules or load_rules()
    as_of = snapshot.as_of
    period = period or snapshot.due_period
    records = measures if measures is not None else plans.plan_measures(snapshot.plan_id, url=url)
    texts = {m["id"]: m["text"] for m in records}
    out = ReminderLists(as_of=as_of, period=period, sample=snapshot.has_sample)
    due_on = _period_due(snapshot, period, url) if period else None
    for a in snapshot.assignments:
        if rules.kind_of(a.status) in rules.lights.no_reports_needed_kinds:
            continue  # done or paused: no further reports are asked for (data/progress.json)
        if period and _missing(a, period, snapshot):
            out.missing.append(
                Reminder("report_missing", a.department, a.measure, a.role, a.light, period, due_on,
                         (due_on - as_of).days if due_on else None, texts.get(a.measure, ""), a.sample)
            )  # fmt: skip
    with session_scope(url) as session:
        known = _known_milestones(session, snapshot.plan_id, rules.end_of_day(as_of))
    window = rules.lights.yellow_due_within_days
    for a in snapshot.assignments:
        for m in sorted(known.get(a.assignment_id, []), key=lambda m: (m.due_on or dt.date.max, m.key)):
            if m.due_on is None or (m.done_on is not None and m.done_on <= as_of):
                continue
            days = (m.due_on - as_of).days
            kind = "milestone_overdue" if days < 0 else "milestone_due_soon" if days <= window else None
            if kind:
                item = Reminder(kind, a.department, a.measure, a.role, a.light, m.text, m.due_on, days,
                                texts.get(a.measure, ""), a.sample)  # fmt: skip
                (out.overdue if days < 0 else out.due_soon).append(item)
    out.overdue.sort(key=lambda r: (r.due_on, r.measure))
    out.due_soon.sort(key=lambda r: (r.due_on, r.measure))
    return out


def _missing(a, period: str, snapshot: Snapshot) -> bool:
    if period == snapshot.current_period:
        return not a.reported_current
    if period == snapshot.due_period:
        return a.missing_periods >= 1
    raise ValueError(f"missing reports are listed for the current or the due period, not {period}")


def _period_due(snapshot: Snapshot, name: str, url: str | None) -> dt.date | None:
    from geo.store.progress_service import get_cycle

    cycle = get_cycle(snapshot.plan_id, url=url)
    if not cycle.cycle:
        return None
    return periods.parse_period(name, cycle.cycle).due(cycle.due_days)


# --- the XLSX export -------------------------------------------------------------------------------------------

# (label key, width in Excel characters)
COLUMNS: tuple[tuple[str, float], ...] = (
    ("remind_col_kind", 14),
    ("tasks_col_measure", 6),
    ("tasks_col_text", 60),
    ("remind_col_role", 8),
    ("remind_col_light", 9),
    ("remind_col_subject", 28),
    ("remind_col_due", 12),
    ("remind_col_days", 10),
)
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def reminder_row(r: Reminder, lang: str = "zh") -> list:
    return [
        t(f"remind_kind_{r.kind}", lang),
        r.measure,
        localize(r.text, lang),
        t(f"tasks_role_{r.role}", lang),
        look_text(r.light, lang),
        r.subject,
        r.due_on.isoformat() if r.due_on else "",
        r.days if r.days is not None else "",
    ]


def sheet_title(department: str, taken: set[str]) -> str:
    """An Excel sheet name (≤ 31 characters, none of []:*?/\\), unique in the workbook."""
    base = _SHEET_FORBIDDEN.sub("_", short_name(department))[:28] or "_"
    name, n = base, 2
    while name.lower() in taken:
        name, n = f"{base[:26]}_{n}", n + 1
    taken.add(name.lower())
    return name


def workbook_bytes(
    lists: ReminderLists,
    *,
    title: str,
    lang: str = "zh",
    departments: Iterable[str] | None = None,
) -> bytes:
    """The 催办 list: a summary sheet (one row per department: counts per kind), then one sheet per department.
    DEPARTMENTS limits it (an e-mail gets its own department only)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    grouped = lists.by_department()
    if departments is not None:
        wanted = set(departments)
        grouped = {d: rows for d, rows in grouped.items() if d in wanted}
    wb = Workbook()
    summary = wb.active
    summary.title = t("remind_sheet_summary", lang)
    taken = {summary.title.lower()}
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE6F0")
    heading = [title, f"{t('remind_as_of', lang)} {lists.as_of.isoformat()}"]
    if lists.sample:
        heading.append(t("remind_sample", lang))
    summary.append(heading)
    summary.append([t("tasks_col_department", lang), *(t(f"remind_kind_{k}", lang) for k in KINDS)])
    for department, rows in grouped.items():
        summary.append([department, *(sum(1 for r in rows if r.kind == k) for k in KINDS)])
    summary.column_dimensions["A"].width = 28
    for letter in "BCD":
        summary.column_dimensions[letter].width = 16
    for cell in [*summary[1], *summary[2]]:
        cell.font = bold
    for department, rows in grouped.items():
        ws = wb.create_sheet(sheet_title(department, taken))
        ws.append([f"{department} · {t('remind_title', lang)}", lists.as_of.isoformat()]
                  + ([t("remind_sample", lang)] if lists.sample else []))  # fmt: skip
        ws.append([t(key, lang) for key, _ in COLUMNS])
        for r in rows:
            ws.append(reminder_row(r, lang))
        for cell in ws[1]:
            cell.font = bold
        for cell in ws[2]:
            cell.font = bold
            cell.fill = fill
        for row in ws.iter_rows(min_row=3):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for i, (_, width) in enumerate(COLUMNS, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A3"
        ws.page_setup.orientation = "landscape"
        ws.print_title_rows = "2:2"
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                keep_as_text(cell)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def file_name(plan_id: int, as_of: dt.date, department: str | None = None) -> str:
    who = f"-{short_name(department)}" if department else ""
    return f"催办-plan{plan_id}{who}-{as_of.isoformat()}.xlsx"


# --- e-mail ----------------------------------------------------------------------------------------------------

SMTP_ENV = "GEO_SMTP_"  # GEO_SMTP_HOST, _PORT, _USER, _PASSWORD, _SENDER, _SECURITY, _RECIPIENTS


class SmtpError(RuntimeError):
    """Sending failed (server unreachable, refused): one line, never the password."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    security: str = "none"  # none, starttls, ssl
    recipients: Mapping[str, str] = field(default_factory=dict)  # department (registry name) -> address(es)


def smtp_settings(section: Mapping | None = None, env: Mapping[str, str] | None = None) -> SmtpSettings | None:
    """The [smtp] section of .streamlit/secrets.toml (SECTION), else GEO_SMTP_* environment variables; None
    when neither names a host (then there is the list and the export, no e-mail).
    GEO_SMTP_RECIPIENTS: 部门=address;部门=address."""
    env = os.environ if env is None else env
    raw = dict(section or {})
    if not raw.get("host"):
        if not env.get(SMTP_ENV + "HOST"):
            return None
        pairs = [p.split("=", 1) for p in env.get(SMTP_ENV + "RECIPIENTS", "").split(";") if "=" in p]
        raw = {
            "host": env[SMTP_ENV + "HOST"],
            "port": env.get(SMTP_ENV + "PORT", "25"),
            "sender": env.get(SMTP_ENV + "SENDER", ""),
            "user": env.get(SMTP_ENV + "USER"),
            "password": env.get(SMTP_ENV + "PASSWORD"),
            "security": env.get(SMTP_ENV + "SECURITY", "none"),
            "recipients": {k.strip(): v.strip() for k, v in pairs},
        }
    from geo.ingest.departments import current_name

    security = str(raw.get("security", "none"))
    if security not in ("none", "starttls", "ssl"):
        raise SmtpError(f"[smtp] security must be none, starttls or ssl, not {security!r}")
    return SmtpSettings(
        host=str(raw["host"]),
        port=int(raw.get("port", 25)),
        sender=str(raw.get("sender") or f"noreply@{raw['host']}"),
        user=raw.get("user") or None,
        password=raw.get("password") or None,
        security=security,
        recipients={current_name(k): str(v) for k, v in dict(raw.get("recipients") or {}).items()},
    )


@dataclass
class SendResult:
    sent: list[str] = field(default_factory=list)  # departments e-mailed
    no_address: list[str] = field(default_factory=list)  # departments with items but no configured address


def message_for(
    settings: SmtpSettings, department: str, lists: ReminderLists, *, title: str, plan_id: int, lang: str = "zh"
) -> EmailMessage:
    rows = lists.by_department().get(department, [])
    msg = EmailMessage()
    msg["From"] = settings.sender
    msg["To"] = settings.recipients[department]
    mark = f"【{t('remind_sample', lang)}】" if lists.sample else ""
    msg["Subject"] = f"{mark}{t('remind_title', lang)}：{short_name(department)}（{lists.as_of.isoformat()}）"
    lines = [f"{department}：", "", f"{title} · {t('remind_as_of', lang)} {lists.as_of.isoformat()}", ""]
    for r in rows:
        due = r.due_on.isoformat() if r.due_on else ""
        lines.append(f"- {t(f'remind_kind_{r.kind}', lang)} · {r.measure} · {r.subject} · {due}")
    msg.set_content("\n".join(lines) + "\n")
    data = workbook_bytes(lists, title=title, lang=lang, departments=[department])
    maintype, subtype = XLSX_MIME.split("/")
    msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=file_name(plan_id, lists.as_of, department))
    return msg


def send_reminders(
    settings: SmtpSettings, lists: ReminderLists, *, title: str, plan_id: int, lang: str = "zh", timeout: float = 20
) -> SendResult:
    """One e-mail per department that has items and an address; the others are named in the result."""
    result = SendResult()
    grouped = lists.by_department()
    messages = []
    for department in grouped:
        if department in settings.recipients:
            messages.append((department, message_for(settings, department, lists, title=title, plan_id=plan_id,
                                                     lang=lang)))  # fmt: skip
        else:
            result.no_address.append(department)
    if not messages:
        return result
    try:
        if settings.security == "ssl":
            server = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            server = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
        with server:
            if settings.security == "starttls":
                server.starttls(context=ssl.create_default_context())
            if settings.user:
                server.login(settings.user, settings.password or "")
            for department, msg in messages:
                server.send_message(msg)
                result.sent.append(department)
    except (OSError, smtplib.SMTPException) as exc:
        done = f" after {len(result.sent)} of {len(messages)} sent" if result.sent else ""
        raise SmtpError(f"e-mail to {settings.host}:{settings.port} failed{done}: {type(exc).__name__}: {exc}") from exc
    return result

"""`python -m geo.progress`: progress supervision on the command line (DATABASE_URL, default var/app.sqlite3).

    python -m geo.progress template --plan ID --department NAME --period P --out F.xlsx
    python -m geo.progress import F.xlsx --as USER
    python -m geo.progress status --plan ID [--as-of YYYY-MM-DD] [--json]
    python -m geo.progress history --plan ID --measure N [--json]
    python -m geo.progress demo --plan ID [--as-of YYYY-MM-DD] [--remove]
    python -m geo.progress cycle --plan ID [--cycle monthly|quarterly|half-yearly] [--due-days N] [--from YYYY-MM-DD]
    python -m geo.progress remind --plan ID [--as-of YYYY-MM-DD] [--out F.xlsx] [--send]

--period takes a name in the plan's own cycle: 2026-12 (monthly), 2026-Q4 (quarterly), 2026-H2 (half-yearly).
`import` acts as USER, with USER's rights (a reporter imports only its own department's sheet), and the reports
are in the audit trail under USER; `demo` and `cycle` act as the server operator (an admin). Bad input: one line
per problem on stderr, exit code 2, nothing written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from geo.files import atomic_write_bytes
from geo.ingest.errors import IngestError
from geo.ingest.guard import Limits, read_file
from geo.progress import reminders, sheets
from geo.progress.periods import PeriodError
from geo.store import plans, progress_service, service
from geo.store.accounts import AccountError
from geo.store.cli import OneLineParser, fail
from geo.store.engine import StoreUnavailable
from geo.store.models import CYCLES

NON_DRAFT = ("submitted", "approved", "returned")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _parser() -> OneLineParser:
    parser = OneLineParser(prog="python -m geo.progress", description="Progress supervision (进展督办).")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    tpl = sub.add_parser("template", help="a department's progress sheet for one period (.xlsx)")
    tpl.add_argument("--plan", type=int, required=True)
    tpl.add_argument("--department", required=True)
    tpl.add_argument("--period", required=True, help="in the plan's cycle: 2026-12, 2026-Q4 or 2026-H2")
    tpl.add_argument("--out", required=True, help="the .xlsx file to write")
    imp = sub.add_parser("import", help="a filled progress sheet, saved as submitted reports of USER")
    imp.add_argument("file")
    imp.add_argument("--as", dest="user", required=True)
    st = sub.add_parser("status", help="per measure: light, status, percentage, last report, next milestone")
    st.add_argument("--plan", type=int, required=True)
    st.add_argument("--as-of", type=_date, help="default: today in the plan's time zone")
    st.add_argument("--json", action="store_true")
    hist = sub.add_parser("history", help="a measure's milestones (every version) and reports per department")
    hist.add_argument("--plan", type=int, required=True)
    hist.add_argument("--measure", type=int, required=True)
    hist.add_argument("--json", action="store_true")
    demo = sub.add_parser("demo", help="fill sample reports (flagged 示例数据), or remove them")
    demo.add_argument("--plan", type=int, required=True)
    demo.add_argument("--as-of", type=_date)
    demo.add_argument("--remove", action="store_true", help="remove the plan's sample reports")
    cyc = sub.add_parser("cycle", help="show or set the plan's reporting cycle")
    cyc.add_argument("--plan", type=int, required=True)
    cyc.add_argument("--cycle", choices=CYCLES)
    cyc.add_argument("--due-days", type=int, help="days after a period's end until its report is due")
    cyc.add_argument("--from", dest="start", type=_date, help="first day reports are asked for")
    rem = sub.add_parser("remind", help="the 催办 lists (missing reports, milestones due soon or overdue)")
    rem.add_argument("--plan", type=int, required=True)
    rem.add_argument("--as-of", type=_date, help="default: today in the plan's time zone")
    rem.add_argument("--out", help="write the lists as one .xlsx (a summary and one sheet per department)")
    rem.add_argument("--send", action="store_true", help="e-mail each department its own sheet (GEO_SMTP_* settings)")
    return parser


def _remind(args: argparse.Namespace) -> None:
    from geo.progress.status import snapshot

    plan = plans.get_plan(args.plan)
    lists = reminders.build_lists(snapshot(args.plan, args.as_of))
    for department, rows in lists.by_department().items():
        print(f"{department}\t{len(rows)}")
    if args.out:
        atomic_write_bytes(args.out, reminders.workbook_bytes(lists, title=plan.title))
        print(f"wrote {args.out}", file=sys.stderr)
    if args.send:
        settings = reminders.smtp_settings()
        if settings is None:
            raise progress_service.ProgressError("--send needs GEO_SMTP_HOST (and GEO_SMTP_RECIPIENTS) to be set")
        result = reminders.send_reminders(settings, lists, title=plan.title, plan_id=args.plan)
        print(f"e-mailed {len(result.sent)} department(s); no address for {len(result.no_address)}", file=sys.stderr)


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def _status_json(plan_id: int, as_of: dt.date | None) -> dict:
    from geo.progress.status import snapshot

    out = snapshot(plan_id, as_of).to_json()
    out["measures"] = [{"id": m["measure"], **m} for m in out["measures"]]
    return out


def _status_lines(data: dict) -> list[str]:
    lines = [f"plan {data['plan']} as of {data['as_of']} (period {data['current_period'] or '-'})"]
    if data["sample"]:
        lines[0] += " — includes sample data (示例数据)"
    for m in data["measures"]:
        upcoming = m["next_milestone"]
        facts = (
            str(m["id"]), m["light"], m["status"] or "-", "-" if m["percent"] is None else f"{m['percent']}%",
            m["last_report_on"] or "-", f"{upcoming['due_on']} {upcoming['text']}" if upcoming else "-",
        )  # fmt: skip
        lines.append("\t".join(facts))
    return lines


def _history_json(plan_id: int, number: int) -> dict:
    plans.get_plan(plan_id)
    service.ensure_assignments(plan_id)
    rows = [a for a in service.list_assignments(plan_id) if a.measure == number]
    if not rows:
        raise plans.PlanError(f"plan {plan_id} has no measure {number} with assignments")
    reports = progress_service.list_reports(plan_id, measure=number, states=NON_DRAFT)
    return {
        "plan": plan_id,
        "measure": number,
        "text": rows[0].text,
        "departments": [
            {
                "department": a.department,
                "role": a.role,
                "assignment_id": a.id,
                "milestones": [m.to_json() for m in progress_service.list_milestones(a.id, all_versions=True)],
                "reports": [r.to_json() for r in reports if r.assignment_id == a.id],
            }
            for a in rows
        ],
    }


def _history_lines(data: dict) -> list[str]:
    lines = [f"measure {data['measure']}: {data['text']}"]
    for d in data["departments"]:
        lines.append(f"{d['department']} ({d['role']})")
        for m in d["milestones"]:
            state = "removed" if m["removed"] else f"done {m['done_on']}" if m["done_on"] else "open"
            lines.append(f"  milestone {m['key']} v{m['version']}\t{m['due_on'] or '-'}\t{state}\t{m['text']}")
        for r in d["reports"]:
            mark = " [示例数据]" if r["sample"] else ""
            lines.append(f"  report {r['period']} v{r['version']}\t{r['state']}\t{r['status']}\t{r['as_of']}{mark}")
    return lines


def _actor(username: str) -> service.Actor:
    actor = service.actor_for(username)
    if actor is None:
        raise service.Forbidden(f"{username} cannot act (no such account, or disabled)")
    return actor


def _run(args: argparse.Namespace) -> None:
    from geo.db import upgrade_and_seed

    upgrade_and_seed()
    if args.command == "template":
        data = sheets.write_template(args.plan, args.department, args.period)
        atomic_write_bytes(args.out, data)
        print(f"wrote {args.out} ({args.department}, {args.period})", file=sys.stderr)
    elif args.command == "import":
        actor = _actor(args.user)
        data = read_file(args.file, Limits.from_env())  # a regular file under the size cap, never a FIFO
        saved = sheets.import_filled(data, args.file, actor)
        for r in saved:
            print(f"{r.measure}\t{r.department}\t{r.period} v{r.version}\t{r.state}\t{r.status}")
        print(f"imported {len(saved)} report(s) from {Path(args.file).name} as {actor.username}", file=sys.stderr)
    elif args.command == "status":
        data = _status_json(args.plan, args.as_of)
        _print_json(data) if args.json else print("\n".join(_status_lines(data)))
    elif args.command == "history":
        data = _history_json(args.plan, args.measure)
        _print_json(data) if args.json else print("\n".join(_history_lines(data)))
    elif args.command == "demo":
        if args.remove:
            removed = progress_service.remove_samples(service.OPERATOR, args.plan)
            print(f"removed {removed} sample report(s) of plan {args.plan}")
        else:
            from geo.progress.demo import fill_demo

            plans.get_plan(args.plan)
            written = fill_demo(args.plan, as_of=args.as_of)
            print(f"wrote {written} sample report(s) (示例数据) for plan {args.plan}; remove them with --remove")
    elif args.command == "remind":
        _remind(args)
    elif args.command == "cycle":
        if args.cycle is None:
            if args.due_days is not None or args.start is not None:
                raise progress_service.ProgressError("--due-days and --from go with --cycle")
            info = progress_service.get_cycle(args.plan)
        else:
            info = progress_service.set_cycle(
                service.OPERATOR, args.plan, args.cycle, due_days=args.due_days, report_from=args.start
            )
        print(f"plan {info.plan_id}: {info.cycle or 'no cycle'}, due {info.due_days} days after each period, "
              f"from {info.report_from or '-'}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        _run(args)
    except sheets.SheetRejected as exc:
        for line in exc.errors:
            fail(line)
        return 2
    except (
        IngestError, PeriodError, progress_service.ProgressError, plans.PlanError, AccountError, service.Forbidden,
        StoreUnavailable, OSError, reminders.SmtpError,
    ) as exc:  # fmt: skip
        return fail(exc)
    return 0

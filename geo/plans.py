"""`python -m geo.plans`: plans in the database (DATABASE_URL, default var/app.sqlite3).

    python -m geo.plans import FILE [--title T] [--doc-number N] [--issuer B] [--issued YYYY-MM-DD] [--publish] [--json]
    python -m geo.plans list [--json]
    python -m geo.plans show ID [--json]
    python -m geo.plans archive ID

Bad input (a garbage file, an unknown id, a file imported before): one line on stderr, exit code 2, nothing
written. The schema is brought up to date first, so the commands work on a fresh database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from geo.ingest.errors import IngestError
from geo.store import plans
from geo.store.engine import StoreUnavailable


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo.plans", description="Plans in the database.")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="ingest a task table (.txt/.xlsx/.csv/.docx) as a new plan")
    imp.add_argument("file")
    imp.add_argument("--title", help="default: the file name without extension")
    imp.add_argument("--doc-number", help="文号")
    imp.add_argument("--issuer", help="issuing body")
    imp.add_argument("--issued", type=_date, help="date issued, YYYY-MM-DD")
    imp.add_argument("--publish", action="store_true", help="publish at once (default: a draft)")
    imp.add_argument("--json", action="store_true")
    lst = sub.add_parser("list", help="every plan with its state and number of measures")
    lst.add_argument("--json", action="store_true")
    show = sub.add_parser("show", help="a plan with its measures and place-tag corrections")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    arch = sub.add_parser("archive", help="archive a plan (it leaves the plan switcher)")
    arch.add_argument("id", type=int)
    return parser


def _line(info: plans.PlanInfo) -> str:
    facts = " ".join(x for x in (info.doc_number, info.issuer, info.issued_on and info.issued_on.isoformat()) if x)
    return f"{info.id}\t{info.state}\t{info.measures} measures\t{info.title}" + (f"\t{facts}" if facts else "")


def _summary_json(info: plans.PlanInfo) -> dict:
    return {"id": info.id, "title": info.title, "measures": info.measures, "state": info.state}


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def _run(args: argparse.Namespace) -> None:
    from geo.db import upgrade_and_seed

    upgrade_and_seed()
    if args.command == "import":
        info = plans.import_file(
            args.file,
            title=args.title,
            publish=args.publish,
            doc_number=args.doc_number,
            issuer=args.issuer,
            issued_on=args.issued,
        )
        _print_json(_summary_json(info)) if args.json else print(f"imported as plan {info.id}\n{_line(info)}")
    elif args.command == "list":
        infos = plans.list_plans()
        if args.json:
            _print_json([info.to_json() for info in infos])
        else:
            for info in infos:
                print(_line(info))
    elif args.command == "show":
        info = plans.get_plan(args.id)
        measures = plans.plan_measures(args.id)
        corrections = plans.plan_corrections(args.id)
        if args.json:
            _print_json({**info.to_json(), "measures": measures, "corrections": corrections})
            return
        print(_line(info))
        print(f"source: {info.source_name} (sha256 {info.source_sha256})")
        for m in measures:
            places = "、".join(t["place"] for t in m["places"]) or "-"
            print(f"{m['id']}\t{m['theme_short']}\t{'、'.join(m['departments'])}\t[{places}]\t{m['text']}")
        for c in corrections:
            what = f"measure {c['measure']}: {c['action']} {c['place']}"
            print(f"correction\t{what}" + (f" ({c['reason']})" if c["reason"] else ""))
    elif args.command == "archive":
        info = plans.archive(args.id)
        print(_line(info))


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        _run(args)
    except (IngestError, plans.PlanError, StoreUnavailable) as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

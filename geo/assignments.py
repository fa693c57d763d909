"""`python -m geo.assignments`: who does what of a plan — one assignment per measure x department (DATABASE_URL).

    python -m geo.assignments list --plan ID [--department NAME] [--json]
    python -m geo.assignments set --plan ID --measure N --department NAME --as USER [--milestone T] [--note T]

`set` acts as USER, with USER's rights (a reporter writes only its own department's assignments); the change
is in the audit trail under USER. Refused or bad input: one line on stderr, exit code 2, nothing written.
"""

from __future__ import annotations

import json
import sys

from geo.store import plans, service
from geo.store.accounts import AccountError
from geo.store.cli import OneLineParser, fail
from geo.store.engine import StoreUnavailable


def _parser() -> OneLineParser:
    parser = OneLineParser(prog="python -m geo.assignments", description="Assignments of a plan's measures.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    lst = sub.add_parser("list", help="the plan's assignments")
    lst.add_argument("--plan", type=int, required=True)
    lst.add_argument("--department")
    lst.add_argument("--json", action="store_true")
    put = sub.add_parser("set", help="change an assignment's milestone or note, as USER")
    put.add_argument("--plan", type=int, required=True)
    put.add_argument("--measure", type=int, required=True)
    put.add_argument("--department", required=True)
    put.add_argument("--as", dest="user", required=True)
    put.add_argument("--milestone")
    put.add_argument("--note")
    return parser


def _line(a: service.AssignmentInfo) -> str:
    return f"{a.measure}\t{a.department}\t{a.role}\t{a.milestone or '-'}\t{a.note or '-'}"


def _run(args) -> None:
    from geo.db import upgrade_and_seed

    upgrade_and_seed()
    service.ensure_assignments(args.plan)
    if args.command == "list":
        rows = service.list_assignments(args.plan, department=args.department)
        if args.json:
            print(json.dumps([a.to_json() for a in rows], ensure_ascii=False, indent=2))
        else:
            for a in rows:
                print(_line(a))
        return
    actor = service.actor_for(args.user)
    if actor is None:
        raise service.Forbidden(f"{args.user} cannot act (no such account, or disabled)")
    changes = {k: v for k, v in (("milestone", args.milestone), ("note", args.note)) if v is not None}
    if not changes:
        raise AccountError("nothing to set (--milestone or --note)")
    target = service.find_assignment(args.plan, args.measure, args.department)
    print(_line(service.update_assignment(actor, target.id, **changes)))


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        _run(args)
    except (plans.PlanError, AccountError, service.Forbidden, StoreUnavailable) as exc:
        return fail(exc)
    return 0


if __name__ == "__main__":
    sys.exit(main())

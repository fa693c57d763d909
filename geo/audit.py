"""`python -m geo.audit`: the audit trail (DATABASE_URL).

    python -m geo.audit verify        walk the hash chain; exit 1 naming the first entry changed or removed
    python -m geo.audit log [--limit N] [--json]
    python -m geo.audit history --plan ID --measure N [--json]

Removing the newest entries cannot be told from a shorter history by the chain alone: `verify` prints the
number of entries and the last hash, for the operator to note down elsewhere and compare.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from geo.store import audit
from geo.store.cli import OneLineParser, fail
from geo.store.engine import StoreUnavailable


def _parser() -> OneLineParser:
    parser = OneLineParser(prog="python -m geo.audit", description="The audit trail.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    sub.add_parser("verify", help="check that no entry was changed or removed")
    log = sub.add_parser("log", help="the newest entries")
    log.add_argument("--limit", type=int, default=50)
    log.add_argument("--json", action="store_true")
    hist = sub.add_parser("history", help="who changed what of one measure")
    hist.add_argument("--plan", type=int, required=True)
    hist.add_argument("--measure", type=int, required=True)
    hist.add_argument("--json", action="store_true")
    return parser


def _print(rows: list[audit.HistoryRow], as_json: bool) -> None:
    if as_json:
        print(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2))
        return
    for r in rows:
        change = f"{json.dumps(r.before, ensure_ascii=False)} -> {json.dumps(r.after, ensure_ascii=False)}"
        print(f"{r.id}\t{r.at}\t{r.actor}\t{r.action}\t{r.entity_id}\t{change}")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "verify":
            count, finding = audit.verify()
            if finding is not None:
                print(f"audit trail BROKEN: {finding.message()}", file=sys.stderr)
                return 1
            last = audit.entries(limit=1)
            tail = f"; last entry {last[0].id}, hash {audit.last_hash()}" if last else ""
            print(f"audit trail intact: {count} entries{tail}")
        elif args.command == "log":
            _print(audit.entries(limit=args.limit), args.json)
        else:
            _print(audit.measure_history(args.plan, args.measure), args.json)
    except StoreUnavailable as exc:
        return fail(exc)
    return 0


if __name__ == "__main__":
    sys.exit(main())

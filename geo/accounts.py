"""`python -m geo.accounts`: the accounts of the people who write into the app (DATABASE_URL).

    python -m geo.accounts add USER --role ROLE [--department NAME] --password-stdin
    python -m geo.accounts list [--json]
    python -m geo.accounts disable USER
    python -m geo.accounts enable USER
    python -m geo.accounts reset-password USER --password-stdin

Roles: admin, reviewer, reporter (needs --department), viewer. The department is looked up in the department
registry (data/departments.json): an official name, an alias or a former name reaches the same department, and
the account stores its current name. The password is read from the first line of standard input and stored as
an Argon2 hash only. The command acts as the server operator (see geo.store.service); every change is in the
audit trail. Bad input: one line on stderr, exit code 2, nothing written.
"""

from __future__ import annotations

import json
import sys

from geo.store import accounts, service
from geo.store.cli import OneLineParser, fail, read_password
from geo.store.engine import StoreUnavailable
from geo.store.models import ROLES


def _parser() -> OneLineParser:
    parser = OneLineParser(prog="python -m geo.accounts", description="Accounts, roles and departments.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    add = sub.add_parser("add", help="create an account")
    add.add_argument("user")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--department", help="the reporter's department (any name the registry knows)")
    add.add_argument("--password-stdin", action="store_true", required=True, help="read the password from stdin")
    lst = sub.add_parser("list", help="every account with its role and department")
    lst.add_argument("--json", action="store_true")
    for name, text in (("disable", "the account can do nothing from its next request on"), ("enable", "undo disable")):
        sub.add_parser(name, help=text).add_argument("user")
    reset = sub.add_parser("reset-password", help="set a new password")
    reset.add_argument("user")
    reset.add_argument("--password-stdin", action="store_true", required=True)
    return parser


def _line(info: accounts.AccountInfo) -> str:
    state = "disabled" if info.disabled else "active"
    return f"{info.username}\t{info.role}\t{info.department or '-'}\t{state}"


def _run(args) -> None:
    from geo.db import upgrade_and_seed

    upgrade_and_seed()
    if args.command == "add":
        password = read_password()
        info = service.add_account(service.OPERATOR, args.user, args.role, password, department=args.department)
        print(f"added {_line(info)}")
    elif args.command == "list":
        infos = accounts.list_accounts()
        if args.json:
            print(json.dumps([i.to_json() for i in infos], ensure_ascii=False, indent=2))
        else:
            for info in infos:
                print(_line(info))
    elif args.command in ("disable", "enable"):
        info = service.set_disabled(service.OPERATOR, args.user, args.command == "disable")
        print(_line(info))
    elif args.command == "reset-password":
        info = service.reset_password(service.OPERATOR, args.user, read_password())
        print(f"password reset for {info.username}")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        _run(args)
    except (accounts.AccountError, service.Forbidden, StoreUnavailable) as exc:
        return fail(exc)
    return 0


if __name__ == "__main__":
    sys.exit(main())

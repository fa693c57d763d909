"""Accounts: Argon2 password hashes, the department a reporter writes for, and logging in with a lock-out.

Reading and checking only; creating, disabling and resetting accounts are writes and go through
geo.store.service (role check + audit entry). Login attempts are recorded here: they are the lock-out's
memory, not changes to an account. No password ever leaves this module, in any form but an Argon2 hash.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from geo.ingest import departments
from geo.store.engine import session_scope
from geo.store.models import ROLES, Account, LoginAttempt

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MAX_FAILURES = 5
FAILURE_WINDOW = dt.timedelta(minutes=15)
LOCK_TIME = dt.timedelta(minutes=15)
MIN_PASSWORD = 8
LOGIN_FAILED = "wrong user name or password, or too many attempts: try again later"  # one message for every case

# Argon2id with the library's defaults (RFC 9106 low-memory profile). GEO_ARGON2=fast: a 1 MiB, one-pass
# profile for test runs on a shared machine; a stored hash names its parameters, so either verifies the other's.
ARGON2_ENV = "GEO_ARGON2"


@lru_cache(maxsize=2)
def _hasher_for(profile: str) -> tuple[PasswordHasher, str]:
    # Imported here: every page imports this module (the sign-in box), but only a login or an account write hashes.
    from argon2 import PasswordHasher, Type

    if profile == "fast":
        hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, type=Type.ID)
    else:
        hasher = PasswordHasher()
    return hasher, hasher.hash("no such account")  # unknown names cost the same work as known ones


def _hasher() -> PasswordHasher:
    return _hasher_for(os.environ.get(ARGON2_ENV, ""))[0]


def _dummy_hash() -> str:
    return _hasher_for(os.environ.get(ARGON2_ENV, ""))[1]


class AccountError(ValueError):
    """Input the operator can fix (unknown role or department, short password, unknown user): one line."""


class LoginFailed(Exception):
    """A login that did not succeed; its text never says why (unknown user, wrong password, locked, disabled)."""

    def __init__(self) -> None:
        super().__init__(LOGIN_FAILED)


@dataclass(frozen=True)
class AccountInfo:
    username: str
    role: str
    department: str | None
    disabled: bool

    def to_json(self) -> dict:
        return asdict(self)


def info(account: Account) -> AccountInfo:
    return AccountInfo(account.username, account.role, account.department, account.disabled)


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
    return _hasher().hash(password)


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r} ({', '.join(ROLES)})")
    return role


def resolve_department(name: str) -> str:
    """The registry's current name for NAME: official names, aliases and former names reach the same department."""
    if not departments.is_known(name):
        raise AccountError(f"unknown department {name.strip()!r} (not in data/departments.json)")
    return departments.current_name(name)


def check_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > 100 or any(c.isspace() for c in name):
        raise AccountError(f"not a user name: {username!r} (1-100 characters, no spaces)")
    return name


def get_account(username: str, *, url: str | None = None) -> AccountInfo | None:
    with session_scope(url) as session:
        account = session.scalar(select(Account).where(Account.username == username))
        return None if account is None else info(account)


def list_accounts(*, url: str | None = None) -> list[AccountInfo]:
    with session_scope(url) as session:
        return [info(a) for a in session.scalars(select(Account).order_by(Account.username))]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)  # SQLite gives naive datetimes back


def locked_until(username: str, *, now: dt.datetime | None = None, url: str | None = None) -> dt.datetime | None:
    """When NAME's lock ends: MAX_FAILURES failures since its last success within FAILURE_WINDOW lock it for
    LOCK_TIME after the last of them; None when it is not locked."""
    now = now or _now()
    with session_scope(url) as session:
        last_ok = session.scalar(
            select(func.max(LoginAttempt.at)).where(LoginAttempt.username == username, LoginAttempt.ok.is_(True))
        )
        query = select(LoginAttempt.at).where(
            LoginAttempt.username == username,
            LoginAttempt.ok.is_(False),
            LoginAttempt.at > now - LOCK_TIME - FAILURE_WINDOW,
        )
        if last_ok is not None:
            query = query.where(LoginAttempt.at > last_ok)
        failures = sorted(_aware(at) for at in session.scalars(query))
    for k in range(len(failures) - MAX_FAILURES + 1):
        first, fifth = failures[k], failures[k + MAX_FAILURES - 1]
        if fifth - first <= FAILURE_WINDOW and fifth + LOCK_TIME > now:
            return fifth + LOCK_TIME
    return None


def authenticate(
    username: str, password: str, *, now: dt.datetime | None = None, url: str | None = None
) -> AccountInfo:
    """The account for USERNAME and PASSWORD, or LoginFailed (same message and the same work for every reason).
    Attempts while locked are refused without checking the password and without extending the lock."""
    now = now or _now()
    name = username.strip()
    if locked_until(name, now=now, url=url) is not None:
        _hasher_verify(_dummy_hash(), password)
        raise LoginFailed()
    with session_scope(url, write=True) as session:
        account = session.scalar(select(Account).where(Account.username == name))
        stored = account.password_hash if account is not None and account.password_hash else _dummy_hash()
        ok = _hasher_verify(stored, password) and account is not None and bool(account.password_hash)
        ok = ok and not account.disabled
        session.add(LoginAttempt(username=name[:100], at=now, ok=ok))
        if ok:
            return info(account)
    raise LoginFailed()


def _hasher_verify(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False

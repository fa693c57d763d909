"""How people sign in: the settings (idle time, anonymous reading, single sign-on) and the mapping from a
single-sign-on identity to an account.

Settings come from the server's environment, or from the ``[geo_auth]`` section of .streamlit/secrets.toml
(the app passes it in); the environment wins:

- GEO_SESSION_IDLE_MINUTES / idle_minutes: a login ends after this much idle time (default 30);
- GEO_ANONYMOUS_READ / anonymous_read: visitors without a login read the map and the briefing (default on);
- GEO_TRUSTED_HEADER / trusted_header: behind a reverse proxy that authenticates, the request header naming
  the user (e.g. X-Forwarded-User); off by default: without such a proxy, anyone could send that header;
- GEO_SSO_WITHOUT_ACCOUNT / sso_without_account: an identity with no (enabled) account gets "read" (read-only,
  the default) or "none" (no access).

OpenID Connect itself is Streamlit's (st.login with the [auth] section of secrets.toml); this module only maps
the identity it returns (the e-mail, else the subject) to an account name.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from geo.store import service

ENV = {
    "idle_minutes": "GEO_SESSION_IDLE_MINUTES",
    "anonymous_read": "GEO_ANONYMOUS_READ",
    "trusted_header": "GEO_TRUSTED_HEADER",
    "sso_without_account": "GEO_SSO_WITHOUT_ACCOUNT",
}
WITHOUT_ACCOUNT = ("read", "none")


class SettingError(ValueError):
    pass


@dataclass(frozen=True)
class SignInSettings:
    idle_minutes: float = 30
    anonymous_read: bool = True
    trusted_header: str | None = None
    sso_without_account: str = "read"


def _flag(value: object, name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise SettingError(f"{name}: not on or off: {value!r}")


def load_settings(secrets: Mapping | None = None, environ: Mapping[str, str] | None = None) -> SignInSettings:
    """The settings from SECRETS (the [geo_auth] section) overridden by ENVIRON (default: os.environ)."""
    environ = os.environ if environ is None else environ
    raw = {k: v for k, v in (secrets or {}).items() if k in ENV}
    raw.update({k: environ[var] for k, var in ENV.items() if var in environ})
    defaults = SignInSettings()
    try:
        idle = float(raw.get("idle_minutes", defaults.idle_minutes))
    except (TypeError, ValueError):
        raise SettingError(f"idle_minutes: not a number: {raw.get('idle_minutes')!r}") from None
    if idle <= 0:
        raise SettingError(f"idle_minutes must be more than 0, not {idle:g}")
    without = str(raw.get("sso_without_account", defaults.sso_without_account)).strip().lower()
    if without not in WITHOUT_ACCOUNT:
        raise SettingError(f"sso_without_account: {without!r} is not one of {', '.join(WITHOUT_ACCOUNT)}")
    header = str(raw.get("trusted_header") or "").strip() or None
    return SignInSettings(
        idle_minutes=idle,
        anonymous_read=_flag(raw.get("anonymous_read", defaults.anonymous_read), "anonymous_read"),
        trusted_header=header,
        sso_without_account=without,
    )


@dataclass(frozen=True)
class SsoResult:
    """Who a single-sign-on identity is here: an account's actor, read-only, or no access."""

    actor: service.Actor | None  # None: no account
    access: str  # "write" (an account: its role decides), "read" or "none"
    identity: str


def map_identity(identity: str | None, settings: SignInSettings, *, url: str | None = None) -> SsoResult | None:
    """The account whose user name is IDENTITY (an e-mail or a login name, compared without case around it);
    None when there is no identity at all (not signed in)."""
    if identity is None or not identity.strip():
        return None
    name = identity.strip()
    actor = service.actor_for(name, url=url) or service.actor_for(name.lower(), url=url)
    if actor is not None:
        return SsoResult(actor, "write", name)
    return SsoResult(None, settings.sso_without_account, name)

"""Who is using the app: the login form and logout button in the sidebar, single sign-on, idle expiry.

Every rerun asks the database again whether the account exists and is enabled, so a disabled account can do
nothing from its next request on; a login left idle longer than the setting (30 minutes by default) ends.
Writes never trust this module: geo.store.service checks the account again inside each write.
The login form says the same thing for an unknown user, a wrong password, a locked or a disabled account.
"""

from __future__ import annotations

import time

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit.errors import StreamlitSecretNotFoundError

from geo.i18n import t
from geo.ingest.departments import short_name
from geo.store import accounts, service, sign_in
from geo.store.engine import StoreUnavailable
from ui.text import md_escape

K_USER = "auth_user"  # the account name of a password login
K_SEEN = "auth_seen"  # time.time() of the login's last rerun
K_NOTICE = "auth_notice"  # i18n key of a message for the next rerun (expired, disabled, failed)
K_NAME = "auth_username"
K_PASSWORD = "auth_password"
SECRETS_SECTION = "geo_auth"


def _secrets_section(name: str) -> dict:
    try:
        return dict(st.secrets.get(name) or {})
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        return {}


def settings() -> sign_in.SignInSettings:
    return sign_in.load_settings(_secrets_section(SECRETS_SECTION))


def oidc_configured() -> bool:
    return bool(_secrets_section("auth"))


def _drop(notice: str | None = None) -> None:
    st.session_state.pop(K_USER, None)
    st.session_state.pop(K_SEEN, None)
    if notice:
        st.session_state[K_NOTICE] = notice


def _from_sso(result: sign_in.SsoResult | None) -> service.Actor | None:
    if result is None:
        return None
    if result.actor is not None:
        return result.actor
    if result.access == "none":
        st.error(t("auth_no_account", "zh"), icon=":material/block:")
        st.stop()
    return service.Actor(result.identity, None, None, "anonymous")  # read-only: the service refuses its writes


def current_actor(config: sign_in.SignInSettings | None = None) -> service.Actor | None:
    """The signed-in actor of this rerun, or None (anonymous)."""
    config = config or settings()
    try:
        if config.trusted_header:  # only behind a proxy that sets it: see geo.store.sign_in
            return _from_sso(sign_in.map_identity(st.context.headers.get(config.trusted_header), config))
        if oidc_configured() and st.user.is_logged_in:
            identity = st.user.get("email") or st.user.get("sub")
            return _from_sso(sign_in.map_identity(identity, config))
        username = st.session_state.get(K_USER)
        if not username:
            return None
        if time.time() - float(st.session_state.get(K_SEEN, 0)) > config.idle_minutes * 60:
            _drop("auth_expired")
            return None
        actor = service.actor_for(username)
    except (StoreUnavailable, SQLAlchemyError):
        return None  # no database: nobody can write anyway; the page says the database is unreachable
    if actor is None:
        _drop("auth_inactive")
        return None
    st.session_state[K_SEEN] = time.time()
    return actor


def _login() -> None:
    name = str(st.session_state.get(K_NAME, "")).strip()
    password = str(st.session_state.get(K_PASSWORD, ""))
    st.session_state[K_PASSWORD] = ""  # never kept in the session
    try:
        found = accounts.authenticate(name, password)
    except accounts.LoginFailed:
        st.session_state[K_NOTICE] = "auth_failed"
        return
    except (StoreUnavailable, SQLAlchemyError):
        st.session_state[K_NOTICE] = "auth_unavailable"
        return
    st.session_state[K_USER] = found.username
    st.session_state[K_SEEN] = time.time()


def logout() -> None:
    _drop()


def who(actor: service.Actor, lang: str) -> str:
    role = t(f"role_{actor.role}", lang) if actor.role else t("role_readonly", lang)
    where = f"{t('colon', lang)}{md_escape(short_name(actor.department))}" if actor.department else ""
    return t("auth_signed_in", lang).format(user=md_escape(actor.username), role=role + where)


def render_sidebar(lang: str) -> service.Actor | None:
    """The sign-in area of the sidebar; stops the page when reading needs a login and nobody is signed in."""
    config = settings()
    actor = current_actor(config)
    with st.sidebar, st.container(key="auth_box"):
        notice = st.session_state.pop(K_NOTICE, None)
        if notice:
            (st.error if notice == "auth_failed" else st.warning)(t(notice, lang))
        if actor is not None:
            st.caption(who(actor, lang))
            if oidc_configured() and st.user.is_logged_in:
                st.button(t("auth_logout", lang), key="auth_logout", on_click=st.logout)
            elif actor.kind == "account" and not config.trusted_header:
                st.button(t("auth_logout", lang), key="auth_logout", on_click=logout)
        elif not config.trusted_header:
            with st.form("auth_login", border=False):
                st.text_input(t("auth_username", lang), key=K_NAME)
                st.text_input(t("auth_password", lang), key=K_PASSWORD, type="password")
                st.form_submit_button(t("auth_login", lang), on_click=_login)
            if oidc_configured():
                st.button(t("auth_sso", lang), key="auth_sso", on_click=st.login)
    if actor is None and not config.anonymous_read:
        st.info(t("auth_required", lang), icon=":material/lock:")
        st.stop()
    return actor

"""Single sign-on: the settings, and the mapping from an identity (OIDC e-mail or a proxy's user header) to an
account, on SQLite and PostgreSQL. The OIDC exchange itself (st.login against a provider) is not tested here."""

from __future__ import annotations

import pytest
from accounts_support import PASSWORD, fast_hashes  # noqa: F401 (an autouse fixture)

from geo.store import service, sign_in


def test_defaults_secrets_and_the_environment():
    assert sign_in.load_settings({}, {}) == sign_in.SignInSettings(30, True, None, "read")
    secrets = {"idle_minutes": 10, "anonymous_read": False, "trusted_header": "X-Forwarded-User"}
    assert sign_in.load_settings(secrets, {}) == sign_in.SignInSettings(10, False, "X-Forwarded-User", "read")
    env = {"GEO_SESSION_IDLE_MINUTES": "45", "GEO_SSO_WITHOUT_ACCOUNT": "none", "GEO_ANONYMOUS_READ": "on"}
    assert sign_in.load_settings(secrets, env) == sign_in.SignInSettings(45, True, "X-Forwarded-User", "none")


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"GEO_SESSION_IDLE_MINUTES": "soon"}, "not a number"),
        ({"GEO_SESSION_IDLE_MINUTES": "0"}, "more than 0"),
        ({"GEO_ANONYMOUS_READ": "maybe"}, "not on or off"),
        ({"GEO_SSO_WITHOUT_ACCOUNT": "write"}, "is not one of read, none"),
    ],
)
def test_a_bad_setting_is_one_clear_line(env, words):
    with pytest.raises(sign_in.SettingError, match=words):
        sign_in.load_settings({}, env)


def test_an_identity_maps_to_its_account_with_role_and_department(upgraded):
    service.add_account(service.OPERATOR, "li.ming@edu.gd.gov.cn", "reporter", PASSWORD, department="省教育厅")
    settings = sign_in.load_settings({}, {})
    found = sign_in.map_identity(" Li.Ming@edu.gd.gov.cn ".lower(), settings)
    assert found.access == "write" and (found.actor.role, found.actor.department) == ("reporter", "省教育厅")
    assert sign_in.map_identity(None, settings) is None and sign_in.map_identity("  ", settings) is None


@pytest.mark.parametrize("without", ["read", "none"])
def test_an_identity_without_an_enabled_account_gets_read_only_or_nothing(upgraded, without):
    settings = sign_in.SignInSettings(sso_without_account=without)
    service.add_account(service.OPERATOR, "gone@gd.gov.cn", "admin", PASSWORD)
    service.set_disabled(service.OPERATOR, "gone@gd.gov.cn")
    for identity in ("stranger@example.org", "gone@gd.gov.cn"):
        found = sign_in.map_identity(identity, settings)
        assert (found.actor, found.access, found.identity) == (None, without, identity)
    reader = service.Actor("stranger@example.org", None, None, "anonymous")  # what ui.auth makes of "read"
    with pytest.raises(service.Forbidden, match="writing needs a login"):
        service.update_assignment(reader, 1, note="x")

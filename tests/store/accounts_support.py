"""What the account tests share: one password, and cheap Argon2 parameters for the test run."""

from __future__ import annotations

import pytest

from geo.store import accounts

PASSWORD = "correct horse 1"


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch):
    """Argon2id with 1 MiB and one pass: the same code path, affordable on a shared test machine."""
    monkeypatch.setenv(accounts.ARGON2_ENV, "fast")

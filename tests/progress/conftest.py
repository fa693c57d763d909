"""The progress tests run on SQLite and PostgreSQL with the database fixtures (tests/db_fixtures.py), on the
seed plan with a quarterly reporting cycle from 2026-01-01 and one account per role (progress_support.world)."""

from progress_support import small, world  # noqa: F401 (fixtures)

from tests.store.accounts_support import fast_hashes  # noqa: F401 (an autouse fixture)

"""Migration 0005 (the snapshot's covering index) goes up and down on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect

from geo.store.engine import WRITE_OPTION, get_engine
from geo.store.migrate import alembic_config, current_revision, upgrade

INDEX = "ix_progress_reports_snapshot"


def _indexes(url: str) -> set[str]:
    return {ix["name"] for ix in inspect(get_engine(url)).get_indexes("progress_reports")}


def _downgrade(url: str, revision: str) -> None:
    config = alembic_config(url)
    with get_engine(url).execution_options(**{WRITE_OPTION: True}).connect() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
        conn.commit()


def test_the_snapshot_index_comes_with_0005_and_goes_with_its_downgrade(db_url):
    upgrade(db_url)
    assert INDEX in _indexes(db_url)
    _downgrade(db_url, "0004")
    assert current_revision(db_url) == "0004"
    assert INDEX not in _indexes(db_url)
    assert "ix_progress_reports_assignment_id" in _indexes(db_url)  # 0003's own indexes stay
    upgrade(db_url)
    assert current_revision(db_url) == "0005"
    assert INDEX in _indexes(db_url)

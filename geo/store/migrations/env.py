"""Alembic environment: the URL and connection come from geo.store (never from an alembic.ini).

Each migration runs in one transaction (SQLite and PostgreSQL both have transactional DDL), so one that fails
halfway leaves the schema as it was.
"""

from __future__ import annotations

from alembic import context

from geo.store.engine import WRITE_OPTION, get_engine
from geo.store.models import Base

config = context.config
connection = config.attributes.get("connection")


def _run(conn) -> None:
    context.configure(
        connection=conn,
        target_metadata=Base.metadata,
        transaction_per_migration=True,
        render_as_batch=conn.dialect.name == "sqlite",  # SQLite alters tables by copying them
    )
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:
    with (
        get_engine(config.get_main_option("sqlalchemy.url")).execution_options(**{WRITE_OPTION: True}).connect() as conn
    ):
        _run(conn)
        conn.commit()

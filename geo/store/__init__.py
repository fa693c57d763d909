"""Plans in a database: SQLite by default (var/app.sqlite3), PostgreSQL through DATABASE_URL.

engine.py connects, models.py holds the tables, migrate.py runs the Alembic migrations kept in migrations/,
plans.py is the one service layer every write goes through (the CLIs and the app only call it).
"""

#!/usr/bin/env bash
# Set up (system packages + venv) and start the app on http://localhost:${PORT:-8501}. Works offline once set up.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m geo.db upgrade  # create or migrate the plans database (DATABASE_URL, default var/app.sqlite3)
exec .venv/bin/streamlit run app.py --server.port "${PORT:-8501}" --server.headless true "$@"

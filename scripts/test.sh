#!/usr/bin/env bash
# Set up (system packages + venv) and run every check: lint, unit, AppTest and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
mkdir -p artifacts
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"

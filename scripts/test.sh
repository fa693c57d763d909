#!/usr/bin/env bash
# Set up (system packages + venv) and run every check: lint, unit, AppTest and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
mkdir -p artifacts
# Three workers, each taking whole test files (module fixtures such as a file's Streamlit server start once): most
# browser-test time is waiting for Streamlit and Chromium, so three overlap well on two cores. TEST_WORKERS=0 runs
# the suite in this process (serial); -rR names any browser test that needed its rerun.
workers=${TEST_WORKERS:-3}
args=(-q -rR -p no:cacheprovider)
if [ "$workers" != "0" ]; then
  args+=(-n "$workers" --dist loadfile)
fi
exec .venv/bin/python -m pytest "${args[@]}" "$@"

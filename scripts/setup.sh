#!/usr/bin/env bash
# Sets up everything the app and the tests need on a fresh Debian machine:
# system packages (Chromium for browser tests, Noto CJK + WenQuanYi fonts for Chinese glyphs, PostgreSQL for the
# store's tests, HAProxy for scripts/cluster.sh) and a venv.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
# grep -c reads all of fc-list's output: grep -q would exit early and, under pipefail, fail the pipe (SIGPIPE).
fc-list 2>/dev/null | grep -c "Noto Sans CJK" >/dev/null || need_apt+=(fonts-noto-cjk)
# TrueType-outline CJK font for PDF exports (Noto CJK is CFF, which matplotlib cannot embed as Type 42).
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need_apt+=(fonts-wqy-microhei)
command -v fc-list >/dev/null || need_apt+=(fontconfig)
command -v pdftoppm >/dev/null || need_apt+=(poppler-utils)
# PostgreSQL binaries for the store's tests (tests/store start a throwaway server; none needs to be running).
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need_apt+=(postgresql)
# HAProxy for the many-users topology (scripts/cluster.sh: sticky sessions in front of the app replicas).
command -v haproxy >/dev/null || need_apt+=(haproxy)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.requirements.sha
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements.txt
  echo "$want" > "$stamp"
fi

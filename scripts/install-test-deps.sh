#!/usr/bin/env bash
# What `make test` needs beyond Python packages: a PostgreSQL server, Chromium, fonts with Arabic
# and Ethiopic script, Node.js and npm for axe-core. Installed with apt-get when running as root
# on Debian/Ubuntu; elsewhere, what is missing is listed (and CI fails on it).
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null \
  || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Not `fc-list | grep -q`: with pipefail, grep -q leaving early makes fc-list die of SIGPIPE and
# the check fail even when the fonts are there.
fonts=$(fc-list 2>/dev/null || true)
grep -qi "arabic" <<<"$fonts" || missing+=(fonts-noto-core)
grep -qi "ethiopic" <<<"$fonts" || missing+=(fonts-noto-extra)
command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing ${missing[*]} with apt-get…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null
  else
    echo "Missing system packages: ${missing[*]}" >&2
    echo "Install them (Debian: sudo apt-get install ${missing[*]}) and run make test again." >&2
    exit 1
  fi
fi
if [ ! -f node_modules/axe-core/axe.min.js ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

#!/usr/bin/env bash
# The demo server and the background task worker together; Ctrl-C stops both.
set -euo pipefail
PY=${PY:-.venv/bin/python}
export PERMANENCE_DEMO=${PERMANENCE_DEMO:-1}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

"$PY" manage.py db_worker --queue-name '*' --interval 1 --no-reload &
worker=$!
cleanup() { kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

cat <<BANNER

  Permanence (démonstration) : http://$HOST:$PORT/
  Comptes de démonstration, mot de passe « demo-permanence » :
BANNER
"$PY" manage.py shell -c "from permanence.demo.accounts import ACCOUNTS
for email, _, slug, role in ACCOUNTS: print(f'    {email:34} {role.label} — {slug}')"
echo "  Ctrl-C pour arrêter le serveur et le worker."
echo
"$PY" manage.py runserver "$HOST:$PORT"

#!/usr/bin/env bash
# Print the path of a Python >= 3.12: on PATH first, then under pyenv's versions folder, then
# (last resort, needs network) a Python fetched by uv. Exits 1 with advice when none is found.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
for candidate in python3.13 python3.12 python3 python; do
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if ok "$path"; then echo "$path"; exit 0; fi
done
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
for path in $(ls -d "$pyenv_root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do
  if ok "$path"; then echo "$path"; exit 0; fi
done
if command -v uv >/dev/null 2>&1 && uv python install 3.12 >&2; then
  uv python find 3.12 && exit 0
fi
echo "No Python >= 3.12 found. Install one (pyenv install 3.12, or your system's python3.12)" >&2
echo "and run make again." >&2
exit 1

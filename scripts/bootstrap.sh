#!/usr/bin/env bash
# Create .venv with a Python 3.12+ interpreter and install the pinned, hashed dependencies.
# Usage: scripts/bootstrap.sh [runtime|dev]. Does nothing when the lock file has not changed.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-runtime}
lock=requirements.lock
[ "$kind" = dev ] && lock=requirements-dev.lock

find_python() {
  local candidates=("${PYTHON:-}" python3.13 python3.12)
  for dir in /root/.pyenv/versions/3.13* /root/.pyenv/versions/3.12* "$HOME"/.pyenv/versions/3.13* "$HOME"/.pyenv/versions/3.12*; do
    [ -x "$dir/bin/python" ] && candidates+=("$dir/bin/python")
  done
  candidates+=(python3 python)
  for py in "${candidates[@]}"; do
    [ -n "$py" ] || continue
    command -v "$py" >/dev/null 2>&1 || [ -x "$py" ] || continue
    if "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      echo "$py"; return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
  py=$(find_python) || { echo "Samhandling needs Python 3.12 or newer; none was found (set PYTHON=/path/to/python3.12)." >&2; exit 1; }
  echo "Creating .venv with $py ($("$py" --version))"
  rm -rf .venv
  "$py" -m venv .venv
fi

stamp=.venv/.installed-$kind
want=$(sha256sum "$lock" | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installing $lock into .venv"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r "$lock"
  echo "$want" > "$stamp"
fi

# Translations are compiled from the committed .po files (GNU gettext's msgfmt).
.venv/bin/python manage.py compilemessages --ignore=.venv --verbosity 0

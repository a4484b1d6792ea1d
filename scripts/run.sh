#!/usr/bin/env bash
# make run: install, migrate, load demo data, then serve the web app and the background worker.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh runtime
export PORT=${PORT:-8000}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings}
py=.venv/bin/python
$py manage.py migrate --noinput --verbosity 0
$py manage.py demo_data
$py manage.py collectstatic --noinput --verbosity 0

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "Stoppar Samhandling..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

$py manage.py worker &
pids+=($!)
.venv/bin/granian --interface wsgi --host 127.0.0.1 --port "$PORT" --workers 1 --blocking-threads 4 \
  --log-level warning config.wsgi:application &
pids+=($!)

$py scripts/wait_http.py "http://127.0.0.1:$PORT/healthz" 60
echo
echo "Samhandling kör på http://127.0.0.1:$PORT/  (Ctrl-C stoppar)"
$py manage.py demo_data --logins-only
wait -n "${pids[@]}"

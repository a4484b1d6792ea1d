#!/usr/bin/env bash
# make run: install, migrate, load demo data, then serve the web app and the background worker.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh runtime
export PORT=${PORT:-8000}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings}
# No mail server runs with the demo: mail (receipts, reminders) is written to var/mail/.
export EMAIL_BACKEND=${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}
py=.venv/bin/python
$py manage.py migrate --noinput --verbosity 0
$py manage.py demo_data
$py manage.py collectstatic --noinput --verbosity 0

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "Stoppar Samhandling..."
  if [ "${1:-}" = INT ]; then
    # Ctrl-C reached the children too (same process group): let them finish on their own first,
    # since a second signal makes the worker abandon its current task.
    for _ in $(seq 50); do
      alive=0
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      [ "$alive" = 0 ] && break
      sleep 0.1
    done
  fi
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap 'stop INT' INT
trap 'stop TERM' TERM
trap 'stop EXIT' EXIT

$py manage.py worker &
pids+=($!)
.venv/bin/granian --interface wsgi --host 127.0.0.1 --port "$PORT" --workers 1 --blocking-threads 4 \
  --log-level warning config.wsgi:application &
pids+=($!)

$py scripts/wait_http.py "http://127.0.0.1:$PORT/healthz" 60
echo
echo "Samhandling kör på http://127.0.0.1:$PORT/  (Ctrl-C stoppar)"
echo "E-post från demon (kvitton, påminnelser) sparas som filer i var/mail/."
$py manage.py demo_data --logins-only
wait -n "${pids[@]}"

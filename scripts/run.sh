#!/usr/bin/env bash
# make run: install, migrate, load demo data, then serve the web app and the background worker.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh runtime
export PORT=${PORT:-8000}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings}
# No mail server runs with the demo: mail (receipts, reminders) is written to var/mail/.
export EMAIL_BACKEND=${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}
# One web process per core (granian's workers); their Prometheus counters meet in one folder.
WEB_WORKERS=${WEB_WORKERS:-$(nproc 2>/dev/null || echo 2)}
export PROMETHEUS_MULTIPROC_DIR=${PROMETHEUS_MULTIPROC_DIR:-$PWD/var/prometheus}
rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
WORKER_PIDFILE=${WORKER_PIDFILE:-$PWD/var/worker.pid}
py=.venv/bin/python
$py manage.py migrate --noinput --verbosity 0
$py manage.py demo_data
$py manage.py collectstatic --noinput --verbosity 0

stop() {
  trap - INT TERM EXIT
  echo; echo "Stoppar Samhandling..."
  # The web server runs in a session of its own, so it gets exactly one signal, from here.
  kill -INT "$web_pid" 2>/dev/null || true
  # On Ctrl-C the worker's supervisor got SIGINT from the terminal already and passes it on
  # once; it is only told to stop when the signal came from elsewhere.
  [ "${1:-}" = INT ] || kill -TERM "$worker_pid" 2>/dev/null || true
  for _ in $(seq 150); do
    kill -0 "$web_pid" 2>/dev/null || kill -0 "$worker_pid" 2>/dev/null || break
    sleep 0.1
  done
  # Whatever has not stopped within 15 seconds is stopped hard.
  kill -KILL -- "-$web_pid" 2>/dev/null || true
  kill -KILL "$worker_pid" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap 'stop INT' INT
trap 'stop TERM' TERM
trap 'stop EXIT' EXIT

# The worker runs under a supervisor that restarts it with back-off: its death never stops
# the web server, and /healthz says so (503) until it is back.
$py scripts/supervise.py --pidfile "$WORKER_PIDFILE" -- $py manage.py worker &
worker_pid=$!
setsid .venv/bin/granian --interface wsgi --host 127.0.0.1 --port "$PORT" --workers "$WEB_WORKERS" \
  --blocking-threads 1 --backpressure 32 --log-level warning config.wsgi:application &
web_pid=$!

$py scripts/wait_http.py "http://127.0.0.1:$PORT/healthz" 60
echo
echo "Samhandling kör på http://127.0.0.1:$PORT/  (Ctrl-C stoppar)"
echo "E-post från demon (kvitton, påminnelser) sparas som filer i var/mail/."
$py manage.py demo_data --logins-only
# Only the web server's end ends `make run`; the worker is the supervisor's business.
wait "$web_pid"

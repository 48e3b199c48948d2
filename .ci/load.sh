#!/usr/bin/env bash
# `make load`: deadline day against gunicorn (gunicorn.conf.py) on a throwaway PostgreSQL, on
# loopback, driven by Locust beside it (headless, bounded in time, stops by itself).
# By default, the stepped mode: the machine's floor first (the health check, nobody pausing), then
# the crowd grows step by step (tests/load/steps.py) until p95 passes 500 ms or errors and busy
# pages pass 0.1%, and one step beyond; the capacity and every step are recorded in
# docs/benchmarks.md. With LOAD_USERS set, a fixed crowd instead, first on one app server, then
# spread over two sharing the database. Either way it then checks, by the token each save carried,
# that every save the portal confirmed is in the database and nothing is half-saved.
# Knobs: LOAD_USERS (fixed mode: 300 officers, 40 councillors, the rest the public), LOAD_SPAWN_RATE
# (5 a second), LOAD_RUN_TIME (180s), LOAD_SERVERS ("1 2"); the steps' LOAD_STEP_FIRST (600),
# LOAD_STEP_USERS (100), LOAD_STEP_SECONDS (60), LOAD_STEP_HOLD (40); LOAD_WORKERS (gunicorn
# workers in all: gunicorn.conf.py's 2 a core), LOAD_THREADS (4).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${LOAD_DATABASE_READY:-}" ]; then
  export LOAD_DATABASE_READY=1
  exec .ci/with-postgres.sh "$0" "$@"
fi

USERS=${LOAD_USERS:-}
SPAWN_RATE=${LOAD_SPAWN_RATE:-5}
RUN_TIME=${LOAD_RUN_TIME:-180s}
WORKERS=${LOAD_WORKERS:-$(( 2 * $(nproc) ))}
THREADS=${LOAD_THREADS:-4}
SERVERS=${LOAD_SERVERS:-1 2}
PY=.venv/bin/python
work=$(mktemp -d /tmp/nps-load.XXXXXX)
pids=()
stop_servers() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  pids=()
}
trap 'stop_servers; rm -rf "$work"' EXIT

# A database of its own, named so that tests/load/seed_world.py agrees to run against it.
$PY - <<'EOF'
import os, psycopg2
connection = psycopg2.connect(os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres")
connection.autocommit = True
connection.cursor().execute("CREATE DATABASE nps_load")
EOF
export DATABASE_URL="${DATABASE_URL%/*}/nps_load"
# Production-like: DEBUG off, hashed static files, Secure cookies; no HTTPS redirect on loopback
# (Locust sends X-Forwarded-Proto: https as the TLS proxy would).
export DEBUG=false SECRET_KEY="$(head -c 48 /dev/urandom | base64)" SECURE_SSL_REDIRECT=false \
  ALLOWED_HOSTS=127.0.0.1,localhost STATIC_ROOT="$work/static" MEDIA_ROOT="$work/media" \
  REPORT_CACHE_DIR="$work/report-cache" \
  EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend LOG_LEVEL=ERROR \
  STRATEGIES_RESPONSES_PER_IP_PER_HOUR=1000000
export -n LOAD_DATABASE_READY

echo "== Seeding the load world =="
$PY manage.py migrate --no-input -v 0
$PY manage.py load_reference_data >/dev/null
DEBUG=true $PY manage.py seed_demo >/dev/null
$PY tests/load/seed_world.py --plan "$work/plan.json"
$PY manage.py collectstatic --no-input -v 0

free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

hosts=()
start_servers() {
  local count=$1 per=$(( WORKERS / $1 ))
  hosts=()
  for _ in $(seq "$count"); do
    local port; port=$(free_port)
    GUNICORN_BIND="127.0.0.1:$port" GUNICORN_WORKERS=$per GUNICORN_THREADS=$THREADS \
      .venv/bin/gunicorn --config gunicorn.conf.py npsportal.wsgi --log-level warning \
      >>"$work/gunicorn.log" 2>&1 &
    pids+=($!)
    hosts+=("http://127.0.0.1:$port")
  done
  for host in "${hosts[@]}"; do
    for _ in $(seq 100); do curl -sf "$host/healthz" >/dev/null && break; sleep 0.2; done
  done
  echo "== $count app server(s): ${hosts[*]} ($per workers x $THREADS threads each) =="
}

locust() {  # locust NAME ARGS...: a headless run against the servers started last
  local name=$1; shift
  LOAD_PLAN="$work/plan.json" LOAD_HOSTS=$(IFS=,; echo "${hosts[*]}") \
    timeout 3000 .venv/bin/locust -f tests/load/locustfile.py --headless --host "${hosts[0]}" \
    --stop-timeout 30 --csv "$work/stats-$name" --only-summary --loglevel WARNING "$@" \
    >"$work/locust-$name.log" 2>&1 || true
}

check_saved() {  # check_saved RECORD: nothing confirmed lost, nothing half-saved
  local failed=0
  $PY tests/load/verify_saved.py "$1" || failed=1
  if grep -q "Error\|Traceback" "$work/gunicorn.log"; then
    echo "gunicorn log:"; tail -n 30 "$work/gunicorn.log"
  fi
  return $failed
}

fixed() {
  local count=$1
  start_servers "$count"
  echo "== Deadline day, $USERS people =="
  : >"$work/saved-$count.jsonl"
  LOAD_RECORD="$work/saved-$count.jsonl" locust "$count" -u "$USERS" -r "$SPAWN_RATE" \
    --run-time "$RUN_TIME" Officer Councillor Public
  local failed=0
  echo "Load average before stopping: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
  $PY tests/load/table.py "$work/stats-${count}_stats.csv" "$work/locust-$count.log" || failed=1
  stop_servers
  check_saved "$work/saved-$count.jsonl" || failed=1
  return $failed
}

stepped() {
  start_servers 1
  echo "== The machine's floor: the health check, 50 people, nobody pausing, 30 s =="
  : >"$work/floor.jsonl"
  LOAD_RECORD="$work/floor.jsonl" locust floor -u 50 -r 50 --run-time 30s Floor
  $PY tests/load/table.py "$work/stats-floor_stats.csv" "$work/locust-floor.log" || true
  echo "== Deadline day in steps (each step's figures as it ends) =="
  : >"$work/saved-steps.jsonl"; : >"$work/steps.jsonl"
  LOAD_RECORD="$work/saved-steps.jsonl" LOAD_STEPS_RECORD="$work/steps.jsonl" \
    locust steps Officer Councillor Public
  cat "$work/steps.jsonl"
  local failed=0
  $PY tests/load/table.py "$work/stats-steps_stats.csv" "$work/locust-steps.log" || true
  stop_servers
  check_saved "$work/saved-steps.jsonl" | tee "$work/saved.txt" || failed=1
  $PY tests/load/record_capacity.py --floor "$work/stats-floor_stats.csv" \
    --steps "$work/steps.jsonl" --saved "$work/saved.txt" --workers "$WORKERS" \
    --threads "$THREADS" --doc docs/benchmarks.md || failed=1
  return $failed
}

status=0
if [ -n "$USERS" ]; then
  for count in $SERVERS; do fixed "$count" || status=1; done
else
  stepped || status=1
fi
exit $status

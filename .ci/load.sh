#!/usr/bin/env bash
# `make load`: deadline day against gunicorn on a throwaway PostgreSQL, on loopback, driven by Locust
# (headless, bounded in time, stops by itself), first on one app server, then spread over two
# app servers sharing the database. Prints requests per second, p50/p95/p99 per page and the errors,
# then checks that every save the portal confirmed is in the database.
# Knobs: LOAD_USERS (400: 300 officers, 40 councillors, the rest the public), LOAD_SPAWN_RATE (5 a
# second, so people arrive over 80 s), LOAD_RUN_TIME (180s), LOAD_WORKERS (4 gunicorn workers in
# all, 4 threads each), LOAD_SERVERS ("1 2").
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${LOAD_DATABASE_READY:-}" ]; then
  export LOAD_DATABASE_READY=1
  exec .ci/with-postgres.sh "$0" "$@"
fi

USERS=${LOAD_USERS:-400}
SPAWN_RATE=${LOAD_SPAWN_RATE:-5}
RUN_TIME=${LOAD_RUN_TIME:-180s}
WORKERS=${LOAD_WORKERS:-4}
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

run() {
  local count=$1 hosts=() per=$(( WORKERS / $1 ))
  for _ in $(seq "$count"); do
    local port; port=$(free_port)
    .venv/bin/gunicorn npsportal.wsgi --bind "127.0.0.1:$port" --workers "$per" \
      --worker-class gthread --threads 4 --log-level warning >>"$work/gunicorn.log" 2>&1 &
    pids+=($!)
    hosts+=("http://127.0.0.1:$port")
  done
  for host in "${hosts[@]}"; do
    for _ in $(seq 100); do curl -sf "$host/healthz" >/dev/null && break; sleep 0.2; done
  done
  echo "== Deadline day on $count app server(s): ${hosts[*]} ($per workers x 4 threads each) =="
  local record="$work/saved-$count.jsonl"
  : >"$record"
  LOAD_PLAN="$work/plan.json" LOAD_RECORD="$record" LOAD_HOSTS=$(IFS=,; echo "${hosts[*]}") \
    timeout 600 .venv/bin/locust -f tests/load/locustfile.py --headless --host "${hosts[0]}" \
    -u "$USERS" -r "$SPAWN_RATE" --run-time "$RUN_TIME" --stop-timeout 30 \
    --csv "$work/stats-$count" --only-summary --loglevel WARNING >"$work/locust-$count.log" 2>&1 || true
  local failed=0
  echo "Load average before stopping: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
  $PY tests/load/table.py "$work/stats-${count}_stats.csv" "$work/locust-$count.log" || failed=1
  stop_servers
  $PY tests/load/verify_saved.py "$record" || failed=1
  if grep -q "Error\|Traceback" "$work/gunicorn.log"; then
    echo "gunicorn log:"; tail -n 30 "$work/gunicorn.log"
  fi
  return $failed
}

status=0
for count in $SERVERS; do run "$count" || status=1; done
exit $status

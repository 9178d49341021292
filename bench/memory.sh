#!/usr/bin/env bash
# Resident memory of the running embedded stack: the app JVM, the Kafka broker, the registry and Postgres
# (postmaster and every backend). Uses PSS from /proc/<pid>/smaps_rollup, so Postgres' shared buffers are
# counted once rather than once per backend (for the JVMs PSS and RSS are the same). Run it right after
# bench/run-payments.sh, against the same app.
#
#   bench/memory.sh [DATA_DIR]       DATA_DIR defaults to ./data (STREAMGATE_DATA_DIR of the app)
#
# The app is the process listening on APP_URL's port (default http://127.0.0.1:8000), or APP_PID.
#
# Prints one line per process group and the total in MB; exits 1 when the total is over LIMIT_MB (1536). Appends the
# figures to bench/data/memory.csv as run CSV_RUN (default memory-<timestamp>; give it the payments run's id).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/bench/lib.sh"   # csv_init, csv_row

DATA_DIR="$(cd "${1:-${STREAMGATE_DATA_DIR:-./data}}" && pwd)"
LIMIT_MB="${LIMIT_MB:-1536}"

pss_kb() { # pid -> PSS in kB (0 if gone)
  awk '/^Pss:/ {print $2; found=1} END {if (!found) print 0}' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0
}
sum_kb() { local total=0 pid; for pid in "$@"; do total=$((total + $(pss_kb "$pid"))); done; echo "$total"; }

APP_URL="${APP_URL:-http://127.0.0.1:8000}"
app_port="${APP_URL##*:}"; app_port="${app_port%%/*}"
app_pids="${APP_PID:-$(ss -Hltnp "sport = :$app_port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)}"
kafka_pids=$(pgrep -f "streamgate.devstack.child=kafka-[0-9]+@$DATA_DIR" || true)
registry_pids=$(pgrep -f "streamgate.devstack.child=registry@$DATA_DIR" || true)
postmaster=$(pgrep -f "bin/postgres -D $DATA_DIR/postgres" | head -1 || true)
postgres_pids="$postmaster $( [[ -n "$postmaster" ]] && pgrep -P "$postmaster" || true)"

[[ -n "$kafka_pids$registry_pids$postmaster" ]] || { echo "memory: no embedded stack found under $DATA_DIR" >&2; exit 2; }

csv_init memory "${CSV_RUN:-memory-$(date -u +%Y%m%dT%H%M%SZ)}"
total=0
for part in app kafka registry postgres; do
  pids_var="${part}_pids"
  kb=$(sum_kb ${!pids_var})
  total=$((total + kb))
  csv_row resident_memory "$([[ $part == kafka ]] && echo broker || echo "$part")" "" $((kb / 1024)) MB
  printf '%-9s %6d MB   (pids %s)\n' "$part" $((kb / 1024)) "$(echo ${!pids_var} | tr '\n' ' ')"
done
printf '%-9s %6d MB   (limit %d MB)\n' total $((total / 1024)) "$LIMIT_MB"
(( total / 1024 <= LIMIT_MB ))

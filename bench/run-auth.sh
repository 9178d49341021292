#!/usr/bin/env bash
# What authentication costs (issue 21): POST /payments throughput of a payments-only Streamgate with authentication
# on (an API key from the jar's api-keys command, looked up through the key cache) ÷ the same jar with it off, in one
# run, on this machine only (loopback). Both instances run at once on the stack of a running development app, with
# the same JVM flags and the rate limit raised; after both are warmed up, their wrk runs alternate (off, on, off,
# on, ...) so that both see the same machine. Writes bench/results/auth-<timestamp>.md (bench/data holds
# only figures that have a chart; this one has none yet).
#
# Needs: the development run (README) on its embedded stack, the app jar (./mvnw -pl app -am -DskipTests package),
# wrk.
#
# Environment (defaults):
#   BOOTSTRAP=127.0.0.1:9092  REGISTRY=http://127.0.0.1:8081/apis/ccompat/v7
#   DATABASE_URL=jdbc:postgresql://127.0.0.1:15432/streamgate (user and password postgres)
#   OFF_PORT=8110  ON_PORT=8120  CONNECTIONS=64  WRK_THREADS=2  RUNS=5  RUN_SECONDS=30  WARMUP_SECONDS=120
#   APP_JVM=streamgate.app.jvm from app/pom.xml   JAVA=the newest JDK >= 21 under /usr/lib/jvm
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source "$ROOT/bench/lib.sh"

BOOTSTRAP="${BOOTSTRAP:-127.0.0.1:9092}"
REGISTRY="${REGISTRY:-http://127.0.0.1:8081/apis/ccompat/v7}"
export DATABASE_URL="${DATABASE_URL:-jdbc:postgresql://127.0.0.1:15432/streamgate}"
export DATABASE_USERNAME="${DATABASE_USERNAME:-postgres}" DATABASE_PASSWORD="${DATABASE_PASSWORD:-postgres}"
OFF_PORT="${OFF_PORT:-8110}"
ON_PORT="${ON_PORT:-8120}"
CONNECTIONS="${CONNECTIONS:-64}"
WRK_THREADS="${WRK_THREADS:-2}"
RUNS="${RUNS:-5}"
RUN_SECONDS="${RUN_SECONDS:-30}"
WARMUP_SECONDS="${WARMUP_SECONDS:-120}"
APP_JVM="${APP_JVM:-$(sed -nE 's:.*<streamgate.app.jvm>(.*)</streamgate.app.jvm>.*:\1:p' app/pom.xml)}"
APP_JAR="$(ls app/target/streamgate-app-*.jar 2>/dev/null | grep -v plain | head -1 || true)"
LUA="$ROOT/bench/payments.lua"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
WORK="$ROOT/bench/results/auth-$STAMP"
mkdir -p "$WORK"

require_loopback "$BOOTSTRAP"
require_loopback "$REGISTRY"
command -v wrk >/dev/null || die "wrk missing (apt-get install -y wrk)"
[[ -f "$APP_JAR" ]] || die "app jar missing: ./mvnw -pl app -am -DskipTests package"

PIDS=""
trap 'for p in $PIDS; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done' EXIT

# start NAME PORT SECURITY: a payments-only instance on the shared stack.
start() {
  # shellcheck disable=SC2086 # APP_JVM is a list of JVM flags
  KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP" SCHEMA_REGISTRY_URL="$REGISTRY" STREAMGATE_SYSTEMS=payments \
    PORT="$2" ORDER_DETAILS_PORT=-1 RATE_LIMIT_PER_SECOND=100000000 RATE_LIMIT_BURST=100000000 \
    STREAMGATE_SECURITY_ENABLED="$3" "$JAVA" $APP_JVM -jar "$APP_JAR" > "$WORK/$1.log" 2>&1 &
  PIDS="$PIDS $!"
}
await_ready() { # PORT
  for _ in $(seq 240); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/readyz" || true)" == 200 ]] && return 0
    sleep 0.5
  done
  die "instance on :$1 not ready within 120 s (logs in $WORK)"
}

log "starting payments-only instances: authentication off on :$OFF_PORT, on on :$ON_PORT"
start off "$OFF_PORT" false
start on "$ON_PORT" true
await_ready "$OFF_PORT"
await_ready "$ON_PORT"
API_KEY="$("$JAVA" -jar "$APP_JAR" api-keys create --name "bench-$STAMP" --scopes payments:write --valid-for 1d | tail -1)"
[[ "$API_KEY" == sgk_* ]] || die "api-keys create printed no key: $API_KEY"
export API_KEY
code="$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"amount": 1.00, "currency": "USD", "customer_id": "CUST-0"}' "http://127.0.0.1:$ON_PORT/payments")"
[[ "$code" == 401 ]] || die "without the key the instance with authentication answered $code, not 401"

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
run() { # NAME PORT SECONDS FILE
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${3}s" -s "$LUA" "http://127.0.0.1:$2/payments" > "$4"
}
log "warming up both for ${WARMUP_SECONDS}s each"
run off "$OFF_PORT" "$WARMUP_SECONDS" "$WORK/wrk-off-warmup.txt"
run on "$ON_PORT" "$WARMUP_SECONDS" "$WORK/wrk-on-warmup.txt"

log "$RUNS x ${RUN_SECONDS}s each, alternating"
for ((i = 1; i <= RUNS; i++)); do
  for name in off on; do
    port="$OFF_PORT"; [[ "$name" == on ]] && port="$ON_PORT"
    run "$name" "$port" "$RUN_SECONDS" "$WORK/wrk-$name-$i.txt"
    rps="$(awk '$1 == "rps" { print $2 }' "$WORK/wrk-$name-$i.txt")"
    non2xx="$(awk '$1 == "non2xx" { print $2 }' "$WORK/wrk-$name-$i.txt")"
    printf '   %s run %d: %s req/s, non-2xx %s\n' "$name" "$i" "$rps" "$non2xx" >&2
    echo "$rps" >> "$WORK/$name.rps"
    echo "$non2xx" >> "$WORK/$name.non2xx"
  done
done
OFF_RPS="$(median < "$WORK/off.rps")"
ON_RPS="$(median < "$WORK/on.rps")"
RATIO="$(awk -v a="$ON_RPS" -v b="$OFF_RPS" 'BEGIN { printf "%.3f", a / b }')"
PAIRS="$(paste "$WORK/on.rps" "$WORK/off.rps" | awk '{ printf "%s%.3f", (NR > 1 ? ", " : ""), $1 / $2 }')"

REPORT="$ROOT/bench/results/auth-$STAMP.md"
{
  echo "# Authentication cost $STAMP"
  echo
  echo "Machine: $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). Command: \`$BENCH_COMMAND\`."
  echo "wrk -t$WRK_THREADS -c$CONNECTIONS, $RUNS x ${RUN_SECONDS}s alternating, after ${WARMUP_SECONDS}s warm-up each."
  echo
  echo "| POST /payments, payments-only instance | median req/s | non-2xx |"
  echo "|---|---:|---:|"
  echo "| authentication off | $OFF_RPS | $(awk "{ s += \$1 } END { print s + 0 }" "$WORK/off.non2xx") |"
  echo "| authentication on, API key (cached look-up) | $ON_RPS | $(awk "{ s += \$1 } END { print s + 0 }" "$WORK/on.non2xx") |"
  echo
  echo "**on ÷ off: $RATIO** (per alternating pair: $PAIRS; target ≥ 0.9)."
} > "$REPORT"
cat "$REPORT"

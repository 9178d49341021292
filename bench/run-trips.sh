#!/usr/bin/env bash
# The trips benchmark, on this machine only (loopback). Two figures for the trips join (issue 8):
#   BACKLOG  joined trips/s through the topology, sustained over a backlog pre-loaded into the three topics
#            (target >= 5,000 trips/s, i.e. 15,000 input events/s, with every trip joined exactly once)
#   FIXED    end-to-end latency at a fixed 1,000 trips/s, from the third part's ingest over HTTP to the joined record
#            read by a read_committed consumer (target p99 < 500 ms with exactly_once_v2)
# Writes bench/results/<timestamp>/ (loadgen and watch reports, JSON) and a summary on stdout.
#
# Needs a running Streamgate for ingest WITHOUT the join, so the backlog is not consumed while it is loaded:
#   TRIPS_JOIN_ENABLED=false ./mvnw -pl app -am -DskipTests package spring-boot:run
# This script then starts the join on its own: a second instance of the app jar (app/target/streamgate-app-*.jar)
# with only the join (payments off, port JOIN_PORT, a fresh application id, so it reads the topics from the start).
# It keeps that instance for the FIXED step and stops it at the end. Also needs the loadgen jar
# (./mvnw -q -B -pl loadgen package -DskipTests).
#
# Environment (defaults):
#   APP_URL=http://127.0.0.1:8000   BOOTSTRAP=127.0.0.1:9092   REGISTRY_URL=http://127.0.0.1:8081/apis/ccompat/v7
#   DATABASE_URL=jdbc:postgresql://127.0.0.1:15432/streamgate (user/password postgres: the dev stack's)
#   JOIN_PORT=8002  BACKLOG_SECONDS=60  BACKLOG_CONNECTIONS=64  FIXED_TRIPS_PER_SECOND=1000  FIXED_SECONDS=60
#   FIXED_WARMUP_SECONDS=10  DUPLICATE_SHARE=0  LATE_SHARE=0  (percent of trips)  COMMIT_INTERVAL=100ms
#   JAVA=the newest JDK >= 21 under /usr/lib/jvm
# Steps are skippable with SKIP_BACKLOG=1 / SKIP_FIXED=1.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source "$ROOT/bench/lib.sh"   # JAVA, LOADGEN_JAR, log, die, skip, require_loopback

APP_URL="${APP_URL:-http://127.0.0.1:8000}"
BOOTSTRAP="${BOOTSTRAP:-127.0.0.1:9092}"
REGISTRY_URL="${REGISTRY_URL:-http://127.0.0.1:8081/apis/ccompat/v7}"
DATABASE_URL="${DATABASE_URL:-jdbc:postgresql://127.0.0.1:15432/streamgate}"
JOIN_PORT="${JOIN_PORT:-8002}"
BACKLOG_SECONDS="${BACKLOG_SECONDS:-60}"
BACKLOG_CONNECTIONS="${BACKLOG_CONNECTIONS:-64}"
FIXED_TRIPS_PER_SECOND="${FIXED_TRIPS_PER_SECOND:-1000}"
FIXED_SECONDS="${FIXED_SECONDS:-60}"
FIXED_WARMUP_SECONDS="${FIXED_WARMUP_SECONDS:-10}"
DUPLICATE_SHARE="${DUPLICATE_SHARE:-0}"
LATE_SHARE="${LATE_SHARE:-0}"
COMMIT_INTERVAL="${COMMIT_INTERVAL:-100ms}"
APP_JAR="${APP_JAR:-$(ls app/target/streamgate-app-*.jar 2>/dev/null | grep -v plain | head -1)}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
WORK="$ROOT/bench/results/trips-$STAMP"
mkdir -p "$WORK"

json() { sed -n "s/.*\"$2\": \([0-9.]*\).*/\1/p" "$1" | head -1; }

require_loopback "$APP_URL"; require_loopback "$BOOTSTRAP"; require_loopback "$REGISTRY_URL"
[[ -n "$JAVA" ]] || die "no JDK >= 21 found; set JAVA"
[[ -f "$LOADGEN_JAR" ]] || die "loadgen jar missing: ./mvnw -q -B -pl loadgen package -DskipTests"
[[ -f "$APP_JAR" ]] || die "app jar missing: ./mvnw -q -B -pl app -am package -DskipTests"
curl -fsS "$APP_URL/health" >/dev/null || die "no Streamgate at $APP_URL (start it with TRIPS_JOIN_ENABLED=false)"

JOIN_PID=""
cleanup() { [[ -n "$JOIN_PID" ]] && kill "$JOIN_PID" 2>/dev/null && wait "$JOIN_PID" 2>/dev/null || true; }
trap cleanup EXIT

loadgen() { "$JAVA" -jar "$LOADGEN_JAR" --workload trips --url "$APP_URL/" \
  --duplicate-share "$DUPLICATE_SHARE" --late-share "$LATE_SHARE" "$@"; }
watch() { "$JAVA" -cp "$LOADGEN_JAR" io.streamgate.loadgen.JoinedTripsWatch --bootstrap "$BOOTSTRAP" "$@"; }

start_join() {
  log "starting the join alone (application id bench-trips-$STAMP, port $JOIN_PORT, commit interval $COMMIT_INTERVAL)"
  KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP" SCHEMA_REGISTRY_URL="$REGISTRY_URL" DATABASE_URL="$DATABASE_URL" \
  DATABASE_USERNAME=postgres DATABASE_PASSWORD=postgres STREAMGATE_DATA_DIR="$WORK/join-data" PORT="$JOIN_PORT" \
    "$JAVA" -jar "$APP_JAR" --streamgate.payments.enabled=false --streamgate.orders.enabled=false \
      --streamgate.orderdetails.enabled=false --streamgate.orderdetails.port=-1 --streamgate.submissions.enabled=false \
      --streamgate.trips.join.enabled=true --streamgate.trips.join.application-id="bench-trips-$STAMP" \
      --streamgate.streams.commit-interval="$COMMIT_INTERVAL" >"$WORK/join.log" 2>&1 &
  JOIN_PID=$!
  for _ in $(seq 1 180); do
    curl -fsS "http://127.0.0.1:$JOIN_PORT/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$JOIN_PID" 2>/dev/null || die "the join instance exited; see $WORK/join.log"
    sleep 1
  done
  die "the join instance was not ready (Kafka Streams RUNNING) within 180 s; see $WORK/join.log"
}

if ! skip SKIP_BACKLOG; then
  RUN="b$STAMP"; RUN="${RUN//[^A-Za-z0-9]/}"; RUN="${RUN:0:16}"
  log "BACKLOG: loading ${BACKLOG_SECONDS}s of trips (closed loop, $BACKLOG_CONNECTIONS connections, run $RUN), join stopped"
  loadgen --mode closed --connections "$BACKLOG_CONNECTIONS" --duration "$BACKLOG_SECONDS" --run-id "$RUN" \
    --report "$WORK/backlog-load.json" >"$WORK/backlog-load.txt"
  REQUESTS="$(json "$WORK/backlog-load.json" requests)"
  PER_TRIP="$(awk -v d="$DUPLICATE_SHARE" -v l="$LATE_SHARE" 'BEGIN { printf "%.4f", (300 + d + l) / 100 }')"
  EXPECTED="$(awk -v r="$REQUESTS" -v p="$PER_TRIP" 'BEGIN { printf "%d", r / p }')"
  log "loaded $REQUESTS requests, about $EXPECTED complete trips; now the join drains them"
  watch --from end --key-prefix "LG-$RUN-" --idle 15 --max 1800 --report "$WORK/backlog-join.json" \
    >"$WORK/backlog-join.txt" &
  WATCH_PID=$!
  sleep 2
  start_join
  wait "$WATCH_PID"
  cat "$WORK/backlog-join.txt"
fi

if ! skip SKIP_FIXED; then
  [[ -n "$JOIN_PID" ]] || start_join
  RUN="f$STAMP"; RUN="${RUN//[^A-Za-z0-9]/}"; RUN="${RUN:0:16}"
  RATE="$(awk -v t="$FIXED_TRIPS_PER_SECOND" -v d="$DUPLICATE_SHARE" -v l="$LATE_SHARE" \
    'BEGIN { printf "%.1f", t * (300 + d + l) / 100 }')"
  log "FIXED: $FIXED_TRIPS_PER_SECOND trips/s ($RATE requests/s, open loop) for ${FIXED_WARMUP_SECONDS}+${FIXED_SECONDS}s"
  watch --from end --key-prefix "LG-$RUN-" --skip-seconds "$FIXED_WARMUP_SECONDS" --idle 10 \
    --max $((FIXED_WARMUP_SECONDS + FIXED_SECONDS + 120)) --report "$WORK/fixed-join.json" >"$WORK/fixed-join.txt" &
  WATCH_PID=$!
  sleep 2
  loadgen --mode open --rate "$RATE" --warmup "$FIXED_WARMUP_SECONDS" --duration "$FIXED_SECONDS" --run-id "$RUN" \
    --report "$WORK/fixed-load.json" >"$WORK/fixed-load.txt"
  wait "$WATCH_PID"
  cat "$WORK/fixed-load.txt" "$WORK/fixed-join.txt"
fi

log "summary ($WORK)"
if [[ -f "$WORK/backlog-join.json" ]]; then
  printf 'backlog: %s joined trips/s over %s trips (expected about %s; distinct %s: no trip twice when equal)\n' \
    "$(json "$WORK/backlog-join.json" throughput)" "$(json "$WORK/backlog-join.json" records)" "$EXPECTED" \
    "$(json "$WORK/backlog-join.json" distinct)"
fi
if [[ -f "$WORK/fixed-join.json" ]]; then
  printf 'fixed %s trips/s: ingest-to-joined p50 %s us, p99 %s us (commit interval %s); HTTP p99 %s us\n' \
    "$FIXED_TRIPS_PER_SECOND" "$(json "$WORK/fixed-join.json" latency_us_p50)" \
    "$(json "$WORK/fixed-join.json" latency_us_p99)" "$COMMIT_INTERVAL" "$(json "$WORK/fixed-load.json" latency_us_p99)"
fi

csv_init trips "trips-$STAMP"
if [[ -f "$WORK/backlog-join.json" ]]; then
  csv_row backlog_load streamgate "" "$(json "$WORK/backlog-load.json" throughput)" req/s
  csv_row joined_over_backlog streamgate "" "$(json "$WORK/backlog-join.json" throughput)" trips/s
fi
csv_percentiles "$WORK/fixed-load.json" "http_latency_at_$((FIXED_TRIPS_PER_SECOND * 3))" streamgate
csv_percentiles "$WORK/fixed-join.json" "ingest_to_joined_at_$FIXED_TRIPS_PER_SECOND" streamgate
echo "appended to: $CSV_FILE" >&2

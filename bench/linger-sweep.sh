#!/usr/bin/env bash
# How linger.ms shapes request/response produce: for each value, start Streamgate (the built app on the embedded
# stack), warm it up, and measure POST /payments closed-loop throughput and wrk latency. Loopback only.
#
# Builds the app itself and needs wrk. Environment (defaults):
#   LINGERS="0 1 5"  CONNECTIONS=64  WARMUP_SECONDS=90  RUNS=2  RUN_SECONDS=30  DATA_DIR=/tmp/streamgate-linger
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
LINGERS="${LINGERS:-0 1 5}"
CONNECTIONS="${CONNECTIONS:-64}"
WARMUP_SECONDS="${WARMUP_SECONDS:-90}"
RUNS="${RUNS:-2}"
RUN_SECONDS="${RUN_SECONDS:-30}"
DATA_DIR="${DATA_DIR:-/tmp/streamgate-linger}"
URL=http://127.0.0.1:8000/payments
source "$ROOT/bench/lib.sh"   # JAVA
OUT="$ROOT/bench/results/linger-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
# The packaged jar carries no dev stack (docs/deploy.md): run the app's classes on the development run's classpath
# (runtime + test scope, what spring-boot:run uses), so the embedded stack starts as with the README's command.
./mvnw -B -ntp -q -pl app -am -DskipTests package dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$OUT/app.classpath"
CLASSPATH_ARG="app/target/classes:$(cat "$OUT/app.classpath")"

for linger in $LINGERS; do
  log="$OUT/app-linger-$linger.log"
  STREAMGATE_KAFKA_LINGER="${linger}ms" STREAMGATE_DATA_DIR="$DATA_DIR" RATE_LIMIT_PER_SECOND=100000000 RATE_LIMIT_BURST=100000000 \
    "$JAVA" -cp "$CLASSPATH_ARG" io.streamgate.StreamgateApplication > "$log" 2>&1 &
  app=$!
  for _ in $(seq 1 120); do grep -q "Started StreamgateApplication" "$log" && break; sleep 1; done
  grep -q "Started StreamgateApplication" "$log" || { kill "$app"; echo "app did not start, see $log" >&2; exit 1; }
  wrk -t2 -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" -s bench/payments.lua "$URL" > "$OUT/warmup-$linger.txt"
  for run in $(seq 1 "$RUNS"); do
    wrk -t2 -c"$CONNECTIONS" -d"${RUN_SECONDS}s" -s bench/payments.lua "$URL" > "$OUT/wrk-$linger-$run.txt"
    printf 'linger %s ms run %s: %s req/s, %s, %s\n' "$linger" "$run" \
      "$(awk '/^rps/ {print $2}' "$OUT/wrk-$linger-$run.txt")" \
      "$(grep '^non2xx' "$OUT/wrk-$linger-$run.txt")" "$(grep '^latency_us' "$OUT/wrk-$linger-$run.txt")" \
      | tee -a "$OUT/summary.txt"
  done
  kill -TERM "$app"; wait "$app" || true
done
echo "written: $OUT/summary.txt"

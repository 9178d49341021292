#!/usr/bin/env bash
# The payments benchmark in one run, on this machine only (loopback): Streamgate's POST /payments throughput
# and latency, next to two ceilings measured in the same run — Kafka's own ProducerPerformance on the same
# broker, and a trivial HTTP server under the same load shape — and a bare WebFlux + kafka-clients app doing the
# same job without Streamgate's checks (bench/baseline), run alternately with the app; so each figure is also a
# ratio that survives a noisy machine. Writes a Markdown table to bench/results/<timestamp>.md.
#
# Needs: a running Streamgate (APP_URL) with its embedded broker (BOOTSTRAP); the loadgen jar
# (./mvnw -q -B -pl loadgen verify); devstack/target/broker/broker.classpath (built by the devstack module) for step 2;
# the baseline jar for BARE (./mvnw -q -B -pl bench/baseline -am -DskipTests package); wrk (apt-get install -y wrk;
# this script installs it if missing and apt-get is available).
#
# Steps, each skippable with SKIP_<STEP>=1:
#   WARMUP  ~90 s closed-loop load on the app: on 2 cores the JIT needs 60-150 s to settle
#   KAFKA   ProducerPerformance, records of 256 bytes, acks=all, topic bench-perf       (RUNS runs, median)
#   TRIVIAL TrivialServer on TRIVIAL_PORT, wrk with payments.lua, same threads/connections (RUNS runs, median)
#   APP     wrk with payments.lua against APP_URL/payments                              (RUNS runs, median)
#   BARE    the baseline app (bench/baseline), started and stopped by this script on BARE_PORT with the app's
#           heap flags, warmed up like the app (BARE_WARMUP_SECONDS), then in step APP its runs alternate with
#           the app's (app, bare, app, bare, ...), same wrk load; reports its median and Streamgate ÷ bare
#   OPEN    loadgen open loop at OPEN_RATE/s for OPEN_SECONDS: p50/p99/p99.9, errors; then the same on the bare
#           baseline (unless SKIP_BARE), so the tail is read against the machine's in the same run
#
# Environment (defaults):
#   APP_URL=http://127.0.0.1:8000   BOOTSTRAP=127.0.0.1:9092   KAFKA_CP_FILE=devstack/target/broker/broker.classpath
#   CONNECTIONS=64  WRK_THREADS=2  RUNS=3  RUN_SECONDS=30  WARMUP_SECONDS=90  TRIVIAL_WARMUP_SECONDS=20
#   OPEN_RATE=5000  OPEN_SECONDS=30  OPEN_WARMUP_SECONDS=5  OPEN_CONNECTIONS=256  CUSTOMERS=1000
#   PERF_RECORDS=2000000  PERF_PARTITIONS=6  TRIVIAL_PORT=8090  TRIVIAL_THREADS=4
#   FASTAPI_RPS=8200 (quoted from the FastAPI original, one worker; not measured here)
#   BARE_PORT=8091  BARE_WARMUP_SECONDS=WARMUP_SECONDS  BARE_JAR=bench/baseline/target/streamgate-bench-baseline-*.jar
#   BARE_JVM=streamgate.app.jvm from app/pom.xml (the heap flags the README run command gives the app)
#   JAVA=the newest JDK >= 21 under /usr/lib/jvm (any JDK >= 21)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source "$ROOT/bench/lib.sh"   # JAVA, LOADGEN_JAR, log, die, skip, require_loopback

APP_URL="${APP_URL:-http://127.0.0.1:8000}"
BOOTSTRAP="${BOOTSTRAP:-127.0.0.1:9092}"
KAFKA_CP_FILE="${KAFKA_CP_FILE:-devstack/target/broker/broker.classpath}"
CONNECTIONS="${CONNECTIONS:-64}"
WRK_THREADS="${WRK_THREADS:-2}"
RUNS="${RUNS:-3}"
RUN_SECONDS="${RUN_SECONDS:-30}"
WARMUP_SECONDS="${WARMUP_SECONDS:-90}"
TRIVIAL_WARMUP_SECONDS="${TRIVIAL_WARMUP_SECONDS:-20}"
OPEN_RATE="${OPEN_RATE:-5000}"
OPEN_SECONDS="${OPEN_SECONDS:-30}"
OPEN_WARMUP_SECONDS="${OPEN_WARMUP_SECONDS:-5}"
OPEN_CONNECTIONS="${OPEN_CONNECTIONS:-256}"
export CUSTOMERS="${CUSTOMERS:-1000}"
PERF_RECORDS="${PERF_RECORDS:-2000000}"
PERF_PARTITIONS="${PERF_PARTITIONS:-6}"
TRIVIAL_PORT="${TRIVIAL_PORT:-8090}"
TRIVIAL_THREADS="${TRIVIAL_THREADS:-4}"
FASTAPI_RPS="${FASTAPI_RPS:-8200}"
BARE_PORT="${BARE_PORT:-8091}"
BARE_WARMUP_SECONDS="${BARE_WARMUP_SECONDS:-$WARMUP_SECONDS}"
BARE_JAR="${BARE_JAR:-$(ls bench/baseline/target/streamgate-bench-baseline-*.jar 2>/dev/null | head -1 || true)}"
BARE_JVM="${BARE_JVM:-$(sed -nE 's:.*<streamgate.app.jvm>(.*)</streamgate.app.jvm>.*:\1:p' app/pom.xml)}"
BARE_URL="http://127.0.0.1:$BARE_PORT/payments"
LUA="$ROOT/bench/payments.lua"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
WORK="$ROOT/bench/results/$STAMP"
mkdir -p "$WORK"


require_loopback "$APP_URL"
require_loopback "$BOOTSTRAP"

command -v wrk >/dev/null || { log "installing wrk"; apt-get install -y wrk >/dev/null || die "wrk missing"; }
[[ -x "$JAVA" ]] || die "JAVA=$JAVA is not executable"
[[ -f "$LOADGEN_JAR" ]] || die "loadgen jar missing: ./mvnw -q -B -pl loadgen verify"
skip SKIP_BARE || [[ -f "$BARE_JAR" ]] \
  || die "baseline jar missing: ./mvnw -q -B -pl bench/baseline -am -DskipTests package (or SKIP_BARE=1)"

# Every server this script starts is stopped when it exits, however it exits.
TRIVIAL_PID=""; BARE_PID=""
stop_servers() {
  local pid
  for pid in $TRIVIAL_PID $BARE_PID; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
}
trap stop_servers EXIT

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "n/a" }'; }

# wrk_run NAME URL I: closed-loop run I; keeps its output in $WORK and appends req/s and non-2xx to NAME's files.
wrk_run() {
  local name="$1" url="$2" i="$3" rps non2xx
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${RUN_SECONDS}s" -s "$LUA" "$url" > "$WORK/wrk-$name-$i.txt"
  rps="$(awk '$1 == "rps" { print $2 }' "$WORK/wrk-$name-$i.txt")"
  non2xx="$(awk '$1 == "non2xx" { print $2 }' "$WORK/wrk-$name-$i.txt")"
  printf '   %s run %d: %s req/s, non-2xx %s\n' "$name" "$i" "$rps" "$non2xx" >&2
  echo "$rps" >> "$WORK/$name.rps"
  echo "$non2xx" >> "$WORK/$name.non2xx"
}
# wrk_runs NAME URL: RUNS closed-loop runs; prints the median req/s.
wrk_runs() {
  local i
  for ((i = 1; i <= RUNS; i++)); do wrk_run "$1" "$2" "$i"; done
  median < "$WORK/$1.rps"
}
sum_file() { awk '{ s += $1 } END { print s + 0 }' "$1" 2>/dev/null || echo n/a; }

APP_RPS=n/a; APP_NON2XX=n/a; KAFKA_RPS=n/a; TRIVIAL_RPS=n/a; BARE_RPS=n/a; BARE_NON2XX=n/a
OPEN_P50=n/a; OPEN_P99=n/a; OPEN_P999=n/a; OPEN_ERR=n/a; OPEN_NON2XX=n/a; OPEN_LATE=n/a; OPEN_TPUT=n/a

# 1. Warm the app up (results discarded).
if ! skip SKIP_WARMUP && ! skip SKIP_APP; then
  log "1. warming up $APP_URL/payments for ${WARMUP_SECONDS}s"
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" -s "$LUA" "$APP_URL/payments" > "$WORK/wrk-warmup.txt"
  grep -E '^(rps|non2xx|status)' "$WORK/wrk-warmup.txt" >&2 || true
fi

# 2. Kafka's own producer ceiling on the same broker.
if ! skip SKIP_KAFKA; then
  log "2. Kafka ProducerPerformance on $BOOTSTRAP"
  [[ -f "$KAFKA_CP_FILE" ]] || die "$KAFKA_CP_FILE missing: build the devstack module, or SKIP_KAFKA=1"
  KCP="$(cat "$KAFKA_CP_FILE")"
  "$JAVA" -cp "$KCP" org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic bench-perf --partitions "$PERF_PARTITIONS" --replication-factor 1 >&2 \
    || die "could not create topic bench-perf"
  for ((i = 1; i <= RUNS; i++)); do
    "$JAVA" -cp "$KCP" org.apache.kafka.tools.ProducerPerformance --topic bench-perf --num-records "$PERF_RECORDS" \
      --record-size 256 --throughput -1 --producer-props "bootstrap.servers=$BOOTSTRAP" acks=all \
      > "$WORK/kafka-$i.txt" 2>&1 || { tail -20 "$WORK/kafka-$i.txt" >&2; die "ProducerPerformance failed"; }
    # Final line: "N records sent, X records/sec (Y MB/sec), ..."
    rps="$(grep 'records sent' "$WORK/kafka-$i.txt" | tail -1 | sed -E 's/.*sent, ([0-9.]+) records\/sec.*/\1/')"
    printf '   kafka run %d: %s records/s  (%s)\n' "$i" "$rps" "$(grep 'records sent' "$WORK/kafka-$i.txt" | tail -1)" >&2
    echo "$rps" >> "$WORK/kafka.rps"
  done
  KAFKA_RPS="$(median < "$WORK/kafka.rps")"
fi

# 3. The trivial HTTP server ceiling, same load shape.
if ! skip SKIP_TRIVIAL; then
  log "3. TrivialServer on 127.0.0.1:$TRIVIAL_PORT"
  "$JAVA" -cp "$LOADGEN_JAR" io.streamgate.loadgen.TrivialServer --port "$TRIVIAL_PORT" --threads "$TRIVIAL_THREADS" \
    > "$WORK/trivial-server.log" 2>&1 &
  TRIVIAL_PID=$!
  for _ in $(seq 50); do grep -q listening "$WORK/trivial-server.log" && break; sleep 0.2; done
  grep -q listening "$WORK/trivial-server.log" || die "TrivialServer did not start: $(cat "$WORK/trivial-server.log")"
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${TRIVIAL_WARMUP_SECONDS}s" -s "$LUA" \
    "http://127.0.0.1:$TRIVIAL_PORT/payments" > /dev/null
  TRIVIAL_RPS="$(wrk_runs trivial "http://127.0.0.1:$TRIVIAL_PORT/payments")"
  kill "$TRIVIAL_PID" 2>/dev/null || true
  wait "$TRIVIAL_PID" 2>/dev/null || true
  TRIVIAL_PID=""
fi

# 4a. The bare baseline: started here, warmed up like the app (results discarded); stopped at exit.
if ! skip SKIP_BARE; then
  log "4a. bare baseline on 127.0.0.1:$BARE_PORT ($BARE_JVM), warm-up ${BARE_WARMUP_SECONDS}s"
  # shellcheck disable=SC2086 # BARE_JVM is a list of JVM flags
  "$JAVA" $BARE_JVM -jar "$BARE_JAR" --server.port="$BARE_PORT" --baseline.bootstrap="$BOOTSTRAP" \
    > "$WORK/bare.log" 2>&1 &
  BARE_PID=$!
  for _ in $(seq 120); do
    code="$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
      -d '{"amount": 1.00, "currency": "USD", "customer_id": "CUST-0"}' "$BARE_URL" || true)"
    [[ "$code" == 201 ]] && break
    kill -0 "$BARE_PID" 2>/dev/null || die "baseline exited: $(tail -20 "$WORK/bare.log")"
    sleep 0.5
  done
  [[ "$code" == 201 ]] || die "baseline did not answer 201 within 60 s (last: $code): $(tail -20 "$WORK/bare.log")"
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${BARE_WARMUP_SECONDS}s" -s "$LUA" "$BARE_URL" > "$WORK/wrk-bare-warmup.txt"
  grep -E '^(rps|non2xx|status)' "$WORK/wrk-bare-warmup.txt" >&2 || true
fi

# 4. Streamgate closed-loop throughput, its runs alternating with the baseline's so both see the same machine.
if ! skip SKIP_APP || ! skip SKIP_BARE; then
  log "4. POST /payments, $RUNS x ${RUN_SECONDS}s each, $CONNECTIONS connections:$(skip SKIP_APP || echo " Streamgate $APP_URL/payments")$(skip SKIP_BARE || echo " bare $BARE_URL") (alternating)"
  for ((i = 1; i <= RUNS; i++)); do
    skip SKIP_APP || wrk_run app "$APP_URL/payments" "$i"
    skip SKIP_BARE || wrk_run bare "$BARE_URL" "$i"
  done
  if ! skip SKIP_APP; then APP_RPS="$(median < "$WORK/app.rps")"; APP_NON2XX="$(sum_file "$WORK/app.non2xx")"; fi
  if ! skip SKIP_BARE; then BARE_RPS="$(median < "$WORK/bare.rps")"; BARE_NON2XX="$(sum_file "$WORK/bare.non2xx")"; fi
fi

# 5. Open-loop latency at a fixed rate (no coordinated omission): Streamgate, then the bare baseline when it runs,
#    so the tail is read against what the same machine gives a bare app in the same run.
# open_loop NAME URL: one loadgen run; sets NAME_{P50,P99,P999,ERR,NON2XX,LATE,TPUT}.
open_loop() {
  local name="$1" url="$2"
  "$JAVA" -jar "$LOADGEN_JAR" --url "$url" --mode open --rate "$OPEN_RATE" \
    --warmup "$OPEN_WARMUP_SECONDS" --duration "$OPEN_SECONDS" --connections "$OPEN_CONNECTIONS" \
    --customers "$CUSTOMERS" --report "$WORK/open-$name.json" > "$WORK/open-$name.txt" 2> "$WORK/open-$name-progress.txt"
  cat "$WORK/open-$name.txt" >&2
  json() { sed -nE "s/^ *\"$1\": ([0-9.]+),?$/\1/p" "$WORK/open-$name.json"; }
  ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
  printf -v "${name}_P50" '%s' "$(ms "$(json latency_us_p50)")"
  printf -v "${name}_P99" '%s' "$(ms "$(json latency_us_p99)")"
  printf -v "${name}_P999" '%s' "$(ms "$(json latency_us_p999)")"
  printf -v "${name}_ERR" '%s' "$(json errors)"
  printf -v "${name}_NON2XX" '%s' "$(json non_2xx)"
  printf -v "${name}_LATE" '%s' "$(json late)"
  printf -v "${name}_TPUT" '%s' "$(json throughput)"
}
BOPEN_P50=n/a; BOPEN_P99=n/a; BOPEN_P999=n/a; BOPEN_ERR=n/a; BOPEN_NON2XX=n/a; BOPEN_LATE=n/a; BOPEN_TPUT=n/a
if ! skip SKIP_OPEN; then
  log "5. loadgen open loop at ${OPEN_RATE}/s for ${OPEN_SECONDS}s: Streamgate"
  open_loop OPEN "$APP_URL/payments"
  if ! skip SKIP_BARE; then
    log "5b. the same open loop on the bare baseline"
    open_loop BOPEN "$BARE_URL"
  fi
fi

# 6. The table.
REPORT="$ROOT/bench/results/$STAMP.md"
{
  echo "# Payments benchmark $STAMP"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Closed loop: wrk -t$WRK_THREADS -c$CONNECTIONS, $RUNS x ${RUN_SECONDS}s, median. Open loop: loadgen, ${OPEN_RATE}/s for ${OPEN_SECONDS}s after ${OPEN_WARMUP_SECONDS}s warm-up."
  echo
  echo "| Measurement | Median | Streamgate ratio |"
  echo "|---|---:|---:|"
  echo "| Streamgate \`POST /payments\` (req/s, closed loop; non-2xx total: $APP_NON2XX) | $APP_RPS | 1.00 |"
  echo "| Bare WebFlux + kafka-clients baseline, runs alternating with Streamgate's (req/s; non-2xx total: $BARE_NON2XX) | $BARE_RPS | $(ratio "$APP_RPS" "$BARE_RPS") |"
  echo "| Kafka ProducerPerformance, 256 B, acks=all (records/s) | $KAFKA_RPS | $(ratio "$APP_RPS" "$KAFKA_RPS") |"
  echo "| Trivial JDK HTTP server, same load (req/s) | $TRIVIAL_RPS | $(ratio "$APP_RPS" "$TRIVIAL_RPS") |"
  echo "| FastAPI original, one worker (req/s, quoted, not measured here) | $FASTAPI_RPS | $(ratio "$APP_RPS" "$FASTAPI_RPS") |"
  echo
  echo "**Streamgate ÷ bare baseline: $(ratio "$APP_RPS" "$BARE_RPS")** (medians of $RUNS alternating runs; target ≥ 0.85)."
  echo
  echo "| Open loop at ${OPEN_RATE}/s | Streamgate | bare baseline, same run |"
  echo "|---|---:|---:|"
  echo "| achieved throughput (req/s) | $OPEN_TPUT | $BOPEN_TPUT |"
  echo "| p50 / p99 / p99.9 latency (ms, from intended send time) | $OPEN_P50 / $OPEN_P99 / $OPEN_P999 | $BOPEN_P50 / $BOPEN_P99 / $BOPEN_P999 |"
  echo "| errors (no response) / non-2xx / late sends | $OPEN_ERR / $OPEN_NON2XX / $OPEN_LATE | $BOPEN_ERR / $BOPEN_NON2XX / $BOPEN_LATE |"
  echo
  echo "Raw outputs: \`bench/results/$STAMP/\`."
} > "$REPORT"
cat "$REPORT"
echo "written: $REPORT" >&2

# 7. The figures as data: bench/data/payments.csv (the charts of docs/benchmarks.md are drawn from it).
csv_init payments "$STAMP"
csv_repeats "$WORK/app.rps" throughput streamgate req/s
csv_repeats "$WORK/bare.rps" throughput bare req/s
csv_repeats "$WORK/trivial.rps" throughput trivial req/s
csv_repeats "$WORK/kafka.rps" throughput kafka-producer records/s
csv_percentiles "$WORK/open-OPEN.json" "open_loop_latency_at_$OPEN_RATE" streamgate
csv_percentiles "$WORK/open-BOPEN.json" "open_loop_latency_at_$OPEN_RATE" bare
echo "appended to: $CSV_FILE" >&2

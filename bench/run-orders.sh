#!/usr/bin/env bash
# The orders benchmark, on this machine only (loopback): POST /orders through the transactional outbox into Kafka.
#   1. WARMUP  closed-loop orders load, not measured (the JIT needs 60-150 s on 2 cores)
#   2. CLOSED  RUNS runs of loadgen --workload orders, closed loop, RUN_SECONDS after 5 s warm-up each: orders/s
#              (201s), with the outbox's oldest unpublished row sampled every SAMPLE_INTERVAL s meanwhile, and a
#              check that the outbox drains afterwards (every order's event reached Kafka)
#   3. OPEN    loadgen at OPEN_RATE orders/s for OPEN_SECONDS: the outbox lag while it runs, as samples of the oldest
#              unpublished row (streamgate_outbox_oldest_age_seconds) and as the relay's own append-to-ack histogram
#              (streamgate_outbox_lag_seconds, p50/p99 of the window)
# Writes a Markdown table to bench/results/orders-<timestamp>.md; raw outputs under bench/results/orders-<timestamp>/.
#
# Needs: a running Streamgate (APP_URL) with the outbox relay on; the loadgen jar (./mvnw -q -B -pl loadgen -DskipTests package);
# python3 (statistics over the samples). Orders move through the life cycle as they would in production; to measure
# the create path alone, start the app with STREAMGATE_ORDERS_LIFE_CYCLE_CONFIRM_AFTER=1h.
#
# Environment (defaults):
#   APP_URL=http://127.0.0.1:8000  CONNECTIONS=64  RUNS=3  RUN_SECONDS=60  WARMUP_SECONDS=90  CUSTOMERS=10000
#   OPEN_RATE=1000  OPEN_SECONDS=60  OPEN_WARMUP_SECONDS=10  OPEN_CONNECTIONS=256  SAMPLE_INTERVAL=0.5
#   DRAIN_TIMEOUT=60  JAVA=the newest JDK >= 21 under /usr/lib/jvm
# Smoke test (seconds, figures meaningless): WARMUP_SECONDS=2 RUNS=1 RUN_SECONDS=3 OPEN_SECONDS=3 OPEN_WARMUP_SECONDS=1
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source "$ROOT/bench/lib.sh"   # JAVA, LOADGEN_JAR, log, die, skip, require_loopback

APP_URL="${APP_URL:-http://127.0.0.1:8000}"
CONNECTIONS="${CONNECTIONS:-64}"
RUNS="${RUNS:-3}"
RUN_SECONDS="${RUN_SECONDS:-60}"
WARMUP_SECONDS="${WARMUP_SECONDS:-90}"
CUSTOMERS="${CUSTOMERS:-10000}"
OPEN_RATE="${OPEN_RATE:-1000}"
OPEN_SECONDS="${OPEN_SECONDS:-60}"
OPEN_WARMUP_SECONDS="${OPEN_WARMUP_SECONDS:-10}"
OPEN_CONNECTIONS="${OPEN_CONNECTIONS:-256}"
SAMPLE_INTERVAL="${SAMPLE_INTERVAL:-0.5}"
DRAIN_TIMEOUT="${DRAIN_TIMEOUT:-60}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
WORK="$ROOT/bench/results/orders-$STAMP"
mkdir -p "$WORK"


require_loopback "$APP_URL"
[[ -n "$JAVA" ]] || die "no JDK >= 21 found; set JAVA"
[[ -f "$LOADGEN_JAR" ]] || die "loadgen jar missing: ./mvnw -q -B -pl loadgen -DskipTests package"
command -v python3 >/dev/null || die "python3 missing"
grep -q '^streamgate_outbox_oldest_age_seconds' <<< "$(curl -fsS "$APP_URL/actuator/prometheus")" \
  || die "$APP_URL/actuator/prometheus has no outbox metrics: is the app (with the outbox) running?"

metric() { # name (exact, no labels) -> value; the page is read whole, so no early exit breaks curl's pipe
  local page
  page="$(curl -fsS "$APP_URL/actuator/prometheus")" || return 1
  awk -v m="$1" '$1 == m { print $2; exit }' <<< "$page"
}
# Samples the oldest unpublished row's age (seconds) into $1 until the file $2 exists.
sample_lag() {
  while [[ ! -e "$2" ]]; do
    metric streamgate_outbox_oldest_age_seconds >> "$1" || true
    sleep "$SAMPLE_INTERVAL"
  done
}
stats() { # file of numbers -> "p50 p99 max" in ms
  python3 - "$1" <<'PY'
import sys, statistics
values = sorted(float(v) * 1000 for v in open(sys.argv[1]) if v.strip())
if not values:
    print("n/a n/a n/a"); sys.exit()
def q(p): return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]
print(f"{q(0.5):.0f} {q(0.99):.0f} {values[-1]:.0f}")
PY
}
buckets() { local page; page="$(curl -fsS "$APP_URL/actuator/prometheus")"; grep '^streamgate_outbox_lag_seconds_bucket' <<< "$page" > "$1"; }
histogram_quantiles() { # before after -> "p50 p99" in ms of the window between two bucket dumps
  python3 - "$1" "$2" <<'PY'
import re, sys
def read(path):
    out = {}
    for line in open(path):
        m = re.search(r'le="([^"]+)"\} ([0-9.eE+-]+)', line)
        if m:
            out[float('inf') if m.group(1) == '+Inf' else float(m.group(1))] = float(m.group(2))
    return out
before, after = read(sys.argv[1]), read(sys.argv[2])
bounds = sorted(after)
counts = [after[b] - before.get(b, 0) for b in bounds]
total = counts[-1] if counts else 0
def q(p):
    for b, c in zip(bounds, counts):
        if c >= p * total:
            return "n/a" if b == float('inf') else f"{b * 1000:.0f}"
    return "n/a"
print(f"{q(0.5)} {q(0.99)}" if total else "n/a n/a")
PY
}
await_drained() { # -> seconds it took for the outbox to empty, or "timeout"
  local start=$SECONDS
  while (( SECONDS - start < DRAIN_TIMEOUT )); do
    [[ "$(metric streamgate_outbox_waiting)" =~ ^0(\.0)?$ ]] && { echo $(( SECONDS - start )); return; }
    sleep 0.5
  done
  echo timeout
}
loadgen() { "$JAVA" -jar "$LOADGEN_JAR" --workload orders --url "$APP_URL/orders" --customers "$CUSTOMERS" "$@"; }
json() { sed -nE "s/^ *\"$1\": ([0-9.]+),?$/\1/p" "$2"; }

log "1. warm-up: ${WARMUP_SECONDS}s closed loop"
loadgen --connections "$CONNECTIONS" --duration "$WARMUP_SECONDS" > "$WORK/warmup.txt" 2> /dev/null
await_drained > /dev/null

log "2. closed loop: $RUNS x ${RUN_SECONDS}s"
THROUGHPUTS=()
for run in $(seq 1 "$RUNS"); do
  rm -f "$WORK/closed-$run.done"
  published_before="$(metric streamgate_outbox_published_total)"
  sample_lag "$WORK/closed-$run-lag.txt" "$WORK/closed-$run.done" &
  sampler=$!
  loadgen --connections "$CONNECTIONS" --warmup 5 --duration "$RUN_SECONDS" \
    --report "$WORK/closed-$run.json" > "$WORK/closed-$run.txt" 2> "$WORK/closed-$run-progress.txt"
  touch "$WORK/closed-$run.done"; wait "$sampler"
  drained="$(await_drained)"
  published_after="$(metric streamgate_outbox_published_total)"
  cat "$WORK/closed-$run.txt" >&2
  tput="$(json throughput "$WORK/closed-$run.json")"
  THROUGHPUTS+=("$tput")
  read -r lag50 lag99 lagmax < <(stats "$WORK/closed-$run-lag.txt")
  echo "run $run: $tput orders/s, non-2xx $(json non_2xx "$WORK/closed-$run.json"), errors $(json errors "$WORK/closed-$run.json"), oldest unpublished p50/p99/max ${lag50}/${lag99}/${lagmax} ms, drained after ${drained}s, events published by this instance (creations and life-cycle moves) $(python3 -c "print(int(float('$published_after') - float('$published_before')))")" \
    | tee -a "$WORK/closed-summary.txt" >&2
done
MEDIAN_TPUT="$(printf '%s\n' "${THROUGHPUTS[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"

log "3. open loop at ${OPEN_RATE}/s for ${OPEN_SECONDS}s"
rm -f "$WORK/open.done"
buckets "$WORK/open-buckets-before.txt"
( sleep "$OPEN_WARMUP_SECONDS"; sample_lag "$WORK/open-lag.txt" "$WORK/open.done" ) &
sampler=$!
loadgen --mode open --rate "$OPEN_RATE" --connections "$OPEN_CONNECTIONS" --warmup "$OPEN_WARMUP_SECONDS" \
  --duration "$OPEN_SECONDS" --report "$WORK/open.json" > "$WORK/open.txt" 2> "$WORK/open-progress.txt"
touch "$WORK/open.done"; wait "$sampler"
buckets "$WORK/open-buckets-after.txt"
cat "$WORK/open.txt" >&2
read -r OPEN_LAG50 OPEN_LAG99 OPEN_LAGMAX < <(stats "$WORK/open-lag.txt")
read -r HIST50 HIST99 < <(histogram_quantiles "$WORK/open-buckets-before.txt" "$WORK/open-buckets-after.txt")
OPEN_DRAINED="$(await_drained)"

REPORT="$ROOT/bench/results/orders-$STAMP.md"
{
  echo "# Orders benchmark $STAMP"
  echo
  echo "Machine: $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). Workload: \`loadgen --workload orders\` (64 order bodies of 1-5 line items, $CUSTOMERS customers)."
  echo
  echo "| Closed loop, $CONNECTIONS connections, $RUNS x ${RUN_SECONDS}s after ${WARMUP_SECONDS}s warm-up | Value |"
  echo "|---|---:|"
  echo "| orders created per second (201, median of runs: ${THROUGHPUTS[*]}) | $MEDIAN_TPUT |"
  echo
  sed 's/^/    /' "$WORK/closed-summary.txt"
  echo
  echo "| Open loop at ${OPEN_RATE} orders/s for ${OPEN_SECONDS}s | Value |"
  echo "|---|---:|"
  echo "| achieved (req/s) / non-2xx / errors | $(json throughput "$WORK/open.json") / $(json non_2xx "$WORK/open.json") / $(json errors "$WORK/open.json") |"
  echo "| HTTP latency p50 / p99 (ms) | $(awk -v a="$(json latency_us_p50 "$WORK/open.json")" -v b="$(json latency_us_p99 "$WORK/open.json")" 'BEGIN { printf "%.1f / %.1f", a / 1000, b / 1000 }') |"
  echo "| oldest unpublished outbox row, sampled every ${SAMPLE_INTERVAL}s: p50 / p99 / max (ms) | $OPEN_LAG50 / $OPEN_LAG99 / $OPEN_LAGMAX |"
  echo "| append-to-ack lag (relay histogram, bucket bound): p50 / p99 (ms) | $HIST50 / $HIST99 |"
  echo "| outbox empty again after the run (s) | $OPEN_DRAINED |"
  echo
  echo "Raw outputs: \`bench/results/orders-$STAMP/\`."
} > "$REPORT"
cat "$REPORT"
echo "written: $REPORT" >&2

csv_init orders "orders-$STAMP"
for ((i = 0; i < ${#THROUGHPUTS[@]}; i++)); do csv_row orders_created streamgate $((i + 1)) "${THROUGHPUTS[$i]}" orders/s; done
csv_percentiles "$WORK/open.json" "http_latency_at_$OPEN_RATE" streamgate
csv_row "outbox_oldest_row_at_$OPEN_RATE" streamgate 50 "$OPEN_LAG50" ms
csv_row "outbox_oldest_row_at_$OPEN_RATE" streamgate 99 "$OPEN_LAG99" ms
csv_row "outbox_oldest_row_at_$OPEN_RATE" streamgate 100 "$OPEN_LAGMAX" ms
csv_row "outbox_relay_lag_at_$OPEN_RATE" streamgate 50 "$HIST50" ms
csv_row "outbox_relay_lag_at_$OPEN_RATE" streamgate 99 "$HIST99" ms
echo "appended to: $CSV_FILE" >&2

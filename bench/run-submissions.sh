#!/usr/bin/env bash
# Acknowledged code submissions per second with 4 KB of code per request (seed 004), next to payments in the same
# run, on this machine only (loopback). The two closed-loop workloads alternate (payments, submissions, payments, ...)
# so that both see the same machine; the figure that survives a noisy machine is their ratio. Then an open loop at a
# fixed rate gives submission latencies. Writes a Markdown table to bench/results/<timestamp>-submissions.md.
#
# Needs: a running Streamgate (APP_URL), the loadgen jar (./mvnw -q -B -pl loadgen verify) for the open loop, and
# wrk (installed with apt-get if missing).
#
# Environment (defaults):
#   APP_URL=http://127.0.0.1:8000  CONNECTIONS=64  WRK_THREADS=2  RUNS=3  RUN_SECONDS=30  WARMUP_SECONDS=90
#   CODE_BYTES=4096  USERS=1000  CUSTOMERS=1000  OPEN_RATE=2000  OPEN_SECONDS=30  OPEN_WARMUP_SECONDS=5
#   OPEN_CONNECTIONS=256  SKIP_OPEN=0  JAVA=the newest JDK >= 21 under /usr/lib/jvm
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source "$ROOT/bench/lib.sh"   # JAVA, LOADGEN_JAR, log, die, skip, require_loopback

APP_URL="${APP_URL:-http://127.0.0.1:8000}"
CONNECTIONS="${CONNECTIONS:-64}"
WRK_THREADS="${WRK_THREADS:-2}"
RUNS="${RUNS:-3}"
RUN_SECONDS="${RUN_SECONDS:-30}"
WARMUP_SECONDS="${WARMUP_SECONDS:-90}"
export CODE_BYTES="${CODE_BYTES:-4096}"
export USERS="${USERS:-1000}"
export CUSTOMERS="${CUSTOMERS:-1000}"
OPEN_RATE="${OPEN_RATE:-2000}"
OPEN_SECONDS="${OPEN_SECONDS:-30}"
OPEN_WARMUP_SECONDS="${OPEN_WARMUP_SECONDS:-5}"
OPEN_CONNECTIONS="${OPEN_CONNECTIONS:-256}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
WORK="$ROOT/bench/results/$STAMP-submissions"
mkdir -p "$WORK"


require_loopback "$APP_URL"

command -v wrk >/dev/null || { log "installing wrk"; apt-get install -y wrk >/dev/null || die "wrk missing"; }

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "n/a" }'; }
sum_file() { awk '{ s += $1 } END { print s + 0 }' "$1" 2>/dev/null || echo n/a; }

# run NAME LUA PATH I: one closed-loop run; appends its req/s and non-2xx count to $WORK/NAME.{rps,non2xx}.
run() {
  local name="$1" lua="$2" path="$3" i="$4" rps non2xx
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${RUN_SECONDS}s" -s "$lua" "$APP_URL$path" > "$WORK/wrk-$name-$i.txt"
  rps="$(awk '$1 == "rps" { print $2 }' "$WORK/wrk-$name-$i.txt")"
  non2xx="$(awk '$1 == "non2xx" { print $2 }' "$WORK/wrk-$name-$i.txt")"
  printf '   %s run %d: %s req/s, non-2xx %s\n' "$name" "$i" "$rps" "$non2xx" >&2
  echo "$rps" >> "$WORK/$name.rps"
  echo "$non2xx" >> "$WORK/$name.non2xx"
}

curl -fsS "$APP_URL/supported-languages" > /dev/null || die "no Streamgate answering at $APP_URL"

# 1. Warm both routes up (results discarded): the JIT needs 60-150 s on 2 cores.
if ! skip SKIP_WARMUP; then
  log "1. warming up payments and submissions, ${WARMUP_SECONDS}s each"
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$(( WARMUP_SECONDS / 2 ))s" -s bench/payments.lua "$APP_URL/payments" \
    > "$WORK/wrk-warmup-payments.txt"
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$(( WARMUP_SECONDS / 2 ))s" -s bench/submissions.lua "$APP_URL/submit-code" \
    > "$WORK/wrk-warmup-submissions.txt"
fi

# 2. Closed loop, alternating.
log "2. closed loop: $RUNS x ${RUN_SECONDS}s each, alternating, $CONNECTIONS connections"
for ((i = 1; i <= RUNS; i++)); do
  run payments bench/payments.lua /payments "$i"
  run submissions bench/submissions.lua /submit-code "$i"
done
PAY_RPS="$(median < "$WORK/payments.rps")"
SUB_RPS="$(median < "$WORK/submissions.rps")"
PAY_NON2XX="$(sum_file "$WORK/payments.non2xx")"
SUB_NON2XX="$(sum_file "$WORK/submissions.non2xx")"

# 3. Open loop: submissions at a fixed rate, latency from the intended send time (no coordinated omission).
OPEN_P50=n/a; OPEN_P99=n/a; OPEN_P999=n/a; OPEN_ERR=n/a; OPEN_NON2XX=n/a; OPEN_TPUT=n/a
if ! skip SKIP_OPEN; then
  log "3. loadgen open loop: submissions at ${OPEN_RATE}/s for ${OPEN_SECONDS}s"
  [[ -x "$JAVA" ]] || die "JAVA=$JAVA is not executable (or SKIP_OPEN=1)"
  [[ -f "$LOADGEN_JAR" ]] || die "loadgen jar missing: ./mvnw -q -B -pl loadgen verify (or SKIP_OPEN=1)"
  # The same 4 KB program as submissions.lua, JSON-escaped; loadgen puts sequence % CUSTOMERS where %d is.
  line='print(\"line: the quick brown fox jumps over the lazy dog\")\n'
  code=""; while (( ${#code} < CODE_BYTES )); do code+="$line"; done
  template="{\"code\": \"${code:0:$CODE_BYTES}\", \"language\": \"python\", \"input_data\": \"42\", \"user_id\": \"user-%d\"}"
  "$JAVA" -jar "$LOADGEN_JAR" --url "$APP_URL/submit-code" --mode open --rate "$OPEN_RATE" \
    --warmup "$OPEN_WARMUP_SECONDS" --duration "$OPEN_SECONDS" --connections "$OPEN_CONNECTIONS" \
    --customers "$CUSTOMERS" --header "Content-Type: application/json" --body-template "$template" \
    --report "$WORK/open.json" > "$WORK/open.txt" 2> "$WORK/open-progress.txt"
  cat "$WORK/open.txt" >&2
  json() { sed -nE "s/^ *\"$1\": ([0-9.]+),?$/\1/p" "$WORK/open.json"; }
  ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
  OPEN_P50="$(ms "$(json latency_us_p50)")"; OPEN_P99="$(ms "$(json latency_us_p99)")"
  OPEN_P999="$(ms "$(json latency_us_p999)")"; OPEN_ERR="$(json errors)"; OPEN_NON2XX="$(json non_2xx)"
  OPEN_TPUT="$(json throughput)"
fi

REPORT="$ROOT/bench/results/$STAMP-submissions.md"
{
  echo "# Submissions benchmark $STAMP"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Closed loop: wrk -t$WRK_THREADS -c$CONNECTIONS, $RUNS x ${RUN_SECONDS}s per route, alternating, median; code ${CODE_BYTES} bytes per submission."
  echo
  echo "| Measurement | Median (acknowledged req/s) | non-2xx | ratio to payments |"
  echo "|---|---:|---:|---:|"
  echo "| \`POST /payments\` (~70 B body) | $PAY_RPS | $PAY_NON2XX | 1.00 |"
  echo "| \`POST /submit-code\`, ${CODE_BYTES} B of code | $SUB_RPS | $SUB_NON2XX | $(ratio "$SUB_RPS" "$PAY_RPS") |"
  echo
  echo "| Open loop, submissions at ${OPEN_RATE}/s | Value |"
  echo "|---|---:|"
  echo "| achieved throughput (req/s) | $OPEN_TPUT |"
  echo "| p50 / p99 / p99.9 latency (ms, from intended send time) | $OPEN_P50 / $OPEN_P99 / $OPEN_P999 |"
  echo "| errors (no response) / non-2xx | $OPEN_ERR / $OPEN_NON2XX |"
  echo
  echo "Raw outputs: \`bench/results/$STAMP-submissions/\`."
} > "$REPORT"
cat "$REPORT"
echo "written: $REPORT" >&2

csv_init submissions "$STAMP-submissions"
csv_repeats "$WORK/payments.rps" throughput payments req/s
csv_repeats "$WORK/submissions.rps" throughput "submit-code-$((CODE_BYTES / 1024))kb" req/s
csv_percentiles "$WORK/open.json" "open_loop_latency_at_$OPEN_RATE" "submit-code-$((CODE_BYTES / 1024))kb"
echo "appended to: $CSV_FILE" >&2

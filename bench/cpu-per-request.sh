#!/usr/bin/env bash
# CPU per request of one HTTP server process, the broker and the load generator, over one closed-loop wrk run of
# POST /payments (bench/payments.lua): process CPU time (utime+stime from /proc) before and after, divided by the
# requests answered. Holds up on a noisy machine far better than a rate; run it alternately on two servers (Streamgate
# and bench/baseline) after both are warm to compare them.
#
# Usage: bench/cpu-per-request.sh <url> <server pid> [seconds=20] [connections=64]
#   e.g. bench/cpu-per-request.sh http://127.0.0.1:8000/payments "$(pgrep -f 'Xms320m.*app/target' | head -1)"
# Needs wrk and the README's run command up in this checkout (its embedded broker is measured too).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
URL="$1"; PID="$2"; SECONDS_RUN="${3:-20}"; CONNECTIONS="${4:-64}"
BROKER="$(pgrep -f "devstack.child=kafka-1@$ROOT/data" | head -1 || true)"
TICK="$(getconf CLK_TCK)"
cpu() { [[ -n "$1" && -r /proc/$1/stat ]] && awk '{ print $14 + $15 }' "/proc/$1/stat" || echo 0; }
OUT="$(mktemp -d)"
a0="$(cpu "$PID")"; b0="$(cpu "$BROKER")"
/usr/bin/time -f "%U %S" -o "$OUT/wrk.time" \
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" -s bench/payments.lua "$URL" > "$OUT/wrk.txt"
a1="$(cpu "$PID")"; b1="$(cpu "$BROKER")"
rps="$(awk '$1 == "rps" { print $2 }' "$OUT/wrk.txt")"
non2xx="$(awk '$1 == "non2xx" { print $2 }' "$OUT/wrk.txt")"
read -r wu ws < "$OUT/wrk.time"
awk -v rps="$rps" -v s="$SECONDS_RUN" -v t="$TICK" -v a="$((a1 - a0))" -v b="$((b1 - b0))" -v w="$(awk -v u="$wu" -v v="$ws" 'BEGIN { print u + v }')" \
  -v url="$URL" -v non="$non2xx" 'BEGIN {
    n = rps * s
    printf "%s  %.0f req/s  non-2xx %s  CPU us/request: server %.1f  broker %.1f  wrk %.1f\n", url, rps, non, a * 1e6 / t / n, b * 1e6 / t / n, w * 1e6 / n }'

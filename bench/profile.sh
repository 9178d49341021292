#!/usr/bin/env bash
# Where the CPU of a running JVM goes under load: a JFR recording (settings=profile) of Streamgate (by default) while
# this script drives wrk with payments.lua against APP_URL/payments, then a Markdown summary of it by
# bench/JfrSummary.java: CPU by category of the stack (JSON, Avro, validation, filters, metrics, Kafka producer,
# Netty/Reactor, ...), top self frames, samples per thread group, GC pauses, allocation rate, CPU per request.
# Writes bench/results/profile-<timestamp>.md and keeps the recording beside it (.jfr; open it in JDK Mission Control
# for flame graphs). Loopback only. Run it on a warm app (after bench/run-payments.sh, or with WARMUP_SECONDS).
#
# Needs: the target JVM running as this user (jcmd attaches to it); wrk unless NO_LOAD=1.
#
# Environment (defaults):
#   PID=the JVM whose main class is MAIN_CLASS, or that runs the app's jar (java -jar streamgate-app-*.jar), from
#       jcmd -l   MAIN_CLASS=io.streamgate.StreamgateApplication
#   APP_URL=http://127.0.0.1:8000   DURATION=60 (seconds recorded)   WARMUP_SECONDS=0 (load before recording)
#   CONNECTIONS=64  WRK_THREADS=2  CUSTOMERS=1000   TOP=30 (self frames listed)
#   NO_LOAD=1   record for DURATION while load is driven elsewhere (then REQUESTS=<served while recording>, if
#               known, gives per-request figures)
#   LABEL=free text put in the report's title (e.g. "before", "after")
#   JAVA=the newest JDK >= 21 under /usr/lib/jvm; its jcmd is used
# The bare baseline, for comparison (bench/baseline, as started by run-payments.sh or by hand):
#   PID=$(pgrep -f streamgate-bench-baseline) APP_URL=http://127.0.0.1:8091 bash bench/profile.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source "$ROOT/bench/lib.sh"   # JAVA, log, die, skip, require_loopback

APP_URL="${APP_URL:-http://127.0.0.1:8000}"
MAIN_CLASS="${MAIN_CLASS:-io.streamgate.StreamgateApplication}"
DURATION="${DURATION:-60}"
WARMUP_SECONDS="${WARMUP_SECONDS:-0}"
CONNECTIONS="${CONNECTIONS:-64}"
WRK_THREADS="${WRK_THREADS:-2}"
export CUSTOMERS="${CUSTOMERS:-1000}"
TOP="${TOP:-30}"
LABEL="${LABEL:-}"
REQUESTS="${REQUESTS:-0}"
LUA="$ROOT/bench/payments.lua"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$ROOT/bench/results/profile-$STAMP"
mkdir -p "$ROOT/bench/results"

[[ -x "$JAVA" ]] || die "JAVA=$JAVA is not executable"
JCMD="$(dirname "$JAVA")/jcmd"
[[ -x "$JCMD" ]] || die "no jcmd beside $JAVA (a JDK, not a JRE, is needed)"
if ! skip NO_LOAD; then
  require_loopback "$APP_URL"
  command -v wrk >/dev/null || { log "installing wrk"; apt-get install -y wrk >/dev/null || die "wrk missing"; }
fi

if [[ -z "${PID:-}" ]]; then
  candidates="$("$JCMD" -l | awk -v main="$MAIN_CLASS" '$2 == main || $2 ~ /streamgate-app-[^\/]*\.jar$/ { print $1 }')"
  [[ -n "$candidates" ]] || die "no JVM with main class $MAIN_CLASS (jcmd -l); start it, or set PID"
  # Never guess between several: profiling the wrong JVM gives a plausible, wrong report.
  (( $(wc -l <<< "$candidates") == 1 )) || die "several candidate JVMs ($(echo $candidates)); set PID to one of them"
  PID="$candidates"
fi
kill -0 "$PID" 2>/dev/null || die "no process $PID"
TARGET="$(ps -o args= -p "$PID" | cut -c1-160)"

if (( WARMUP_SECONDS > 0 )) && ! skip NO_LOAD; then
  log "warming up $APP_URL/payments for ${WARMUP_SECONDS}s"
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${WARMUP_SECONDS}s" -s "$LUA" "$APP_URL/payments" > /dev/null
fi

# The recording is stopped whatever happens, so a failed run never leaves the target recording for ever.
RECORDING="bench-profile-$STAMP"
trap '"$JCMD" "$PID" JFR.stop name="$RECORDING" > /dev/null 2>&1 || true' EXIT
log "recording pid $PID for ${DURATION}s (JFR, settings=profile)"
"$JCMD" "$PID" JFR.start name="$RECORDING" settings=profile > "$OUT.jcmd.txt" \
  || die "JFR.start failed: $(cat "$OUT.jcmd.txt")"
if skip NO_LOAD; then
  sleep "$DURATION"
else
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -s "$LUA" "$APP_URL/payments" > "$OUT.wrk.txt"
  # wrk's summary line: "N requests in 60.00s, ..."
  REQUESTS="$(awk '/ requests in / { print $1 }' "$OUT.wrk.txt")"
fi
"$JCMD" "$PID" JFR.dump name="$RECORDING" filename="$OUT.jfr" >> "$OUT.jcmd.txt" \
  || die "JFR.dump failed: $(cat "$OUT.jcmd.txt")"
"$JCMD" "$PID" JFR.stop name="$RECORDING" >> "$OUT.jcmd.txt" 2>&1 || true
trap - EXIT
for _ in $(seq 50); do [[ -s "$OUT.jfr" ]] && break; sleep 0.2; done
[[ -s "$OUT.jfr" ]] || die "no recording at $OUT.jfr: $(cat "$OUT.jcmd.txt")"

{
  echo "# Profile $STAMP${LABEL:+ ($LABEL)}"
  echo
  echo "Target: pid $PID, \`$TARGET\`."
  echo "Machine: $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  if skip NO_LOAD; then
    echo "Load: driven elsewhere for ${DURATION}s (NO_LOAD=1)."
  else
    echo "Load: wrk -t$WRK_THREADS -c$CONNECTIONS -d${DURATION}s -s bench/payments.lua $APP_URL/payments:" \
      "$(awk '$1 == "rps" { print $2 }' "$OUT.wrk.txt") req/s, non-2xx $(awk '$1 == "non2xx" { print $2 }' "$OUT.wrk.txt")."
  fi
  echo
  args=("$OUT.jfr" --top "$TOP")
  (( REQUESTS > 0 )) && args+=(--requests "$REQUESTS")
  "$JAVA" "$ROOT/bench/JfrSummary.java" "${args[@]}"
  echo "Recording: \`bench/results/profile-$STAMP.jfr\` (JDK Mission Control: Method Profiling, flame graph)."
} > "$OUT.md"
cat "$OUT.md"
echo "written: $OUT.md" >&2

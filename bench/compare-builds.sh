#!/usr/bin/env bash
# The previous build against HEAD, in one run, on this machine only (loopback): payments, orders and trips of the
# build at BASE and of the build at HEAD_COMMIT, side by side on the stack of a running development app, so a
# refactoring (issue 24) or a change of guarantees (issue 18) shows as head ÷ base, a ratio that survives a noisy
# machine. Both jars are built from their commits in a temporary git worktree (kept under bench/results/builds/<sha>/,
# gitignored, keyed by the newest commit that changed more than bench/, docs/ and Markdown, so a second run reuses
# them) and run with the same JVM flags, the rate limit raised, each instance with
# only the system under test on (HEAD: STREAMGATE_SYSTEMS; the base build: streamgate.<system>.enabled=false for the
# others), a Postgres database of its own (bench/CreateDatabase.java; the base build has fewer migrations, and each
# instance's outbox relay then publishes only its own rows) and a data directory of its own. After both are warmed
# up, the measured runs alternate: base, head, base, head, ...
#   payments  POST /payments, wrk -t2 -c64 with bench/payments.lua: requests/s per run
#   orders    POST /orders, loadgen --workload orders closed loop: orders/s per run (after each run both outboxes
#             drain); then the outbox lag at a fixed ORDERS_OPEN_RATE orders/s (loadgen open loop), measured by
#             bench/outbox-lag.sh on that instance: append-to-ack p50/p99 and the oldest waiting row's age
#   trips     POST of trip parts, loadgen --workload trips closed loop: requests/s per run, both instances with the
#             join off. Then the join, which cannot run twice side by side (both would join every trip into
#             hw.fake.joinedstreams): one build's join at a time, alternating, each a fresh instance with a fresh
#             application id: (a) over the backlog of the trips posted in the measured runs above (its offsets set
#             to the time they began), joined trips/s from the first to the last joined trip (JoinedTripsWatch, as
#             bench/run-trips.sh); (b) at a fixed TRIPS_FIXED_RATE trips/s into the same build's ingest instance (offsets at the end),
#             the third part's ingest to the joined record, p50/p99
# Writes bench/results/compare-<timestamp>.md (per pair and the median ratio head ÷ base), raw outputs under
# bench/results/compare-<timestamp>/; nothing under bench/data (these figures have no chart).
#
# Needs: the development run (README) on its embedded stack, started with the trips join off
#   TRIPS_JOIN_ENABLED=false RATE_LIMIT_PER_SECOND=100000000 RATE_LIMIT_BURST=100000000 \
#     ./mvnw -pl app -am -DskipTests package spring-boot:run
# (it builds devstack/target/broker/broker.classpath, used to set the joins' offsets); the loadgen jar
# (./mvnw -q -B -pl loadgen -DskipTests package); wrk; python3. Its order-details consumer reads both builds'
# order events too, in either build's runs alike.
#
# Usage: bash bench/compare-builds.sh [payments] [orders] [trips]      (default: all three)
# Environment (defaults):
#   BASE=0f18cc7  HEAD_COMMIT=HEAD  BASE_JAR / HEAD_JAR (a jar to use instead of building that commit)
#   BOOTSTRAP=127.0.0.1:9092  REGISTRY=http://127.0.0.1:8081/apis/ccompat/v7
#   PG_URL=jdbc:postgresql://127.0.0.1:15432 (PG_USER and PG_PASSWORD postgres)  KEEP_DATABASES=0 (1: not dropped)
#   BASE_PORT=8130  HEAD_PORT=8140  JOIN_PORT=8150  CONNECTIONS=64  WRK_THREADS=2
#   PAIRS=5  RUN_SECONDS=30  WARMUP_SECONDS=120 (each instance, each system)
#   ORDERS_LIFE_CYCLE=true  ORDERS_OPEN_PAIRS=3  ORDERS_OPEN_RATE=1000  ORDERS_OPEN_SECONDS=60
#   ORDERS_OPEN_WARMUP_SECONDS=10  DRAIN_TIMEOUT=120
#   TRIPS_JOIN_PAIRS=3  TRIPS_FIXED_PAIRS=3  TRIPS_FIXED_RATE=1000  TRIPS_FIXED_SECONDS=60
#   TRIPS_FIXED_WARMUP_SECONDS=60 (the join is a fresh JVM each run: its first seconds of load are its JIT's warm-up
#   and catching up with what arrived meanwhile, not its steady latency)  COMMIT_INTERVAL=100ms
#   KAFKA_CP_FILE=devstack/target/broker/broker.classpath
#   APP_JVM=streamgate.app.jvm from app/pom.xml (both builds)   JAVA=the newest JDK >= 21 under /usr/lib/jvm
# Takes about 70 min with the defaults (payments 10, orders 20, trips 40), plus a build of each jar not built yet.
# Short proof that it works (about 15 min on a busy machine, most of it the instances' starts; figures meaningless):
#   PAIRS=2 RUN_SECONDS=5 WARMUP_SECONDS=10 ORDERS_OPEN_PAIRS=1 ORDERS_OPEN_SECONDS=5 ORDERS_OPEN_WARMUP_SECONDS=2 \
#     TRIPS_JOIN_PAIRS=1 TRIPS_FIXED_PAIRS=1 TRIPS_FIXED_SECONDS=5 TRIPS_FIXED_WARMUP_SECONDS=2 bash bench/compare-builds.sh
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source "$ROOT/bench/lib.sh"   # JAVA, LOADGEN_JAR, log, die, require_loopback

BASE="${BASE:-0f18cc7}"
HEAD_COMMIT="${HEAD_COMMIT:-HEAD}"
BOOTSTRAP="${BOOTSTRAP:-127.0.0.1:9092}"
REGISTRY="${REGISTRY:-http://127.0.0.1:8081/apis/ccompat/v7}"
PG_URL="${PG_URL:-jdbc:postgresql://127.0.0.1:15432}"
PG_USER="${PG_USER:-postgres}"
PG_PASSWORD="${PG_PASSWORD:-postgres}"
KEEP_DATABASES="${KEEP_DATABASES:-0}"
BASE_PORT="${BASE_PORT:-8130}"
HEAD_PORT="${HEAD_PORT:-8140}"
JOIN_PORT="${JOIN_PORT:-8150}"
CONNECTIONS="${CONNECTIONS:-64}"
WRK_THREADS="${WRK_THREADS:-2}"
PAIRS="${PAIRS:-5}"
RUN_SECONDS="${RUN_SECONDS:-30}"
WARMUP_SECONDS="${WARMUP_SECONDS:-120}"
ORDERS_LIFE_CYCLE="${ORDERS_LIFE_CYCLE:-true}"
ORDERS_OPEN_PAIRS="${ORDERS_OPEN_PAIRS:-3}"
ORDERS_OPEN_RATE="${ORDERS_OPEN_RATE:-1000}"
ORDERS_OPEN_SECONDS="${ORDERS_OPEN_SECONDS:-60}"
ORDERS_OPEN_WARMUP_SECONDS="${ORDERS_OPEN_WARMUP_SECONDS:-10}"
DRAIN_TIMEOUT="${DRAIN_TIMEOUT:-120}"
TRIPS_JOIN_PAIRS="${TRIPS_JOIN_PAIRS:-3}"
TRIPS_FIXED_PAIRS="${TRIPS_FIXED_PAIRS:-3}"
TRIPS_FIXED_RATE="${TRIPS_FIXED_RATE:-1000}"
TRIPS_FIXED_SECONDS="${TRIPS_FIXED_SECONDS:-60}"
TRIPS_FIXED_WARMUP_SECONDS="${TRIPS_FIXED_WARMUP_SECONDS:-60}"
COMMIT_INTERVAL="${COMMIT_INTERVAL:-100ms}"
KAFKA_CP_FILE="${KAFKA_CP_FILE:-devstack/target/broker/broker.classpath}"
APP_JVM="${APP_JVM:-$(sed -nE 's:.*<streamgate.app.jvm>(.*)</streamgate.app.jvm>.*:\1:p' app/pom.xml)}"
SYSTEMS=("$@")
(( ${#SYSTEMS[@]} )) || SYSTEMS=(payments orders trips)
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
TAG="$(date -u +%H%M%S)"                 # in database names, application ids and trip run ids of this run
WORK="$ROOT/bench/results/compare-$STAMP"
REPORT="$ROOT/bench/results/compare-$STAMP.md"
mkdir -p "$WORK"

for system in "${SYSTEMS[@]}"; do
  [[ "$system" =~ ^(payments|orders|trips)$ ]] || die "unknown system '$system' (payments, orders, trips)"
done
require_loopback "$BOOTSTRAP"
require_loopback "$REGISTRY"
require_loopback "${PG_URL#jdbc:postgresql://}"
[[ -n "$JAVA" ]] || die "no JDK >= 21 found; set JAVA"
[[ -f "$LOADGEN_JAR" ]] || die "loadgen jar missing: ./mvnw -q -B -pl loadgen -DskipTests package"
command -v wrk >/dev/null || die "wrk missing (apt-get install -y wrk)"
command -v python3 >/dev/null || die "python3 missing"
[[ -f "$KAFKA_CP_FILE" ]] || die "$KAFKA_CP_FILE missing: the development run builds it (devstack module)"
PG_JAR="$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar 2>/dev/null | grep -v sources | tail -1 || true)"
[[ -f "$PG_JAR" ]] || die "no PostgreSQL driver under ~/.m2 (the app's build downloads it)"
KCP="$(cat "$KAFKA_CP_FILE")"

# Everything this script starts is stopped, and everything it creates removed, however it exits: the instances
# (by the ids it recorded), a build's worktree, the databases (unless KEEP_DATABASES=1).
declare -A PID=()
WORKTREES=()
DATABASES=()
stop() { # NAME: TERM, and KILL if it has not exited within 30 s (an instance still starting may take long)
  local pid="${PID[$1]:-}" i
  [[ -n "$pid" ]] || return 0
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 60; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  unset "PID[$1]"
}
cleanup() {
  local name db tree
  for name in "${!PID[@]}"; do stop "$name"; done
  for tree in "${WORKTREES[@]}"; do git -C "$ROOT" worktree remove --force "$tree" 2>/dev/null || true; done
  if [[ "$KEEP_DATABASES" != 1 ]]; then
    for db in "${DATABASES[@]}"; do database "$db" drop 2>/dev/null || true; done
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# A load client (wrk, loadgen) runs in the background while the script waits for it, so that an interrupted script
# stops it at once instead of after its run.
bounded() { "$@" & PID[load]=$!; wait "${PID[load]}"; unset "PID[load]"; }
database() { "$JAVA" -cp "$PG_JAR" bench/CreateDatabase.java "$PG_URL/postgres" "$PG_USER" "$PG_PASSWORD" "$@"; }

# The app jar of a commit, built once in a temporary worktree: sets JAR. Built from the newest commit up to REF that
# changed more than bench/, docs/ and Markdown (the same jar), so that commits of benchmark scripts need no new build.
build_jar() { # REF
  local sha dir src built
  sha="$(git -C "$ROOT" rev-parse --verify "$1^{commit}")" || die "no commit '$1'"
  sha="$(git -C "$ROOT" log -1 --format=%H "$sha" -- . ':(exclude)bench' ':(exclude)docs' ':(exclude)*.md')"
  BUILT[$1]="$sha"
  dir="$ROOT/bench/results/builds/$sha"
  JAR="$dir/streamgate-app.jar"
  [[ -f "$JAR" ]] && return 0
  src="$ROOT/bench/results/builds/src-$sha"
  log "building the app jar of $1 ($sha) in a temporary worktree"
  mkdir -p "$dir"
  git -C "$ROOT" worktree remove --force "$src" 2>/dev/null || true
  git -C "$ROOT" worktree add --quiet --detach "$src" "$sha"
  WORKTREES+=("$src")
  (cd "$src" && ./mvnw -q -B -pl app -am -DskipTests package) > "$dir/build.log" 2>&1 \
    || die "the build of $1 failed; see $dir/build.log"
  built="$(ls "$src"/app/target/streamgate-app-*.jar | grep -v plain | head -1)"
  cp "$built" "$JAR.tmp" && mv "$JAR.tmp" "$JAR"
  git -C "$ROOT" worktree remove --force "$src"
}
declare -A JARS=() BUILT=()
if [[ -n "${BASE_JAR:-}" ]]; then JARS[base]="$BASE_JAR"; else build_jar "$BASE"; JARS[base]="$JAR"; fi
if [[ -n "${HEAD_JAR:-}" ]]; then JARS[head]="$HEAD_JAR"; else build_jar "$HEAD_COMMIT"; JARS[head]="$JAR"; fi
[[ -f "${JARS[base]}" && -f "${JARS[head]}" ]] || die "no jar: ${JARS[base]} ${JARS[head]}"
declare -A PORT=([base]="$BASE_PORT" [head]="$HEAD_PORT")
STARTS=0

# start NAME BUILD SYSTEM PORT [--property=value...]: an instance of BUILD's jar running SYSTEM only, on a database
# and data directory of its own.
start() {
  local name="$1" build="$2" system="$3" port="$4" db other
  shift 4
  local switches=() systems=()
  if [[ "$build" == head ]]; then
    systems=("STREAMGATE_SYSTEMS=$system")
  else
    for other in payments trips orders orderdetails submissions; do
      [[ "$other" == "$system" ]] || switches+=("--streamgate.$other.enabled=false")
    done
  fi
  STARTS=$((STARTS + 1))
  db="bench_cmp_${TAG}_${STARTS}_${name//-/_}"
  database "$db"
  DATABASES+=("$db")
  # shellcheck disable=SC2086 # APP_JVM is a list of JVM flags
  env KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP" SCHEMA_REGISTRY_URL="$REGISTRY" DATABASE_URL="$PG_URL/$db" \
    DATABASE_USERNAME="$PG_USER" DATABASE_PASSWORD="$PG_PASSWORD" STREAMGATE_DATA_DIR="$WORK/$name-data" \
    PORT="$port" ORDER_DETAILS_PORT=-1 HTTPS_PORT=-1 RATE_LIMIT_PER_SECOND=100000000 RATE_LIMIT_BURST=100000000 \
    STREAMS_COMMIT_INTERVAL="$COMMIT_INTERVAL" TRIPS_JOIN_ENABLED=false \
    "${systems[@]}" \
    "$JAVA" $APP_JVM -jar "${JARS[$build]}" "${switches[@]}" "$@" > "$WORK/$name.log" 2>&1 &
  PID[$name]=$!
}
await_ready() { # NAME PORT
  local deadline=$((SECONDS + 240))
  while (( SECONDS < deadline )); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$2/readyz" || true)" == 200 ]] && return 0
    kill -0 "${PID[$1]}" 2>/dev/null || die "$1 exited; see $WORK/$1.log"
    sleep 0.5
  done
  die "$1 on :$2 not ready within 240 s; see $WORK/$1.log"
}
start_pair() { # SYSTEM [--property=value...]: base and head instances of SYSTEM, ready
  local system="$1"
  shift
  log "$system: starting base ($(git -C "$ROOT" rev-parse --short "$BASE")) on :$BASE_PORT and head on :$HEAD_PORT"
  start "$system-base" base "$system" "$BASE_PORT" "$@"
  start "$system-head" head "$system" "$HEAD_PORT" "$@"
  await_ready "$system-base" "$BASE_PORT"
  await_ready "$system-head" "$HEAD_PORT"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
json() { sed -nE "s/^ *\"$2\": ([0-9.]+),?$/\1/p" "$1" | head -1; }
# Alternating runs: for each pair, MEASURE base, then MEASURE head; MEASURE BUILD PAIR prints one figure, which is
# appended to $WORK/KEY-BUILD.txt. (MEASURE runs in this shell, not in a $(...) subshell, so that what it starts is
# known to the clean-up.)
alternate() { # KEY COUNT MEASURE
  local i build value
  for ((i = 1; i <= $2; i++)); do
    for build in base head; do
      "$3" "$build" "$i" > "$WORK/measured.txt"
      value="$(tail -1 "$WORK/measured.txt")"
      echo "$value" >> "$WORK/$1-$build.txt"
      printf '   %s pair %d %s: %s\n' "$1" "$i" "$build" "$value" >&2
    done
  done
}
# A Markdown table of KEY's pairs: base, head, head ÷ base, and the medians (head ÷ base: the median of the pairs').
table() { # KEY TITLE
  local ratios
  ratios="$(paste "$WORK/$1-base.txt" "$WORK/$1-head.txt" \
    | awk '{ if ($1 + 0 > 0 && $2 != "n/a") printf "%.3f\n", $2 / $1; else print "n/a" }')"
  echo "| $2 | base | head | head ÷ base |"
  echo "|---|---:|---:|---:|"
  paste "$WORK/$1-base.txt" "$WORK/$1-head.txt" <(echo "$ratios") | awk -F'\t' '{ printf "| pair %d | %s | %s | %s |\n", NR, $1, $2, $3 }'
  echo "| **median** | $(median < "$WORK/$1-base.txt") | $(median < "$WORK/$1-head.txt") | **$(grep -v n/a <<< "$ratios" | median | awk '{ printf($1 == "n/a" ? "n/a" : "%.3f", $1) }')** |"
}
# a file of "non-2xx errors" lines, or "records distinct" lines, as "a/b, a/b, ..."
per_run() { awk '{ printf "%s%s/%s", (NR > 1 ? ", " : ""), $1, $2 }' "$1"; }
section() { # one line per argument, a table (an argument starting with |) followed by an empty line
  local line
  for line in "$@"; do
    printf '%s\n' "$line"
    if [[ "$line" == \|* ]]; then echo; fi
  done >> "$REPORT"
}

{
  echo "# Previous build ÷ HEAD, $STAMP"
  echo
  for ref in "$BASE" "$HEAD_COMMIT"; do
    echo "- $([[ "$ref" == "$BASE" ]] && echo base || echo head): \`$(git -C "$ROOT" log -1 --format='%h %s' "$ref" | cut -c1-100)\`$([[ -n "${BUILT[$ref]:-}" ]] && echo ", jar built from $(git -C "$ROOT" rev-parse --short "${BUILT[$ref]}") (the newest commit that changed more than bench/, docs/ and Markdown)")"
  done
  [[ -z "${BASE_JAR:-}${HEAD_JAR:-}" ]] || echo "- jars given: ${BASE_JAR:-} ${HEAD_JAR:-}"
  echo
  echo "Command: \`$BENCH_COMMAND\`. Machine: $(nproc) cores, load average at the start $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Both builds: JVM \`$APP_JVM\`, rate limit raised, only the system under test on, a database of their own;"
  echo "measured runs alternate base, head after ${WARMUP_SECONDS}s of warm-up each. Raw outputs: \`bench/results/compare-$STAMP/\`."
  echo
} > "$REPORT"

# ---- payments ----------------------------------------------------------------------------------------------------
wrk_payments() { # BUILD SECONDS FILE
  bounded wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${2}s" -s bench/payments.lua "http://127.0.0.1:${PORT[$1]}/payments" > "$3"
}
measure_payments() { # BUILD PAIR
  local file="$WORK/payments-$1-$2.txt"
  wrk_payments "$1" "$RUN_SECONDS" "$file"
  echo "$(awk '$1 == "non2xx" { print $2 }' "$file")" >> "$WORK/payments-$1-non2xx.txt"
  awk '$1 == "rps" { printf "%.0f\n", $2 }' "$file"
}
payments() {
  start_pair payments
  log "payments: warm-up ${WARMUP_SECONDS}s each"
  wrk_payments base "$WARMUP_SECONDS" "$WORK/payments-base-warmup.txt"
  wrk_payments head "$WARMUP_SECONDS" "$WORK/payments-head-warmup.txt"
  log "payments: $PAIRS pairs of ${RUN_SECONDS}s, alternating"
  alternate payments "$PAIRS" measure_payments
  stop payments-base; stop payments-head
  section "## Payments: POST /payments, wrk -t$WRK_THREADS -c$CONNECTIONS (bench/payments.lua), $PAIRS × ${RUN_SECONDS}s each" ""
  section "$(table payments 'acknowledged requests/s')" \
    "Non-2xx answers: base $(awk '{ s += $1 } END { print s + 0 }' "$WORK/payments-base-non2xx.txt"), head $(awk '{ s += $1 } END { print s + 0 }' "$WORK/payments-head-non2xx.txt")." ""
}

# ---- orders ------------------------------------------------------------------------------------------------------
metric() { # PORT NAME -> value (exact name, no labels)
  local page
  page="$(curl -fsS "http://127.0.0.1:$1/actuator/prometheus")" || return 1
  awk -v m="$2" '$1 == m { print $2; exit }' <<< "$page"
}
await_drained() { # BUILD: the life cycle's moves of this run's orders done (if on) and the outbox empty
  local deadline=$((SECONDS + DRAIN_TIMEOUT))
  [[ "$ORDERS_LIFE_CYCLE" == true ]] && sleep 11   # confirmed 5 s, shipped 5 s after creation; polled every 250 ms
  while (( SECONDS < deadline )); do
    [[ "$(metric "${PORT[$1]}" streamgate_outbox_waiting)" =~ ^0(\.0)?$ ]] && return 0
    sleep 0.5
  done
  log "orders: the outbox of $1 did not drain within ${DRAIN_TIMEOUT}s"
}
loadgen_orders() { # BUILD [loadgen options...]
  local build="$1"
  shift
  bounded "$JAVA" -jar "$LOADGEN_JAR" --workload orders --url "http://127.0.0.1:${PORT[$build]}/orders" --customers 10000 "$@"
}
measure_orders() { # BUILD PAIR
  local file="$WORK/orders-$1-$2.json"
  loadgen_orders "$1" --connections "$CONNECTIONS" --duration "$RUN_SECONDS" --report "$file" \
    > "$WORK/orders-$1-$2.txt" 2> /dev/null
  await_drained "$1"
  echo "$(json "$file" non_2xx) $(json "$file" errors)" >> "$WORK/orders-$1-failures.txt"
  printf '%.0f\n' "$(json "$file" throughput)"
}
measure_outbox_lag() { # BUILD PAIR
  local name="$WORK/orders-open-$1-$2" p50 p99 oldest
  bash -c 'sleep "$1"; exec bash bench/outbox-lag.sh "$2" "$3"' lag "$ORDERS_OPEN_WARMUP_SECONDS" \
    "$ORDERS_OPEN_SECONDS" "http://127.0.0.1:${PORT[$1]}" > "$name-lag.txt" &
  PID[lag]=$!
  loadgen_orders "$1" --mode open --rate "$ORDERS_OPEN_RATE" --warmup "$ORDERS_OPEN_WARMUP_SECONDS" \
    --duration "$ORDERS_OPEN_SECONDS" --report "$name.json" > "$name.txt" 2> /dev/null
  wait "${PID[lag]}"; unset "PID[lag]"
  await_drained "$1"
  p50="$(sed -nE 's/^lag p50 <= ([0-9]+) ms, p99 <= ([0-9]+) ms.*/\1/p' "$name-lag.txt")"
  p99="$(sed -nE 's/^lag p50 <= ([0-9]+) ms, p99 <= ([0-9]+) ms.*/\2/p' "$name-lag.txt")"
  oldest="$(sed -nE 's/^oldest waiting row, largest sample: ([0-9]+) ms.*/\1/p' "$name-lag.txt")"
  echo "${p50:-n/a}" >> "$WORK/outbox-lag-p50-$1.txt"
  echo "${oldest:-n/a}" >> "$WORK/outbox-oldest-$1.txt"
  awk -v us="$(json "$name.json" latency_us_p99)" 'BEGIN { printf "%.1f\n", us / 1000 }' >> "$WORK/orders-open-http-p99-$1.txt"
  echo "${p99:-n/a}"
}
orders() {
  start_pair orders "--streamgate.orders.life-cycle.enabled=$ORDERS_LIFE_CYCLE"
  log "orders: warm-up ${WARMUP_SECONDS}s each"
  loadgen_orders base --connections "$CONNECTIONS" --duration "$WARMUP_SECONDS" > "$WORK/orders-base-warmup.txt" 2> /dev/null
  loadgen_orders head --connections "$CONNECTIONS" --duration "$WARMUP_SECONDS" > "$WORK/orders-head-warmup.txt" 2> /dev/null
  await_drained base; await_drained head
  log "orders: $PAIRS pairs of ${RUN_SECONDS}s closed loop, alternating"
  alternate orders "$PAIRS" measure_orders
  log "orders: outbox lag at $ORDERS_OPEN_RATE orders/s, $ORDERS_OPEN_PAIRS pairs of ${ORDERS_OPEN_WARMUP_SECONDS}+${ORDERS_OPEN_SECONDS}s"
  alternate outbox-lag-p99 "$ORDERS_OPEN_PAIRS" measure_outbox_lag
  stop orders-base; stop orders-head
  section "## Orders: POST /orders, loadgen --workload orders, closed loop $CONNECTIONS connections, $PAIRS × ${RUN_SECONDS}s each (life cycle $([[ "$ORDERS_LIFE_CYCLE" == true ]] && echo on || echo off))" ""
  section "$(table orders 'orders created/s (201)')" \
    "Non-2xx/errors per run, base: $(per_run "$WORK/orders-base-failures.txt"); head: $(per_run "$WORK/orders-head-failures.txt")." "" \
    "### Outbox lag at $ORDERS_OPEN_RATE orders/s (open loop, ${ORDERS_OPEN_SECONDS}s after ${ORDERS_OPEN_WARMUP_SECONDS}s; bench/outbox-lag.sh: append to the broker's ack, bucket bounds; lower is better)" ""
  section "$(table outbox-lag-p99 'append-to-ack p99 (ms)')" "$(table outbox-lag-p50 'append-to-ack p50 (ms)')" \
    "$(table outbox-oldest 'oldest waiting row, largest sample (ms)')" "$(table orders-open-http-p99 'POST /orders p99 (ms, open loop)')"
}

# ---- trips -------------------------------------------------------------------------------------------------------
TRIP_INPUTS=(hw.fake.trip-requested hw.fake.driver-assigned hw.fake.trip-completed)
loadgen_trips() { # BUILD RUN-ID [loadgen options...]
  local build="$1" run="$2"
  shift 2
  bounded "$JAVA" -jar "$LOADGEN_JAR" --workload trips --url "http://127.0.0.1:${PORT[$build]}/" --run-id "$run" "$@"
}
watch() { "$JAVA" -cp "$LOADGEN_JAR" io.streamgate.loadgen.JoinedTripsWatch --bootstrap "$BOOTSTRAP" "$@"; }
measure_ingest() { # BUILD PAIR
  local file="$WORK/trips-ingest-$1-$2.json"
  loadgen_trips "$1" "C${TAG}${1:0:1}$2" --connections "$CONNECTIONS" --duration "$RUN_SECONDS" --report "$file" \
    > "$WORK/trips-ingest-$1-$2.txt" 2> /dev/null
  echo "$(json "$file" non_2xx) $(json "$file" errors)" >> "$WORK/trips-ingest-$1-failures.txt"
  printf '%.0f\n' "$(json "$file" throughput)"
}
# The join of BUILD alone, as a fresh application whose input offsets are set first (OFFSETS: ConsumerGroupCommand's
# --to-datetime T or --to-latest); stopped with stop join.
start_join() { # BUILD APPLICATION-ID OFFSETS...
  local build="$1" app="$2" topic topics=()
  shift 2
  for topic in "${TRIP_INPUTS[@]}"; do topics+=(--topic "$topic"); done
  "$JAVA" -cp "$KCP" org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
    --reset-offsets --group "$app" "${topics[@]}" "$@" --execute > "$WORK/$app-offsets.txt" 2>&1 \
    || die "could not set the offsets of $app; see $WORK/$app-offsets.txt"
  start join "$build" trips "$JOIN_PORT" --streamgate.trips.join.enabled=true \
    --streamgate.trips.join.application-id="$app"
  await_ready join "$JOIN_PORT"
  await_streams_running
}
# /readyz of HEAD does not wait for Kafka Streams (it works in the background); /actuator/health shows it in both builds.
await_streams_running() {
  local deadline=$((SECONDS + 240))
  while (( SECONDS < deadline )); do
    curl -s "http://127.0.0.1:$JOIN_PORT/actuator/health" | python3 -c \
      'import json, sys; sys.exit(json.load(sys.stdin)["components"]["streams"]["status"] != "UP")' 2>/dev/null && return 0
    kill -0 "${PID[join]}" 2>/dev/null || die "the join exited; see $WORK/join.log"
    sleep 0.5
  done
  die "the join's Kafka Streams not running within 240 s; see $WORK/join.log"
}
stop_join() { # APPLICATION-ID: stopped, its log kept under the application id
  stop join
  mv "$WORK/join.log" "$WORK/$1.log"
}
measure_join_backlog() { # BUILD PAIR
  local app="bench-cmp-$TAG-$1-b$2"
  watch --from end --key-prefix "LG-C$TAG" --idle 10 --max 1800 --report "$WORK/$app-watch.json" \
    > "$WORK/$app-watch.txt" 2>&1 &
  PID[watch]=$!
  sleep 2
  start_join "$1" "$app" --to-datetime "$TRIPS_SINCE"
  wait "${PID[watch]}"; unset "PID[watch]"
  stop_join "$app"
  echo "$(json "$WORK/$app-watch.json" records) $(json "$WORK/$app-watch.json" distinct)" >> "$WORK/join-backlog-$1-counts.txt"
  printf '%.0f\n' "$(json "$WORK/$app-watch.json" throughput)"
}
measure_join_fixed() { # BUILD PAIR
  local app="bench-cmp-$TAG-$1-f$2" run="F${TAG}${1:0:1}$2"
  start_join "$1" "$app" --to-latest
  watch --from end --key-prefix "LG-$run-" --skip-seconds "$TRIPS_FIXED_WARMUP_SECONDS" --idle 10 \
    --max $((TRIPS_FIXED_WARMUP_SECONDS + TRIPS_FIXED_SECONDS + 120)) --report "$WORK/$app-watch.json" \
    > "$WORK/$app-watch.txt" 2>&1 &
  PID[watch]=$!
  sleep 2
  loadgen_trips "$1" "$run" --mode open --rate $((TRIPS_FIXED_RATE * 3)) --warmup "$TRIPS_FIXED_WARMUP_SECONDS" \
    --duration "$TRIPS_FIXED_SECONDS" --report "$WORK/$app-load.json" > "$WORK/$app-load.txt" 2> /dev/null
  wait "${PID[watch]}"; unset "PID[watch]"
  stop_join "$app"
  awk -v us="$(json "$WORK/$app-watch.json" latency_us_p50)" 'BEGIN { printf "%.1f\n", us / 1000 }' >> "$WORK/join-fixed-p50-$1.txt"
  awk -v us="$(json "$WORK/$app-load.json" latency_us_p99)" 'BEGIN { printf "%.1f\n", us / 1000 }' >> "$WORK/join-fixed-http-p99-$1.txt"
  awk -v us="$(json "$WORK/$app-watch.json" latency_us_p99)" 'BEGIN { printf "%.1f\n", us / 1000 }'
}
trips() {
  # A join already running on the stack (the development app's own, unless started with TRIPS_JOIN_ENABLED=false)
  # would join the same trips into the same topic: the watch would see each trip twice.
  if "$JAVA" -cp "$KCP" org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
      --describe --group streamgate-trips-join --state 2>/dev/null | grep -q -w Stable; then
    die "a trips join runs on the stack (group streamgate-trips-join): start the development app with TRIPS_JOIN_ENABLED=false"
  fi
  start_pair trips
  log "trips: warm-up ${WARMUP_SECONDS}s each (ingest only, joins off)"
  loadgen_trips base "C${TAG}bw" --connections "$CONNECTIONS" --duration "$WARMUP_SECONDS" > "$WORK/trips-base-warmup.txt" 2> /dev/null
  loadgen_trips head "C${TAG}hw" --connections "$CONNECTIONS" --duration "$WARMUP_SECONDS" > "$WORK/trips-head-warmup.txt" 2> /dev/null
  TRIPS_SINCE="$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)"
  log "trips: $PAIRS pairs of ${RUN_SECONDS}s closed loop, alternating"
  alternate trips-ingest "$PAIRS" measure_ingest
  log "trips: the join over the measured runs' trips (since $TRIPS_SINCE), one build at a time, $TRIPS_JOIN_PAIRS pairs"
  alternate join-backlog "$TRIPS_JOIN_PAIRS" measure_join_backlog
  log "trips: the join at $TRIPS_FIXED_RATE trips/s, one build at a time, $TRIPS_FIXED_PAIRS pairs"
  alternate join-fixed-p99 "$TRIPS_FIXED_PAIRS" measure_join_fixed
  stop trips-base; stop trips-head
  section "## Trips: POST of trip parts, loadgen --workload trips, closed loop $CONNECTIONS connections, $PAIRS × ${RUN_SECONDS}s each (joins off)" ""
  section "$(table trips-ingest 'requests/s (3 per trip)')" \
    "Non-2xx/errors per run, base: $(per_run "$WORK/trips-ingest-base-failures.txt"); head: $(per_run "$WORK/trips-ingest-head-failures.txt")." "" \
    "### The join over the trips posted in the measured runs above (since $TRIPS_SINCE), one build's join at a time" "" \
    "Two joins cannot run side by side: each would join every trip into hw.fake.joinedstreams. Each run is a fresh instance of one build with a fresh application id, its input offsets set to the start of those runs; joined trips/s from the first to the last joined trip (JoinedTripsWatch)." ""
  section "$(table join-backlog 'joined trips/s')" \
    "Joined records/distinct trips per run (equal: no trip joined twice), base: $(per_run "$WORK/join-backlog-base-counts.txt"); head: $(per_run "$WORK/join-backlog-head-counts.txt")." "" \
    "### The join at $TRIPS_FIXED_RATE trips/s ($((TRIPS_FIXED_RATE * 3)) requests/s open loop into the same build's ingest instance, ${TRIPS_FIXED_SECONDS}s after ${TRIPS_FIXED_WARMUP_SECONDS}s), one build at a time; third part's ingest to the joined record (lower is better)" ""
  section "$(table join-fixed-p99 'ingest to joined, p99 (ms)')" "$(table join-fixed-p50 'ingest to joined, p50 (ms)')" \
    "$(table join-fixed-http-p99 'HTTP p99 (ms, open loop)')"
}

for system in "${SYSTEMS[@]}"; do "$system"; done
section "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
cat "$REPORT"
echo "written: $REPORT" >&2

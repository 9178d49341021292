#!/usr/bin/env bash
# Order-details benchmarks (issue 7), on this machine only (loopback). Two measurements:
#
#   bench/run-orderdetails.sh visibility
#     POST /orders at RATE/s (open loop: each POST has an intended send time, its latency counts from it) and watch
#     one order in round(1/SAMPLE) (every k-th, deterministic): from its 201, poll GET /order-details?orderId= every
#     POLL_MS until it answers 200, with at most MAX_POLLS_IN_FLIGHT reads in flight in all (a poll that finds no
#     free slot waits, which can only make its figure worse) and giving up after GIVE_UP_MS ("not visible", reported).
#     Visibility = arrival of the first 200 - arrival of the 201; its resolution is POLL_MS. The order's id is the last
#     segment of the 201's Location header (/orders/{id}). The tool (io.streamgate.loadgen.VisibilityLatency) sends the
#     POSTs on a pool of keep-alive connections (INITIAL_CONNECTIONS, growing by one whenever a POST's time comes with
#     all busy, up to CONNECTIONS) and the reads on MAX_POLLS_IN_FLIGHT more, with the load generator's own HTTP/1.1
#     client (pre-encoded requests, bodies discarded), in a JVM of LOADGEN_JVM_OPTS; it reports the reads per second
#     it sent, its late POSTs (sent > 1 ms after their intended time) and its own CPU use over the window ("tool CPU
#     x % of one core"). Needs the whole system running (README command) with the orders system and the loadgen jar.
#     Target: p99 < 250 ms at 1,000 orders/s.
#
#   bench/run-orderdetails.sh backlog
#     1. preloads EVENTS order events into order-events (Python confluent-kafka through the registry);
#     2. starts a second Streamgate process, order details only, with a new consumer group and an empty database of
#        its own, so it has the whole topic as a backlog and a read model to build;
#     3. samples its /actuator/prometheus every 0.2 s: from the first sample with applied events to the last sample
#        in which the applied count still grew, confirmed finished by a lag of 0 on every partition: events applied
#        per second (streamgate_consumer_consumed_total{outcome="applied"} / elapsed). Target: >= 5,000 events/s.
#     Needs the embedded stack running (README command) and the packaged app jar
#     (./mvnw -B -pl app -am -DskipTests package).
#
# Environment (defaults):
#   APP_URL=http://127.0.0.1:8000  ORDER_DETAILS_URL=http://127.0.0.1:8001  RATE=1000  RUN_SECONDS=30  WARMUP=5
#   SAMPLE=0.1  POLL_MS=5  MAX_POLLS_IN_FLIGHT=16  GIVE_UP_MS=10000  CONNECTIONS=32  INITIAL_CONNECTIONS=8
#   LOADGEN_JVM_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1" (the tool's JVM: no C2 compiler threads, one GC)
#   ORDER_BODY (a POST /orders body; {n} = sequence number)  ID_HEADER=Location (the 201's header holding the id)
#   EVENTS=100000  ORDERS=20000  BOOTSTRAP=127.0.0.1:9092  REGISTRY=http://127.0.0.1:8081/apis/ccompat/v7
#   PG_URL=jdbc:postgresql://127.0.0.1:15432  PG_USER=postgres  PG_PASSWORD=postgres  BENCH_PORT=8101
#   BACKLOG_TIMEOUT=600 (seconds)  SKIP_PRELOAD=1 (reuse what is in the topic)
#   JAVA=the newest JDK >= 21 under /usr/lib/jvm
set -euo pipefail
# SECONDS is bash's own clock (seconds since the shell started, seeded from the environment): unset, it reads 0, not
# empty, so a ${SECONDS:-30} default never applied. The duration is RUN_SECONDS; SECONDS=N is still honoured if given.
SECONDS_GIVEN="$SECONDS"

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source "$ROOT/bench/lib.sh"   # JAVA, LOADGEN_JAR, log, die, skip, require_loopback
MODE="${1:-}"
APP_URL="${APP_URL:-http://127.0.0.1:8000}"
ORDER_DETAILS_URL="${ORDER_DETAILS_URL:-http://127.0.0.1:8001}"
RATE="${RATE:-1000}"; SECONDS_="${RUN_SECONDS:-$(( SECONDS_GIVEN > 0 ? SECONDS_GIVEN : 30 ))}"; WARMUP="${WARMUP:-5}"; POLL_MS="${POLL_MS:-5}"
SAMPLE="${SAMPLE:-0.1}"; MAX_POLLS_IN_FLIGHT="${MAX_POLLS_IN_FLIGHT:-16}"; GIVE_UP_MS="${GIVE_UP_MS:-10000}"
ID_HEADER="${ID_HEADER:-Location}"; CONNECTIONS="${CONNECTIONS:-32}"; INITIAL_CONNECTIONS="${INITIAL_CONNECTIONS:-$(( CONNECTIONS < 8 ? CONNECTIONS : 8 ))}"
# The tool's work is system calls, not computation: C1 code does it as well, and C2's compiler threads otherwise take
# ~1.5 % of a core well into the window; its heap is tiny and hardly allocates, so one serial collector is enough.
LOADGEN_JVM_OPTS="${LOADGEN_JVM_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
# The tool no longer reads the 201's JSON body (that is what keeps it cheap): say so rather than ignore ID_FIELD.
[[ -z "${ID_FIELD:-}" ]] || die "ID_FIELD is gone: the order id comes from the 201's Location header (ID_HEADER)"
# (Not a ${ORDER_BODY:-...} default: the braces of the JSON would end the expansion early.)
DEFAULT_ORDER_BODY='{"customer_id":"CUST-{n}","currency":"USD","items":[{"sku":"SKU-1","quantity":1,"unit_price":150.50}]}'
ORDER_BODY="${ORDER_BODY:-$DEFAULT_ORDER_BODY}"
EVENTS="${EVENTS:-100000}"; ORDERS="${ORDERS:-20000}"
BOOTSTRAP="${BOOTSTRAP:-127.0.0.1:9092}"; REGISTRY="${REGISTRY:-http://127.0.0.1:8081/apis/ccompat/v7}"
PG_URL="${PG_URL:-jdbc:postgresql://127.0.0.1:15432}"; PG_USER="${PG_USER:-postgres}"; PG_PASSWORD="${PG_PASSWORD:-postgres}"
BENCH_PORT="${BENCH_PORT:-8101}"; BACKLOG_TIMEOUT="${BACKLOG_TIMEOUT:-600}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
WORK="$ROOT/bench/results/orderdetails-$STAMP"

[[ -n "$JAVA" ]] || die "no JDK >= 21 under /usr/lib/jvm"
for url in "$APP_URL" "$ORDER_DETAILS_URL" "http://$BOOTSTRAP" "$REGISTRY" "${PG_URL#jdbc:}"; do
  require_loopback "$url"
done
mkdir -p "$WORK"

visibility() {
  [[ -n "$LOADGEN_JAR" ]] || die "build the load generator first: ./mvnw -q -B -pl loadgen -DskipTests package"
  log "POST $APP_URL/orders at $RATE/s for $SECONDS_ s on $INITIAL_CONNECTIONS..$CONNECTIONS connections; watching 1 order in round(1/$SAMPLE) on $ORDER_DETAILS_URL, a read every $POLL_MS ms, at most $MAX_POLLS_IN_FLIGHT in flight"
  # shellcheck disable=SC2086 # LOADGEN_JVM_OPTS is a list of options
  "$JAVA" $LOADGEN_JVM_OPTS -cp "$LOADGEN_JAR" io.streamgate.loadgen.VisibilityLatency --write "$APP_URL/orders" --body "$ORDER_BODY" \
    --id-header "$ID_HEADER" --read "$ORDER_DETAILS_URL/order-details?orderId={id}" --rate "$RATE" \
    --seconds "$SECONDS_" --warmup "$WARMUP" --connections "$CONNECTIONS" \
    --initial-connections "$INITIAL_CONNECTIONS" --sample "$SAMPLE" --poll-ms "$POLL_MS" \
    --max-polls-in-flight "$MAX_POLLS_IN_FLIGHT" --give-up-ms "$GIVE_UP_MS" | tee "$WORK/visibility.txt"
  csv_init orderdetails "orderdetails-$STAMP"
  local line x v
  line="$(grep '^visibility ' "$WORK/visibility.txt" || true)"
  for x in 50 90 99; do
    csv_row "visibility_at_$RATE" streamgate "$x" "$(sed -nE "s/.* p$x ([0-9.]+) ms.*/\1/p" <<< "$line")" ms
  done
  csv_row "visibility_at_$RATE" streamgate 100 "$(sed -nE 's/.* max ([0-9.]+) ms.*/\1/p' <<< "$line")" ms
  line="$(grep '^post latency ' "$WORK/visibility.txt" || true)"
  for x in 50 99; do
    csv_row "post_latency_at_$RATE" streamgate "$x" "$(sed -nE "s/.* p$x ([0-9.]+) ms.*/\1/p" <<< "$line")" ms
  done
  echo "appended to: $CSV_FILE" >&2
}

metric_sum() { # name group [label="value"]: sum of a Prometheus series of the bench app (0 while it is not up)
  { curl -fsS "http://127.0.0.1:$BENCH_PORT/actuator/prometheus" 2>/dev/null || true; } \
    | awk -v name="$1" -v group="group=\"$2\"" -v label="${3:-}" \
        'index($0, name "{") == 1 && index($0, group) && index($0, label) { sum += $NF } END { printf "%.0f\n", sum + 0 }'
}
lag_series() { # how many lag gauges the bench app exports (0 until its consumer has partitions)
  { curl -fsS "http://127.0.0.1:$BENCH_PORT/actuator/prometheus" 2>/dev/null || true; } | grep -c '^streamgate_consumer_lag_records{' || true
}
pid=""
trap '[[ -n "$pid" ]] && kill "$pid" 2>/dev/null; true' EXIT

backlog() {
  local jar pgjar group database done_at=""
  jar="$(ls app/target/streamgate-app-*.jar 2>/dev/null | grep -v plain | head -1)"
  [[ -n "$jar" ]] || die "package the app first: ./mvnw -B -pl app -am -DskipTests package"
  pgjar="$(ls ~/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | tail -1)"
  if [[ "${SKIP_PRELOAD:-0}" != 1 ]]; then
    log "preloading $EVENTS events over $ORDERS orders"
    /usr/bin/python3 bench/preload_order_events.py --bootstrap "$BOOTSTRAP" --registry "$REGISTRY" \
      --events "$EVENTS" --orders "$ORDERS" | tee "$WORK/preload.txt"
  fi
  group="bench-$STAMP"
  database="bench_$(date -u +%Y%m%d%H%M%S)"
  "$JAVA" -cp "$pgjar" bench/CreateDatabase.java "$PG_URL/postgres" "$PG_USER" "$PG_PASSWORD" "$database"
  log "starting an order-details-only Streamgate on port $BENCH_PORT, group $group, database $database"
  KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP" SCHEMA_REGISTRY_URL="$REGISTRY" DATABASE_URL="$PG_URL/$database" \
    DATABASE_USERNAME="$PG_USER" DATABASE_PASSWORD="$PG_PASSWORD" \
    "$JAVA" -jar "$jar" --server.port="$BENCH_PORT" --streamgate.orderdetails.port=-1 \
      --streamgate.orderdetails.consumer-group="$group" --streamgate.payments.enabled=false \
      --streamgate.orders.enabled=false --streamgate.trips.enabled=false --streamgate.submissions.enabled=false \
      --streamgate.http.rate-limit.enabled=false --streamgate.consumer.lag-interval=1s \
      > "$WORK/app.log" 2>&1 &
  pid=$!
  # The rate is taken between two samples of the applied counter: the first that shows applied events and the last
  # in which the count still grew. The lag gauges (refreshed every second) only confirm the end: waiting for them to
  # read 0 would add up to a second to the elapsed time. Each end is accurate to about one sample (0.2 s).
  local applied=0 last=0 first_at="" last_at="" first_count=0 now deadline=$((SECONDS + BACKLOG_TIMEOUT))
  while (( SECONDS < deadline )); do
    sleep 0.2
    kill -0 "$pid" 2>/dev/null || die "the bench app exited; see $WORK/app.log"
    now="$(date +%s.%N)"
    applied="$(metric_sum streamgate_consumer_consumed_total "$group" 'outcome="applied"')"
    if (( applied > last )); then
      [[ -n "$first_at" ]] || { first_at="$now"; first_count="$applied"; }
      last_at="$now"; last="$applied"
    fi
    if [[ -n "$first_at" && "$(lag_series)" -gt 0 && "$(metric_sum streamgate_consumer_lag_records "$group")" == 0 ]]; then
      done_at="$now"; break
    fi
  done
  [[ -n "$done_at" ]] || die "the backlog was not consumed within $BACKLOG_TIMEOUT s (applied $applied)"
  applied="$(metric_sum streamgate_consumer_consumed_total "$group" 'outcome="applied"')"
  local duplicates dead
  duplicates="$(metric_sum streamgate_consumer_consumed_total "$group" 'outcome="duplicate"')"
  dead="$(metric_sum streamgate_consumer_dead_lettered_total "$group")"
  {
    awk -v c="$last" -v s="$first_count" -v a="$first_at" -v b="$last_at" 'BEGIN {
      if (b - a <= 0) { printf "backlog: %d events applied within one 0.2 s sample: too few to time (raise EVENTS)\n", c; exit }
      printf "backlog: %d events applied in %.1f s after the first sample that showed some: %.0f events/s\n", c - s, b - a, (c - s) / (b - a) }'
    echo "applied in all $applied, duplicates $duplicates, dead-lettered $dead, lag 0 on every partition"
    echo "(both ends of the interval are samples 0.2 s apart: accurate to about 0.2 s)"
    # New events after the catch-up (someone producing meanwhile) do not change the timed interval, but say so.
    (( applied == last )) || echo "note: $((applied - last)) events were applied after the lag read 0 (not timed)"
  } | tee "$WORK/backlog.txt"
  csv_init orderdetails "orderdetails-$STAMP"
  csv_row backlog_applied streamgate "" "$(sed -nE 's/^backlog: .*: ([0-9.]+) events\/s$/\1/p' "$WORK/backlog.txt")" events/s
  echo "appended to: $CSV_FILE" >&2
}

case "$MODE" in
  visibility) visibility ;;
  backlog) backlog ;;
  *) die "usage: bench/run-orderdetails.sh visibility|backlog" ;;
esac
echo "results in $WORK" >&2

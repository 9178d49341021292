#!/usr/bin/env bash
# Order-details benchmarks (issue 7), on this machine only (loopback). Two measurements:
#
#   bench/run-orderdetails.sh visibility
#     POST /orders at a fixed rate (open loop) and, from each 201, poll GET /order-details?orderId= until the order
#     is visible: p50/p90/p99 of that delay (io.streamgate.loadgen.VisibilityLatency). Needs the whole system running
#     (README command) with the orders system. Target: p99 < 250 ms at 1,000 orders/s.
#
#   bench/run-orderdetails.sh backlog
#     1. preloads EVENTS order events into order-events (Python confluent-kafka through the registry);
#     2. starts a second Streamgate process, order details only, with a new consumer group and an empty database of
#        its own, so it has the whole topic as a backlog and a read model to build;
#     3. times it from its first applied event until its lag is 0: events applied per second
#        (streamgate_consumer_consumed_total / elapsed). Target: >= 5,000 events/s.
#     Needs the embedded stack running (README command) and the packaged app jar
#     (./mvnw -B -pl app -am -DskipTests package).
#
# Environment (defaults):
#   APP_URL=http://127.0.0.1:8000  ORDER_DETAILS_URL=http://127.0.0.1:8001  RATE=1000  SECONDS=30  WARMUP=5  POLL_MS=5
#   ORDER_BODY (a POST /orders body; {n} = sequence number)  ID_FIELD=order_id
#   EVENTS=100000  ORDERS=20000  BOOTSTRAP=127.0.0.1:9092  REGISTRY=http://127.0.0.1:8081/apis/ccompat/v7
#   PG_URL=jdbc:postgresql://127.0.0.1:15432  PG_USER=postgres  PG_PASSWORD=postgres  BENCH_PORT=8101
#   SKIP_PRELOAD=1 (reuse what is in the topic)  JAVA=the newest JDK >= 21 under /usr/lib/jvm
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source "$ROOT/bench/lib.sh"   # JAVA, LOADGEN_JAR, log, die, skip, require_loopback
MODE="${1:-}"
APP_URL="${APP_URL:-http://127.0.0.1:8000}"
ORDER_DETAILS_URL="${ORDER_DETAILS_URL:-http://127.0.0.1:8001}"
RATE="${RATE:-1000}"; SECONDS_="${SECONDS:-30}"; WARMUP="${WARMUP:-5}"; POLL_MS="${POLL_MS:-5}"
ID_FIELD="${ID_FIELD:-order_id}"
# (Not a ${ORDER_BODY:-...} default: the braces of the JSON would end the expansion early.)
DEFAULT_ORDER_BODY='{"customer_id":"CUST-{n}","currency":"USD","items":[{"sku":"SKU-1","quantity":1,"unit_price":150.50}]}'
ORDER_BODY="${ORDER_BODY:-$DEFAULT_ORDER_BODY}"
EVENTS="${EVENTS:-100000}"; ORDERS="${ORDERS:-20000}"
BOOTSTRAP="${BOOTSTRAP:-127.0.0.1:9092}"; REGISTRY="${REGISTRY:-http://127.0.0.1:8081/apis/ccompat/v7}"
PG_URL="${PG_URL:-jdbc:postgresql://127.0.0.1:15432}"; PG_USER="${PG_USER:-postgres}"; PG_PASSWORD="${PG_PASSWORD:-postgres}"
BENCH_PORT="${BENCH_PORT:-8101}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
WORK="$ROOT/bench/results/orderdetails-$STAMP"

[[ -n "$JAVA" ]] || die "no JDK >= 21 under /usr/lib/jvm"
for url in "$APP_URL" "$ORDER_DETAILS_URL" "http://$BOOTSTRAP" "$REGISTRY" "${PG_URL#jdbc:}"; do
  require_loopback "$url"
done
mkdir -p "$WORK"

visibility() {
  local jar
  jar="$(ls loadgen/target/streamgate-loadgen-*.jar 2>/dev/null | head -1)"
  [[ -n "$jar" ]] || die "build the load generator first: ./mvnw -q -B -pl loadgen -DskipTests package"
  log "POST $APP_URL/orders at $RATE/s for $SECONDS_ s, polling $ORDER_DETAILS_URL/order-details every $POLL_MS ms"
  "$JAVA" -cp "$jar" io.streamgate.loadgen.VisibilityLatency --write "$APP_URL/orders" --body "$ORDER_BODY" \
    --id-field "$ID_FIELD" --read "$ORDER_DETAILS_URL/order-details?orderId={id}" --rate "$RATE" \
    --seconds "$SECONDS_" --warmup "$WARMUP" --poll-ms "$POLL_MS" | tee "$WORK/visibility.txt"
}

metric_sum() { # name group: sum of a Prometheus series of the bench app for this group (0 while it is not up)
  { curl -fsS "http://127.0.0.1:$BENCH_PORT/actuator/prometheus" 2>/dev/null || true; } \
    | awk -v name="$1" -v group="group=\"$2\"" 'index($0, name "{") == 1 && index($0, group) { sum += $NF } END { printf "%.0f\n", sum + 0 }'
}
lag_series() { # how many lag gauges the bench app exports (0 until its consumer has partitions)
  { curl -fsS "http://127.0.0.1:$BENCH_PORT/actuator/prometheus" 2>/dev/null || true; } | grep -c '^streamgate_consumer_lag_records{' || true
}
pid=""
trap '[[ -n "$pid" ]] && kill "$pid" 2>/dev/null; true' EXIT

backlog() {
  local jar pgjar group database started="" done_at="" consumed=0 start_count=0
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
  for _ in $(seq 1 600); do
    sleep 0.5
    kill -0 "$pid" 2>/dev/null || die "the bench app exited; see $WORK/app.log"
    consumed="$(metric_sum streamgate_consumer_consumed_total "$group")"
    if [[ -z "$started" && "$consumed" -gt 0 ]]; then started="$(date +%s.%N)"; start_count="$consumed"; fi
    if [[ -n "$started" ]]; then
      if [[ "$(lag_series)" -gt 0 && "$(metric_sum streamgate_consumer_lag_records "$group")" == 0 ]]; then
        done_at="$(date +%s.%N)"; break
      fi
    fi
  done
  [[ -n "$done_at" ]] || die "the backlog was not consumed within 300 s (consumed $consumed)"
  awk -v c="$consumed" -v s="$start_count" -v a="$started" -v b="$done_at" 'BEGIN {
    printf "backlog: %d events applied in %.1f s after the first one: %.0f events/s\n", c - s, b - a, (c - s) / (b - a) }' \
    | tee "$WORK/backlog.txt"
  echo "(the lag gauges refresh every second: the time is accurate to about a second)" | tee -a "$WORK/backlog.txt"
}

case "$MODE" in
  visibility) visibility ;;
  backlog) backlog ;;
  *) die "usage: bench/run-orderdetails.sh visibility|backlog" ;;
esac
echo "results in $WORK" >&2

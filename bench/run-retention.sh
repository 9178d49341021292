#!/usr/bin/env bash
# Retention sweeps (issue 18): processed_events and idempotency_keys under a steady write rate, on a Postgres of the
# benchmark's own (zonky's binaries in a temporary directory, fsync and synchronous_commit on, as the dev stack runs
# it; or PG_URL) with the platform's migrations. bench/RetentionSweep.java:
#   1. writes RATE rows/s into each table for MINUTES (a statement of RATE/10 rows every 100 ms);
#   2. sweeps both with the platform's ExpiredRows (the class ProcessedEvents and IdempotencyKeys use, same batch
#      sizes) every SWEEP_SECONDS on REPLICAS threads per table, as that many replicas would, RETENTION_MINUTES;
#   3. samples each table's rows, size (pg_total_relation_size) and dead tuples once a minute;
#   4. then (COMPARE=1) deletes one hour of expired rows (RATE x 3,600, backdated) the old way (one DELETE, what every
#      replica ran hourly before) and with the sweep, each on a fresh copy of the same rows.
# The retention is shortened (10 min rather than 7 days / 24 h) so that within the run the tables reach the size they
# keep: the point is that size and sweep cost stop growing once rows expire as fast as they arrive. A table's size at
# the production retention is rate x retention x bytes per row (measured), which the summary prints.
#
# Environment (defaults): RATE=1000 MINUTES=60 RETENTION_MINUTES=10 SWEEP_SECONDS=60 REPLICAS=2 COMPARE=1
#   PG_URL (empty: a Postgres of its own)  PG_USER=postgres PG_PASSWORD=postgres
#   JAVA=the newest JDK >= 21 under /usr/lib/jvm
# Needs the platform and devstack modules compiled (./mvnw -q -pl devstack -am -DskipTests compile).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source "$ROOT/bench/lib.sh"   # JAVA, log, die, csv_*
RATE="${RATE:-1000}"; MINUTES="${MINUTES:-60}"; RETENTION_MINUTES="${RETENTION_MINUTES:-10}"
SWEEP_SECONDS="${SWEEP_SECONDS:-60}"; REPLICAS="${REPLICAS:-2}"; COMPARE="${COMPARE:-1}"
PG_URL="${PG_URL:-}"; PG_USER="${PG_USER:-postgres}"; PG_PASSWORD="${PG_PASSWORD:-postgres}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
WORK="$ROOT/bench/results/retention-$STAMP"
[[ -n "$JAVA" ]] || die "no JDK >= 21 under /usr/lib/jvm"
[[ -z "$PG_URL" ]] || require_loopback "${PG_URL#jdbc:postgresql://}"
[[ -d platform/target/classes/io && -d devstack/target/classes/io ]] \
  || die "compile first: ./mvnw -q -pl devstack -am -DskipTests compile"
mkdir -p "$WORK"

log "classpath of the devstack module (zonky, Flyway, Hikari, Spring JDBC) and the platform's classes"
./mvnw -q -o -pl devstack dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt" \
  -Dmdep.excludeGroupIds=io.streamgate >/dev/null
CP="platform/target/classes:$(cat "$WORK/classpath.txt")"

log "$RATE rows/s into each table for $MINUTES min, retention $RETENTION_MINUTES min, sweep every $SWEEP_SECONDS s on $REPLICAS replicas"
RATE="$RATE" MINUTES="$MINUTES" RETENTION_MINUTES="$RETENTION_MINUTES" SWEEP_SECONDS="$SWEEP_SECONDS" \
  REPLICAS="$REPLICAS" COMPARE="$COMPARE" PG_URL="$PG_URL" PG_USER="$PG_USER" PG_PASSWORD="$PG_PASSWORD" \
  "$JAVA" -cp "$CP" bench/RetentionSweep.java | tee "$WORK/run.txt"

csv_init retention "retention-$STAMP"
for table in processed_events idempotency_keys; do
  # Size once it holds the retention's worth: the mean of the minutes after RETENTION + 2.
  awk -v t="$table" -v from="$((RETENTION_MINUTES + 2))" '$1 == "size" && $3 == t {
      csv = csv $2 " " $4 " " $5 "\n"; if ($2 >= from) { n++; rows += $4; bytes += $5 } }
    END { printf "%s", csv > "/dev/stderr"; if (n) printf "%.0f %.0f\n", rows / n, bytes / n }' "$WORK/run.txt" \
    2> "$WORK/$table.sizes" > "$WORK/$table.steady"
  while read -r minute rows bytes; do
    csv_row table_mb "$table" "$minute" "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')" MB
  done < "$WORK/$table.sizes"
  # Sweep runs that deleted rows (the replica that held the lock): duration and rows, by order of the run.
  awk -v t="$table" '$1 == "sweep" && $2 == t && $5 > 0 { n++; print n, $4, $5 }' "$WORK/run.txt" > "$WORK/$table.sweeps"
  while read -r n ms rows; do
    csv_row sweep_ms "$table" "$n" "$ms" ms
    csv_row sweep_rows "$table" "$n" "$rows" rows
  done < "$WORK/$table.sweeps"
  skipped="$(awk -v t="$table" '$1 == "sweep" && $2 == t && $5 == 0' "$WORK/run.txt" | wc -l)"
  csv_row sweep_runs_without_rows "$table" "" "$skipped" runs
  for way in old new; do
    csv_row "one_hour_backlog_delete_ms_$way" "$table" "" "$(awk -v w="$way" -v t="$table" '$1 == w && $2 == t { print $3 }' "$WORK/run.txt")" ms
  done
  read -r rows bytes < "$WORK/$table.steady" || true
  if [[ -n "${rows:-}" && "$rows" -gt 0 ]]; then
    per_row="$(awk -v r="$rows" -v b="$bytes" 'BEGIN { printf "%.0f", b / r }')"
    csv_row bytes_per_row "$table" "" "$per_row" bytes
    [[ "$table" == processed_events ]] && days=7 || days=1
    echo "$table: steady $rows rows, $bytes bytes ($per_row bytes/row); at the default retention ($days d) and $RATE/s:" \
      "$(awk -v p="$per_row" -v r="$RATE" -v d="$days" 'BEGIN { printf "%.0f GB", p * r * 86400 * d / 1e9 }')"
  fi
done
echo "appended to: $CSV_FILE" >&2

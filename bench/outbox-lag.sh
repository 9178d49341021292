#!/usr/bin/env bash
# Outbox lag over a time window, from the instances' own metrics: run it while a load (e.g. loadgen on POST /orders)
# runs. Prints, for the events published in the window by all the given instances together, the count, the rate
# and the p50/p99/max of the append-to-ack lag (histogram streamgate_outbox_lag_seconds: append → deletion after
# the broker's ack, on the database's clock), and the largest age of the oldest waiting row seen while sampling
# (gauge streamgate_outbox_oldest_age_seconds, sampled by each instance once a second).
#
# Usage: bench/outbox-lag.sh SECONDS URL [URL...]
#   e.g. bench/outbox-lag.sh 60 http://127.0.0.1:8000                       (one instance)
#        bench/outbox-lag.sh 60 http://127.0.0.1:8000 http://127.0.0.1:8100 http://127.0.0.1:8200
# Percentiles are upper bounds of the histogram bucket they fall in (Micrometer's percentile histogram).
set -euo pipefail

if [ $# -lt 2 ]; then
  sed -n '2,12p' "$0"
  exit 2
fi
SECONDS_WINDOW="$1"
shift
URLS=("$@")

snapshot() {
  for url in "${URLS[@]}"; do
    curl -fsS "$url/actuator/prometheus" | grep -E '^streamgate_outbox_lag_seconds_(bucket|count)' || true
  done
}

BEFORE="$(mktemp)"
AFTER="$(mktemp)"
AGES="$(mktemp)"
trap 'rm -f "$BEFORE" "$AFTER" "$AGES"' EXIT

snapshot >"$BEFORE"
end=$(( $(date +%s) + SECONDS_WINDOW ))
while [ "$(date +%s)" -lt "$end" ]; do
  for url in "${URLS[@]}"; do
    curl -fsS "$url/actuator/prometheus" | awk '/^streamgate_outbox_oldest_age_seconds /{print $2}' >>"$AGES" || true
  done
  sleep 1
done
snapshot >"$AFTER"

python3 - "$BEFORE" "$AFTER" "$AGES" "$SECONDS_WINDOW" <<'PY'
import re, sys
from collections import defaultdict

def buckets(path):
    totals = defaultdict(float)
    for line in open(path):
        m = re.match(r'streamgate_outbox_lag_seconds_bucket\{.*le="([^"]+)".*\} (\S+)', line)
        if m:
            le = float('inf') if m.group(1) == '+Inf' else float(m.group(1))
            totals[le] += float(m.group(2))
    return totals

before, after = buckets(sys.argv[1]), buckets(sys.argv[2])
window = float(sys.argv[4])
delta = sorted((le, after[le] - before.get(le, 0.0)) for le in after)
count = delta[-1][1] if delta else 0
def quantile(q):
    for le, cumulative in delta:
        if cumulative >= q * count:
            return le
    return float('nan')
ages = [float(x) for x in open(sys.argv[3]) if x.strip()]
if count == 0:
    print("no outbox events published in the window")
else:
    print(f"events published: {int(count)} ({count / window:.0f}/s)")
    print(f"lag p50 <= {quantile(0.5) * 1000:.0f} ms, p99 <= {quantile(0.99) * 1000:.0f} ms, "
          f"max <= {quantile(1.0) * 1000:.0f} ms")
print(f"oldest waiting row, largest sample: {max(ages) * 1000 if ages else 0:.0f} ms ({len(ages)} samples)")
PY

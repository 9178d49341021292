#!/usr/bin/env bash
# CPU per created order, per process (app, Postgres with its backends, broker, registry), over one closed-loop
# orders run: process CPU time (utime+stime from /proc) before and after, divided by the orders created. Holds up on
# a noisy machine far better than a rate. Usage: bench/cpu-per-order.sh <seconds> [connections]; needs the README's
# run command up in this checkout, with the rate limit raised as for the other orders benchmarks. Note: processes that
# start and end within the run (Postgres' autovacuum workers) are not counted.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
DUR=${1:-40}; CONN=${2:-64}
source "$ROOT/bench/lib.sh"   # JAVA, LOADGEN_JAR
J="$JAVA"
app=$(pgrep -f "Xms320m.*$ROOT/app/target" | head -1)
pgmaster=$(pgrep -f "postgres -D $ROOT/data/postgres")
kafka=$(pgrep -f "devstack.child=kafka-1@$ROOT/data")
reg=$(pgrep -f "devstack.child=registry@$ROOT/data")
tick=$(getconf CLK_TCK)
OUT="$(mktemp -d)/cpu-per-order"
cpu() { # pids... -> total ticks
  local t=0; for p in "$@"; do [[ -r /proc/$p/stat ]] && t=$((t + $(awk '{print $14+$15}' /proc/$p/stat))); done; echo $t; }
pgall() { echo $pgmaster $(pgrep -P $pgmaster); }
b_app=$(cpu $app); b_pg=$(cpu $(pgall)); b_k=$(cpu $kafka); b_r=$(cpu $reg)
# children of postgres that exit are not counted; backends are pooled so they persist
$J -jar "$LOADGEN_JAR" --workload orders --url http://127.0.0.1:8000/orders --customers 10000 --connections $CONN --duration $DUR --report "$OUT.json" > "$OUT.txt" 2>/dev/null
a_app=$(cpu $app); a_pg=$(cpu $(pgall)); a_k=$(cpu $kafka); a_r=$(cpu $reg)
n=$(grep -o '"requests": *[0-9]*' "$OUT.json" | grep -o '[0-9]*$')
rps=$(grep -o '"throughput": *[0-9.]*' "$OUT.json" | grep -o '[0-9.]*$')
python3 -c "
n=$n; t=$tick
f=lambda b,a: (a-b)*1000.0/t/n*1000
print(f'orders {n} ({$rps}/s)  us CPU per order: app {f($b_app,$a_app):.0f}  postgres {f($b_pg,$a_pg):.0f}  kafka {f($b_k,$a_k):.0f}  registry {f($b_r,$a_r):.0f}')"
grep -E "non-2xx|errors" "$OUT.txt" | tr '\n' ' '; echo

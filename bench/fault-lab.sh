#!/usr/bin/env bash
# The fault lab (issue 19, docs/reliability.md), on this machine only (loopback): a KRaft cluster of three brokers
# (replication 3, min ISR 2), the registry and Postgres of the dev stack, three application instances from the app's
# jar (the README's replica recipe), a steady mixed workload that writes a ledger, a fault schedule (leader kill -9,
# broker SIGSTOP, controller kill -9, registry stopped 30 s, Postgres restarted, an instance killed and one frozen,
# then mixed), and a checker that reads every topic read_committed and the database back. Prints per fault: requests
# acknowledged, lost (must be 0), duplicated, unavailable time and time to recover full throughput. Exits 1 when
# anything acknowledged was lost or an invariant broke.
#
#   PROFILE=ci bench/fault-lab.sh      # ci: leader kill -9, leader SIGSTOP, instance kill -9, short holds, the JVMs
#                                      # at C1 for a quick start; what `./mvnw verify` runs (FaultLabCiIT)
#   bench/fault-lab.sh                 # short: each fault once (about 22 minutes on a busy 2-core machine)
#   PROFILE=long bench/fault-lab.sh    # long: longer holds and quiet periods, the schedule twice (about 45 minutes)
#   NETNS=1 DISK_FULL=1 FAULTS=partition,isolate,disk-full bench/fault-lab.sh   # as root: the network and disk faults
#
# Environment (defaults): PROFILE=short (ci, short or long)  RATE (requests/s; ci and short 10, long 15)
#   FAULTS (a comma-separated subset, e.g. leader-kill,app-kill; replaces the ci profile's three)
#   OUT=bench/results/fault-lab-<timestamp> (ledger.csv, report.md, logs, the stack's data)
#   JAVA=the newest JDK >= 21 under /usr/lib/jvm.  SKIP_BUILD=1 uses the jars already built.
#   NETNS=1: each broker in a network namespace of its own (root; STREAMGATE_DEVSTACK_NETNS), which adds the faults
#   partition, isolate and mixed-partition-app.  DISK_FULL=1: broker 3's storage on a 256 MB tmpfs (root), which adds
#   disk-full.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source "$ROOT/bench/lib.sh"   # JAVA, log, die, skip

PROFILE="${PROFILE:-short}"
OUT="${OUT:-bench/results/fault-lab-$(date -u +%Y%m%dT%H%M%SZ)}"

[[ -n "$JAVA" ]] || die "no JDK >= 21 under /usr/lib/jvm"
if ! skip SKIP_BUILD; then
  log "building the app jar and the lab"
  ./mvnw -q -B -pl app,bench/faultlab -am -DskipTests package
fi
CLASSPATH_FILE=bench/faultlab/target/faultlab.classpath
LAB_JAR="$(ls bench/faultlab/target/streamgate-bench-faultlab-*.jar 2>/dev/null | head -1 || true)"
APP_JAR="$(ls app/target/streamgate-app-*.jar 2>/dev/null | grep -v original | head -1 || true)"
[[ -f "$CLASSPATH_FILE" && -n "$LAB_JAR" && -n "$APP_JAR" ]] || die "build first (without SKIP_BUILD=1)"

args=(--profile "$PROFILE" --out "$OUT" --app-jar "$APP_JAR")
[[ -n "${RATE:-}" ]] && args+=(--rate "$RATE")
[[ -n "${FAULTS:-}" ]] && args+=(--faults "$FAULTS")
[[ "${NETNS:-0}" == 1 ]] && args+=(--netns true)
[[ "${DISK_FULL:-0}" == 1 ]] && args+=(--disk-full true)
log "fault lab: $BENCH_COMMAND"
exec "$JAVA" -Xmx384m -cp "$LAB_JAR:$(cat "$CLASSPATH_FILE")" io.streamgate.faultlab.FaultLab "${args[@]}"

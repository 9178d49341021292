#!/usr/bin/env bash
# Proof that the built image runs: starts the embedded dev stack on free ports (DevStackMain, temporary data
# directory), registers the schemas and runs the migration step exactly as the Kubernetes init containers do, then
# runs the image under podman (read-only root filesystem, 1 GB memory limit, non-root) with the prod profile, waits
# for /readyz UP and posts a payment that must come back 201 "delivered" (acknowledged by the broker).
#
#   deploy/image/build-image.sh && deploy/image/run-proof.sh
#
# Needs: podman and runc (Debian: apt-get install podman runc), curl, python3, a JDK >= 21. Environment:
#   IMAGE_TAR (app/target/jib-image.tar)  PORT (18000; not 8000, which the README's run uses)  KEEP=1 (leave it all up)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"
IMAGE_TAR="${IMAGE_TAR:-app/target/jib-image.tar}"
PORT="${PORT:-18000}"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$ROOT/deploy/image/containers.conf}"
PODMAN=(podman --runtime runc)
WORK="$(mktemp -d /tmp/streamgate-proof.XXXXXX)"
NAME="streamgate-proof-$$"
STACK_PID=""

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*"; }
die() { log "FAILED: $*"; exit 1; }
cleanup() {
  if [[ "${KEEP:-0}" == 1 ]]; then log "KEEP=1: container $NAME, stack pid $STACK_PID, $WORK left running"; return; fi
  "${PODMAN[@]}" rm -f "$NAME" >/dev/null 2>&1 || true
  if [[ -n "$STACK_PID" ]] && kill -0 "$STACK_PID" 2>/dev/null; then
    kill -TERM -- "-$STACK_PID" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$STACK_PID" 2>/dev/null || break; sleep 1; done
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in podman runc curl python3; do command -v "$tool" >/dev/null || die "$tool not installed"; done
[[ -f "$IMAGE_TAR" ]] || die "$IMAGE_TAR missing: deploy/image/build-image.sh"

JAVA=""
for candidate in "${JAVA_HOME:-/nonexistent}" /usr/lib/jvm/*; do
  [[ -x "$candidate/bin/java" ]] || continue
  major="$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')"
  if [[ "$major" =~ ^[0-9]+$ && "$major" -ge 21 ]]; then JAVA="$candidate/bin/java"; break; fi
done
[[ -n "$JAVA" ]] || die "no JDK >= 21"

log "loading $IMAGE_TAR"
IMAGE="$("${PODMAN[@]}" load -i "$IMAGE_TAR" | sed -n 's/^Loaded image[^:]*: *//p' | head -1 | cut -d, -f1)"
[[ -n "$IMAGE" ]] || die "podman load gave no image name"
log "image $IMAGE: user $("${PODMAN[@]}" image inspect --format '{{.Config.User}}' "$IMAGE"), labels:"
"${PODMAN[@]}" image inspect --format '{{range $k, $v := .Config.Labels}}  {{$k}}={{$v}}{{"\n"}}{{end}}' "$IMAGE"

heap="$("${PODMAN[@]}" run --rm --memory 1g --entrypoint /opt/java/bin/java "$IMAGE" -XX:MaxRAMPercentage=75.0 \
  -XshowSettings:vm -version 2>&1 | sed -n 's/.*Max. Heap Size (Estimated): *//p')"
log "the JVM sizes itself from the container's limit: 1 GB limit, MaxRAMPercentage 75 -> max heap $heap"
[[ -n "$heap" ]] || die "could not read the JVM's heap size in the container"

log "dev stack classpath (devstack module, built with -am)"
./mvnw -B -ntp -q -pl devstack -am -DskipTests package dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$WORK/devstack.classpath" >"$WORK/build.log" 2>&1 || { tail -20 "$WORK/build.log"; die "build"; }

log "starting the dev stack on free ports in $WORK/data"
: >"$WORK/devstack.log"
setsid "$JAVA" -cp "devstack/target/classes:$(cat "$WORK/devstack.classpath")" \
  -Dstreamgate.devstack.kafka.port=0 -Dstreamgate.devstack.kafka.controller-port=0 \
  -Dstreamgate.devstack.registry.port=0 -Dstreamgate.devstack.registry.management-port=0 \
  -Dstreamgate.devstack.postgres.port=0 \
  io.streamgate.devstack.DevStackMain "$WORK/data" >"$WORK/devstack.log" 2>&1 &
STACK_PID=$!
for _ in $(seq 240); do
  grep -q '^  DATABASE_URL=' "$WORK/devstack.log" && break
  kill -0 "$STACK_PID" 2>/dev/null || { tail -30 "$WORK/devstack.log"; die "dev stack exited"; }
  sleep 1
done
grep -q '^  DATABASE_URL=' "$WORK/devstack.log" || die "dev stack not up within 240 s"
KAFKA="$(sed -n 's/^  KAFKA_BOOTSTRAP_SERVERS=//p' "$WORK/devstack.log")"
REGISTRY="$(sed -n 's/^  SCHEMA_REGISTRY_URL=//p' "$WORK/devstack.log")"
DB_URL="$(sed -n 's/^  DATABASE_URL=\([^ ]*\).*/\1/p' "$WORK/devstack.log")"
DB_USER="$(sed -n 's/^  DATABASE_URL=.*(user \([^)]*\)).*/\1/p' "$WORK/devstack.log")"
log "Kafka $KAFKA, registry $REGISTRY, Postgres $DB_URL ($DB_USER)"

log "init step 1: register-schemas.sh with the generated streamgate-schemas ConfigMap"
mkdir -p "$WORK/schemas"
python3 - "$ROOT/deploy/k8s/base/registry/schemas.generated.yaml" "$WORK/schemas" <<'PY'
import re, sys
for line in open(sys.argv[1]):
    m = re.match(r"^  ([A-Za-z0-9._-]+\.json): '(.*)'$", line.rstrip("\n"))
    if m:
        open(f"{sys.argv[2]}/{m.group(1)}", "w").write(m.group(2).replace("''", "'"))
PY
SCHEMAS_DIR="$WORK/schemas" SCHEMA_REGISTRY_URL="$REGISTRY" sh deploy/k8s/base/registry/register-schemas.sh

ENV=(-e SPRING_PROFILES_ACTIVE=prod -e KAFKA_BOOTSTRAP_SERVERS="$KAFKA" -e SCHEMA_REGISTRY_URL="$REGISTRY"
     -e DATABASE_URL="$DB_URL" -e DATABASE_USERNAME="$DB_USER" -e DATABASE_PASSWORD=unused -e PORT="$PORT")
RUN=("${PODMAN[@]}" run --network=host --read-only --tmpfs /tmp --memory 1g "${ENV[@]}")

log "init step 2: migrate (the image with its web server, listeners and streams off, as deploy/k8s/app) must exit 0"
timeout 300 "${RUN[@]}" --rm --name "$NAME-migrate" "$IMAGE" --spring.main.web-application-type=none \
  --spring.kafka.listener.auto-startup=false --spring.kafka.streams.auto-startup=false \
  >"$WORK/migrate.log" 2>&1 || { tail -40 "$WORK/migrate.log"; die "migration step did not exit 0"; }
grep -E "Successfully applied|is up to date|Schema .* is up to date" "$WORK/migrate.log" | sed 's/^/    /' || true

log "starting the image on port $PORT"
"${RUN[@]}" -d --name "$NAME" "$IMAGE" >/dev/null
ready=""
for _ in $(seq 180); do
  if body="$(curl -fsS "http://127.0.0.1:$PORT/readyz" 2>/dev/null)" && [[ "$body" == *'"status":"UP"'* ]]; then
    ready="$body"; break
  fi
  [[ "$("${PODMAN[@]}" inspect --format '{{.State.Running}}' "$NAME")" == true ]] \
    || { "${PODMAN[@]}" logs "$NAME" | tail -40; die "container exited"; }
  sleep 1
done
[[ -n "$ready" ]] || { "${PODMAN[@]}" logs "$NAME" | tail -40; die "/readyz not UP within 180 s"; }
log "/readyz: $ready"
log "JVM in the container: $("${PODMAN[@]}" logs "$NAME" 2>&1 | grep -m1 -o 'Starting StreamgateApplication using Java [^ ]*' || true)"

log "POST /payments"
response="$(curl -sS -w '\n%{http_code}' -X POST "http://127.0.0.1:$PORT/payments" -H 'Content-Type: application/json' \
  -d '{"amount": 99.99, "currency": "USD", "customer_id": "CUST-1234"}')"
status="${response##*$'\n'}"
body="${response%$'\n'*}"
log "$status $body"
[[ "$status" == 201 && "$body" == *'"status":"delivered"'* && "$body" == *'"topic":"payments"'* ]] \
  || { "${PODMAN[@]}" logs "$NAME" | tail -40; die "payment not delivered"; }
log "PROOF OK: the image served /readyz UP and a payment acknowledged by Kafka"

#!/usr/bin/env bash
# Builds the Streamgate image as a tarball with no Docker daemon: app/target/jib-image.tar (Jib, Maven profile `image`).
#   deploy/image/build-image.sh                                  # base made here by build-base.sh (no registry needed)
#   IMAGE_BASE=eclipse-temurin:21-jre deploy/image/build-image.sh  # a standard JRE base from a registry
# Extra arguments go to Maven, e.g. -Dimage.name=registry.example.com/streamgate -Dimage.tag=1.2.3, or use
# `jib:build` instead of the tarball when a registry is reachable (see docs/deploy.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
args=(-Dimage.revision="$(git rev-parse HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo -dirty)")
if [[ -n "${IMAGE_BASE:-}" ]]; then
  args+=(-Dimage.base="$IMAGE_BASE")
elif [[ ! -f deploy/image/target/streamgate-base.tar ]]; then
  deploy/image/build-base.sh
fi
./mvnw -B -ntp -pl app -am -Pimage -DskipTests package "${args[@]}" "$@"
echo "image: app/target/jib-image.tar (podman load -i app/target/jib-image.tar)"

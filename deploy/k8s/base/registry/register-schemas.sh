#!/bin/sh
# Registers every schema of the catalogue (streamgate-schemas ConfigMap, generated from the code) under its subject.
# Idempotent: registering a schema the subject already has returns its id. An incompatible schema is rejected by the
# registry's compatibility rule, the init step fails, and the new version never starts. An https registry is checked
# against SCHEMA_REGISTRY_CA (a CA certificate file) when it is set.
set -eu
for file in "${SCHEMAS_DIR:-/schemas}"/*.json; do
  subject="$(basename "$file" .json)"
  echo "registering $subject"
  # shellcheck disable=SC2086 # no option, or --cacert and the file
  curl --fail-with-body --silent --show-error --retry 30 --retry-connrefused --retry-delay 2 --max-time 10 \
    ${SCHEMA_REGISTRY_CA:+--cacert "$SCHEMA_REGISTRY_CA"} \
    -X POST -H 'Content-Type: application/vnd.schemaregistry.v1+json' --data-binary "@$file" \
    "$SCHEMA_REGISTRY_URL/subjects/$subject/versions"
  echo
done

# Shared by the bench/run-*.sh scripts (source it after `cd "$ROOT"`): the JDK and jars they run, logging, and the
# loopback guard. BENCH_NAME (default: the calling script's name) prefixes error messages.
BENCH_NAME="${BENCH_NAME:-$(basename "$0" .sh)}"

# The newest JDK >= 21 under /usr/lib/jvm (the build's own rule; the default java may be older).
newest_jdk() {
  local java version best="" best_version=0
  for java in /usr/lib/jvm/*/bin/java; do
    [[ -x "$java" ]] || continue
    version="$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
    [[ "$version" =~ ^[0-9]+$ ]] && (( version >= 21 && version > best_version )) && { best="$java"; best_version="$version"; }
  done
  echo "$best"
}
JAVA="${JAVA:-$(newest_jdk)}"
LOADGEN_JAR="${LOADGEN_JAR:-$(ls loadgen/target/streamgate-loadgen-*.jar 2>/dev/null | head -1)}"

log() { printf '\n== %s\n' "$*" >&2; }
die() { printf '%s: %s\n' "$BENCH_NAME" "$*" >&2; exit 1; }
skip() { [[ "${!1:-0}" == 1 ]]; }

# This workplace forbids load at any other address: every target is checked before the first request.
require_loopback() { # host[:port] or URL
  local host="$1"
  host="${host#*://}"; host="${host%%/*}"
  if [[ "$host" == \[* ]]; then host="${host%%]*}"; host="${host#[}"; else host="${host%%:*}"; fi
  [[ "$host" =~ ^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ || "$host" == localhost || "$host" == ::1 ]] \
    || die "refusing non-loopback target '$1' (only 127.0.0.0/8, localhost, ::1)"
}

# Shared by the bench/run-*.sh scripts (source it after `cd "$ROOT"`): the JDK and jars they run, logging, and the
# loopback guard. BENCH_NAME (default: the calling script's name) prefixes error messages.
BENCH_NAME="${BENCH_NAME:-$(basename "$0" .sh)}"

# The command as it was run: the script with its arguments, after every setting it reads (${NAME:-default} or
# SKIP_NAME) that the environment sets. Taken here, before the script assigns its defaults.
bench_command() {
  local name out=()
  for name in $(grep -oE '\$\{[A-Z][A-Z0-9_]*:-|skip SKIP_[A-Z0-9_]+' "$0" | sed -E 's/^\$\{//; s/:-$//; s/^skip //' | sort -u); do
    [[ -v "$name" ]] && out+=("$name=${!name}")
  done
  echo "${out[*]}${out[*]:+ }bash bench/$(basename "$0")${*:+ $*}"
}
BENCH_COMMAND="${BENCH_COMMAND:-$(bench_command "$@")}"

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
LOADGEN_JAR="${LOADGEN_JAR:-$(ls loadgen/target/streamgate-loadgen-*.jar 2>/dev/null | head -1 || true)}"

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

# Results as data (bench/data/README.md): csv_init NAME RUN, then csv_row METRIC SUBJECT X VALUE UNIT appends one
# measurement to bench/data/NAME.csv with the run's date, the machine and BENCH_COMMAND; a value of n/a or nothing
# is left out. docs-tools draws docs/images/bench-*.png from these files.
csv_init() {
  CSV_FILE="${CSV_DIR:-$ROOT/bench/data}/$1.csv"; CSV_RUN="$2"
  CSV_DATE="$(date -u +%Y-%m-%d)"
  mkdir -p "$(dirname "$CSV_FILE")"
  [[ -s "$CSV_FILE" ]] || echo "run,date,machine,command,metric,subject,x,value,unit" > "$CSV_FILE"
}
csv_quote() { local v="${1//\"/\"\"}"; [[ "$v" =~ [,\"] ]] && v="\"$v\""; printf '%s' "$v"; }
csv_row() { # METRIC SUBJECT X VALUE UNIT
  [[ -n "${CSV_FILE:-}" && -n "$4" && "$4" != n/a ]] || return 0
  local machine
  machine="$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load $(cut -d' ' -f1 /proc/loadavg)"
  printf '%s,%s,%s,%s,%s,%s,%s,%s,%s\n' "$CSV_RUN" "$CSV_DATE" "$(csv_quote "$machine")" "$(csv_quote "$BENCH_COMMAND")" \
    "$1" "$2" "$3" "$4" "$5" >> "$CSV_FILE"
}
# csv_repeats FILE METRIC SUBJECT UNIT: one row per line of FILE (one figure per repeat).
csv_repeats() {
  [[ -f "$1" ]] || return 0
  local i=0 v
  while read -r v; do i=$((i + 1)); csv_row "$2" "$3" "$i" "$v" "$4"; done < "$1"
}
# csv_percentiles JSON METRIC SUBJECT: p50/p90/p99/p99.9/max in ms from a loadgen or JoinedTripsWatch report.
csv_percentiles() {
  [[ -f "$1" ]] || return 0
  local key x us
  for key in p50:50 p90:90 p99:99 p999:99.9 max:100; do
    x="${key#*:}"; key="${key%%:*}"
    us="$(sed -nE "s/^ *\"latency_us_$key\": ([0-9.]+),?$/\1/p" "$1" | head -1)"
    [[ -n "$us" ]] && csv_row "$2" "$3" "$x" "$(awk -v us="$us" 'BEGIN { printf "%.3f", us / 1000 }')" ms
  done
  return 0
}

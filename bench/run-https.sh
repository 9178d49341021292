#!/usr/bin/env bash
# What HTTPS costs (issue 20), on this machine only (loopback), in one run on the same instance: the development app
# serves plain HTTP (8000) and HTTPS (8443, the dev stack's certificate, TLS 1.3, HTTP/1.1 for wrk, which offers no
# ALPN) from one process, so both see the same JIT, heap and broker.
#   KEPT-ALIVE  POST /payments, wrk -t2 -c64 with bench/payments.lua over kept-alive connections: after a warm-up of
#               each, RUNS runs alternating plain, HTTPS, plain, ...: requests/s, HTTPS ÷ plain (target >= 0.8)
#   HANDSHAKES  new connections per second: wrk with "Connection: close" on GET HANDSHAKE_PATH (one request per
#               connection, so over HTTPS a full TLS handshake each: wrk resumes no sessions), alternating plain TCP
#               and TLS: connections/s and TLS ÷ plain
# The report names the server's TLS engine: the handshakes it counted during the run, by engine (OpenSSL or JDK).
# Writes bench/results/https-<timestamp>.md, raw outputs under bench/results/https-<timestamp>/ (bench/data holds
# only figures that have a chart; this one has none).
#
# Needs: the development run (README) with the rate limit raised, which serves HTTPS on 8443 beside 8000:
#   RATE_LIMIT_PER_SECOND=100000000 RATE_LIMIT_BURST=100000000 ./mvnw -pl app -am -DskipTests package spring-boot:run
# wrk (Debian's is built with OpenSSL); curl; openssl (optional: the negotiated protocol and cipher in the report).
#
# Environment (defaults):
#   APP_URL=http://127.0.0.1:8000  HTTPS_URL=https://127.0.0.1:8443  CA_PEM=data/tls/ca.pem (checked with curl)
#   CONNECTIONS=64  WRK_THREADS=2  RUNS=5  RUN_SECONDS=30  WARMUP_SECONDS=60 (each of plain and HTTPS)
#   HANDSHAKE_PATH=/livez  HANDSHAKE_CONNECTIONS=16  HANDSHAKE_RUNS=RUNS  HANDSHAKE_SECONDS=20
# Short proof that it works (a minute, figures meaningless): RUNS=2 RUN_SECONDS=5 WARMUP_SECONDS=5 HANDSHAKE_SECONDS=5
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
source "$ROOT/bench/lib.sh"   # log, die, require_loopback

APP_URL="${APP_URL:-http://127.0.0.1:8000}"
HTTPS_URL="${HTTPS_URL:-https://127.0.0.1:8443}"
CA_PEM="${CA_PEM:-data/tls/ca.pem}"
CONNECTIONS="${CONNECTIONS:-64}"
WRK_THREADS="${WRK_THREADS:-2}"
RUNS="${RUNS:-5}"
RUN_SECONDS="${RUN_SECONDS:-30}"
WARMUP_SECONDS="${WARMUP_SECONDS:-60}"
HANDSHAKE_PATH="${HANDSHAKE_PATH:-/livez}"
HANDSHAKE_CONNECTIONS="${HANDSHAKE_CONNECTIONS:-16}"
HANDSHAKE_RUNS="${HANDSHAKE_RUNS:-$RUNS}"
HANDSHAKE_SECONDS="${HANDSHAKE_SECONDS:-20}"
LUA="$ROOT/bench/payments.lua"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
WORK="$ROOT/bench/results/https-$STAMP"
REPORT="$ROOT/bench/results/https-$STAMP.md"
mkdir -p "$WORK"

require_loopback "$APP_URL"
require_loopback "$HTTPS_URL"
[[ "$HTTPS_URL" == https://* ]] || die "HTTPS_URL must be an https:// address"
command -v wrk >/dev/null || die "wrk missing (apt-get install -y wrk)"
[[ "$(ldd "$(command -v wrk)")" == *libssl* ]] || die "this wrk is built without OpenSSL: it cannot speak TLS"
[[ -f "$CA_PEM" ]] || die "$CA_PEM missing: is the development run up (it writes its CA on the first start)?"
[[ "$(curl -s -o /dev/null -w '%{http_code}' "$APP_URL/readyz" || true)" == 200 ]] || die "$APP_URL/readyz is not 200"
[[ "$(curl -s --cacert "$CA_PEM" -o /dev/null -w '%{http_code}' "$HTTPS_URL/readyz" || true)" == 200 ]] \
  || die "$HTTPS_URL/readyz is not 200 with the CA $CA_PEM: does the app serve HTTPS there?"
code="$(curl -s --cacert "$CA_PEM" -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"amount": 1.00, "currency": "USD", "customer_id": "CUST-0"}' "$HTTPS_URL/payments" || true)"
[[ "$code" == 201 ]] || die "POST $HTTPS_URL/payments answered $code, not 201"
TLS_SESSION="n/a"
if command -v openssl >/dev/null; then
  hostport="${HTTPS_URL#https://}"; hostport="${hostport%%/*}"
  TLS_SESSION="$(openssl s_client -connect "$hostport" -CAfile "$CA_PEM" -brief < /dev/null 2>&1 \
    | sed -nE 's/^(Protocol version|Ciphersuite|Peer Temp Key): (.*)/\2/p' | paste -sd ' ' || true)"
fi

# The server's TLS handshakes by engine (streamgate_http_tls_handshakes_total{engine}): "engine count" lines.
tls_handshakes() {
  { curl -fsS "$APP_URL/actuator/prometheus" 2>/dev/null || true; } \
    | sed -nE 's/^streamgate_http_tls_handshakes_total\{.*engine="([^"]+)".*\} ([0-9.eE+]+)$/\1 \2/p'
}
HANDSHAKES_BEFORE="$(tls_handshakes)"

# wrk is the only process this script starts, one at a time, in the background so that an interrupted script stops it.
WRK_PID=""
trap '[[ -z "$WRK_PID" ]] || kill "$WRK_PID" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
bounded() { "$@" & WRK_PID=$!; wait "$WRK_PID"; WRK_PID=""; }

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
payments() { # URL SECONDS FILE: kept-alive POST /payments
  bounded wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${2}s" -s "$LUA" "$1/payments" > "$3"
}
# The kernel's count of accepted TCP connections (Tcp PassiveOpens, the whole machine's): beside wrk's request count
# it shows that every request came on a connection of its own.
passive_opens() { awk '/^Tcp:/ { if (seen) print $7; seen = 1 }' /proc/net/snmp; }
handshakes() { # URL SECONDS FILE: one request per connection
  local before
  before="$(passive_opens)"
  bounded wrk -t"$WRK_THREADS" -c"$HANDSHAKE_CONNECTIONS" -d"${2}s" -H 'Connection: close' "$1$HANDSHAKE_PATH" > "$3"
  echo "accepted $(( $(passive_opens) - before ))" >> "$3"
}
# pairs KEY COUNT RUNNER SECONDS FIGURE: COUNT pairs of RUNNER on plain, then HTTPS; FIGURE FILE prints the figure.
pairs() {
  local i scheme url file
  for ((i = 1; i <= $2; i++)); do
    for scheme in plain https; do
      url="$APP_URL"; [[ "$scheme" == https ]] && url="$HTTPS_URL"
      file="$WORK/$1-$scheme-$i.txt"
      "$3" "$url" "$4" "$file"
      "$5" "$file" >> "$WORK/$1-$scheme.txt"
      printf '   %s %s run %d: %s\n' "$1" "$scheme" "$i" "$(tail -1 "$WORK/$1-$scheme.txt")" >&2
    done
  done
}
payments_rps() { awk '$1 == "rps" { printf "%.0f\n", $2 }' "$1"; }
wrk_rps() { awk '$1 == "Requests/sec:" { printf "%.0f\n", $2 }' "$1"; }
# wrk's own failure lines (socket errors, non-2xx) of a run, or nothing
wrk_failures() {
  local lines
  lines="$(grep -h -E 'Socket errors|Non-2xx' "$@" | sed 's/^ *//' | sort | uniq -c | sed 's/^ *//' | paste -sd ';' || true)"
  echo "${lines:-none}"
}
opens_per_request() { # SCHEME
  local file
  for file in "$WORK"/handshake-"$1"-[0-9]*.txt; do
    awk '$2 == "requests" && $3 == "in" { r = $1 } $1 == "accepted" { a = $2 } END { printf "%.2f\n", a / r }' "$file"
  done | paste -sd ' '
}
table() { # KEY TITLE RATIO-NAME
  local ratios
  ratios="$(paste "$WORK/$1-plain.txt" "$WORK/$1-https.txt" | awk '{ printf "%.3f\n", $2 / $1 }')"
  echo "| $2 | plain | HTTPS | $3 |"
  echo "|---|---:|---:|---:|"
  paste "$WORK/$1-plain.txt" "$WORK/$1-https.txt" <(echo "$ratios") | awk -F'\t' '{ printf "| run %d | %s | %s | %s |\n", NR, $1, $2, $3 }'
  echo "| **median** | $(median < "$WORK/$1-plain.txt") | $(median < "$WORK/$1-https.txt") | **$(median <<< "$ratios" | awk '{ printf "%.3f", $1 }')** |"
  echo
}

log "warm-up: ${WARMUP_SECONDS}s of POST /payments on plain HTTP, then as long on HTTPS"
payments "$APP_URL" "$WARMUP_SECONDS" "$WORK/warmup-plain.txt"
payments "$HTTPS_URL" "$WARMUP_SECONDS" "$WORK/warmup-https.txt"
log "kept-alive: $RUNS pairs of ${RUN_SECONDS}s, plain then HTTPS"
pairs keepalive "$RUNS" payments "$RUN_SECONDS" payments_rps
log "handshakes: $HANDSHAKE_RUNS pairs of ${HANDSHAKE_SECONDS}s, Connection: close on $HANDSHAKE_PATH"
pairs handshake "$HANDSHAKE_RUNS" handshakes "$HANDSHAKE_SECONDS" wrk_rps

# Which engine did the run's handshakes: "OpenSSL 123456, JDK 0" (the server's counter, after minus before).
TLS_ENGINES="$(awk 'NR == FNR { before[$1] = $2; next } { printf "%s%s %.0f", sep, $1, $2 - before[$1]; sep = ", " }' \
  <(echo "$HANDSHAKES_BEFORE") <(tls_handshakes))"

{
  echo "# HTTPS ÷ plain HTTP, $STAMP"
  echo
  echo "Machine: $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). Command: \`$BENCH_COMMAND\`."
  echo "One instance: $APP_URL and $HTTPS_URL (TLS: $TLS_SESSION). Raw outputs: \`bench/results/https-$STAMP/\`."
  echo "The server's TLS handshakes during the run, by engine: ${TLS_ENGINES:-n/a (no streamgate_http_tls_handshakes_total at $APP_URL/actuator/prometheus)}."
  echo
  echo "## POST /payments over kept-alive connections (wrk -t$WRK_THREADS -c$CONNECTIONS, $RUNS × ${RUN_SECONDS}s alternating, after ${WARMUP_SECONDS}s warm-up each)"
  echo
  table keepalive "acknowledged requests/s" "HTTPS ÷ plain"
  echo "Target: HTTPS ÷ plain ≥ 0.8. Non-2xx (payments.lua's count) plain: $(cat "$WORK"/keepalive-plain-*.txt | awk '$1 == "non2xx" { s += $2 } END { print s + 0 }'), HTTPS: $(cat "$WORK"/keepalive-https-*.txt | awk '$1 == "non2xx" { s += $2 } END { print s + 0 }')."
  echo
  echo "## New connections per second (GET $HANDSHAKE_PATH with Connection: close, wrk -t$WRK_THREADS -c$HANDSHAKE_CONNECTIONS, $HANDSHAKE_RUNS × ${HANDSHAKE_SECONDS}s alternating)"
  echo
  echo "Each request opens a connection (and over HTTPS makes a full TLS handshake), so requests/s = connections/s."
  echo "Connections the kernel accepted ÷ requests answered, per run (≈ 1, or a little over with other traffic on the machine):"
  echo "plain $(opens_per_request plain), TLS $(opens_per_request https)."
  echo
  table handshake "connections/s" "TLS ÷ plain TCP"
  echo "wrk's failure lines, plain: $(wrk_failures "$WORK"/handshake-plain-*.txt); TLS: $(wrk_failures "$WORK"/handshake-https-*.txt)"
} > "$REPORT"
cat "$REPORT"
echo "written: $REPORT" >&2

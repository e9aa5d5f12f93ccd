#!/usr/bin/env bash
# Create and GET throughput of a real server on each store, with wrk (Debian's package) on loopback.
#
#   mvn -B -DskipTests package && bench/store-throughput.sh [sqlite|postgresql|mariadb ...] [-- seconds connections]
#
# For each store named (default: all three) it starts `./meridian serve` on a fresh store (the
# embedded SQLite file in a temporary directory, or a throw-away database on this machine's
# PostgreSQL 127.0.0.1:5432 / MariaDB 127.0.0.1:3306, dropped afterwards), then measures:
#   create   POST of a new service, a fresh name per request (one transaction each: row + history)
#   get      authenticated GET by name of one service
#   list     authenticated GET of the first page (limit 10) once the creates are in
# and prints one line per store and kind: requests per second and latency percentiles, as wrk
# reports them. Figures depend on the machine; compare runs made on the same one.
#
# PRELOAD=N first loads N services through the bulk endpoint (10,000 a request), so that the list
# is measured on a catalog of that size; ONLY=list measures the list alone (with PRELOAD, the
# growth of a list with the catalog). MERIDIAN_JAR=… measures another build (an older one, say).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stores=()
while [[ $# -gt 0 && "$1" != "--" ]]; do stores+=("$1"); shift; done
[[ "${1:-}" == "--" ]] && shift
seconds="${1:-10}"
connections="${2:-8}"
[[ ${#stores[@]} -eq 0 ]] && stores=(sqlite postgresql mariadb)
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 2; }
[[ -f "$here/meridian-server/target/meridian.jar" ]] || { echo "bench: build first: mvn -B -DskipTests package" >&2; exit 2; }

dir=$(mktemp -d)
source "$here/bench/stores.sh"

cat >"$dir/create.lua" <<'LUA'
-- A fresh name per request: the run's id (given after --), the thread's number and a counter.
local counter = 0
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
function init(args) run = args[1] or "0" end
function request()
  counter = counter + 1
  local body = '{"name":"bench_' .. run .. '_' .. tid .. '_' .. counter .. '","serviceType":"Mysql"}'
  return wrk.format("POST", nil, nil, body)
end
LUA

run() {
  local label=$1 url=$2; shift 2
  # Warm the JIT first, then measure; each wrk run gets its own id for the names it creates.
  wrk -t2 -c"$connections" -d2s "$@" "$url" -- "warm$RANDOM" >/dev/null
  local out
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" "$url" -- "run$RANDOM")
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '%-10s %-7s %10s req/s   p50 %-9s p99 %-9s %s\n' "$current" "$label" "$rps" "$p50" "$p99" \
    "${non2xx:+($non2xx non-2xx answers)}"
}

for current in "${stores[@]}"; do
  start_server "$current" meridian_bench
  base="http://127.0.0.1:$port/api/v1/services/databaseServices"
  auth=(-H "Authorization: Bearer $token")
  curl -sf -o /dev/null -X POST "$base" "${auth[@]}" -H 'Content-Type: application/json' \
    -d '{"name":"bench_service","serviceType":"Mysql"}'
  preload=${PRELOAD:-0}
  for ((from = 0; from < preload; from += 10000)); do
    python3 - "$from" "$(( preload - from < 10000 ? preload - from : 10000 ))" >"$dir/bulk.json" <<'PY'
import json, sys
start, count = int(sys.argv[1]), int(sys.argv[2])
print(json.dumps([{"name": "preload_%07d" % i, "serviceType": "Mysql"} for i in range(start, start + count)]))
PY
    curl -sf -o /dev/null -X PUT "$base/bulk" "${auth[@]}" -H 'Content-Type: application/json' --data-binary @"$dir/bulk.json"
  done
  if [[ "${ONLY:-}" != "list" ]]; then
    run create "$base" "${auth[@]}" -H 'Content-Type: application/json' -s "$dir/create.lua"
    run get "$base/name/bench_service" "${auth[@]}"
  fi
  total=$(curl -sf "${auth[@]}" "$base?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["paging"]["total"])')
  run list "$base?limit=10" "${auth[@]}"
  echo "           (list measured with $total services in the store)"
  finish_store
done

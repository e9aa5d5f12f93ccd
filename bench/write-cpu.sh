#!/usr/bin/env bash
# The server's CPU time per write, builds against each other, on the embedded store:
#
#   bench/write-cpu.sh [rounds] -- JAR...
#
# For each round and each JAR in turn it starts `./meridian serve` on a fresh embedded store, makes
# a service, a database and a schema, and runs wrk at 8 connections (WRITE_WARMUP seconds of
# warm-up, default 20: the JIT's compiling takes one of two cores for a while; then 10 s):
#   create   POST /api/v1/tables, a new table of 5 columns each time
#   change   PUT /api/v1/tables, one of 2,000 tables (made first) with a new description each time
# and prints the server's CPU milliseconds (user + system, from /proc) per answered request, the
# requests per second and p50 / p99. On a shared machine whose speed varies from minute to minute,
# throughput alone cannot tell two close builds apart; CPU per request is steadier, and the builds
# alternate so that a slow minute falls on both. A write's fsync is not CPU: compare the req/s too.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=2
[[ "${1:-}" != "--" && -n "${1:-}" ]] && { rounds=$1; shift; }
[[ "${1:-}" == "--" ]] && shift
[[ $# -gt 0 ]] || { echo "usage: bench/write-cpu.sh [rounds] -- JAR..." >&2; exit 2; }
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 2; }
dir=$(mktemp -d)
source "$here/bench/stores.sh"
cat > "$dir/write.lua" <<'LUA'
-- WRITE=create: a new table each request; WRITE=change: one of 2,000 tables, a new description each time.
local kind = os.getenv("WRITE")
local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("TOKEN")}
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
local n = 0
local columns = '[{"name":"id","dataType":"BIGINT"},{"name":"amount","dataType":"DECIMAL","precision":18,"scale":2},'
  .. '{"name":"status","dataType":"VARCHAR","dataLength":16},{"name":"created_at","dataType":"TIMESTAMP"},{"name":"note","dataType":"VARCHAR","dataLength":64}]'
function init(args) math.randomseed(os.time() + tid); prefix = "w" .. tid .. "_" .. math.random(1, 1000000000) .. "_" end
function request()
  n = n + 1
  if kind == "create" then
    return wrk.format("POST", "/api/v1/tables", headers,
      '{"name":"' .. prefix .. n .. '_orders","databaseSchema":"wb.db.s","columns":' .. columns .. '}')
  end
  return wrk.format("PUT", "/api/v1/tables", headers,
    '{"name":"kept_' .. math.random(0, 1999) .. '","databaseSchema":"wb.db.s","description":"changed ' .. prefix .. n .. '","columns":' .. columns .. '}')
end
LUA
for round in $(seq 1 "$rounds"); do
  for jar in "$@"; do
    MERIDIAN_JAR="$jar" start_server sqlite meridian_write
    java=$(pgrep -P "$pid" java || echo "$pid")
    api="http://127.0.0.1:$port/api/v1"
    post() { curl -sf -o /dev/null -X "$1" "$api$2" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary "$3"; }
    post POST /services/databaseServices '{"name":"wb","serviceType":"Mysql"}'
    post POST /databases '{"name":"db","service":"wb"}'
    post POST /databaseSchemas '{"name":"s","database":"wb.db"}'
    python3 -c 'import json; print(json.dumps([{"name": "kept_%d" % i, "databaseSchema": "wb.db.s", "columns": [{"name": "id", "dataType": "BIGINT"}]} for i in range(2000)]))' > "$dir/kept.json"
    post PUT /tables/bulk "@$dir/kept.json"
    for kind in create change; do
      WRITE=$kind TOKEN=$token wrk -t2 -c8 -d"${WRITE_WARMUP:-20}s" -s "$dir/write.lua" "http://127.0.0.1:$port" >/dev/null
      before=$(awk '{print $14 + $15}' "/proc/$java/stat")
      out=$(WRITE=$kind TOKEN=$token wrk -t2 -c8 -d10s --timeout 10s --latency -s "$dir/write.lua" "http://127.0.0.1:$port")
      after=$(awk '{print $14 + $15}' "/proc/$java/stat")
      n=$(awk '/requests in/ {print $1}' <<<"$out")
      bad=$(awk '/Non-2xx/ {print $4}' <<<"$out")
      printf 'round %d  %-12s %-7s %6.2f ms CPU per request  %6.0f req/s  p50 %s  p99 %s%s\n' "$round" "$(basename "$jar")" "$kind" \
        "$(awk -v a="$before" -v b="$after" -v n="$n" -v t="$(getconf CLK_TCK)" 'BEGIN { print (b - a) * 1000 / t / n }')" \
        "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")" \
        "${bad:+  ($bad not answered 2xx)}"
    done
    finish_store
  done
done

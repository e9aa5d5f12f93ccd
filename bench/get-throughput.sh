#!/usr/bin/env bash
# GET throughput of a real server on this machine, with wrk (Debian's package) on loopback.
#
#   mvn -B -DskipTests package && bench/get-throughput.sh [seconds] [connections]
#
# Starts `./meridian serve` on a fresh embedded store in a temporary directory and a free port,
# creates one service, then measures for each request kind in turn: the unauthenticated
# system/version (the HTTP ceiling), an authenticated GET by name of that service, and an
# authenticated GET of a name that does not exist (auth + one indexed miss). Prints one line per
# kind: requests per second and latency percentiles, as wrk reports them. The numbers depend on
# the machine; compare runs made on the same one.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-10}"
connections="${2:-8}"
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 2; }
[[ -f "$here/meridian-server/target/meridian.jar" ]] || { echo "bench: build first: mvn -B -DskipTests package" >&2; exit 2; }

dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
  if [[ -n "${pid:-}" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT

"$here/meridian" serve --data-dir "$dir/data" --host 127.0.0.1 --port "$port" >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  grep -q "listening on" "$dir/server.log" && break
  sleep 0.1
done
grep -q "listening on" "$dir/server.log" || { cat "$dir/server.log" >&2; exit 1; }
token=$("$here/meridian" token --data-dir "$dir/data" --user admin 2>/dev/null)
base="http://127.0.0.1:$port/api/v1"
curl -sf -o /dev/null -X POST "$base/services/databaseServices" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{"name":"bench_service","serviceType":"Mysql"}'

run() {
  local label=$1 url=$2; shift 2
  # Warm the JIT first, then measure.
  wrk -t2 -c"$connections" -d3s "$@" "$url" >/dev/null
  local out
  out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" "$url")
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '%-34s %10s req/s   p50 %-8s p99 %-8s%s\n' "$label" "$rps" "$p50" "$p99" "${non2xx:+  non-2xx: $non2xx}"
}

echo "GET throughput, $connections connections, ${seconds}s each, $(nproc) cores"
run "system/version (no auth)" "$base/system/version"
run "GET by name (auth, found)" "$base/services/databaseServices/name/bench_service" -H "Authorization: Bearer $token"
run "GET by name (auth, missing → 404)" "$base/services/databaseServices/name/no_such_service" -H "Authorization: Bearer $token"

#!/usr/bin/env bash
# How many fsyncs the embedded store issues per acknowledged write, under load: the evidence that
# group commit keeps every acknowledged write on disk (synchronous=FULL: a commit's fsync comes
# before any write it holds is answered) while writes that arrive together share one fsync.
#
#   mvn -B -DskipTests package && bench/fsync-per-write.sh [seconds] [connections]
#
# Starts ./meridian serve on a fresh embedded store, attaches strace to it counting fsync and
# fdatasync (every thread), runs wrk POSTing new services for the given time, and prints the
# acknowledged (2xx) writes, the fsyncs, and their ratio. strace slows the server down; the ratio,
# not the rate, is the figure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-10}"
connections="${2:-8}"
threads=$(( connections < 2 ? 1 : 2 ))
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 2; }
command -v strace >/dev/null || { echo "bench: strace is missing (apt-get install strace)" >&2; exit 2; }
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
  if [[ -n "${tracer:-}" ]]; then kill "$tracer" 2>/dev/null || true; fi
  if [[ -n "${pid:-}" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT
"$here/meridian" serve --data-dir "$dir/data" --host 127.0.0.1 --port "$port" >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do grep -q "listening on" "$dir/server.log" && break; sleep 0.1; done
token=$("$here/meridian" token --data-dir "$dir/data" --user admin 2>/dev/null)
cat >"$dir/create.lua" <<'LUA'
local counter = 0
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
function init(args) run = args[1] or "0" end
function request()
  counter = counter + 1
  return wrk.format("POST", nil, nil, '{"name":"fsync_' .. run .. '_' .. tid .. '_' .. counter .. '","serviceType":"Mysql"}')
end
LUA
url="http://127.0.0.1:$port/api/v1/services/databaseServices"
headers=(-H "Authorization: Bearer $token" -H 'Content-Type: application/json')
wrk -t"$threads" -c"$connections" -d3s -s "$dir/create.lua" "${headers[@]}" "$url" -- warm >/dev/null
strace -qq -f -c -e trace=fsync,fdatasync -p "$pid" -o "$dir/strace.txt" &
tracer=$!
sleep 1
out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" -s "$dir/create.lua" "${headers[@]}" "$url" -- run)
kill -INT "$tracer"; wait "$tracer" 2>/dev/null || true; tracer=""
requests=$(awk '/requests in/ {print $1}' <<<"$out")
non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out"); non2xx=${non2xx:-0}
acknowledged=$((requests - non2xx))
fsyncs=$(awk '$NF == "fsync" || $NF == "fdatasync" {n += $4} END {print n + 0}' "$dir/strace.txt")
echo "acknowledged writes: $acknowledged in ${seconds}s at $connections connections (under strace)"
echo "fsync + fdatasync calls: $fsyncs"
awk -v f="$fsyncs" -v w="$acknowledged" 'BEGIN { printf "fsyncs per acknowledged write: %.3f\n", (w > 0 ? f / w : 0) }'

#!/usr/bin/env bash
# Ingestion speed (issue 16): a PostgreSQL database seeded here with SCHEMAS schemas of TABLES tables
# of 20 columns each is ingested by the server twice — a first run that catalogues everything, then
# a run with nothing changed — and the tables per second of each run, end to end (from the trigger
# request to the final status, polled every 50 ms), are printed with the server's peak RSS during
# the runs. A third run, unchanged too, goes through `./meridian ingest --follow`, whose wall time
# adds the command's own start (a JVM) and its polling.
#
#   mvn -B -DskipTests package && bench/ingest.sh [schemas] [tables-per-schema]     (default 10 × 1000)
#
# Uses this machine's PostgreSQL (127.0.0.1:5432, postgres, trust) for the source, a throw-away
# database dropped at the end, and ./meridian serve on a fresh embedded store.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
schemas="${1:-10}"
tables="${2:-1000}"
source_db="meridian_bench_ingest_$$"
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
pg() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
cleanup() {
  if [[ -n "${sampler:-}" ]]; then kill "$sampler" 2>/dev/null || true; fi
  if [[ -n "${pid:-}" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  pg -d postgres -c "DROP DATABASE IF EXISTS $source_db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

echo "bench: seeding $source_db with $schemas schemas × $tables tables × 20 columns" >&2
pg -d postgres -c "CREATE DATABASE $source_db" >/dev/null
columns=""
for c in $(seq 1 20); do
  case $((c % 4)) in
    0) columns+=", c$c integer";;
    1) columns+=", c$c varchar(64)";;
    2) columns+=", c$c numeric(12,2)";;
    3) columns+=", c$c timestamp with time zone";;
  esac
done
{
  for s in $(seq 1 "$schemas"); do
    echo "CREATE SCHEMA s$s;"
    for t in $(seq 1 "$tables"); do
      echo "CREATE TABLE s$s.t$t (id bigint PRIMARY KEY$columns);"
    done
  done
} > "$dir/seed.sql"
pg -d "$source_db" -f "$dir/seed.sql" >/dev/null

"$here/meridian" serve --data-dir "$dir/data" --host 127.0.0.1 --port "$port" >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do grep -q "listening on" "$dir/server.log" && break; sleep 0.1; done
admin=$("$here/meridian" token --data-dir "$dir/data" --user admin 2>/dev/null)
bot=$("$here/meridian" token --data-dir "$dir/data" --user ingestion-bot 2>/dev/null)
curl -sf -o /dev/null -X POST "http://127.0.0.1:$port/api/v1/services/databaseServices" -H "Authorization: Bearer $admin" \
  -H 'Content-Type: application/json' -d "{\"name\":\"bench_pg\",\"serviceType\":\"Postgres\",\"connection\":{\"config\":{
    \"type\":\"Postgres\",\"hostPort\":\"127.0.0.1:5432\",\"username\":\"postgres\",\"authType\":{\"password\":\"x\"},
    \"database\":\"$source_db\"}}}"

# The server's peak RSS, sampled every 200 ms while the runs go.
( peak=0; while kill -0 "$pid" 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    (( rss > peak )) && peak=$rss && echo "$peak" > "$dir/peak"
    sleep 0.2
  done ) &
sampler=$!

total=$((schemas * tables))
api="http://127.0.0.1:$port/api/v1/services/ingestionPipelines"
pipeline=$(curl -sf -X POST "$api" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"name":"bench_pg_metadata","pipelineType":"metadata","service":"bench_pg","sourceConfig":{"config":{"type":"DatabaseMetadata"}},"airflowConfig":{}}')
id=$(echo "$pipeline" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
for run in first unchanged; do
  start=$(date +%s.%N)
  runid=$(curl -sf -X POST "$api/trigger/$id" -H "Authorization: Bearer $bot" | grep -o '[0-9a-f]\{8\}-[0-9a-f-]\{27\}' | head -1)
  state=running
  while [[ "$state" == running ]]; do
    sleep 0.05
    state=$(curl -sf "$api/bench_pg.bench_pg_metadata/pipelineStatus/$runid" -H "Authorization: Bearer $bot" \
      | grep -o '"pipelineState":"[a-zA-Z]*"' | cut -d'"' -f4)
  done
  end=$(date +%s.%N)
  seconds=$(echo "$end - $start" | bc -l)
  if [[ -n "${BENCH_LOG:-}" ]]; then
    curl -sf "$api/logs/$id/last" -H "Authorization: Bearer $admin" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["ingestion_task"])' >&2
  fi
  printf "bench: %-9s run: %d tables in %.2f s = %.0f tables/s; ended %s\n" "$run" "$total" "$seconds" \
    "$(echo "$total / $seconds" | bc -l)" "$state"
done
start=$(date +%s.%N)
MERIDIAN_TOKEN=$bot "$here/meridian" ingest --service bench_pg --follow --server "http://127.0.0.1:$port" > "$dir/cli.out"
end=$(date +%s.%N)
printf "bench: unchanged run from ./meridian ingest --follow: %.2f s wall; %s\n" "$(echo "$end - $start" | bc -l)" \
  "$(grep ended "$dir/cli.out" | sed 's/^meridian: //')"
echo "bench: server peak RSS during the runs: $(( $(cat "$dir/peak") / 1024 )) MB"

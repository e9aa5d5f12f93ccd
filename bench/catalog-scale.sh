#!/usr/bin/env bash
# The catalog at scale (issue 14, "Speed and scale"), on a real server, one store after another:
#
#   mvn -B -DskipTests package && bench/catalog-scale.sh [sqlite|postgresql|mariadb ...] [-- tables]
#
# For each store named (default: all three) it starts `./meridian serve` on a fresh store (the
# embedded file in a temporary directory, or a throw-away database on this machine's PostgreSQL or
# MariaDB, dropped afterwards) and measures:
#   load     TABLES tables of 20 columns (default 100,000) into one schema through PUT /tables/bulk,
#            5,000 a request, timed from the first request to the last answer: tables per second
#   bytes    what the store grew by over that load, per table (SQLite: the files; PostgreSQL:
#            pg_database_size; MariaDB: data and index length of every table)
#   get500   GET by name of a table with 500 columns (wrk, 1 and 8 connections): p50 and p99
#   list     page 1 (limit 10) of a schema of 1,000 tables and of the big schema, 1 and 8
#            connections: p50 and p99 of each (the goal: flat, within 1.5x)
#   delete   the recursive hard delete of the service holding the big schema, one synchronous DELETE
# Figures depend on the machine; compare runs made on the same one. MERIDIAN_JAR=… measures another build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stores=()
while [[ $# -gt 0 && "$1" != "--" ]]; do stores+=("$1"); shift; done
[[ "${1:-}" == "--" ]] && shift
tables="${1:-100000}"
[[ ${#stores[@]} -eq 0 ]] && stores=(sqlite postgresql mariadb)
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 2; }
[[ -f "${MERIDIAN_JAR:-$here/meridian-server/target/meridian.jar}" ]] || { echo "bench: build first: mvn -B -DskipTests package" >&2; exit 2; }

dir=$(mktemp -d)
source "$here/bench/stores.sh"

# The bulk bodies: 20 columns a table, the shape an ingestion run sends.
python3 - "$dir" "$tables" <<'PY'
import json, sys
out, total = sys.argv[1], int(sys.argv[2])
def columns(n):
    cols = []
    for i in range(n):
        c = {"name": "column_%03d" % i, "dataType": ["BIGINT", "VARCHAR", "TIMESTAMP", "DECIMAL"][i % 4],
             "description": "column %d of the benchmark table" % i, "ordinalPosition": i + 1}
        if c["dataType"] == "VARCHAR": c["dataLength"] = 255
        if c["dataType"] == "DECIMAL": c["precision"], c["scale"] = 18, 2
        cols.append(c)
    return cols
for name, schema, count in (("small", "bench_svc_a.db.small", 1000), ("big", "bench_svc_b.db.big", total)):
    for part, start in enumerate(range(0, count, 5000)):
        items = [{"name": "table_%06d" % i, "databaseSchema": schema, "tableType": "Regular", "columns": columns(20)}
                 for i in range(start, min(count, start + 5000))]
        with open("%s/%s_%03d.json" % (out, name, part), "w") as f:
            json.dump(items, f)
with open(out + "/wide.json", "w") as f:
    json.dump({"name": "wide", "databaseSchema": "bench_svc_a.db.small", "columns": columns(500)}, f)
PY

size() {
  case "$current" in
    sqlite) du -sb "$dir/data" | awk '{print $1}' ;;
    postgresql) psql -qtA -h 127.0.0.1 -U postgres -d "$db" -c "CHECKPOINT" >/dev/null; psql -qtA -h 127.0.0.1 -U postgres -c "SELECT pg_database_size('$db')" ;;
    mariadb)  # InnoDB's sizes in information_schema are statistics, refreshed lazily: refresh them first
      local all
      all=$(mariadb -h 127.0.0.1 -u root -N -e "SELECT GROUP_CONCAT(CONCAT('\`', table_name, '\`')) FROM information_schema.tables WHERE table_schema = '$db'")
      mariadb -h 127.0.0.1 -u root -N "$db" -e "ANALYZE TABLE $all" >/dev/null
      mariadb -h 127.0.0.1 -u root -N -e "SELECT SUM(data_length + index_length) FROM information_schema.tables WHERE table_schema = '$db'" ;;
  esac
}

for current in "${stores[@]}"; do
  start_server "$current" meridian_scale
  api="http://127.0.0.1:$port/api/v1"
  call() { curl -sf -o /dev/null -X "$1" "$api$2" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' ${3:+--data-binary "$3"}; }
  for s in a b; do
    call POST /services/databaseServices "{\"name\":\"bench_svc_$s\",\"serviceType\":\"Mysql\"}"
    call POST /databases "{\"name\":\"db\",\"service\":\"bench_svc_$s\"}"
  done
  call POST /databaseSchemas '{"name":"small","database":"bench_svc_a.db"}'
  call POST /databaseSchemas '{"name":"big","database":"bench_svc_b.db"}'
  for f in "$dir"/small_*.json; do call PUT /tables/bulk "@$f"; done
  call PUT /tables "@$dir/wide.json"

  before=$(size)
  start=$(date +%s.%N)
  for f in "$dir"/big_*.json; do call PUT /tables/bulk "@$f"; done
  end=$(date +%s.%N)
  after=$(size)
  loaded=$(curl -sf "$api/tables?databaseSchema=bench_svc_b.db.big&limit=0" -H "Authorization: Bearer $token" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["paging"]["total"])')
  awk -v s="$current" -v n="$loaded" -v a="$start" -v b="$end" 'BEGIN { printf "%-10s load     %d tables in %.1f s = %.0f tables/s\n", s, n, b - a, n / (b - a) }'
  awk -v s="$current" -v n="$loaded" -v a="$before" -v b="$after" 'BEGIN { printf "%-10s bytes    %.0f bytes per table (tables of 20 columns)\n", s, (b - a) / n }' 

  for c in 1 8; do
    read -r p50 p99 rps <<<"$(latency "$api/tables/name/bench_svc_a.db.small.wide" $c)"
    printf '%-10s get500   %d connection(s): p50 %s  p99 %s  (%s req/s)\n' "$current" $c "$p50" "$p99" "$rps"
  done
  for c in 1 8; do
    read -r small50 small99 _ <<<"$(latency "$api/tables?databaseSchema=bench_svc_a.db.small&limit=10" $c)"
    read -r big50 big99 _ <<<"$(latency "$api/tables?databaseSchema=bench_svc_b.db.big&limit=10" $c)"
    printf '%-10s list     %d connection(s): page 1 of 1,000: p50 %s p99 %s; of %s: p50 %s p99 %s\n' "$current" $c "$small50" "$small99" \
      "$loaded" "$big50" "$big99"
  done

  start=$(date +%s.%N)
  curl -sf -o /dev/null -X DELETE "$api/services/databaseServices/name/bench_svc_b?recursive=true&hardDelete=true" \
    -H "Authorization: Bearer $token" --max-time 3600
  end=$(date +%s.%N)
  awk -v s="$current" -v n="$loaded" -v a="$start" -v b="$end" \
    'BEGIN { printf "%-10s delete   recursive hard delete of %d tables: %.1f s = %.0f tables/s\n", s, n, b - a, n / (b - a) }' 
  finish_store
done

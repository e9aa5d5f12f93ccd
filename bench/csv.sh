#!/usr/bin/env bash
# CSV import and export at scale (issue 17, part 2), on a real server:
#
#   mvn -B -DskipTests package && bench/csv.sh [sqlite|postgresql|mariadb ...] [-- tables]
#
# Writes OM's recursive service CSV of TABLES tables (default 100,000) of 20 columns each, in one
# database of 10 schemas (2.1 million rows for the default), in the form Meridian exports it. For
# each store named (default: sqlite, the embedded store the targets are for) it starts
# `./meridian serve` on a fresh store, creates an empty service and times, with curl:
#   import     PUT  .../services/databaseServices/name/S/import?recursive=true&dryRun=false  (target < 60 s)
#   export     GET  .../services/databaseServices/name/S/export?recursive=true               (target < 20 s)
#              and checks that it gives back the imported file byte for byte
#   again      the same import once more: every row found unchanged, no new version
# and prints the server's peak RSS (VmHWM) after each (target < 300 MB).
# Figures depend on the machine; compare runs made on the same one. MERIDIAN_JAR=… measures another build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stores=()
while [[ $# -gt 0 && "$1" != "--" ]]; do stores+=("$1"); shift; done
[[ "${1:-}" == "--" ]] && shift
tables="${1:-100000}"
[[ ${#stores[@]} -eq 0 ]] && stores=(sqlite)
[[ -f "${MERIDIAN_JAR:-$here/meridian-server/target/meridian.jar}" ]] || { echo "bench: build first: mvn -B -DskipTests package" >&2; exit 2; }

dir=$(mktemp -d)
source "$here/bench/stores.sh"
service=csv_bench

python3 - "$dir/service.csv" "$tables" "$service" <<'PY'
import csv, random, sys
path, total, service = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rnd = random.Random(17)
types = ["BIGINT", "VARCHAR", "TIMESTAMP", "DECIMAL", "INT", "BOOLEAN"]
header = ["name*", "displayName", "description", "owner", "tags", "glossaryTerms", "tiers", "certification", "retentionPeriod",
          "sourceUrl", "domains", "extension", "entityType*", "fullyQualifiedName", "column.dataTypeDisplay", "column.dataType",
          "column.arrayDataType", "column.dataLength", "storedProcedure.code", "storedProcedure.language"]
def row(name, description, entity_type, fqn, display="", data_type="", length=""):
    return [name, "", description, "", "", "", "", "", "", "", "", "", entity_type, fqn, display, data_type, "", length, "", ""]
with open(path, "w", newline="") as f:
    out = csv.writer(f, lineterminator="\r\n")
    out.writerow(header)
    out.writerow(row("db", "", "database", service + ".db"))
    per_schema = (total + 9) // 10
    n = 0
    for s in range(10):
        schema = "%s.db.s%02d" % (service, s)
        out.writerow(row("s%02d" % s, "schema %d" % s, "databaseSchema", schema))
        for _ in range(min(per_schema, total - n)):
            table = "t_%06d" % n
            out.writerow(row(table, "table %d of the bench, with twenty columns" % n, "table", schema + "." + table))
            for c in range(20):
                t = rnd.choice(types)
                out.writerow(row("c%02d" % c, "", "column", "%s.%s.c%02d" % (schema, table, c), t.lower(), t, "64" if t == "VARCHAR" else ""))
            n += 1
PY
echo "bench: $(wc -c <"$dir/service.csv") bytes, $tables tables of 20 columns" >&2

peak() { awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$pid/status"; }
summary() { head -c 400 "$1" | grep -o '"status":"[a-zA-Z]*","numberOfRowsProcessed":[0-9]*,"numberOfRowsPassed":[0-9]*,"numberOfRowsFailed":[0-9]*'; }

for current in "${stores[@]}"; do
  start_server "$current" meridian_csv
  api="http://127.0.0.1:$port/api/v1"
  auth=(-H "Authorization: Bearer $token")
  curl -sf -o /dev/null "${auth[@]}" -H 'Content-Type: application/json' -X POST "$api/services/databaseServices" \
    --data-binary "{\"name\":\"$service\",\"serviceType\":\"Mysql\"}"
  url="$api/services/databaseServices/name/$service"
  for pass in import again; do
    start=$(date +%s.%N)
    curl -sf "${auth[@]}" -H 'Content-Type: text/plain' -X PUT "$url/import?recursive=true&dryRun=false" \
      --data-binary "@$dir/service.csv" -o "$dir/result.json" || { echo "bench: the import failed" >&2; tail -20 "$dir/server.log" >&2; exit 1; }
    end=$(date +%s.%N)
    printf '%-10s %-7s %s tables in %.1f s (%s); server peak RSS %s MB\n' "$current" "$pass" "$tables" \
      "$(echo "$end - $start" | bc)" "$(summary "$dir/result.json")" "$(peak)"
    if [[ $pass == import ]]; then
      start=$(date +%s.%N)
      curl -sf "${auth[@]}" "$url/export?recursive=true" -o "$dir/export.csv" || { echo "bench: the export failed" >&2; tail -20 "$dir/server.log" >&2; exit 1; }
      end=$(date +%s.%N)
      same=$(cmp -s "$dir/export.csv" "$dir/service.csv" && echo "the same bytes as imported" || echo "DIFFERENT from the file imported")
      printf '%-10s export  %s tables in %.1f s, %s; server peak RSS %s MB\n' "$current" "$tables" "$(echo "$end - $start" | bc)" \
        "$same" "$(peak)"
    fi
  done
  finish_store
done

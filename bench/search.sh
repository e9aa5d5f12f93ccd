#!/usr/bin/env bash
# Search at scale (issue 17), on a real server:
#
#   mvn -B -DskipTests package && bench/search.sh [sqlite|postgresql|mariadb ...] [-- tables]
#
# For each store named (default: sqlite, the embedded store the target is for) it starts
# `./meridian serve` on a fresh store and loads TABLES tables (default 1,000,000) of 20 columns
# through PUT /tables/bulk (5,000 a request) into 10 services × 10 schemas. Table names are two
# words of a 200-word vocabulary and a number ("customer_ledger_004211"), columns come from a
# 60-word vocabulary, descriptions are a short sentence; the data is the same on every run (seeded).
# Then it warms the server with the five queries for SEARCH_WARMUP seconds (default 60: the JIT's
# compiling takes about that long, and until it is done it takes one of two cores) and measures
# GET /api/v1/search/query with wrk, 1 and 8 connections, 8 s each after a 2 s warm-up, p50 and p99
# of each query:
#   unique   a word one table has (its number)
#   name     two name words (a few hundred tables)
#   prefix   the first letters of a name word, as a user types (about 1% of the tables)
#   filtered every table of one schema (q=*, a query_filter on the schema): 10,000 hits
#   column   a column word every table has (every table matches: the worst case)
# and prints the load rate, which includes writing the search index.
# Figures depend on the machine; compare runs made on the same one. MERIDIAN_JAR=… measures another build.
# SEARCH_STORE=DIR (embedded store only) keeps the loaded store in DIR, and a later run with the same
# DIR measures it again without loading: two builds measured on the same data. The server rebuilds
# the index there first when its migrations changed it; the run waits until /healthz says ready.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stores=()
while [[ $# -gt 0 && "$1" != "--" ]]; do stores+=("$1"); shift; done
[[ "${1:-}" == "--" ]] && shift
tables="${1:-1000000}"
[[ ${#stores[@]} -eq 0 ]] && stores=(sqlite)
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 2; }
[[ -f "${MERIDIAN_JAR:-$here/meridian-server/target/meridian.jar}" ]] || { echo "bench: build first: mvn -B -DskipTests package" >&2; exit 2; }

dir=$(mktemp -d)
source "$here/bench/stores.sh"

# The bulk bodies, written once (about 100 MB for a million tables); not needed for a kept store.
[[ -n "${SEARCH_STORE:-}" && -f "${SEARCH_STORE:-}/loaded" ]] || python3 - "$dir" "$tables" <<'PY'
import json, random, sys
out, total = sys.argv[1], int(sys.argv[2])
rnd = random.Random(17)
syllables = ["ba", "co", "di", "fe", "ga", "hu", "ki", "lo", "ma", "ne", "po", "ra", "si", "tu", "ve", "zo"]
words = sorted({rnd.choice(syllables) + rnd.choice(syllables) + rnd.choice(syllables) for _ in range(400)})[:200]
words[:8] = ["customer", "orders", "ledger", "invoice", "payment", "shipment", "product", "account"]
column_words = ["id", "created_at", "updated_at", "amount", "status", "region", "currency", "note"] + \
    [rnd.choice(syllables) + rnd.choice(syllables) + "_" + rnd.choice(syllables) + rnd.choice(syllables) for _ in range(52)]
types = ["BIGINT", "VARCHAR", "TIMESTAMP", "DECIMAL"]
per_schema = (total + 99) // 100
n = 0
for s in range(100):
    schema = "bench_svc_%d.db.schema_%02d" % (s // 10, s)
    batch, part = [], 0
    for i in range(min(per_schema, total - n)):
        name = "%s_%s_%06d" % (rnd.choice(words), rnd.choice(words), n)
        cols = [{"name": "id", "dataType": "BIGINT"}]
        for c in rnd.sample(column_words[1:], 19):
            col = {"name": c, "dataType": rnd.choice(types)}
            if col["dataType"] == "VARCHAR": col["dataLength"] = 64
            if col["dataType"] == "DECIMAL": col["precision"], col["scale"] = 18, 2
            cols.append(col)
        batch.append({"name": name, "databaseSchema": schema, "columns": cols,
                      "description": "the %s of each %s by %s" % (rnd.choice(words), rnd.choice(words), rnd.choice(column_words))})
        n += 1
        if len(batch) == 5000:
            json.dump(batch, open("%s/bulk_%02d_%03d.json" % (out, s, part), "w")); batch, part = [], part + 1
    if batch:
        json.dump(batch, open("%s/bulk_%02d_%03d.json" % (out, s, part), "w"))
PY

enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

kept="${SEARCH_STORE:-}"
[[ -n "$kept" && "${stores[*]}" != sqlite ]] && { echo "bench: SEARCH_STORE is for the embedded store alone" >&2; exit 2; }
for current in "${stores[@]}"; do
  reuse=""
  [[ -n "$kept" && -f "$kept/loaded" ]] && reuse=yes
  start_server "$current" meridian_search $kept
  api="http://127.0.0.1:$port/api/v1"
  call() { curl -sf -o /dev/null -X "$1" "$api$2" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' ${3:+--data-binary "$3"}; }
  if [[ -n "$reuse" ]]; then
    until curl -sf "http://127.0.0.1:$port/healthz" | grep -q '"search" *: *"ready"'; do sleep 2; done
    echo "bench: measuring the store kept in $kept" >&2
  else
  for v in $(seq 0 9); do
    call POST /services/databaseServices "{\"name\":\"bench_svc_$v\",\"serviceType\":\"Mysql\"}"
    call POST /databases "{\"name\":\"db\",\"service\":\"bench_svc_$v\"}"
  done
  for s in $(seq 0 99); do call POST /databaseSchemas "{\"name\":\"$(printf schema_%02d "$s")\",\"database\":\"bench_svc_$((s / 10)).db\"}"; done
  start=$(date +%s.%N)
  files=("$dir"/bulk_*.json)
  for i in "${!files[@]}"; do
    call PUT /tables/bulk "@${files[$i]}"
    (( (i + 1) % 20 == 0 )) && echo "bench: loaded $((i + 1)) of ${#files[@]} bulk requests" >&2
  done
  end=$(date +%s.%N)
  loaded=$(curl -sf "$api/search/query?q=*&index=table_search_index&size=0&track_total_hits=true" -H "Authorization: Bearer $token" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"]["total"]["value"])')
  awk -v s="$current" -v n="$loaded" -v a="$start" -v b="$end" \
    'BEGIN { printf "%-10s load     %d tables (search index included) in %.1f s = %.0f tables/s\n", s, n, b - a, n / (b - a) }'
  [[ -n "$kept" ]] && touch "$kept/loaded"
  fi
  echo "bench: server RSS after the load: $(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status") MB, peak $(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$pid/status") MB" >&2
  unique=$(printf '%06d' $((tables / 2)))
  filter=$(enc '{"query":{"bool":{"must":[{"term":{"databaseSchema.name.keyword":"schema_42"}}]}}}')
  declare -A queries=(
    [unique]="q=$unique"
    [name]="q=$(enc 'customer orders')"
    [prefix]="q=invo"
    [filtered]="q=*&query_filter=$filter"
    [column]="q=currency")
  urls=()
  for query in unique name prefix filtered column; do urls+=("$api/search/query?index=table_search_index&${queries[$query]}"); done
  warm "${SEARCH_WARMUP:-60}" "${urls[@]}"
  for query in unique name prefix filtered column; do
    url="$api/search/query?index=table_search_index&${queries[$query]}"
    hits=$(curl -sf "$url&size=0&track_total_hits=true" -H "Authorization: Bearer $token" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"]["total"]["value"])')
    for c in 1 8; do
      read -r p50 p99 rps <<<"$(latency "$url" $c)"
      printf '%-10s %-8s %7d hits, %d connection(s): p50 %s  p99 %s  (%s req/s)\n' "$current" "$query" "$hits" $c "$p50" "$p99" "$rps"
    done
  done
  echo "bench: server RSS after the searches: $(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status") MB, peak $(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$pid/status") MB" >&2
  finish_store
done

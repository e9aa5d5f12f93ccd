#!/usr/bin/env bash
# The server's CPU time per search, builds against each other, on a store loaded by bench/search.sh:
#
#   SEARCH_STORE=DIR bench/search-cpu.sh [rounds] -- JAR...
#
# For each round and each JAR in turn it starts `./meridian serve` on the kept store (DIR), and for
# each query (two name words, a prefix, a column word: those of bench/search.sh) runs wrk at 8
# connections for 10 s after the server's warm-up (SEARCH_WARMUP seconds of the three, default 60)
# and a 3 s one of its own, and prints the server's CPU milliseconds (user +
# system, from /proc) per answered request, with p50 and p99. On a shared machine whose speed
# varies from minute to minute, latency alone cannot tell two close builds apart; CPU per request
# is steadier, and the builds alternate so that a slow minute falls on both.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=2
[[ "${1:-}" != "--" && -n "${1:-}" ]] && { rounds=$1; shift; }
[[ "${1:-}" == "--" ]] && shift
[[ $# -gt 0 ]] || { echo "usage: SEARCH_STORE=DIR bench/search-cpu.sh [rounds] -- JAR..." >&2; exit 2; }
[[ -f "${SEARCH_STORE:-}/loaded" ]] || { echo "bench: SEARCH_STORE must name a store loaded by bench/search.sh" >&2; exit 2; }
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 2; }
dir=$(mktemp -d)
source "$here/bench/stores.sh"
declare -A queries=([name]="q=customer%20orders" [prefix]="q=invo" [column]="q=currency")
for round in $(seq 1 "$rounds"); do
  for jar in "$@"; do
    MERIDIAN_JAR="$jar" start_server sqlite meridian_search "$SEARCH_STORE"
    until curl -sf "http://127.0.0.1:$port/healthz" | grep -q '"search" *: *"ready"'; do sleep 2; done
    java=$(pgrep -P "$pid" java || echo "$pid")
    urls=()
    for query in name prefix column; do urls+=("http://127.0.0.1:$port/api/v1/search/query?index=table_search_index&${queries[$query]}"); done
    warm "${SEARCH_WARMUP:-60}" "${urls[@]}"
    for query in name prefix column; do
      url="http://127.0.0.1:$port/api/v1/search/query?index=table_search_index&${queries[$query]}"
      wrk -t2 -c8 -d3s -H "Authorization: Bearer $token" "$url" >/dev/null
      before=$(awk '{print $14 + $15}' "/proc/$java/stat")
      out=$(wrk -t2 -c8 -d10s --timeout 10s --latency -H "Authorization: Bearer $token" "$url")
      after=$(awk '{print $14 + $15}' "/proc/$java/stat")
      n=$(awk '/requests in/ {print $1}' <<<"$out")
      ticks=$(getconf CLK_TCK)
      printf 'round %d  %-40s %-7s %7.1f ms CPU per request  p50 %s  p99 %s  (%d requests)\n' "$round" "$(basename "$jar")" "$query" \
        "$(awk -v a="$before" -v b="$after" -v n="$n" -v t="$ticks" 'BEGIN { print (b - a) * 1000 / t / n }')" \
        "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")" "$n"
    done
    finish_store
  done
done

# Sourced by the benchmarks that run a real server on each store in turn (store-throughput.sh,
# catalog-scale.sh). The caller sets `here` (the checkout) and `dir` (a temporary directory).
#
#   start_server STORE PREFIX [DATA]
#                               starts `./meridian serve` on a fresh store: the embedded file under
#                               $dir/data (or under DATA, kept as it is: a store loaded before), or a throw-away database PREFIX_<pid> on this machine's
#                               PostgreSQL 127.0.0.1:5432 / MariaDB 127.0.0.1:3306. Sets current,
#                               port, args, db, pid and token (an admin's).
#   finish_store                stops the server and drops the throw-away database.
#   latency URL [CONNECTIONS]   wrk against URL as that admin (default 8 connections), 8 s after a
#                               2 s warm-up: prints "p50 p99 req/s".
# An EXIT trap does the same if the benchmark stops half-way.
pid=""
db=""
current=""
stop_server() { if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; pid=""; }
drop_db() {
  case "$current" in
    postgresql) psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null ;;
    mariadb) mariadb -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $db" ;;
  esac
}
finish_store() { stop_server; if [[ -n "$db" ]]; then drop_db; fi; db=""; }
cleanup_stores() { stop_server; if [[ -n "$db" ]]; then drop_db || true; fi; rm -rf "$dir"; }
trap cleanup_stores EXIT

start_server() {
  current=$1
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  local data="${3:-$dir/data}"
  [[ -n "${3:-}" ]] || { rm -rf "$data"; mkdir -p "$data"; }
  mkdir -p "$data"
  args=(--data-dir "$data")
  db="$2_$$"
  case "$current" in
    sqlite) db="" ;;
    postgresql)
      psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $db" >/dev/null
      head -c 32 /dev/urandom | base64 >"$dir/key"
      args+=(--database-url "jdbc:postgresql://127.0.0.1:5432/$db" --database-user postgres --secret-key-file "$dir/key") ;;
    mariadb)
      mariadb -h 127.0.0.1 -u root -e "SET GLOBAL max_allowed_packet = GREATEST(@@GLOBAL.max_allowed_packet, 134217728); CREATE DATABASE $db"
      head -c 32 /dev/urandom | base64 >"$dir/key"
      args+=(--database-url "jdbc:mariadb://127.0.0.1:3306/$db" --database-user root --secret-key-file "$dir/key") ;;
    *) echo "bench: unknown store $current (sqlite, postgresql or mariadb)" >&2; exit 2 ;;
  esac
  MERIDIAN_DATABASE_PASSWORD="" "$here/meridian" serve "${args[@]}" --host 127.0.0.1 --port "$port" >"$dir/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do grep -q "listening on" "$dir/server.log" && break; sleep 0.1; done
  grep -q "listening on" "$dir/server.log" || { cat "$dir/server.log" >&2; exit 1; }
  token=$(MERIDIAN_DATABASE_PASSWORD="" "$here/meridian" token "${args[@]}" --user admin 2>/dev/null)
}

warm() {  # seconds url... : runs each url in turn at 8 connections for its share of the seconds, answers discarded.
  # The JVM's JIT compiles the server's hot paths for about a minute of load: measured before it is done, one of this
  # machine's two cores goes to the compiler (two words at one connection: the server's CPU per request 10.8 ms three seconds
  # in, 5.9 ms forty seconds in).
  local seconds=$1 each
  shift
  each=$(( (seconds + $# - 1) / $# ))
  echo "bench: warming the server (JIT) for ${seconds} s" >&2
  for url in "$@"; do
    wrk -t2 -c8 -d"${each}s" --timeout 10s -H "Authorization: Bearer $token" "$url" >/dev/null
  done
}

latency() {  # url [connections] -> "p50 p99 req/s" from wrk, after a warm-up
  local c=${2:-8} t=2
  [[ $c -lt 2 ]] && t=1
  wrk -t$t -c"$c" -d2s --timeout 10s -H "Authorization: Bearer $token" "$1" >/dev/null
  local out
  out=$(wrk -t$t -c"$c" -d8s --timeout 10s --latency -H "Authorization: Bearer $token" "$1")
  echo "$(awk '$1 == "50%" {print $2}' <<<"$out") $(awk '$1 == "99%" {print $2}' <<<"$out") $(awk '/Requests\/sec/ {print $2}' <<<"$out")"
}

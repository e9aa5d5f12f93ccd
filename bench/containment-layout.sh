#!/usr/bin/env bash
# The two ways of storing containment (a hash per FQN part, or a parent id alone), measured on one
# store with the same rows: see bench/ContainmentLayout.java.
#   mvn -B -DskipTests package && bench/containment-layout.sh [sqlite|postgresql|mariadb] [tables]
# PostgreSQL and MariaDB get a throw-away database on this machine (127.0.0.1), dropped afterwards.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/meridian-server/target/meridian.jar"
[[ -f "$jar" ]] || { echo "bench: build first: mvn -B -DskipTests package" >&2; exit 2; }
store="${1:-sqlite}"
tables="${2:-100000}"
db="meridian_layout_$$"
dir=$(mktemp -d)
cleanup() {
  case "$store" in
    postgresql) psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null ;;
    mariadb) mariadb -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $db" ;;
  esac
  rm -rf "$dir"
}
trap cleanup EXIT
url=""
case "$store" in
  postgresql) psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $db" >/dev/null; url="jdbc:postgresql://127.0.0.1:5432/$db" ;;
  mariadb) mariadb -h 127.0.0.1 -u root -e "CREATE DATABASE $db"; url="jdbc:mariadb://127.0.0.1:3306/$db" ;;
esac
java -Durl="$url" -Dlogback.configurationFile=/dev/null -cp "$jar" "$here/bench/ContainmentLayout.java" "$store" "$tables" "$dir"

#!/usr/bin/env bash
# The cost of checking a connection config against OM's schema, per request, on this machine.
#   mvn -B -DskipTests package && bench/validation-cost.sh [rounds]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/meridian-server/target/meridian.jar"
[[ -f "$jar" ]] || { echo "bench: build first: mvn -B -DskipTests package" >&2; exit 2; }
# The launcher's JIT settings, so that the figure is the server's.
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlogback.configurationFile=/dev/null -cp "$jar" "$here/bench/ValidationCost.java" "$@"

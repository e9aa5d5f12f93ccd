#!/usr/bin/env bash
# Where the server's CPU went in a JFR recording made by `./meridian bench --jfr FILE …`:
# the methods most often on top of a sampled stack, and Meridian's own methods most often anywhere in one.
#   bench/jfr-top.sh FILE [rows] [package-prefix]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec java -cp "$here/meridian-server/target/meridian.jar:$here/bench/target/classes" meridian.bench.JfrTop "$@"

#!/usr/bin/env bash
# Mirror sync benchmark: a no-op resync of 1,000 projects and the closure of a 30-project requirement set against a
# local upstream (FakePyPI on 127.0.0.1). Prints the figures and writes them to docs/performance-sync.md.
# Usage: bench/sync-bench.sh   (from anywhere; builds what it needs with Maven, offline if the repository is warm)
set -euo pipefail
cd "$(dirname "$0")/.."
out="$PWD/docs/performance-sync.md"
offline=""
if [ "${BENCH_ONLINE:-}" != "1" ]; then offline="-o"; fi
mvn -B -q $offline -pl server -am test \
    -Dtest=SyncBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench=true -Dbench.out="$out" -DtrimStackTrace=false \
    -Dspotless.check.skip=true
echo
echo "Figures written to $out"
cat "$out"

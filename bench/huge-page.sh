#!/usr/bin/env bash
# Huge project page benchmark (issue 9): a generated upstream page of 330,000 files (~56 MB JSON, ~46 MB HTML),
# fetched, stored and served by the mirror's jar in its own JVM with -Xmx256m. Prints the first and the cached answer
# times of the page in each form, of a stored file of the same size, and of a 2,000-version page, and the heap peak
# from the mirror's GC log. See docs/performance.md.
# Usage: bench/huge-page.sh [files] [rounds]     (defaults 330000 and 10; builds the jar if it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f server/target/python-mirror-server.jar ] || [ ! -f server/target/test-classes/io/jenkins/plugins/pythonmirror/server/HugePageBench.class ]; then
  mvn -B -q -pl server -am package -DskipTests -Dspotless.check.skip=true
fi
java -cp server/target/test-classes io.jenkins.plugins.pythonmirror.server.HugePageBench \
    server/target/python-mirror-server.jar "${1:-330000}" "${2:-10}"

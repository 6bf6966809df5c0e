#!/usr/bin/env bash
# Builds the plugin the conventional way — plugin/pom-jenkins.xml with the real plugin parent POM, maven-hpi-plugin,
# jenkins-core 2.555.3 and workflow-step-api — offline, from the Maven repository of a rig built by
# ../shared/real-jenkins/build.sh (which has no bom-2.555.x and no test harness).
# usage: build-with-hpi-plugin.sh RIG_OUT [WORK_DIR]
#   RIG_OUT   the rig's OUT folder (jenkins.war, m2/, settings.xml, tools/)
#   WORK_DIR  scratch folder (default: plugin/target/pom-jenkins-offline); the .hpi lands in WORK_DIR/target/
# What it changes in a copy of pom-jenkins.xml, and nothing else: the parent version the rig has
# (6.2221.va_045130417c9), the rig's bom-local instead of bom-2.555.x, no test-scoped dependencies and no tests
# (the JenkinsRule tests need jenkins-test-harness, which the rig does not build), no enforcer and spotbugs (the rig
# builds the plugin POM without jenkins-enforcer-rules), sources read from plugin/.
# It compiles with --release 21 against the real jars, runs the access-modifier checker and packages with
# maven-hpi-plugin (bundled-artifact check strict), then compares what the default build hand-keeps:
# the Plugin-Dependencies and the annotation indexes.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PLUGIN=$(cd "$HERE/.." && pwd)
ROOT=$(cd "$PLUGIN/.." && pwd)
[ $# -ge 1 ] || { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
OUT=$(cd "$1" && pwd)
WORK=${2:-$PLUGIN/target/pom-jenkins-offline}
MVN=$(compgen -G "$OUT/tools/apache-maven-*/bin/mvn" | head -1 || true)
[ -n "$MVN" ] || MVN=mvn   # maven-hpi-plugin needs Maven 3.9.6 or newer; the rig downloads one when needed
JDK=${JENKINS_JAVA_HOME:-$( (compgen -G "/usr/lib/jvm/*25*"; compgen -G "/usr/lib/jvm/*21*") | head -1 || true)}
[ -n "$JDK" ] || { echo "no JDK 25 or 21 under /usr/lib/jvm (set JENKINS_JAVA_HOME)" >&2; exit 2; }
export JAVA_HOME=$JDK
M=("$MVN" -B -s "$OUT/settings.xml" -Dmaven.repo.local="$OUT/m2")

mkdir -p "$WORK"
python3 - "$PLUGIN" "$WORK/pom.xml" <<'PY'
import re, sys
plugin, target = sys.argv[1], sys.argv[2]
s = open(plugin + "/pom-jenkins.xml").read()
s = re.sub(r"(<artifactId>plugin</artifactId>\s*<version>)[^<]+", r"\g<1>6.2221.va_045130417c9", s, count=1)
s = re.sub(r"<artifactId>bom-\$\{jenkins.baseline\}.x</artifactId>\s*<version>[^<]+</version>",
           "<artifactId>bom-local</artifactId><version>1</version>", s)
s = re.sub(r"\s*<dependency>(?:(?!</dependency>).)*<scope>test</scope>\s*</dependency>", "", s, flags=re.S)
s = re.sub(r"<repositories>.*?</pluginRepositories>", "", s, flags=re.S)
s = s.replace("<directory>src/main/resources</directory>", "<directory>%s/src/main/resources</directory>" % plugin)
s = s.replace("<testSourceDirectory>src/test-jenkins/java</testSourceDirectory>",
              "<sourceDirectory>%s/src/main/java</sourceDirectory>" % plugin)
s = re.sub(r"<testResources>.*?</testResources>", "", s, flags=re.S)
open(target, "w").write(s)
PY

echo "== core and the parent POM into the rig's repository (Maven Central through the rig's settings)"
(cd "$ROOT" && "${M[@]}" -q -N install -Dspotless.check.skip && "${M[@]}" -q install -pl core -DskipTests -Dspotless.check.skip)
echo "== pom-jenkins.xml, offline, with maven-hpi-plugin"
(cd "$WORK" && "${M[@]}" -o -Dmaven.test.skip=true -Denforcer.skip=true -Dspotbugs.skip=true package) > "$WORK/build.log" 2>&1 \
  || { tail -40 "$WORK/build.log"; echo "FAIL  conventional build (log: $WORK/build.log)"; exit 1; }
grep -E "Bundling|access-modifier|BUILD" "$WORK/build.log" | sed 's/^/      /'
HPI=$WORK/target/python-mirror.hpi
echo "PASS  conventional build: $HPI"

FAILED=0
deps() { unzip -p "$1" META-INF/MANIFEST.MF | tr -d '\r' | sed -e ':a;N;$!ba;s/\n //g' \
           | sed -n 's/^Plugin-Dependencies: //p' | tr ',' '\n' | sed -E 's/^([^:]+):[^;]*/\1/' | sort; }
DEFAULT_HPI=$PLUGIN/target/python-mirror.hpi
if [ -f "$DEFAULT_HPI" ]; then
  if diff <(deps "$HPI") <(deps "$DEFAULT_HPI") > "$WORK/deps.diff"; then
    echo "PASS  same Plugin-Dependencies as the default build: $(deps "$HPI" | tr '\n' ' ')"
  else
    echo "FAIL  Plugin-Dependencies differ from the default build:"; sed 's/^/      /' "$WORK/deps.diff"; FAILED=1
  fi
else
  echo "SKIP  no $DEFAULT_HPI to compare with (run mvn -B verify first)"
fi
TMP=$(mktemp -d)
(cd "$TMP" && unzip -q -o "$HPI" WEB-INF/lib/python-mirror.jar && unzip -q -o WEB-INF/lib/python-mirror.jar 'META-INF/services/annotations/*')
for f in hudson.init.Initializer hudson.init.Terminator org.jenkinsci.Symbol org.kohsuke.stapler.export.ExportedBean; do
  if diff <(sort "$TMP/META-INF/services/annotations/$f") <(sort "$PLUGIN/src/main/resources/META-INF/annotations/$f") > /dev/null; then
    echo "PASS  annotation index $f equals the checked-in copy"
  else
    echo "FAIL  annotation index $f differs from src/main/resources/META-INF/annotations/$f"; FAILED=1
  fi
done
rm -rf "$TMP"
exit $FAILED

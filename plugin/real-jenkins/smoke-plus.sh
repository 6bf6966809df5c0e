#!/usr/bin/env bash
# Extended smoke run of the python-mirror plugin on a real Jenkins 2.555.3 controller (see README.md).
# usage: smoke-plus.sh OUT PLUGIN.hpi [PORT] [JENKINS_HOME]
#   OUT           the real-jenkins rig's build folder (build.sh output with jenkins.war and plugins/,
#                 built --with-declarative-jcasc)
#   PLUGIN.hpi    the plugin under test
#   PORT          default 8091 (127.0.0.1 only)
#   JENKINS_HOME  default ${TMPDIR:-/tmp}/python-mirror-smoke-plus-home
# Environment: RIG (the rig's scripts: start.sh, stop.sh; default shared/real-jenkins beside the checkout), UPSTREAM_DIR (a
# folder with a PEP 503 simple/ tree; default the first file:// entry of pip's global.extra-index-url),
# RESULT_DIR (default JENKINS_HOME/smoke-plus/<timestamp>), SMOKE_NODE_DIR (jsdom; default JENKINS_HOME/.smoke-node),
# REUSE=1 (use the controller already running on PORT as it is: no start, no stop), KEEP=1 (leave it running),
# ONLY=1,9 (setup plus only these check areas).
# Prints one PASS/FAIL line per check; exit status 0 only when every check passed.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[ $# -ge 2 ] && [ $# -le 4 ] || { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
OUT=$1
HPI=$2
PORT=${3:-8091}
JH=${4:-${TMPDIR:-/tmp}/python-mirror-smoke-plus-home}
RIG=${RIG:-$(cd "$HERE/../../.." && pwd)/shared/real-jenkins}   # ../shared/ beside the checkout
BASE=http://127.0.0.1:$PORT/

for t in node npm python3 curl; do command -v "$t" > /dev/null || { echo "smoke-plus: $t is required" >&2; exit 2; }; done
[ "${REUSE:-0}" = 1 ] || [ -x "$RIG/start.sh" ] || { echo "smoke-plus: no $RIG/start.sh (set RIG)" >&2; exit 2; }
[ "${REUSE:-0}" = 1 ] || [ -f "$OUT/jenkins.war" ] || { echo "smoke-plus: no $OUT/jenkins.war (run the rig's build.sh)" >&2; exit 2; }
[ -f "$HPI" ] || { echo "smoke-plus: plugin $HPI not found" >&2; exit 2; }
HPI=$(cd "$(dirname "$HPI")" && pwd)/$(basename "$HPI")
mkdir -p "$JH"
JH=$(cd "$JH" && pwd)
RESULT=${RESULT_DIR:-$JH/smoke-plus/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$RESULT"
RESULT=$(cd "$RESULT" && pwd)

# upstream folder (a PEP 503 tree; served by checks.py with python3 -m http.server)
UPDIR=${UPSTREAM_DIR:-}
if [ -z "$UPDIR" ]; then
  for u in $(pip config get global.extra-index-url 2> /dev/null); do
    case "$u" in file://*) UPDIR=${u#file://}; break ;; esac
  done
  UPDIR=${UPDIR%/}; UPDIR=${UPDIR%/simple}
fi
[ -n "$UPDIR" ] && [ -d "$UPDIR/simple/flask" ] || { echo "smoke-plus: no upstream folder with simple/flask/ (set UPSTREAM_DIR)" >&2; exit 2; }

# jsdom, once
NODE_DIR=${SMOKE_NODE_DIR:-$JH/.smoke-node}
if [ ! -d "$NODE_DIR/node_modules/jsdom" ]; then
  mkdir -p "$NODE_DIR"
  [ -f "$NODE_DIR/package.json" ] || echo '{"private":true}' > "$NODE_DIR/package.json"
  echo "installing jsdom@24 into $NODE_DIR"
  npm_config_cache=$NODE_DIR/.npm-cache npm install --prefix "$NODE_DIR" --no-audit --no-fund jsdom@24 > "$RESULT/npm.log" 2>&1 \
    || { echo "FAIL  [0] installing jsdom from the npm registry (see $RESULT/npm.log)"; exit 1; }
fi

STARTED=0
stop_controller() {
  if [ "$STARTED" = 1 ] && [ "${KEEP:-0}" != 1 ]; then "$RIG/stop.sh" "$JH" >> "$RESULT/controller.log" 2>&1; fi
}
trap 'stop_controller; exit 130' INT TERM

LOG_OFFSET=$( [ -f "$JH/jenkins.log" ] && stat -c %s "$JH/jenkins.log" || echo 0)
echo "smoke-plus: plugin $HPI (sha256 $(sha256sum "$HPI" | cut -c1-16)), controller $BASE, home $JH"
echo "smoke-plus: results in $RESULT"
if [ "${REUSE:-0}" = 1 ]; then
  echo "smoke-plus: REUSE=1, using the running controller as it is (the plugin file is not installed)"
else
  "$RIG/stop.sh" "$JH" > "$RESULT/controller.log" 2>&1
  LOG_OFFSET=$( [ -f "$JH/jenkins.log" ] && stat -c %s "$JH/jenkins.log" || echo 0)
  t0=$(date +%s)
  if "$RIG/start.sh" "$OUT" "$JH" "$HPI" "$PORT" >> "$RESULT/controller.log" 2>&1; then
    STARTED=1
    echo "smoke-plus: controller started in $(( $(date +%s) - t0 ))s"
  else
    echo "FAIL  [0] controller start (see $RESULT/controller.log)"; tail -n 20 "$RESULT/controller.log"; exit 1
  fi
fi
version=$(curl -s -g -u "admin:$(cat "$JH/admin.token")" "${BASE}pluginManager/api/json?depth=1&tree=plugins[shortName,version,active]" \
  | python3 -c 'import json,sys; print(" ".join(p["version"] + (" (active)" if p["active"] else " (INACTIVE)") for p in json.load(sys.stdin)["plugins"] if p["shortName"] == "python-mirror") or "not installed")' 2> /dev/null)
echo "smoke-plus: python-mirror on the controller: ${version:-unknown}"
want=$(unzip -p "$HPI" META-INF/MANIFEST.MF 2> /dev/null | tr -d '\r' | sed -n 's/^Plugin-Version: //p')
[ -z "$want" ] || [ "${REUSE:-0}" = 1 ] || case "$version" in "$want"*) ;; *) echo "FAIL  [0] running plugin version '$version' is not the file's '$want'"; stop_controller; exit 1 ;; esac

t0=$(date +%s)
python3 "$HERE/lib/checks.py" "$BASE" "$JH" "$RESULT" "$UPDIR" "$NODE_DIR" "$LOG_OFFSET" 2>&1 | tee "$RESULT/output.txt"
rc=${PIPESTATUS[0]}
echo "smoke-plus: checks took $(( $(date +%s) - t0 ))s; consoles, answers, forms: $RESULT"
tail -c +$((LOG_OFFSET + 1)) "$JH/jenkins.log" > "$RESULT/jenkins.log" 2> /dev/null
stop_controller
exit "$rc"

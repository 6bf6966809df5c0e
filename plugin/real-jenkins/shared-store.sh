#!/usr/bin/env bash
# Two real Jenkins 2.555.3 controllers on one S3 bucket (issue 12), checked end to end (see README.md).
# usage: shared-store.sh OUT PLUGIN.hpi [PORT1 PORT2]
#   OUT         the real-jenkins rig's build folder (build.sh output, built --with-declarative-jcasc)
#   PLUGIN.hpi  the plugin under test
#   PORT1/2     default 8093 and 8094 (127.0.0.1 only)
# Environment: RIG (start.sh/stop.sh; default shared/real-jenkins beside the checkout), UPSTREAM_DIR (a PEP 503
# tree with simple/flask/; default the first file:// entry of pip's global.extra-index-url), S3_PORT (default 9010),
# RESULT_DIR (default ${TMPDIR:-/tmp}/python-mirror-shared-store/<timestamp>), KEEP=1 (leave everything running).
# Starts S3Proxy (testkit/s3server.sh) with a fresh data folder, then both controllers, then runs
# lib/shared_store.py: each controller is configured through its real global configuration form with the same bucket;
# controller 1 installs flask in a Pipeline build from its upstream, controller 2 (upstream unreachable) installs
# it from the bucket. Prints PASS/FAIL per check; exit 0 only when every check passed.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
CHECKOUT=$(cd "$HERE/../.." && pwd)
OUT=$(cd "${1:?usage: shared-store.sh OUT PLUGIN.hpi [PORT1 PORT2]}" && pwd)
HPI=$(cd "$(dirname "${2:?PLUGIN.hpi}")" && pwd)/$(basename "$2")
P1=${3:-8093}
P2=${4:-8094}
RIG=${RIG:-$(cd "$CHECKOUT/../shared/real-jenkins" 2> /dev/null && pwd)}
S3_PORT=${S3_PORT:-9010}
STAMP=$(date +%Y%m%d-%H%M%S)
RESULT=${RESULT_DIR:-${TMPDIR:-/tmp}/python-mirror-shared-store/$STAMP}
H1=$RESULT/home1
H2=$RESULT/home2
mkdir -p "$RESULT"
UPDIR=${UPSTREAM_DIR:-}
if [ -z "$UPDIR" ]; then
  for u in $(pip config get global.extra-index-url 2> /dev/null); do
    case "$u" in file://*) UPDIR=${u#file://}; break ;; esac
  done
  UPDIR=${UPDIR%/}; UPDIR=${UPDIR%/simple}
fi
[ -d "$UPDIR/simple/flask" ] || { echo "shared-store: no upstream folder with simple/flask/ (set UPSTREAM_DIR)" >&2; exit 2; }
NODE_DIR=${SMOKE_NODE_DIR:-$RESULT/.smoke-node}
if [ ! -d "$NODE_DIR/node_modules/jsdom" ]; then
  mkdir -p "$NODE_DIR"; echo '{"private":true}' > "$NODE_DIR/package.json"
  npm_config_cache=$NODE_DIR/.npm-cache npm install --prefix "$NODE_DIR" --no-audit --no-fund jsdom@24 > "$RESULT/npm.log" 2>&1 \
    || { echo "FAIL  [15] installing jsdom (see $RESULT/npm.log)"; exit 1; }
fi

S3_PID=
cleanup() {
  if [ "${KEEP:-0}" != 1 ]; then
    "$RIG/stop.sh" "$H1" > /dev/null 2>&1; "$RIG/stop.sh" "$H2" > /dev/null 2>&1
    [ -n "$S3_PID" ] && kill "$S3_PID" 2> /dev/null
  fi
}
trap cleanup EXIT

echo "shared-store: S3Proxy on 127.0.0.1:$S3_PORT, data $RESULT/s3-data"
MVN_OPTS=${MVN_OPTS:--o} "$CHECKOUT/testkit/s3server.sh" "$S3_PORT" "$RESULT/s3-data" > "$RESULT/s3server.log" 2>&1 &
S3_PID=$!
for _ in $(seq 1 240); do grep -q '^secret access key' "$RESULT/s3server.log" 2> /dev/null && break; sleep 0.5; done
grep -q '^secret access key' "$RESULT/s3server.log" || { echo "FAIL  [15] S3Proxy did not start (see $RESULT/s3server.log)"; exit 1; }
KEY=$(sed -n 's/^access key id: *//p' "$RESULT/s3server.log")
SECRET=$(sed -n 's/^secret access key: *//p' "$RESULT/s3server.log")
ENDPOINT=$(sed -n 's/^endpoint: *//p' "$RESULT/s3server.log")

for pair in "$H1 $P1" "$H2 $P2"; do
  set -- $pair
  t0=$(date +%s)
  "$RIG/start.sh" "$OUT" "$1" "$HPI" "$2" >> "$RESULT/controllers.log" 2>&1 \
    || { echo "FAIL  [15] controller start on port $2 (see $RESULT/controllers.log)"; exit 1; }
  echo "shared-store: controller on http://127.0.0.1:$2/ started in $(( $(date +%s) - t0 ))s (home $1)"
done
python3 "$HERE/lib/shared_store.py" "http://127.0.0.1:$P1/" "$H1" "http://127.0.0.1:$P2/" "$H2" "$RESULT" "$UPDIR" \
  "$NODE_DIR" "$ENDPOINT" "$KEY" "$SECRET" 2>&1 | tee "$RESULT/output.txt"
rc=${PIPESTATUS[0]}
cp "$H1/jenkins.log" "$RESULT/jenkins1.log" 2> /dev/null; cp "$H2/jenkins.log" "$RESULT/jenkins2.log" 2> /dev/null
echo "shared-store: results in $RESULT"
exit "$rc"

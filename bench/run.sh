#!/usr/bin/env bash
# Serving benchmark: nginx vs python-mirror over the same files, as ratios in one run.
#
# nginx (Debian nginx-light) serves a PEP 503 tree on 127.0.0.1; it is both the mirror's upstream and the baseline.
# The mirror is started the way the README starts it (java -jar ... serve, no JVM flags), warmed, checked to answer
# from its cache, and then wrk measures, back to back in each round: nginx file, mirror file, nginx page, mirror
# page (pip's Accept header: PEP 691 JSON), mirror page (text/html, like for like). The table shows the median of
# the rounds. Only 127.0.0.1 traffic; every process and temp dir is removed on exit.
#
# Usage: bench/run.sh            (env: ROUNDS=3 DURATION=10s THREADS=2 CONNECTIONS=16 JAVA_OPTS= MIRROR_JAR=)
#        JAVA_OPTS is empty by default (the README's invocation); set it to try JVM flags.
#        MIRROR_JAR defaults to server/target/python-mirror-server.jar, built if missing (rebuild it after changes);
#        point it at another build to compare builds.
set -euo pipefail

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
JAVA_OPTS=${JAVA_OPTS:-}
PIP_ACCEPT='application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01'

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"
JAR=${MIRROR_JAR:-$ROOT/server/target/python-mirror-server.jar}

for tool in nginx wrk java curl python3; do
    command -v "$tool" >/dev/null || { echo "bench: '$tool' is not installed (apt-get install nginx-light wrk)" >&2; exit 2; }
done
if [[ ! -f "$JAR" ]]; then
    echo "bench: building $JAR" >&2
    (cd "$ROOT" && mvn -B -q -DskipTests package)
fi

WORK=$(mktemp -d /tmp/python-mirror-bench.XXXXXX)
chmod 755 "$WORK" # nginx workers run as an unprivileged user
NGINX_PID=""
MIRROR_PID=""
cleanup() {
    set +e
    if [[ -n "$MIRROR_PID" ]]; then kill "$MIRROR_PID" 2>/dev/null; wait "$MIRROR_PID" 2>/dev/null; fi
    if [[ -n "$NGINX_PID" ]]; then kill "$NGINX_PID" 2>/dev/null; wait "$NGINX_PID" 2>/dev/null; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# --- the tree: one real ~1.26 MB wheel (Debian's python3-pip-whl / python3-setuptools-whl, else a generated
# incompressible one) listed on a project page with 150 files, as PyPI lists a long-lived project.
python3 - "$WORK/www" <<'EOF'
import glob, hashlib, os, random, sys, zipfile
www = sys.argv[1]
os.makedirs(f"{www}/packages", exist_ok=True)
found = sorted(glob.glob("/usr/share/python-wheels/setuptools-*.whl"))
if found:
    name = os.path.basename(found[-1])
    data = open(found[-1], "rb").read()
else:
    name = "setuptools-66.1.1-py3-none-any.whl"
    rnd = random.Random(1)
    path = f"{www}/packages/{name}"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("setuptools-66.1.1.dist-info/METADATA", "Metadata-Version: 2.1\nName: setuptools\nVersion: 66.1.1\n")
        z.writestr("setuptools/blob.bin", bytes(rnd.getrandbits(8) for _ in range(1_260_000)))
    data = open(path, "rb").read()
open(f"{www}/packages/{name}", "wb").write(data)
sha = hashlib.sha256(data).hexdigest()
rnd = random.Random(2)
links = []
for major in range(40, 66):
    for minor in range(0, 3):
        for kind in ("py3-none-any.whl", "tar.gz"):
            fn = f"setuptools-{major}.{minor}.0-{kind}" if kind.endswith("whl") else f"setuptools-{major}.{minor}.0.tar.gz"
            h = "%064x" % rnd.getrandbits(256)
            links.append((fn, h))
links = links[:149] + [(name, sha)]
os.makedirs(f"{www}/simple/setuptools", exist_ok=True)
with open(f"{www}/simple/setuptools/index.html", "w") as f:
    f.write("<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"1.1\">\n"
            "    <title>Links for setuptools</title>\n  </head>\n  <body>\n    <h1>Links for setuptools</h1>\n")
    for fn, h in links:
        f.write(f'    <a href="../../packages/{fn}#sha256={h}" data-requires-python="&gt;=3.7">{fn}</a><br />\n')
    f.write("  </body>\n</html>\n")
os.makedirs(f"{www}/simple", exist_ok=True)
open(f"{www}/simple/index.html", "w").write('<!DOCTYPE html><html><body><a href="setuptools/">setuptools</a></body></html>\n')
open(f"{www}/wheel-name", "w").write(name)
EOF
WHEEL=$(cat "$WORK/www/wheel-name")
chmod -R a+rX "$WORK/www"

start_nginx
wait_http "$NGINX/simple/setuptools/"

# --- the mirror, as the README starts it. --page-ttl keeps the page fresh through the whole run: revalidation is
# not what this measures. One CI user (users file) starts a session below, so a build's requests can be measured too.
echo "bench-secret" | java -jar "$JAR" user add ci --role session --password-stdin --data-dir "$WORK/data" >/dev/null
MIRROR_PORT=$(free_port)
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" serve --host 127.0.0.1 --port "$MIRROR_PORT" --data-dir "$WORK/data" \
    --upstream "$NGINX/simple/" --page-ttl 1h >"$WORK/mirror.log" 2>&1 &
MIRROR_PID=$!
MIRROR="http://127.0.0.1:$MIRROR_PORT"
wait_http "$MIRROR/api/status"

# --- warm: page and file through the mirror; the second fetch of each must be a cache hit.
curl -fsS -H 'Accept: text/html' -o "$WORK/mirror-page.html" "$MIRROR/simple/setuptools/"
FILE_PATH=$(grep -o "files/[0-9a-f]\{64\}/$WHEEL" "$WORK/mirror-page.html" | head -1)
[[ -n "$FILE_PATH" ]] || { echo "bench: the mirror's page does not list $WHEEL" >&2; exit 1; }
curl -fsS -o "$WORK/first.whl" "$MIRROR/$FILE_PATH"
cmp -s "$WORK/first.whl" "$WORK/www/packages/$WHEEL" || { echo "bench: the mirror served other bytes" >&2; exit 1; }
hits() { curl -fsS "$MIRROR/api/status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"]["hits"])'; }
before=$(hits)
curl -fsS -o /dev/null -H 'Accept: text/html' "$MIRROR/simple/setuptools/"
curl -fsS -o /dev/null "$MIRROR/$FILE_PATH"
after=$(hits)
[[ $((after - before)) -eq 2 ]] || { echo "bench: page and file were not both cache hits ($before -> $after)" >&2; exit 1; }
# A build's requests: a session's token, so each file answer also checks the token and records into the session
# (and is marked "revalidate"), which must not slow the file path.
SESSION_AUTH=$(curl -fsS -u ci:bench-secret -X POST -H 'Content-Type: application/json' -d '{"label": "bench"}' \
    "$MIRROR/api/sessions" | python3 -c 'import base64,json,sys; s=json.load(sys.stdin)
print("Authorization: Basic " + base64.b64encode((s["username"] + ":" + s["token"]).encode()).decode())')
curl -fsS -o /dev/null -H "$SESSION_AUTH" "$MIRROR/$FILE_PATH"
# Like for like: nginx also serves the very HTML bytes the mirror answers.
mkdir -p "$WORK/www/same/setuptools"
cp "$WORK/mirror-page.html" "$WORK/www/same/setuptools/index.html"
chmod -R a+rX "$WORK/www/same"

rss_kib() { ps -o rss= -p "$MIRROR_PID" | tr -d ' '; }

NGINX_WORKERS=$(pgrep -P "$NGINX_PID" | tr '\n' ' ')

# JIT warm-up of both servers (not counted): a short wrk on each URL.
for u in "$NGINX/packages/$WHEEL" "$MIRROR/$FILE_PATH" "$NGINX/simple/setuptools/" "$MIRROR/simple/setuptools/"; do
    wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -H 'Accept: text/html' "$u" >/dev/null
done
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -H "Accept: $PIP_ACCEPT" "$MIRROR/simple/setuptools/" >/dev/null
RSS_BEFORE=$(rss_kib)

declare -a NF MF MS NP NS MPJ MPH
for r in $(seq 1 "$ROUNDS"); do
    NF+=("$(run_wrk "$NGINX/packages/$WHEEL" "$NGINX_WORKERS")")
    MF+=("$(run_wrk "$MIRROR/$FILE_PATH" "$MIRROR_PID")")
    MS+=("$(run_wrk "$MIRROR/$FILE_PATH" "$MIRROR_PID" "$SESSION_AUTH")")
    NP+=("$(run_wrk "$NGINX/simple/setuptools/" "$NGINX_WORKERS")")
    MPJ+=("$(run_wrk "$MIRROR/simple/setuptools/" "$MIRROR_PID" "Accept: $PIP_ACCEPT")")
    MPH+=("$(run_wrk "$MIRROR/simple/setuptools/" "$MIRROR_PID" "Accept: text/html")")
    NS+=("$(run_wrk "$NGINX/same/setuptools/" "$NGINX_WORKERS")")
    echo "round $r (load $(cut -d' ' -f1-3 /proc/loadavg)), req/s and CPU µs/req: nginx file ${NF[-1]}," \
        "mirror file ${MF[-1]}, mirror file in a session ${MS[-1]}, nginx page ${NP[-1]}, mirror page json ${MPJ[-1]}, mirror page html ${MPH[-1]}," \
        "nginx mirror's html ${NS[-1]}" >&2
done
RSS_AFTER=$(rss_kib)

# median field values...: the median of one field (1 = req/s, 2 = CPU µs/req) over the rounds
median() {
    local field=$1
    shift
    printf '%s\n' "$@" | awk -v f="$field" '{print $f}' | sort -g |
        awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'
}
verdict() { awk -v r="$1" -v t="$2" 'BEGIN {print (r >= t ? "met" : "MISSED")}'; }
# row label bytes nginx-samples-name mirror-samples-name target
row() {
    local -n n=$3 m=$4
    local nr mr nc mc r
    nr=$(median 1 "${n[@]}"); mr=$(median 1 "${m[@]}"); nc=$(median 2 "${n[@]}"); mc=$(median 2 "${m[@]}")
    r=$(ratio "$mr" "$nr")
    echo "| $1 | $2 | $nr | $mr | **$r** | ≥ $5: $(verdict "$r" "$5") | $nc | $mc |"
}

echo
echo "## Machine"
echo "- $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -m | awk '/Mem:/ {print $2}') MiB RAM, $(uname -sr)"
echo "- $(java -version 2>&1 | head -2 | tail -1)"
echo "- $(nginx -v 2>&1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the host skews both servers)"
echo "- mirror JVM flags: ${JAVA_OPTS:-(none: java -jar as in the README)}"
echo
echo "## wrk -t$THREADS -c$CONNECTIONS -d$DURATION, median of $ROUNDS rounds"
echo "| what | bytes | nginx req/s | mirror req/s | mirror/nginx | target | nginx CPU µs/req | mirror CPU µs/req |"
echo "|---|---|---|---|---|---|---|---|"
row "file ($WHEEL)" "$(size_of "$MIRROR/$FILE_PATH")" NF MF 0.8
row "file, fetched by a build (session token: checked, recorded)" "$(size_of "$MIRROR/$FILE_PATH")" NF MS 0.8
row "page, pip's Accept (mirror: PEP 691 JSON)" \
    "$(size_of "$MIRROR/simple/setuptools/" -H "Accept: $PIP_ACCEPT")" NP MPJ 0.5
row "page, Accept: text/html" "$(size_of "$MIRROR/simple/setuptools/" -H 'Accept: text/html')" NP MPH 0.5
row "page, text/html; nginx serving the mirror's own HTML bytes" "$(size_of "$NGINX/same/setuptools/")" NS MPH 0.5
echo
echo "nginx page: $(size_of "$NGINX/simple/setuptools/") bytes (the upstream HTML the mirror rewrote)."
echo "Mirror RSS: $RSS_BEFORE KiB after warm-up, $RSS_AFTER KiB after $((ROUNDS * 4)) measured runs on it."

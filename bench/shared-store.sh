#!/usr/bin/env bash
# Shared store benchmark (issue 12): a bucket-backed node against a local-directory node and nginx, in one run.
#
# One run starts, all on 127.0.0.1: S3Proxy (testkit's S3Server, filesystem backend, bucket "mirror"), nginx serving
# a PEP 503 tree (the nodes' upstream and the baseline, as in bench/run.sh), node L (--data-dir only) and node S
# (--store s3://mirror/bench/ on that S3Proxy, with its own --data-dir as read-through cache), both started the way
# the README starts the server (java -jar, no JVM flags).
#
# Hot: both nodes fetch the pages and wheels once and must then answer them as cache hits (S from its local copy);
# wrk then measures, back to back in each round, nginx / L / S (L and S in alternating order) on a 1.26 MB wheel, a
# 50 KiB wheel, and a cached page (Accept: text/html, nginx serving the nodes' own HTML bytes; and pip's Accept, PEP
# 691 JSON, nginx serving the nodes' own JSON bytes). Median of the rounds. Goal: S ≥ 0.9× L.
#
# Cold from the bucket: a 64 MiB file fetched through S is in the bucket. Each repetition starts node S2 with a fresh
# data dir on the same bucket and a dead upstream, lets it copy the small wheels from the bucket (untimed: the first
# run of that code in the JVM), gets the page, and times curl's GET of the 64 MiB file through S2 (from the bucket
# into S2's cache, checked, served) against curl's own signed GET (SigV4) of the same object from S3Proxy, right
# before and right after. Goal: S2 ≥ 0.5× S3Proxy's GET throughput.
#
# Prints PASS/MISS against each goal; exits 0 when the goals are missed (non-zero only when something is broken).
# Every process and temp dir is removed on exit.
#
# Usage: bench/shared-store.sh   (env: ROUNDS=3 DURATION=10s WARMUP=5s THREADS=2 CONNECTIONS=16 COLD_REPS=3
#                                 COLD_MIB=64 JAVA_OPTS= MIRROR_JAR= MVN_OPTS=-o)
#        Needs nginx-light, wrk, curl ≥ 7.75 (--aws-sigv4), python3, a JDK 17. Builds the server jar if missing,
#        and (once) core, testkit and the runtime class path of S3Proxy (testkit/target/s3server.classpath, as
#        testkit/s3server.sh does). See docs/performance.md, "Shared store (issue 12)".
set -euo pipefail

ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
COLD_REPS=${COLD_REPS:-3}
COLD_MIB=${COLD_MIB:-64}
JAVA_OPTS=${JAVA_OPTS:-}
MVN_OPTS=${MVN_OPTS:--o}
PIP_ACCEPT='application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01'
S3_KEY=mirror-access-key                    # testkit S3Server's fixed keys
S3_SECRET=mirror-secret-key-for-tests-only
PREFIX=bench

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lib.sh
source "$ROOT/bench/lib.sh"
JAR=${MIRROR_JAR:-$ROOT/server/target/python-mirror-server.jar}
S3_CP_FILE=$ROOT/testkit/target/s3server.classpath

for tool in nginx wrk java curl python3 sha256sum; do
    command -v "$tool" >/dev/null || { echo "bench: '$tool' is not installed (apt-get install nginx-light wrk)" >&2; exit 2; }
done
curl --help all 2>/dev/null | grep -q -- --aws-sigv4 ||
    { echo "bench: this curl has no --aws-sigv4 (needs curl >= 7.75)" >&2; exit 2; }
if [[ ! -f "$JAR" ]]; then
    echo "bench: building $JAR" >&2
    # shellcheck disable=SC2086
    (cd "$ROOT" && mvn -B -q $MVN_OPTS -DskipTests -Dspotless.check.skip=true package) >&2
fi
if [[ ! -f "$S3_CP_FILE" || ! -d "$ROOT/testkit/target/classes/io/jenkins/plugins/pythonmirror/testkit" ]]; then
    echo "bench: compiling core and testkit, writing $S3_CP_FILE" >&2
    # shellcheck disable=SC2086
    (cd "$ROOT" && mvn -B -q $MVN_OPTS -Dspotless.check.skip=true -pl core,testkit compile dependency:build-classpath \
        -Dmdep.outputFile=target/s3server.classpath -Dmdep.includeScope=runtime) >&2
fi
S3_CP="$ROOT/testkit/target/classes:$ROOT/core/target/classes:$(cat "$S3_CP_FILE")"

WORK=$(mktemp -d /tmp/python-mirror-shared-bench.XXXXXX)
chmod 755 "$WORK" # nginx workers run as an unprivileged user
PIDS=()
cleanup() {
    set +e
    local pid
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM


stop_pid() { # pid: stops one process this script started (and forgets it)
    local keep=() pid
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
    for pid in "${PIDS[@]}"; do [[ "$pid" == "$1" ]] || keep+=("$pid"); done
    PIDS=("${keep[@]}")
}

# --- the tree: run.sh's setuptools page (150 files, the real 1.26 MB wheel listed last), a 50 KiB wheel on its own
# page, and a COLD_MIB file on its own page. The generated files are random bytes (incompressible).
python3 - "$WORK/www" "$COLD_MIB" <<'EOF'
import glob, hashlib, os, random, sys, zipfile
www, cold_mib = sys.argv[1], int(sys.argv[2])
os.makedirs(f"{www}/packages", exist_ok=True)
os.makedirs(f"{www}/simple", exist_ok=True)
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
        z.writestr("setuptools/blob.bin", rnd.randbytes(1_260_000))
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

def page(project, links):
    os.makedirs(f"{www}/simple/{project}", exist_ok=True)
    with open(f"{www}/simple/{project}/index.html", "w") as f:
        f.write("<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"1.1\">\n"
                f"    <title>Links for {project}</title>\n  </head>\n  <body>\n    <h1>Links for {project}</h1>\n")
        for fn, h in links:
            f.write(f'    <a href="../../packages/{fn}#sha256={h}" data-requires-python="&gt;=3.7">{fn}</a><br />\n')
        f.write("  </body>\n</html>\n")

page("setuptools", links)
names = {"setuptools": name}
# a small wheel: 50 KiB, stored (no compression) random payload
small = "tinywheel-1.0-py3-none-any.whl"
with zipfile.ZipFile(f"{www}/packages/{small}", "w", zipfile.ZIP_STORED) as z:
    z.writestr("tinywheel-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: tinywheel\nVersion: 1.0\n")
    z.writestr("tinywheel/blob.bin", random.Random(3).randbytes(50 * 1024))
page("tinywheel", [(small, hashlib.sha256(open(f"{www}/packages/{small}", "rb").read()).hexdigest())])
names["tinywheel"] = small
# the cold file
big = "bigblob-1.0.tar.gz"
h = hashlib.sha256()
rnd = random.Random(4)
with open(f"{www}/packages/{big}", "wb") as f:
    for _ in range(cold_mib):
        chunk = rnd.randbytes(1 << 20)
        h.update(chunk)
        f.write(chunk)
page("bigblob", [(big, h.hexdigest())])
names["bigblob"] = big
with open(f"{www}/simple/index.html", "w") as f:
    f.write("<!DOCTYPE html><html><body>" + "".join(f'<a href="{p}/">{p}</a>' for p in names) + "</body></html>\n")
for p, n in names.items():
    open(f"{www}/name-{p}", "w").write(n)
EOF
WHEEL=$(cat "$WORK/www/name-setuptools")
SMALL=$(cat "$WORK/www/name-tinywheel")
BIG=$(cat "$WORK/www/name-bigblob")
BIG_SHA=$(sha256sum "$WORK/www/packages/$BIG" | cut -d' ' -f1)
BIG_BYTES=$(stat -c %s "$WORK/www/packages/$BIG")
chmod -R a+rX "$WORK/www"

# --- nginx, as in run.sh (lib.sh)
start_nginx
PIDS+=("$NGINX_PID")
wait_http "$NGINX/simple/setuptools/"

# --- S3Proxy (testkit's S3Server) in its own JVM, objects under $WORK/s3.
S3_PORT=$(free_port)
java -cp "$S3_CP" io.jenkins.plugins.pythonmirror.testkit.S3Server "$S3_PORT" "$WORK/s3" >"$WORK/s3.log" 2>&1 &
S3_PID=$!
PIDS+=("$S3_PID")
S3="http://127.0.0.1:$S3_PORT"
for _ in $(seq 1 300); do
    grep -q '^endpoint:' "$WORK/s3.log" && break
    kill -0 "$S3_PID" 2>/dev/null || { cat "$WORK/s3.log" >&2; echo "bench: S3Server ended" >&2; exit 1; }
    sleep 0.1
done
grep -q '^endpoint:' "$WORK/s3.log" || { cat "$WORK/s3.log" >&2; echo "bench: S3Server did not start" >&2; exit 1; }
s3_curl() { # path-in-bucket, then curl options
    local key=$1
    shift
    # curl 7.88 signs no payload hash; S3Proxy wants the header (an unsigned payload, as SDKs send for GETs)
    curl -sS --aws-sigv4 "aws:amz:us-east-1:s3" --user "$S3_KEY:$S3_SECRET" -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' \
        "$@" "$S3/mirror/$key"
}

# --- the nodes. L: a data dir only. S: the bucket, its own data dir as a read-through cache. --page-ttl keeps pages
# fresh for the whole run (revalidation is not what this measures).
start_node() { # name data-dir upstream-url [bucket]; sets NODE_PID and NODE_URL
    local name=$1 dir=$2 up=$3 bucket=${4:-} port
    port=$(free_port)
    local store=()
    [[ -n "$bucket" ]] && store=(--store "s3://mirror/$PREFIX/" --s3-endpoint "$S3" --s3-path-style)
    # shellcheck disable=SC2086
    AWS_ACCESS_KEY_ID=$S3_KEY AWS_SECRET_ACCESS_KEY=$S3_SECRET AWS_REGION=us-east-1 \
        java $JAVA_OPTS -jar "$JAR" serve --host 127.0.0.1 --port "$port" --data-dir "$dir" \
        --upstream "$up" --page-ttl 1h "${store[@]}" >"$WORK/$name.log" 2>&1 &
    NODE_PID=$!
    PIDS+=("$NODE_PID")
    NODE_URL="http://127.0.0.1:$port"
    wait_http "$NODE_URL/api/status" 600 || { cat "$WORK/$name.log" >&2; exit 1; }
}
start_node L "$WORK/data-l" "$NGINX/simple/"
L_PID=$NODE_PID L=$NODE_URL
start_node S "$WORK/data-s" "$NGINX/simple/" bucket
S_PID=$NODE_PID S=$NODE_URL

status_field() { # node-url field
    curl -fsS "$1/api/status" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"][sys.argv[1]])' "$2"
}

# --- warm both nodes: each page and wheel once (bytes checked), then a second round that must be all cache hits.
file_path() { # node-url project filename: the file's path on the node's HTML page
    curl -fsS -H 'Accept: text/html' "$1/simple/$2/" | grep -o "files/[0-9a-f]\{64\}/$3" | head -1
}
warm() { # node-url projects...
    local node=$1 p f path before after
    shift
    for p in "$@"; do
        f=$(cat "$WORK/www/name-$p")
        path=$(file_path "$node" "$p" "$f")
        [[ -n "$path" ]] || { echo "bench: $node's page of $p does not list $f" >&2; exit 1; }
        curl -fsS -o "$WORK/got" "$node/$path"
        cmp -s "$WORK/got" "$WORK/www/packages/$f" || { echo "bench: $node served other bytes for $f" >&2; exit 1; }
    done
    rm -f "$WORK/got"
    before=$(status_field "$node" hits)
    for p in "$@"; do
        f=$(cat "$WORK/www/name-$p")
        curl -fsS -o /dev/null -H 'Accept: text/html' "$node/simple/$p/"
        curl -fsS -o /dev/null -H "Accept: $PIP_ACCEPT" "$node/simple/$p/"
        curl -fsS -o /dev/null "$node/$(file_path "$node" "$p" "$f")"
    done
    after=$(status_field "$node" hits)
    # file_path's page GET is a hit too: 4 per project
    [[ $((after - before)) -eq $((4 * $#)) ]] ||
        { echo "bench: $node: not all cache hits ($before -> $after, expected +$((4 * $#)))" >&2; exit 1; }
}
warm "$L" setuptools tinywheel
warm "$S" setuptools tinywheel bigblob
WHEEL_PATH=$(file_path "$L" setuptools "$WHEEL")
SMALL_PATH=$(file_path "$L" tinywheel "$SMALL")
BIG_PATH=$(file_path "$S" bigblob "$BIG")
[[ "$(file_path "$S" setuptools "$WHEEL")" == "$WHEEL_PATH" ]] || { echo "bench: L and S differ in file URLs" >&2; exit 1; }

# Like for like: nginx serves the very bytes the nodes answer (HTML and JSON).
mkdir -p "$WORK/www/same"
curl -fsS -H 'Accept: text/html' -o "$WORK/www/same/page.html" "$L/simple/setuptools/"
curl -fsS -H "Accept: $PIP_ACCEPT" -o "$WORK/www/same/page.json" "$L/simple/setuptools/"
curl -fsS -H 'Accept: text/html' -o "$WORK/same-s.html" "$S/simple/setuptools/"
cmp -s "$WORK/www/same/page.html" "$WORK/same-s.html" || echo "bench: note: L's and S's HTML pages differ" >&2
chmod -R a+rX "$WORK/www/same"

# The cold file is in the bucket (S committed it there before answering).
BIG_KEY="$PREFIX/files/${BIG_SHA:0:2}/$BIG_SHA/$BIG"
for _ in $(seq 1 100); do
    code=$(s3_curl "$BIG_KEY" -r 0-0 -o /dev/null -w '%{http_code}')
    [[ "$code" == 200 || "$code" == 206 ]] && break
    sleep 0.1
done
[[ "$code" == 200 || "$code" == 206 ]] || { echo "bench: $BIG_KEY is not in the bucket ($code)" >&2; exit 1; }

# --- hot: wrk, as in run.sh.
NGINX_WORKERS=$(pgrep -P "$NGINX_PID" | tr '\n' ' ')

# the measured cases: name, nginx url, node path, Accept header for the nodes
CASES=(wheel small html json)
declare -A LABEL NURL NPATH HDR
LABEL[wheel]="wheel ($WHEEL)";              NURL[wheel]="$NGINX/packages/$WHEEL"; NPATH[wheel]="$WHEEL_PATH"; HDR[wheel]=""
LABEL[small]="small wheel ($SMALL)";        NURL[small]="$NGINX/packages/$SMALL"; NPATH[small]="$SMALL_PATH"; HDR[small]=""
LABEL[html]="page, Accept: text/html";      NURL[html]="$NGINX/same/page.html";   NPATH[html]="simple/setuptools/"; HDR[html]="Accept: text/html"
LABEL[json]="page, pip's Accept (PEP 691 JSON)"; NURL[json]="$NGINX/same/page.json"; NPATH[json]="simple/setuptools/"; HDR[json]="Accept: $PIP_ACCEPT"

echo "bench: JIT warm-up, $WARMUP of wrk per URL" >&2
for c in "${CASES[@]}"; do
    for u in "${NURL[$c]}" "$L/${NPATH[$c]}" "$S/${NPATH[$c]}"; do
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "${HDR[$c]:-Accept: */*}" "$u" >/dev/null
    done
done

declare -A R # R[case,server] = space-separated "req/s,cpu" samples
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq 1 "$ROUNDS"); do
    line="round $r (load $(cut -d' ' -f1-3 /proc/loadavg)):"
    for c in "${CASES[@]}"; do
        R[$c,n]+="$(run_wrk "${NURL[$c]}" "$NGINX_WORKERS" | tr ' ' ,) "
        if ((r % 2)); then order=(l s); else order=(s l); fi
        for who in "${order[@]}"; do
            if [[ $who == l ]]; then
                R[$c,l]+="$(run_wrk "$L/${NPATH[$c]}" "$L_PID" "${HDR[$c]}" | tr ' ' ,) "
            else
                R[$c,s]+="$(run_wrk "$S/${NPATH[$c]}" "$S_PID" "${HDR[$c]}" | tr ' ' ,) "
            fi
        done
        line+=" $c n/L/S $(awk '{print $NF}' <<<"${R[$c,n]}" | cut -d, -f1)/$(awk '{print $NF}' <<<"${R[$c,l]}" | cut -d, -f1)/$(awk '{print $NF}' <<<"${R[$c,s]}" | cut -d, -f1)"
    done
    echo "$line req/s" >&2
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# the hot file answers came from S's disk, not the bucket: S fetched nothing more from anywhere
S_FETCHED=$(status_field "$S" bytesFetched)

median() { # field(1 req/s, 2 cpu) "samples"
    tr ' ' '\n' <<<"$2" | awk -F, -v f="$1" 'NF {print $f}' | sort -g |
        awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'
}
verdict() { awk -v r="$1" -v t="$2" 'BEGIN {print (r >= t ? "PASS" : "MISS")}'; }

HOT_TABLE="| what | bytes | nginx req/s | L req/s | S req/s | **S/L** | goal S/L ≥ 0.9 | L/nginx | S/nginx | CPU µs/req nginx / L / S |
|---|---|---|---|---|---|---|---|---|---|"
for c in "${CASES[@]}"; do
    nr=$(median 1 "${R[$c,n]}"); lr=$(median 1 "${R[$c,l]}"); sr=$(median 1 "${R[$c,s]}")
    nc=$(median 2 "${R[$c,n]}"); lc=$(median 2 "${R[$c,l]}"); sc=$(median 2 "${R[$c,s]}")
    if [[ -n "${HDR[$c]}" ]]; then bytes=$(size_of "$S/${NPATH[$c]}" -H "${HDR[$c]}"); else bytes=$(size_of "$S/${NPATH[$c]}"); fi
    sl=$(ratio "$sr" "$lr")
    HOT_TABLE+="
| ${LABEL[$c]} | $bytes | $nr | $lr | $sr | **$sl** | $(verdict "$sl" 0.9) | $(ratio "$lr" "$nr") | $(ratio "$sr" "$nr") | $nc / $lc / $sc |"
done

# --- cold from the bucket.
stop_pid "$L_PID" # not needed any more: fewer processes on the shared CPUs
echo "bench: cold from the bucket, $COLD_REPS repetitions" >&2
s3_get() { # prints seconds
    s3_curl "$BIG_KEY" -f -o /dev/null -w '%{time_total} %{size_download}\n' | awk -v n="$BIG_BYTES" '
        $2 != n {print "bench: S3 GET got " $2 " bytes" > "/dev/stderr"; exit 1} {print $1}'
}
COLD_TABLE="| rep | S3Proxy GET s (before / after) | S3Proxy MB/s | S2 cold GET s | S2 first byte s | S2 MB/s | **S2/S3** |
|---|---|---|---|---|---|---|"
s3_get >/dev/null # untimed: S3Proxy's GET path once, so that the first repetition's reference is not its JIT's
s3_get >/dev/null
RATIOS=""
S3R=""
S2R=""
for rep in $(seq 1 "$COLD_REPS"); do
    dead=$(free_port) # nothing listens there
    start_node "S2-$rep" "$WORK/data-s2-$rep" "http://127.0.0.1:$dead/simple/" bucket
    S2_PID=$NODE_PID S2=$NODE_URL
    # untimed: the page (from the bucket) and the small files (copied from the bucket: runs that code once)
    warm "$S2" setuptools tinywheel
    curl -fsS -o /dev/null -H 'Accept: text/html' "$S2/simple/bigblob/"
    t_before=$(s3_get)
    read -r t_cold ttfb got code < <(curl -sS -o /dev/null -w '%{time_total} %{time_starttransfer} %{size_download} %{http_code}\n' "$S2/$BIG_PATH")
    t_after=$(s3_get)
    [[ "$code" == 200 && "$got" == "$BIG_BYTES" ]] || { echo "bench: S2 answered $code with $got bytes" >&2; cat "$WORK/S2-$rep.log" >&2; exit 1; }
    [[ "$(curl -fsS "$S2/$BIG_PATH" | sha256sum | cut -d' ' -f1)" == "$BIG_SHA" ]] || { echo "bench: S2 served other bytes" >&2; exit 1; }
    fetched=$(status_field "$S2" bytesFetched)
    [[ "$fetched" == 0 ]] || { echo "bench: S2 fetched $fetched bytes from an upstream" >&2; exit 1; }
    stop_pid "$S2_PID"
    rm -rf "$WORK/data-s2-$rep"
    s3_mbs=$(awk -v n="$BIG_BYTES" -v a="$t_before" -v b="$t_after" 'BEGIN {printf "%.0f", n / ((a + b) / 2) / 1e6}')
    s2_mbs=$(awk -v n="$BIG_BYTES" -v t="$t_cold" 'BEGIN {printf "%.0f", n / t / 1e6}')
    rt=$(ratio "$s2_mbs" "$s3_mbs")
    RATIOS+="$rt " S3R+="$s3_mbs " S2R+="$s2_mbs "
    COLD_TABLE+="
| $rep | $t_before / $t_after | $s3_mbs | $t_cold | $ttfb | $s2_mbs | $rt |"
    echo "bench: rep $rep: S3Proxy $s3_mbs MB/s, S2 cold $s2_mbs MB/s ($rt)" >&2
done
MED_RATIO=$(median 1 "$RATIOS")
COLD_TABLE+="
| **median** | | $(median 1 "$S3R") | | | $(median 1 "$S2R") | **$MED_RATIO** |"

echo
echo "## Machine"
echo "- $(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -m | awk '/Mem:/ {print $2}') MiB RAM, $(uname -sr)"
echo "- $(java -version 2>&1 | head -2 | tail -1); $(nginx -v 2>&1); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); $(curl --version | head -1 | cut -d' ' -f1-2)"
echo "- wrk, nginx, S3Proxy and every node share these CPUs; load average $LOAD_START at the start of the rounds, $LOAD_END at their end"
echo "- node JVM flags: ${JAVA_OPTS:-(none: java -jar as in the README)}"
echo
echo "## Hot: cached files and page, wrk -t$THREADS -c$CONNECTIONS -d$DURATION, median of $ROUNDS rounds"
echo "L = node with --data-dir only; S = node with --store s3://mirror/$PREFIX/ (S3Proxy on this host), serving its local copies."
echo
echo "$HOT_TABLE"
echo
echo "S fetched $S_FETCHED bytes from its upstream in all (the warm-up's; none during the rounds)."
echo
echo "## Cold from the bucket: $BIG ($BIG_BYTES bytes), curl to /dev/null, fresh node S2 per repetition"
echo "S3Proxy GET = curl --aws-sigv4 of the object itself, right before and right after S2's GET (mean of the two)."
echo
echo "$COLD_TABLE"
echo
echo "## Goals"
for c in "${CASES[@]}"; do
    sl=$(ratio "$(median 1 "${R[$c,s]}")" "$(median 1 "${R[$c,l]}")")
    echo "- hot ${LABEL[$c]}: S/L = $sl (goal ≥ 0.9): $(verdict "$sl" 0.9)"
done
echo "- cold from the bucket: S2/S3Proxy = $MED_RATIO (goal ≥ 0.5): $(verdict "$MED_RATIO" 0.5)"

# Helpers the benchmarks share (sourced by run.sh and shared-store.sh). They expect THREADS, CONNECTIONS and DURATION
# for wrk and a WORK folder readable by nginx's unprivileged workers.

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_http() { # url [tries of 0.1 s, default 300]
    for _ in $(seq 1 "${2:-300}"); do
        curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "bench: $1 did not answer" >&2
    return 1
}

# start_nginx: a plain static server of $WORK/www with logging off (the mirror keeps no access log either);
# keepalive_requests raised so that nginx, like Jetty, keeps wrk's connections open (a stronger baseline, not a
# weaker one). Sets NGINX_PID and NGINX (its base URL).
start_nginx() {
    local port
    port=$(free_port)
    cat >"$WORK/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$port;
        root $WORK/www;
        index index.html;
    }
}
CONF
    nginx -p "$WORK" -c "$WORK/nginx.conf" -g 'daemon off;' >"$WORK/nginx.log" 2>&1 &
    NGINX_PID=$!
    NGINX="http://127.0.0.1:$port"
}

# Server CPU time (user + system, in clock ticks) of the given pids, from /proc.
cpu_ticks() {
    local total=0 pid
    for pid in "$@"; do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
    done
    echo "$total"
}
HZ=$(getconf CLK_TCK)

# run_wrk url "pids" [header]: prints "req/s server-CPU-µs-per-request"; complains about errors or non-2xx answers.
# CPU per request is the steadier figure when other work shares the host; req/s is what the targets are about.
run_wrk() {
    local url=$1 pids=$2 header=${3:-} out before after
    before=$(cpu_ticks $pids)
    if [[ -n "$header" ]]; then
        out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "$header" "$url")
    else
        out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "$url")
    fi
    after=$(cpu_ticks $pids)
    if grep -q -e 'Non-2xx' -e 'Socket errors' <<<"$out"; then
        echo "bench: errors from $url:" >&2
        echo "$out" >&2
    fi
    awk -v t=$((after - before)) -v hz="$HZ" '
        /requests in/ {n = $1}
        /Requests\/sec/ {r = $2}
        END {printf "%s %.0f\n", r, (n > 0 ? t * 1e6 / hz / n : 0)}' <<<"$out"
}

size_of() { curl -fsS -o /dev/null -w '%{size_download}' "${@:2}" "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}'; }

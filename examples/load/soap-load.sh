#!/bin/bash
# SOAP load test: GetExternalIPAddress requests/s and latency (p50/p99) against the real daemon, from a LAN host.
#
# Builds a three-namespace topology (LAN host 192.168.77.2 -- router 192.168.77.1 | 203.0.113.1 -- WAN host),
# starts examples/target/portcullis-igd.jar as the gateway in the router namespace, and runs SoapLoad.java from the
# LAN namespace: a new connection per request and HTTP keep-alive, each at 1 and 16 concurrent clients, each for
# SECONDS (default 10). Prints one line per case and each rate as a ratio to the 1-client new-connection case.
# Needs root, ip(8) and a JDK; removes its namespaces and the daemon on exit. Usage:
#   mvn -B -ntp -pl examples -am package -DskipTests && examples/load/soap-load.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_EACH=${1:-10}
JAR=${PORTCULLIS_DAEMON_JAR:-examples/target/portcullis-igd.jar}
[ -f "$JAR" ] || { echo "no $JAR: run mvn -pl examples -am package -DskipTests" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "needs root (network namespaces)" >&2; exit 2; }

SUFFIX=$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')
LAN=pc$SUFFIX-lan RTR=pc$SUFFIX-rtr WAN=pc$SUFFIX-wan
WORK=$(mktemp -d)
DAEMON_PID=
cleanup() {
    if [ -n "$DAEMON_PID" ] && kill -0 "$DAEMON_PID" 2>/dev/null; then
        kill -TERM "$DAEMON_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$DAEMON_PID" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$DAEMON_PID" 2>/dev/null || true
    fi
    for ns in "$LAN" "$RTR" "$WAN"; do ip netns del "$ns" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

for ns in "$LAN" "$RTR" "$WAN"; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
ip link add lan0 netns "$LAN" type veth peer name rlan0 netns "$RTR"
ip link add rwan0 netns "$RTR" type veth peer name wan0 netns "$WAN"
ip -n "$LAN" addr add 192.168.77.2/24 dev lan0 && ip -n "$LAN" link set lan0 multicast on up
ip -n "$RTR" addr add 192.168.77.1/24 dev rlan0 && ip -n "$RTR" link set rlan0 multicast on up
ip -n "$RTR" addr add 203.0.113.1/24 dev rwan0 && ip -n "$RTR" link set rwan0 multicast on up
ip -n "$WAN" addr add 203.0.113.2/24 dev wan0 && ip -n "$WAN" link set wan0 multicast on up
for pair in "$LAN lan0" "$RTR rlan0" "$WAN wan0"; do set -- $pair; ip -n "$1" route add 239.0.0.0/8 dev "$2"; done
ip -n "$LAN" route add default via 192.168.77.1

ip netns exec "$RTR" java -Xshare:off -Xmx256m -jar "$JAR" --lan rlan0 --wan rwan0 --http-port 0 \
    >"$WORK/daemon.log" 2>&1 &
DAEMON_PID=$!
DESCRIPTION=
for _ in $(seq 1 120); do
    DESCRIPTION=$(sed -n 's/^READY description=\(http:\/\/192\.168\.77\.1[^ ]*\)$/\1/p' "$WORK/daemon.log" | head -1)
    [ -n "$DESCRIPTION" ] && break
    kill -0 "$DAEMON_PID" 2>/dev/null || { cat "$WORK/daemon.log" >&2; exit 1; }
    sleep 0.5
done
[ -n "$DESCRIPTION" ] || { echo "daemon not ready" >&2; cat "$WORK/daemon.log" >&2; exit 1; }

read -r HOSTPORT CONTROL SERVICE < <(ip netns exec "$LAN" /usr/bin/python3 - "$DESCRIPTION" <<'PY'
import re, sys, urllib.parse, urllib.request
url = sys.argv[1]
xml = urllib.request.urlopen(url, timeout=10).read().decode()
for block in re.findall(r'<service>(.*?)</service>', xml, re.S):
    t = re.search(r'<serviceType>(urn:schemas-upnp-org:service:WANIPConnection:\d)</serviceType>', block)
    if t:
        u = urllib.parse.urlsplit(url)
        print(u.netloc, re.search(r'<controlURL>([^<]+)</controlURL>', block).group(1), t.group(1))
        break
PY
)
HOST=${HOSTPORT%:*} PORT=${HOSTPORT##*:}
echo "daemon: $DESCRIPTION control=$CONTROL service=$SERVICE, ${SECONDS_EACH}s per case, $(nproc) CPUs"

javac -d "$WORK" examples/load/SoapLoad.java
BASE=
for mode in new keepalive; do
    for clients in 1 16; do
        line=$(ip netns exec "$LAN" java -Xshare:off -cp "$WORK" SoapLoad "$HOST" "$PORT" "$CONTROL" "$SERVICE" \
            "$clients" "$SECONDS_EACH" "$mode")
        rate=$(sed -n 's/.*req\/s=\([0-9]*\).*/\1/p' <<<"$line")
        [ -n "$BASE" ] || BASE=$rate
        ratio=$(awk -v r="$rate" -v b="$BASE" 'BEGIN { if (b > 0) printf "%.2f", r / b; else print "n/a" }')
        echo "$line ratio_vs_1client_new=$ratio"
    done
done

#!/bin/sh
# Runs the upnp-igd JMH benchmarks: AddPortMapping / DeletePortMapping with 1,000 and 10,000 mappings installed, and
# GetGenericPortMappingEntry over the whole table, and adding / removing an IPv6 pinhole with 1,000 and 10,000
# pinholes installed, with the nftables backend (inside a throw-away network namespace, so the host's firewall is
# untouched; needs root and nft) and the in-memory backend as a baseline.
# Usage: [BENCH=<regexp>] upnp-igd/bench/run.sh [JMH options]; default is every benchmark, quick
# (-f 1 -wi 1 -i 3 -w 2s -r 3s); BENCH=Pinhole runs only the pinhole ones.
# Report figures as ratios (10k row / 1k row; nftables / memory) measured in the same run.
set -eu
cd "$(dirname "$0")/../.."
mvn -B -ntp -q -pl upnp-igd -am install -DskipTests -DskipITs
mvn -B -ntp -q -pl upnp-igd test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/upnp-igd/target/bench.cp" -Dmdep.includeScope=test
CP="upnp-igd/target/test-classes:upnp-igd/target/classes:$(cat upnp-igd/target/bench.cp)"
NS="pc$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')-bench"
ip netns add "$NS"
trap 'ip netns del "$NS"' EXIT INT TERM
ip netns exec "$NS" ip link set lo up # JMH forks talk to the runner over loopback
if [ "$#" -eq 0 ]; then
  set -- -f 1 -wi 1 -i 3 -w 2s -r 3s
fi
ip netns exec "$NS" java -Xshare:off -cp "$CP" org.openjdk.jmh.Main "org.portcullis.upnp.igd.bench.*${BENCH:-}" "$@"

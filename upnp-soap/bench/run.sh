#!/bin/sh
# Runs the upnp-soap JMH benchmarks (parse and answer GetExternalIPAddress through SoapControl, no sockets).
# Usage: upnp-soap/bench/run.sh [JMH options], e.g. -f 1 -wi 2 -i 3 for a quick run.
# Report figures as ratios to baselineCopy measured in the same run.
set -eu
cd "$(dirname "$0")/../.."
mvn -B -ntp -q -pl upnp-soap -am install -DskipTests -DskipITs
mvn -B -ntp -q -pl upnp-soap test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/upnp-soap/target/bench.cp" -Dmdep.includeScope=test
CP="upnp-soap/target/test-classes:upnp-soap/target/classes:$(cat upnp-soap/target/bench.cp)"
exec java -Xshare:off -cp "$CP" org.openjdk.jmh.Main 'org.portcullis.upnp.soap.bench.*' "$@"

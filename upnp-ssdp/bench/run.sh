#!/bin/sh
# Runs the upnp-ssdp JMH benchmarks (M-SEARCH decode and match). Usage: upnp-ssdp/bench/run.sh [JMH options]
# e.g. upnp-ssdp/bench/run.sh -f 1 -wi 2 -i 3 for a quick run. Report figures as ratios to baselineCopy.
# JMH_JAVA_OPTS=-Djmh.ignoreLock=true runs beside another JMH run (figures then share the CPU).
set -eu
cd "$(dirname "$0")/../.."
mvn -B -ntp -q -pl upnp-ssdp -am install -DskipTests -DskipITs
mvn -B -ntp -q -pl upnp-ssdp test-compile dependency:build-classpath -Dmdep.outputFile="$PWD/upnp-ssdp/target/bench.cp" -Dmdep.includeScope=test
CP="upnp-ssdp/target/test-classes:upnp-ssdp/target/classes:$(cat upnp-ssdp/target/bench.cp)"
exec java -Xshare:off ${JMH_JAVA_OPTS:-} -cp "$CP" org.openjdk.jmh.Main 'org.portcullis.upnp.ssdp.bench.*' "$@"

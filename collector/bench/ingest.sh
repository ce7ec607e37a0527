#!/usr/bin/env bash
# Collector benchmark: ingest/stitch throughput from 3 simulated gRPC agents and wire-to-WebSocket latency.
# Usage: collector/bench/ingest.sh [-Dbench.observations=N] [-Dbench.latency.rate=J] ...  (see docs/benchmarks.md)
# Builds what it needs itself (the collector and the modules it depends on, in one reactor; nothing installed).
# Environment: JAVA_OPTS (default: the collector service's GC, heap bounded to 1 GiB), MVN_FLAGS (e.g. -o).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
classpath_file=collector/target/bench.classpath
# -am: proto, pipeline and web come from this checkout, so a fresh clone needs no `install` first; each module
# writes the classpath file in turn and the collector, built last, leaves its own. The page itself is not needed.
./mvnw -B -q ${MVN_FLAGS:-} -pl collector -am -Dexec.skip test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$root/$classpath_file"
JAVA_OPTS=${JAVA_OPTS:-"-XX:+UseSerialGC -Xmx1g"}
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "JVM options: $JAVA_OPTS"
echo "load before: $(uptime)"
# shellcheck disable=SC2086
java $JAVA_OPTS \
  -cp "collector/target/test-classes:collector/target/classes:$(cat "$classpath_file")" \
  "$@" io.dockercanvas.collector.bench.IngestBenchmark
echo "load after: $(uptime)"

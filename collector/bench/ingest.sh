#!/usr/bin/env bash
# Collector benchmark, A/B: ingest/stitch throughput from 3 simulated gRPC agents (6-hop journeys), CPU and heap
# of the collector's own process, and wire-to-WebSocket latency per hop -- for this checkout's collector jar and,
# taking turns in the same run, the jar of an earlier commit (default: 5c9084e, the main before progressive
# journeys). The last line sums up this checkout:
#   ingest: N obs/s, N obs per cpu-s, p50 X ms, p99 Y ms wire-to-websocket, heap-after-gc Z MiB
# Usage: collector/bench/ingest.sh [-Dbench.observations=N] [-Dbench.rounds=R] [-Dbench.latency.rate=J] ...
#   (see docs/benchmarks.md). Builds what it needs itself (one reactor each, nothing installed).
# Environment: BENCH_BASE (commit to compare with; "none" = this checkout only), JAVA_OPTS (the collector's JVM,
# default the service's: -XX:+UseSerialGC -Xmx1g), HARNESS_OPTS (the agents' and probe's JVM), MVN_FLAGS (e.g. -o).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
base=${BENCH_BASE:-5c9084e}
classpath_file=collector/target/bench.classpath
read -ra mvn_flags <<<"${MVN_FLAGS:-}" # e.g. -o: words of their own
build=(-B -q "${mvn_flags[@]}" -Dexec.skip -DskipTests -Dspotless.check.skip=true)
echo "building this checkout's collector jar and the benchmark ..."
./mvnw "${build[@]}" -pl collector -am package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$root/$classpath_file"
jars="this=$root/collector/target/docker-canvas-collector.jar"
if [ "$base" != none ]; then
  base_dir=$root/collector/target/bench-base/$base
  base_jar=$base_dir/collector/target/docker-canvas-collector.jar
  if [ ! -f "$base_jar" ]; then
    echo "building the collector jar of $base (git archive into $base_dir) ..."
    rm -rf "$base_dir" && mkdir -p "$base_dir"
    git archive "$base" | tar -x -C "$base_dir"
    (cd "$base_dir" && ./mvnw "${build[@]}" -pl collector -am package)
  fi
  jars="main@$base=$base_jar,$jars"
fi
JAVA_OPTS=${JAVA_OPTS:-"-XX:+UseSerialGC -Xmx1g"}
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "load before: $(uptime)"
# shellcheck disable=SC2086
java ${HARNESS_OPTS:--Xmx3g} \
  -cp "collector/target/test-classes:collector/target/classes:$(cat "$classpath_file")" \
  -Dbench.jars="$jars" -Dbench.collector.opts="$JAVA_OPTS" -Dbench.work="$root/collector/target/bench-run" \
  "$@" io.dockercanvas.collector.bench.IngestBenchmark

#!/usr/bin/env bash
# Overload figures: three real agent streams offer observations as fast as they can to a collector on loopback
# (OverloadTest, bigger); prints offered/delivered/lost counts and rates, the live heap after GC, and /healthz and
# page latencies (p50/p99/max) measured during the overload.
# Usage: collector/bench/overload.sh [OBSERVATIONS_PER_AGENT]   (default 2000000; the verify run uses 200000)
# Environment: MVN_FLAGS (e.g. -o). Builds what it needs in one reactor (-am): nothing has to be installed first.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
per_agent=${1:-2000000}
echo "machine: $(nproc) cores, load before: $(uptime)"
# shellcheck disable=SC2086
./mvnw -B ${MVN_FLAGS:-} -pl collector -am test -Dtest=OverloadTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Doverload.observations="$per_agent" 2>&1 | grep -E '^overload:|Tests run:|FAIL' | sort -u
echo "load after: $(uptime)"

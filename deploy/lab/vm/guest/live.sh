#!/bin/bash
# The live pipeline inside the VM lab's guest (run by VmLabIT through `run.sh exec`): the collector
# in node1's namespace and one agent per node, as LabCanvas runs them on the host lab, then the lab's
# traffic; writes the collector's journeys to the published port and to web's port 80 into
# /io/out/live/ and stops what it started, by PID. Needs the lab up (`run.sh lab up`) and the jars
# built in the checkout (/canvas).
set -euo pipefail
L=${CANVAS_LAB_DIR:-/var/lib/docker-canvas-lab}
OUT=/io/out/live
TOKEN=vm-live-$RANDOM$RANDOM
GRPC=198.51.100.11:19090
HTTP=127.0.0.1:18080
NODES=3
rm -rf "$OUT"
mkdir -p "$OUT"

pids=()
stop_all() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
}
# A JVM that dies under emulation leaves its crash report beside the logs (its working directory,
# /root, is on the throwaway disk): shown here, kept in /io/out/live.
crash_reports() {
  local f
  for f in "$OUT"/hs_err_*.log; do
    [[ -f $f ]] || continue
    echo "live: a JVM crashed, its report: $f (the VM directory's io/out/live on the host)"
    sed -n '1,25p' "$f"
  done
}
trap 'stop_all; crash_reports' EXIT

# nsenter execs the command, so $! of a backgrounded nsenter is the JVM's PID (what stop_all ends).
netns_of() { echo "/run/netns/canvas-lab-node$1"; }
in_node() { local n=$1; shift; nsenter --net="$(netns_of "$n")" "$@"; }
# Says which JVM is gone, with its log's end, rather than failing on the next unanswered request.
still_running() {
  local i name
  for i in "${!pids[@]}"; do
    kill -0 "${pids[$i]}" 2>/dev/null && continue
    if ((i == 0)); then name=collector; else name="agent-node$i"; fi
    echo "live: the $name's JVM (PID ${pids[$i]}) is gone; the end of its log:"
    tail -15 "$OUT/$name.log"
    return 1
  done
}
api() { in_node 1 busybox wget -q -O - --header "Authorization: Bearer $TOKEN" "http://$HTTP$1"; }

echo "live: starting the collector in node1 ($GRPC)"
CANVAS_TOKEN=$TOKEN nsenter --net="$(netns_of 1)" java -Xmx256m \
  -XX:ErrorFile="$OUT/hs_err_collector_%p.log" -jar /canvas/collector/target/docker-canvas-collector.jar \
  --grpc "$GRPC" --listen "$HTTP" >"$OUT/collector.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 240); do api /api/v1/status >/dev/null 2>&1 && break; sleep 1; done
api /api/v1/status >/dev/null || { echo "live: the collector did not answer in 240 s"; tail -20 "$OUT/collector.log"; exit 1; }

for ((n = 1; n <= NODES; n++)); do
  echo "live: starting node$n's agent"
  CANVAS_TOKEN=$TOKEN MALLOC_ARENA_MAX=2 nsenter --net="$(netns_of "$n")" java @/canvas/deploy/agent-jvm.options \
    -XX:ErrorFile="$OUT/hs_err_agent-node${n}_%p.log" \
    -jar /canvas/agent/target/docker-canvas-agent.jar agent --collector "$GRPC" \
    --docker "unix://$L/node$n/docker.sock" --netns-dir "$L/node$n/exec/netns" --node-name "node$n" \
    >"$OUT/agent-node$n.log" 2>&1 &
  pids+=($!)
done
# Connected and capturing: every node's capture points report in /api/v1/status.
start=$SECONDS
until api /api/v1/status >"$OUT/status.json" 2>/dev/null &&
  [[ $(jq '.agents_connected' "$OUT/status.json" 2>/dev/null || echo 0) -ge $NODES ]]; do
  still_running || exit 1
  ((SECONDS - start < 300)) || { echo "live: the agents did not all connect in 300 s"; cat "$OUT/status.json"; exit 1; }
  sleep 2
done
echo "live: agents connected after $((SECONDS - start)) s; waiting for every agent's capture points"
start=$SECONDS
until api /api/v1/status >"$OUT/status.json" 2>/dev/null &&
  [[ $(jq '[.agents[] | select((.capture_points | length) >= 8)] | length' "$OUT/status.json" 2>/dev/null || echo 0) -ge $NODES ]]; do
  still_running || exit 1
  ((SECONDS - start < 300)) || { echo "live: not every agent opened its capture points in 300 s"; jq -c '.agents[] | {node, points: (.capture_points | length)}' "$OUT/status.json"; exit 1; }
  sleep 2
done
echo "live: capturing on every node after $((SECONDS - start)) s: $(jq -c '[.agents[] | {node, points: (.capture_points | length)}]' "$OUT/status.json")"
# The same waits as `run.sh lab` gives the lab under emulation; a kind that fails is seen in the journeys.
CANVAS_LAB_WAIT_SCALE=${CANVAS_LAB_WAIT_SCALE:-4} /canvas/deploy/lab/lab.sh traffic --seconds 5 ||
  echo "live: some traffic did not get through (table above)"
# Under emulation the agents and the collector lag behind the traffic: wait for the journeys.
start=$SECONDS
while :; do
  still_running || exit 1
  api "/api/v1/journeys?port=8001&limit=1000" >"$OUT/journeys-8001.json"
  api "/api/v1/journeys?port=80&limit=1000" >"$OUT/journeys-80.json"
  mesh=$(jq --arg o 198.51.100.100 --arg n 198.51.100.11 '[.journeys[] | select(.hops[0].observation.inner.ip.src == $o and .hops[0].observation.inner.ip.dst == $n)] | length' "$OUT/journeys-8001.json")
  ((mesh >= 20 || SECONDS - start >= 180)) && break
  sleep 5
done
api /api/v1/status >"$OUT/status.json"
api /api/v1/topology >"$OUT/topology.json"
echo "live: IPVS connections in the collector's topology: $(jq '[.. | objects | select(has("ipvs")) | .ipvs.connections // [] | length] | add // 0' "$OUT/topology.json")"
echo "live: $(jq '.journeys | length' "$OUT/journeys-8001.json") journeys to port 8001 ($mesh outside -> node1), $(jq '.journeys | length' "$OUT/journeys-80.json") to port 80, after $((SECONDS - start)) s"
echo "live: collector: $(jq -c '{observations_seen, journeys, lost}' "$OUT/status.json")"

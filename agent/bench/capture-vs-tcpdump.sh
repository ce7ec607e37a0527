#!/usr/bin/env bash
# The agent's live capture path against tcpdump, on the same interface in the same run.
#
#   agent/bench/capture-vs-tcpdump.sh veth [--rates "R1 R2 ..."] [--seconds S]
#       Two namespaces of its own (canvas-bench-tx/-rx, 203.0.113.1/.2 on a veth pair). A UDP sender in
#       -tx offers each rate (packets/s, 64-byte frames); tcpdump and the agent's capture loop
#       ('canvas agent capture-bench': handle opened inside the namespace, decode, fingerprint, flow table,
#       sampling) both capture on -rx's veth at the same time. Prints one row per rate and the most one
#       core can send. Needs root; removes its namespaces on exit.
#
#   agent/bench/capture-vs-tcpdump.sh lab [--seconds S]
#       On a running lab (take the lab lock; ./canvas lab up first): the real agent on node2 streaming to a
#       collector in node1, and one tcpdump per agent capture point on node2 (same interfaces, same
#       filters), while 'lab traffic' runs; prints CPU% and RSS of each side. Stops what it started.
#
# Both need the jars (./mvnw -B -pl agent,collector -am package -DskipTests).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=SCRIPTDIR/veth-pair.sh
. "$ROOT/agent/bench/veth-pair.sh"
AGENT_JAR="$ROOT/agent/target/docker-canvas-agent.jar"
COLLECTOR_JAR="$ROOT/collector/target/docker-canvas-collector.jar"
JAVA=${JAVA:-java}
MODE=${1:-}
shift || true
RATES="25000 50000 100000 200000 400000 0"
SECONDS_PER_RUN=5
while [ $# -gt 0 ]; do
  case "$1" in
    --rates) RATES=$2; shift 2 ;;
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "capture-vs-tcpdump.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "capture-vs-tcpdump.sh: needs root (namespaces, capture)" >&2; exit 2; }
[ -f "$AGENT_JAR" ] || { echo "capture-vs-tcpdump.sh: build the agent jar first: $AGENT_JAR" >&2; exit 2; }
command -v tcpdump >/dev/null || { echo "capture-vs-tcpdump.sh: needs tcpdump" >&2; exit 2; }
WORK=$(mktemp -d /tmp/capture-bench.XXXXXX)
PIDS=()

stop_started() {
  for pid in "${PIDS[@]:-}"; do
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  done
  wait 2>/dev/null || true
}

# ---- veth: offered UDP rates on a veth in a namespace of our own

TX=canvas-bench-tx
RX=canvas-bench-rx

veth_cleanup() {
  stop_started
  veth_pair_down "$TX" "$RX"
  rm -rf "$WORK"
}

veth_setup() {
  veth_pair_up capture-vs-tcpdump.sh "$TX" "$RX" cvbench-tx cvbench-rx
}

# blast RATE SECONDS -> "sent=N failed=N seconds=S pps=P"
blast() {
  ip netns exec "$TX" "$JAVA" -XX:+UseSerialGC "$ROOT/agent/bench/UdpBlast.java" 203.0.113.2 9999 "$1" "$2"
}

veth_run() {
  trap veth_cleanup EXIT
  veth_setup
  local filter="udp dst port 9999"
  echo "# $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  blast 0 3 > "$WORK/max" # warms the sender's JIT too
  echo "# one core sends at most $(sed 's/.*pps=//' "$WORK/max") packets/s (64-byte frames, one thread, sendto)"
  printf '%-9s %-9s %-10s %-10s %-10s %-10s %-8s\n' offered sent/s tcpdump tcpd_drop agent agent_drop agent/tcpdump
  for rate in $RATES; do
    local capture_seconds; capture_seconds=$(( SECONDS_PER_RUN + 40 ))
    ip netns exec "$RX" tcpdump -i cvbench-rx -nn -p -s 1024 -B 4096 -w /dev/null "$filter" 2> "$WORK/tcpdump.err" &
    local tcpdump_pid=$!
    PIDS+=("$tcpdump_pid")
    "$JAVA" -XX:+UseSerialGC -jar "$AGENT_JAR" agent capture-bench --netns "/run/netns/$RX" --iface cvbench-rx \
      --filter "$filter" --seconds "$capture_seconds" > "$WORK/agent.out" 2> "$WORK/agent.err" &
    local agent_pid=$!
    PIDS+=("$agent_pid")
    for _ in $(seq 1 60); do # the JVM starts and opens its handle; tcpdump is up long before
      grep -q 'capturing on' "$WORK/agent.err" && break
      sleep 0.5
    done
    grep -q 'capturing on' "$WORK/agent.err" || { echo "the agent's capture did not start:" >&2; cat "$WORK/agent.err" >&2; exit 1; }
    blast "$rate" "$SECONDS_PER_RUN" > "$WORK/blast"
    sleep 1
    kill -INT "$tcpdump_pid" "$agent_pid"
    wait "$tcpdump_pid" || true
    wait "$agent_pid" || { cat "$WORK/agent.err" >&2; exit 1; }
    local sent_pps tcpdump_seen tcpdump_drop agent_seen agent_drop
    sent_pps=$(sed 's/.*pps=//' "$WORK/blast")
    tcpdump_seen=$(sed -n 's/^\([0-9]*\) packets captured.*/\1/p' "$WORK/tcpdump.err")
    tcpdump_drop=$(sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$WORK/tcpdump.err")
    agent_seen=$(sed 's/.*captured=\([0-9]*\).*/\1/' "$WORK/agent.out")
    agent_drop=$(sed 's/.*kernel_dropped=\([0-9]*\).*/\1/' "$WORK/agent.out")
    printf '%-9s %-9s %-10s %-10s %-10s %-10s %.4f\n' "$([ "$rate" = 0 ] && echo max || echo "$rate")" "$sent_pps" \
      "$tcpdump_seen" "$tcpdump_drop" "$agent_seen" "$agent_drop" "$(echo "$agent_seen $tcpdump_seen" | awk '{print ($2 > 0) ? $1 / $2 : 0}')"
  done
  echo "# load average after $(cut -d' ' -f1-3 /proc/loadavg)"
}

# ---- lab: the real agent and tcpdump at the same points while the lab's traffic runs

# cpu_ticks PID -> utime+stime of the process and its threads, in clock ticks
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

lab_run() {
  trap 'stop_started; rm -rf "$WORK"' EXIT
  [ -f "$COLLECTOR_JAR" ] || { echo "capture-vs-tcpdump.sh: build the collector jar first: $COLLECTOR_JAR" >&2; exit 2; }
  local status dir
  status=$("$ROOT/canvas" lab status --json) || { echo "capture-vs-tcpdump.sh: no lab running (./canvas lab up)" >&2; exit 2; }
  dir=$(echo "$status" | jq -r .lab.dir)
  local token; token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
  CANVAS_TOKEN=$token nsenter --net=/run/netns/canvas-lab-node1 "$JAVA" -Xmx256m -jar "$COLLECTOR_JAR" \
    --grpc 198.51.100.11:19090 --listen 127.0.0.1:18080 > "$WORK/collector.log" 2>&1 &
  PIDS+=($!)
  sleep 8
  CANVAS_TOKEN=$token nsenter --net=/run/netns/canvas-lab-node2 "$JAVA" -Xmx256m -XX:+UseSerialGC -jar "$AGENT_JAR" \
    agent --collector 198.51.100.11:19090 --docker "unix://$dir/node2/docker.sock" --netns-dir "$dir/node2/exec/netns" \
    --node-name node2 > "$WORK/agent.log" 2>&1 &
  local agent=$!
  PIDS+=("$agent")
  sleep 20 # discovery, every namespace entered, every handle open
  # one tcpdump per point the agent captures, same interface and filter, in the same namespace
  local tcpdumps=()
  while IFS=$'\t' read -r point iface where filter; do
    local netns=/run/netns/canvas-lab-node2
    [ "$where" = "the host namespace" ] || netns="$dir/node2/exec/netns/$where"
    nsenter --net="$netns" tcpdump -i "$iface" -nn -s 1024 -B 4096 -w /dev/null "$filter" 2> "$WORK/tcpdump-${point//\//_}.err" &
    tcpdumps+=($!)
    PIDS+=($!)
  done < <(sed -n "s/.*capturing on \([^ ]*\) (\([^ ]*\) in \(.*\)) filter '\(.*\)'$/\1\t\2\t\3\t\4/p" "$WORK/agent.log")
  sleep 2
  echo "# $(date -u +%FT%TZ) node2: agent (pid $agent) and ${#tcpdumps[@]} tcpdumps at the same points; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  local hz; hz=$(getconf CLK_TCK)
  local agent_before tcpdump_before=0 t0 t1
  agent_before=$(cpu_ticks "$agent")
  for p in "${tcpdumps[@]}"; do tcpdump_before=$(( tcpdump_before + $(cpu_ticks "$p") )); done
  t0=$(date +%s.%N)
  # the figures hold even when a probe of the traffic failed (it says which in its table)
  "$ROOT/canvas" lab traffic --seconds "$SECONDS_PER_RUN" --rate 10 > "$WORK/traffic.log" 2>&1 || true
  t1=$(date +%s.%N)
  local agent_after tcpdump_after=0 tcpdump_rss=0
  agent_after=$(cpu_ticks "$agent")
  for p in "${tcpdumps[@]}"; do
    tcpdump_after=$(( tcpdump_after + $(cpu_ticks "$p") ))
    tcpdump_rss=$(( tcpdump_rss + $(rss_kib "$p") ))
  done
  local agent_rss; agent_rss=$(rss_kib "$agent")
  for p in "${tcpdumps[@]}"; do kill -INT "$p"; done
  wait "${tcpdumps[@]}" 2>/dev/null || true
  local tcpdump_packets=0
  for f in "$WORK"/tcpdump-*.err; do
    tcpdump_packets=$(( tcpdump_packets + $(sed -n 's/^\([0-9]*\) packets captured.*/\1/p' "$f") ))
  done
  awk -v a=$(( agent_after - agent_before )) -v t=$(( tcpdump_after - tcpdump_before )) -v hz="$hz" -v s0="$t0" -v s1="$t1" \
      -v arss="$agent_rss" -v trss="$tcpdump_rss" -v n="${#tcpdumps[@]}" -v pk="$tcpdump_packets" 'BEGIN {
    d = s1 - s0
    printf "# lab traffic for %.1f s; the tcpdumps captured %d packets in all (%.0f/s)\n", d, pk, pk / d
    printf "%-28s %8s %10s\n", "", "CPU %", "RSS MiB"
    printf "%-28s %8.1f %10.1f\n", "agent (1 JVM, all points)", 100 * a / hz / d, arss / 1024
    printf "%-28s %8.1f %10.1f\n", "tcpdump (" n " processes)", 100 * t / hz / d, trss / 1024
  }'
  sed 's/^/# traffic: /' "$WORK/traffic.log"
  echo "# load average after $(cut -d' ' -f1-3 /proc/loadavg)"
}

case "$MODE" in
  veth) veth_run ;;
  lab) lab_run ;;
  *) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

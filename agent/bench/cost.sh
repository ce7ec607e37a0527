#!/usr/bin/env bash
# What the agent costs, next to tcpdump in the same run (issue 16; docs/benchmarks.md, "Agent cost").
# The agent runs as a service runs it: java @deploy/agent-jvm.options, an AppCDS archive made the way
# deploy/Dockerfile makes it, MALLOC_ARENA_MAX=2, and the sampling policy deploy/stack.yml deploys.
#
#   agent/bench/cost.sh veth [--rate PPS] [--seconds S] [--baseline]
#       Two namespaces of its own (cvcost-tx/-rx, 203.0.113.1/.2 on a veth pair); a C sender
#       (udpblast.c, sendmmsg, 64-byte frames) offers PPS (default 100000) for S s (default 10).
#       tcpdump (-w /dev/null) and the agent's capture loop ('agent capture-bench': decode,
#       fingerprint, flow table, the deployed sampling) capture on -rx's veth at the same time.
#       Prints packets kept by each and their ratio, and CPU per packet of each and its ratio.
#       --baseline: a second run with today's main's image flags (C2, SerialGC, 268 MiB heap).
#
#   agent/bench/cost.sh lab [--seconds S] [--baseline]      (COST_NMT=1: the JVM's memory by area too)
#       Under the lab lock, on a lab that is up (./canvas lab up): a collector in node1 with the
#       deployed --sample, the agent on node2, one tcpdump per point the agent captures (same
#       interface, namespace and filter) while './canvas lab traffic --rate 10' runs S s (default 60), after 20 s of it to warm up.
#       Prints CPU % and RSS of the agent and of the tcpdumps and the ratios. --baseline: then the
#       same with main's flags and collector default (--sample 1.0).
#
# Needs root, tcpdump, gcc; builds the jars when they are missing. Stops and removes what it started.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=SCRIPTDIR/veth-pair.sh
. "$ROOT/agent/bench/veth-pair.sh"
AGENT_JAR="$ROOT/agent/target/docker-canvas-agent.jar"
COLLECTOR_JAR="$ROOT/collector/target/docker-canvas-collector.jar"
OPTIONS="$ROOT/deploy/agent-jvm.options"
JAVA=${JAVA:-java}
# main's image before issue 16: JAVA_OPTS with the stack's 384M limit (MaxRAMPercentage=70)
BASELINE_OPTS="-XX:+UseSerialGC -Xmx268m -XX:-UsePerfData"
MODE=${1:-}
shift || true
RATE=100000
SECONDS_PER_RUN=
BASELINE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rate) RATE=$2; shift 2 ;;
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    --baseline) BASELINE=1; shift ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "cost.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "cost.sh: needs root (namespaces, capture)" >&2; exit 2; }
for tool in tcpdump gcc; do
  command -v "$tool" >/dev/null || { echo "cost.sh: needs $tool" >&2; exit 2; }
done
if [ ! -f "$AGENT_JAR" ] || [ ! -f "$COLLECTOR_JAR" ]; then
  echo "cost.sh: building the agent and collector jars (./mvnw package, a few minutes)..." >&2
  (cd "$ROOT" && ./mvnw -B -q -pl agent,collector -am package -DskipTests -De2e.skip=true) >&2
fi

# The policy deploy/stack.yml gives the collector (which pushes it to every agent).
SAMPLE=$(awk 'prev == "- --sample" {gsub(/[" ]/, ""); sub(/^-/, ""); print; exit} {prev = $0; gsub(/^ +/, "", prev)}' "$ROOT/deploy/stack.yml")
[ -n "$SAMPLE" ] || { echo "cost.sh: no --sample in deploy/stack.yml" >&2; exit 1; }

WORK=$(mktemp -d /tmp/agent-cost.XXXXXX)
PIDS=()
stop_started() {
  for pid in "${PIDS[@]:-}"; do
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  done
  wait 2>/dev/null || true
}

# thread_ticks PID -> "tid<TAB>name<TAB>utime+stime" per thread (names may hold spaces)
thread_ticks() {
  for f in /proc/"$1"/task/*/stat; do
    sed -E 's/^([0-9]+) \((.*)\) [A-Za-z] (.*)$/\1\t\2\t\3/' "$f" 2>/dev/null
  done | awk -F'\t' '{split($3, r, " "); print $1 "\t" $2 "\t" r[11] + r[12]}'
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
hwm_kib() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }
threads() { awk '/^Threads/ {print $2}' "/proc/$1/status"; }
HZ=$(getconf CLK_TCK)
# tcpdump gets the agent's snap length and kernel ring (LiveHandle: 1 MiB per point)
RING_KIB=1024
# COST_NMT=1: where the agent's memory goes (JVM native memory tracking; costs a little CPU and RSS)
NMT=
[ "${COST_NMT:-0}" = 1 ] && NMT="-XX:NativeMemoryTracking=summary"
# COST_JFR=1: a flight recording of the deployed agent; prints the methods its CPU samples end in
JFR=
[ "${COST_JFR:-0}" = 1 ] && JFR="-XX:StartFlightRecording=filename=$WORK/agent.jfr,settings=profile"
# COST_AGENT_OPTS: more JVM options for the deployed agent (e.g. -Dcanvas.capture.bufferKiB=2048)
# COST_CDS=0: the deployed options without the AppCDS archive (what the archive saves)
CDS=

# The AppCDS archive, made as deploy/Dockerfile makes it (on this JDK's own base archive).
make_cds() {
  "$JAVA" @"$OPTIONS" -XX:ArchiveClassesAtExit="$WORK/agent.jsa" -Xlog:cds=error -jar "$AGENT_JAR" \
    agent capture-bench --iface lo --seconds 2 >/dev/null 2>&1 || true
  [ -s "$WORK/agent.jsa" ] || { echo "cost.sh: no AppCDS archive made" >&2; exit 1; }
  [ "${COST_CDS:-1}" = 0 ] || CDS="-XX:SharedArchiveFile=$WORK/agent.jsa"
}

# deployed|baseline -> the JVM's options for the agent
agent_opts() {
  if [ "$1" = deployed ]; then echo "@$OPTIONS $CDS $NMT $JFR ${COST_AGENT_OPTS:-}"; else echo "$BASELINE_OPTS $NMT"; fi
}

header() {
  echo "# $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "# agent JVM (deployed): $(grep -v '^#' "$OPTIONS" | grep . | tr '\n' ' ')${CDS:+-XX:SharedArchiveFile=agent.jsa }MALLOC_ARENA_MAX=2 ${COST_AGENT_OPTS:-}"
  echo "# sampling (deploy/stack.yml --sample): $SAMPLE by fingerprint hash, plus TCP SYN/FIN/RST and traced flows"
}

# ---- veth: one point at a high rate

TX=cvcost-tx
RX=cvcost-rx

veth_cleanup() {
  stop_started
  veth_pair_down "$TX" "$RX"
  rm -rf "$WORK"
}

veth_setup() {
  veth_pair_up cost.sh "$TX" "$RX" cvcost-tx cvcost-rx
}

# veth_once deployed|baseline: one run of tcpdump and the agent side by side; prints a row
veth_once() {
  local variant=$1 filter="udp dst port 9999"
  rm -f "$WORK"/tcpdump.err "$WORK"/agent.err "$WORK"/agent.out
  ip netns exec "$RX" tcpdump -i cvcost-rx -nn -p -s 1024 -B "$RING_KIB" -w /dev/null "$filter" 2> "$WORK/tcpdump.err" &
  local tcpdump=$!
  PIDS+=("$tcpdump")
  # shellcheck disable=SC2046 # the options are a list
  MALLOC_ARENA_MAX=2 "$JAVA" $(agent_opts "$variant") -jar "$AGENT_JAR" agent capture-bench --netns "/run/netns/$RX" \
    --iface cvcost-rx --filter "$filter" --sample "$SAMPLE" --seconds 600 > "$WORK/agent.out" 2> "$WORK/agent.err" &
  local agent=$!
  PIDS+=("$agent")
  for _ in $(seq 1 60); do
    grep -q 'capturing on' "$WORK/agent.err" && break
    sleep 0.5
  done
  grep -q 'capturing on' "$WORK/agent.err" || { echo "the agent's capture did not start:" >&2; cat "$WORK/agent.err" >&2; exit 1; }
  sleep 2 # start-up done: what follows is the capture loop's cost
  local a0 t0 a1 t1
  a0=$(cpu_ticks "$agent"); t0=$(cpu_ticks "$tcpdump")
  ip netns exec "$TX" "$WORK/udpblast" 203.0.113.2 9999 "$RATE" "$SECONDS_PER_RUN" > "$WORK/blast"
  sleep 1 # both drain their buffers
  a1=$(cpu_ticks "$agent"); t1=$(cpu_ticks "$tcpdump")
  local rss; rss=$(rss_kib "$agent")
  # SIGTERM for the JVM: a background job of a script starts with SIGINT ignored
  kill -INT "$tcpdump"
  kill -TERM "$agent"
  wait "$tcpdump" || true
  wait "$agent" || true # 143 after SIGTERM; the counts are printed by the shutdown hook
  grep -q captured= "$WORK/agent.out" || { cat "$WORK/agent.err" >&2; exit 1; }
  local sent_pps t_seen t_drop a_seen a_drop
  sent_pps=$(sed 's/.*pps=//' "$WORK/blast")
  t_seen=$(sed -n 's/^\([0-9]*\) packets captured.*/\1/p' "$WORK/tcpdump.err")
  t_drop=$(sed -n 's/^\([0-9]*\) packets dropped by kernel.*/\1/p' "$WORK/tcpdump.err")
  a_seen=$(sed 's/.*captured=\([0-9]*\).*/\1/' "$WORK/agent.out")
  a_drop=$(sed 's/.*kernel_dropped=\([0-9]*\).*/\1/' "$WORK/agent.out")
  awk -v v="$variant" -v sent="$sent_pps" -v ts="$t_seen" -v td="$t_drop" -v as="$a_seen" -v ad="$a_drop" \
      -v ac=$(( a1 - a0 )) -v tc=$(( t1 - t0 )) -v hz="$HZ" -v rss="$rss" 'BEGIN {
    ausp = as > 0 ? 1e6 * ac / hz / as : 0; tusp = ts > 0 ? 1e6 * tc / hz / ts : 0
    printf "%-9s %8.0f %9d %7d %9d %7d %8.4f %9.3f %9.3f %7.1f %7.1f\n", v, sent, ts, td, as, ad,
      (ts > 0 ? as / ts : 0), tusp, ausp, (tusp > 0 ? ausp / tusp : 0), rss / 1024
  }'
}

veth_run() {
  trap veth_cleanup EXIT
  SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
  gcc -O2 -o "$WORK/udpblast" "$ROOT/agent/bench/udpblast.c"
  make_cds
  veth_setup
  header
  echo "# sender: $(ip netns exec "$TX" "$WORK/udpblast" 203.0.113.2 9999 0 2 | sed 's/.*pps=/at most /') packets/s on one core (sendmmsg, 64-byte frames); offered $RATE/s for ${SECONDS_PER_RUN} s"
  echo "# CPU: utime+stime of each process while the sender runs (kernel softirq work is the sender's); per packet captured"
  printf '%-9s %8s %9s %7s %9s %7s %8s %9s %9s %7s %7s\n' agent sent/s tcpdump t_drop agent a_drop kept cpu_us/t cpu_us/a a/t_cpu RSS_MiB
  veth_once deployed
  [ "$BASELINE" = 1 ] && veth_once baseline
  echo "# kept = agent's packets / tcpdump's; a/t_cpu = agent's CPU per packet / tcpdump's; load average after $(cut -d' ' -f1-3 /proc/loadavg)"
}

# ---- lab: all of node2's points with the lab's traffic

lab_once() {
  local variant=$1 sample=$2 dir=$3 port=$4
  local token; token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
  local log="$WORK/$variant"
  CANVAS_TOKEN=$token nsenter --net=/run/netns/canvas-lab-node1 "$JAVA" -XX:+UseSerialGC -Xmx512m -jar "$COLLECTOR_JAR" \
    --grpc "198.51.100.11:$port" --listen "127.0.0.1:$(( port - 1000 ))" --sample "$sample" > "$log-collector.log" 2>&1 &
  local collector=$!
  PIDS+=("$collector")
  sleep 8
  # shellcheck disable=SC2046 # the options are a list
  CANVAS_TOKEN=$token MALLOC_ARENA_MAX=2 nsenter --net=/run/netns/canvas-lab-node2 "$JAVA" $(agent_opts "$variant") \
    -jar "$AGENT_JAR" agent --collector "198.51.100.11:$port" --docker "unix://$dir/node2/docker.sock" \
    --netns-dir "$dir/node2/exec/netns" --node-name node2 > "$log-agent.log" 2>&1 &
  local agent=$!
  PIDS+=("$agent")
  sleep 25 # discovery, every namespace entered, every handle open, JIT of the start-up done
  local tcpdumps=()
  while IFS=$'\t' read -r point iface where filter; do
    local netns=/run/netns/canvas-lab-node2
    [ "$where" = "the host namespace" ] || netns="$dir/node2/exec/netns/$where"
    nsenter --net="$netns" tcpdump -i "$iface" -nn -s 1024 -B "$RING_KIB" -w /dev/null "$filter" 2> "$log-tcpdump-${point//\//_}.err" &
    tcpdumps+=($!)
    PIDS+=($!)
  done < <(sed -n "s/.*capturing on \([^ ]*\) (\([^ ]*\) in \(.*\)) filter '\(.*\)'$/\1\t\2\t\3\t\4/p" "$log-agent.log")
  [ "${#tcpdumps[@]}" -gt 0 ] || { echo "cost.sh: the agent opened no capture point:" >&2; cat "$log-agent.log" >&2; exit 1; }
  # steady state: the traffic's code paths compiled before the measured window
  "$ROOT/canvas" lab traffic --seconds 20 --rate 10 > "$log-warmup.log" 2>&1 || true
  local a0 t0=0 s0 a1 t1=0 s1 trss=0
  a0=$(cpu_ticks "$agent")
  thread_ticks "$agent" > "$log-threads0"
  for p in "${tcpdumps[@]}"; do t0=$(( t0 + $(cpu_ticks "$p") )); done
  s0=$(date +%s.%N)
  "$ROOT/canvas" lab traffic --seconds "$SECONDS_PER_RUN" --rate 10 > "$log-traffic.log" 2>&1 || true
  s1=$(date +%s.%N)
  a1=$(cpu_ticks "$agent")
  thread_ticks "$agent" > "$log-threads1"
  for p in "${tcpdumps[@]}"; do
    t1=$(( t1 + $(cpu_ticks "$p") ))
    trss=$(( trss + $(rss_kib "$p") ))
  done
  local arss ahwm athreads
  arss=$(rss_kib "$agent"); ahwm=$(hwm_kib "$agent"); athreads=$(threads "$agent")
  if [ -n "$NMT" ]; then
    jcmd "$agent" VM.native_memory summary scale=KB > "$log-nmt.txt" 2>&1 || true
    grep -E "^-|Total:|committed" "$log-nmt.txt" | grep -E "^-|Total" | sed "s/^/# $variant NMT: /" >&2 || true
    grep -E "^(Rss|Pss|Shared|Private|Anonymous)" "/proc/$agent/smaps_rollup" | tr -s ' ' | sed "s/^/# $variant smaps: /" >&2 || true
  fi
  for p in "${tcpdumps[@]}"; do kill -INT "$p"; done
  wait "${tcpdumps[@]}" 2>/dev/null || true
  local packets=0
  for f in "$log"-tcpdump-*.err; do
    packets=$(( packets + $(sed -n 's/^\([0-9]*\) packets captured.*/\1/p' "$f") ))
  done
  kill "$agent" 2>/dev/null || true
  wait "$agent" 2>/dev/null || true
  kill "$collector" 2>/dev/null || true
  wait "$collector" 2>/dev/null || true
  awk -v v="$variant" -v s="$sample" -v a=$(( a1 - a0 )) -v t=$(( t1 - t0 )) -v hz="$HZ" -v s0="$s0" -v s1="$s1" \
      -v arss="$arss" -v ahwm="$ahwm" -v th="$athreads" -v trss="$trss" -v n="${#tcpdumps[@]}" -v pk="$packets" 'BEGIN {
    d = s1 - s0; acpu = 100 * a / hz / d; tcpu = 100 * t / hz / d
    printf "%-9s %6s %6.1f %5d %7.0f %7.2f %7.1f %7.1f %4d %7.2f %7.1f %8.1f %6.1f\n", v, s, d, n, pk / d,
      acpu, arss / 1024, ahwm / 1024, th, tcpu, trss / 1024, (tcpu > 0 ? acpu / tcpu : 0), (trss > 0 ? arss / trss : 0)
  }'
  # where the agent's CPU went: threads grouped by name (digits and namespace names left out)
  awk -F'\t' -v hz="$HZ" -v s0="$s0" -v s1="$s1" -v v="$variant" 'NR == FNR {before[$1] = $3; next}
    {name = $2; sub(/-.*/, "-*", name); gsub(/[0-9]+/, "N", name); use[name] += $3 - before[$1]; n[name]++}
    END {for (k in use) if (use[k] > 0) printf "%.2f\t%s\t%d\n", 100 * use[k] / hz / (s1 - s0), k, n[k]}' \
    "$log-threads0" "$log-threads1" | sort -rn | head -12 \
    | awk -F'\t' -v v="$variant" '{printf "# %s CPU by thread: %6.2f %%  %s (%d)\n", v, $1, $2, $3}'
  if [ -n "$JFR" ] && [ "$variant" = deployed ] && [ -s "$WORK/agent.jfr" ]; then
    jfr print --events jdk.ExecutionSample "$WORK/agent.jfr" | grep -A1 'stackTrace = \[' | grep -v -e 'stackTrace' -e '^--' \
      | sed -E 's/^ +//; s/ +line:.*//' | sort | uniq -c | sort -rn | head -25 | sed "s/^/# $variant JFR top frame: /" || true
    jfr print --events jdk.ExecutionSample "$WORK/agent.jfr" | grep -E '^ +io\.dockercanvas' | sed -E 's/^ +//; s/ +line:.*//' \
      | sort | uniq -c | sort -rn | head -15 | sed "s/^/# $variant JFR our frames anywhere: /" || true
  fi
  grep -E "canvas agent: stopped" "$log-agent.log" | tail -3 | sed "s/^/# $variant agent: /" || true
  sed "s/^/# $variant traffic: /" "$log-traffic.log" | grep -vE '^# [a-z]+ traffic: *$' || true
}

lab_run() {
  trap 'stop_started; rm -rf "$WORK"' EXIT
  SECONDS_PER_RUN=${SECONDS_PER_RUN:-60}
  local status dir
  status=$("$ROOT/canvas" lab status --json) || { echo "cost.sh: no lab running (./canvas lab up, under the lab lock)" >&2; exit 2; }
  dir=$(echo "$status" | jq -r .lab.dir)
  make_cds
  header
  echo "# node2: one agent (all points) and one tcpdump per point it captures (-s 1024 -B $RING_KIB -w /dev/null), lab traffic --rate 10 for ${SECONDS_PER_RUN} s"
  echo "# CPU: utime+stime over the traffic, % of one core; RSS at the end (agent's peak RSS: HWM)"
  printf '%-9s %6s %6s %5s %7s %7s %7s %7s %4s %7s %7s %8s %6s\n' agent sample secs pts pkts/s a_cpu% a_RSS a_HWM thr t_cpu% t_RSS cpu_a/t rss_a/t
  lab_once deployed "$SAMPLE" "$dir" 19090
  [ "$BASELINE" = 1 ] && lab_once baseline 1.0 "$dir" 19092
  echo "# a_ = the agent, t_ = all tcpdumps together; load average after $(cut -d' ' -f1-3 /proc/loadavg)"
}

case "$MODE" in
  veth) veth_run ;;
  lab) lab_run ;;
  *) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

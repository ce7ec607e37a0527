# shellcheck shell=bash
# `lab capture`: tcpdump at every observation point of every node while demo traffic runs, plus
# each node's topology as the agent sees it and a manifest naming each file's node and observation point.

DEFAULT_CAPTURE_SECONDS=4
# tcpdump's largest snapshot length: whole packets.
FULL_SNAPLEN=262144
CANVAS_LAUNCHER="$(cd "$LAB_HOME/../.." && pwd)/canvas"

capture_usage() {
  cat <<USAGE
Usage: ./canvas lab capture --out DIR [--seconds S] [--rate R] [--snaplen N]

Records each node's topology with './canvas agent snapshot' (run inside the node's namespace against
its own dockerd and netns directory, as a live agent would), starts tcpdump (pcap) at every observation
point the snapshots show, runs './canvas lab traffic' for S seconds, stops the captures and writes into
DIR (which must be empty or new):
  <node>__<point>.pcap    one capture per observation point; '/' in a point name becomes '__'
  <node>__topology.json   the node's 'canvas agent snapshot': the agent's topology (proto JSON, the same
                          a live agent sends): namespaces with their interfaces (kind, MAC, MTU, master,
                          VXLAN, FDB), networks with their peers, services, tasks and containers
  manifest.json           [{node, point, file, netns, interface, packets}] for every capture
  capture.json            when, on what (kernel, engine, tcpdump), the traffic settings, the faults in
                          place ('lab fault': [{node, kind}]) and the addresses
Observation points (canonical names), per node:
  eth0                    the node's underlay NIC (VXLAN UDP 4789, published port, swarm control)
  docker_gwbridge         the node's gateway bridge (host-mode published port, after DNAT)
  ingress_sbox/<if>       each interface of the routing-mesh sandbox
  <network>/vxlan0        the VTEP in each overlay namespace (inner frames, before/after VXLAN)
  <network>/br0           the bridge in each overlay namespace
  <container>/<if>        each interface of each container (task containers by service name)
and two outside the nodes: node 'wire' point '$BRIDGE' (the underlay bridge in the host) and node
'outside' point 'eth0' (the outside client).
Needs java (the agent jar is built on first use, as './canvas agent' does).

Options:
  --out DIR     where to write (required)
  --seconds S   traffic duration, 1-60 (default $DEFAULT_CAPTURE_SECONDS)
  --rate R      traffic rounds per second, 1-10 (default $DEFAULT_TRAFFIC_RATE)
  --snaplen N   bytes kept of each packet, 1-$FULL_SNAPLEN (tcpdump -s N; default $FULL_SNAPLEN: whole
                packets). E.g. 96 cuts VXLAN frames inside the inner TCP header.
USAGE
}

# `canvas agent snapshot` for node I: inside the node's namespace (keeping the host mount namespace,
# so the netns files under its exec-root can be opened), against its own dockerd and netns directory.
node_snapshot() {
  local i=$1 dir
  dir=$(node_dir "$i")
  in_netns "$(netns_file "$(node_netns "$i")")" "$CANVAS_LAUNCHER" agent snapshot \
    --docker "unix://$dir/docker.sock" --netns-dir "$dir/exec/netns" --node-name "$(node_name "$i")"
}

# Namespace files under node I's netns directory that SNAPSHOT (a file) does not list.
namespaces_missing_from() {
  local i=$1 snapshot=$2 file
  for file in "$(node_dir "$i")"/exec/netns/*; do
    [[ -e $file ]] || continue
    jq -e --arg name "${file##*/}" 'any(.namespaces[]?; .name == $name)' "$snapshot" >/dev/null 2>&1 ||
      printf '%s ' "${file##*/}"
  done
}

# Node I's snapshot into FILE. The agent reads the namespaces for a fixed moment after it starts; on
# a busy machine that can end before it has read them all, so a snapshot missing some is taken again.
# The agent's log is shown only when no topology came out.
write_topology() {
  local i=$1 file=$2 name attempt missing
  name=$(node_name "$i")
  for attempt in 1 2 3; do
    if ! node_snapshot "$i" >"$file" 2>"$file.log" || [[ $(jq -r '.node.hostname // empty' "$file" 2>/dev/null) != "$name" ]]; then
      cat "$file.log" >&2
      rm -f "$file.log"
      die "canvas agent snapshot on $name gave no topology of $name ($file)"
    fi
    rm -f "$file.log"
    missing=$(namespaces_missing_from "$i" "$file")
    missing=${missing% }
    [[ -n $missing ]] || return 0
    say "      the snapshot of $name lacks namespaces $missing (attempt $attempt of 3)"
  done
  warn "$name's topology lacks namespaces $missing: their observation points are not captured"
}

# Every node's snapshot into DIR/<node>__topology.json, one after the other (each JVM reads a whole node).
write_topologies() {
  local out=$1 nodes i
  nodes=$(lab_nodes)
  for ((i = 1; i <= nodes; i++)); do
    write_topology "$i" "$out/$(node_name "$i")__topology.json"
  done
}

# "node|point|netns-file|interface" for every observation point of one node's snapshot: the underlay
# NIC and docker_gwbridge in the node's own namespace (HOST_NETNS: the snapshot names it only as
# /proc/self/ns/net), each interface of ingress_sbox, vxlan0 and br0 of each overlay namespace, and
# each interface of each container sandbox (task containers by service name).
snapshot_points() {
  local node=$1 host_netns=$2
  jq -r --arg node "$node" --arg host "$host_netns" '
    . as $t
    | ([$t.networks[]? | {key: .id, value: .name}] | from_entries) as $networks
    | ([$t.containers[]? | {key: .sandboxKey, value: (.serviceName // .name)}] | from_entries) as $owners
    | $t.namespaces[] | . as $ns
    | $ns.interfaces[]? | select(.kind != "INTERFACE_KIND_LOOPBACK") | .name as $iface
    | if $ns.kind == "NAMESPACE_KIND_HOST" then
        (if $iface == $t.node.underlayInterface or $iface == "docker_gwbridge" then [$iface, $host] else empty end)
      elif $ns.kind == "NAMESPACE_KIND_INGRESS_SBOX" then ["ingress_sbox/\($iface)", $ns.path]
      elif $ns.kind == "NAMESPACE_KIND_OVERLAY" then
        (if ($iface == "vxlan0" or $iface == "br0") and $networks[$ns.networkId // ""]
         then ["\($networks[$ns.networkId])/\($iface)", $ns.path] else empty end)
      elif $ns.kind == "NAMESPACE_KIND_CONTAINER" then
        ["\($owners[$ns.path] // $ns.containerName // $ns.name)/\($iface)", $ns.path]
      else empty end
    | [$node, .[0], .[1], $iface] | join("|")'
}

# The points of every node (from DIR/<node>__topology.json), then the underlay bridge and the outside client.
observation_points() {
  local out=$1 nodes i
  nodes=$(lab_nodes)
  for ((i = 1; i <= nodes; i++)); do
    snapshot_points "$(node_name "$i")" "$(netns_file "$(node_netns "$i")")" <"$out/$(node_name "$i")__topology.json" ||
      die "cannot read the observation points of $(node_name "$i") from its snapshot"
  done
  echo "wire|$BRIDGE||$BRIDGE"
  echo "outside|eth0|$(netns_file "$OUTSIDE_NETNS")|eth0"
}

capture_file_name() {
  local node=$1 point=$2
  echo "${node}__${point//\//__}.pcap"
}

CAPTURE_PIDS=()

stop_captures() {
  ((${#CAPTURE_PIDS[@]} > 0)) || return 0
  kill -INT "${CAPTURE_PIDS[@]}" 2>/dev/null
  wait "${CAPTURE_PIDS[@]}" 2>/dev/null
  CAPTURE_PIDS=()
}

# Start one tcpdump per observation point; record PIDs so they are stopped by PID, whatever happens.
start_captures() {
  local out=$1 points=$2 snaplen=$3 node point file iface name
  while IFS='|' read -r node point file iface; do
    name=$(capture_file_name "$node" "$point")
    local cmd=(tcpdump -Z root -U -n -s "$snaplen" -i "$iface" -w "$out/$name")
    if [[ -n $file ]]; then
      nsenter --net="$file" "${cmd[@]}" 2>"$out/.$name.log" &
    else
      "${cmd[@]}" 2>"$out/.$name.log" &
    fi
    CAPTURE_PIDS+=($!)
  done <<<"$points"
  local log deadline=$((SECONDS + 15 * WAIT_SCALE))
  for log in "$out"/.*.pcap.log; do
    until grep -q 'listening on' "$log"; do
      if ((SECONDS >= deadline)); then
        cat "$log" >&2
        die "tcpdump did not start (${log##*/})"
      fi
      sleep 0.2
    done
  done
}

# manifest.json from the points and the packet counts tcpdump reported.
write_manifest() {
  local out=$1 points=$2 node point file iface name packets
  while IFS='|' read -r node point file iface; do
    name=$(capture_file_name "$node" "$point")
    packets=$(awk '/packets captured/ { print $1 }' "$out/.$name.log")
    jq -n --arg node "$node" --arg point "$point" --arg file "$name" --arg netns "$file" \
      --arg iface "$iface" --arg packets "${packets:-0}" \
      '{node: $node, point: $point, file: $file, netns: (if $netns == "" then "host" else $netns end),
        interface: $iface, packets: ($packets | tonumber)}'
  done <<<"$points" | jq -s '.' >"$out/manifest.json"
}

# capture.json, from the nodes' snapshots (in node order) and the lab's settings.
write_capture_info() {
  local out=$1 seconds=$2 rate=$3 publish nodes i topologies=()
  publish=$(state_get publish)
  nodes=$(lab_nodes)
  for ((i = 1; i <= nodes; i++)); do
    topologies+=("$out/$(node_name "$i")__topology.json")
  done
  jq -s --arg recorded "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg kernel "$(uname -r)" \
    --arg tcpdump "$(tcpdump --version 2>&1 | head -n 1)" --arg publish "$publish" --arg underlay "$UNDERLAY_CIDR" \
    --arg outside_netns "$OUTSIDE_NETNS" --arg outside_ip "$OUTSIDE_IP" \
    --argjson seconds "$seconds" --argjson rate "$rate" --argjson faults "$(faults_json)" '
    # An attachment as "<address>/<prefix length of the subnet of its network>", as docker inspect writes it.
    def with_prefix($networks): .networkId as $id | .addresses[0] as $address
      | ([$networks[] | select(.id == $id) | .subnets[0].cidr // empty][0] // "") as $cidr
      | {network: .networkName, address: (if $cidr == "" then $address else "\($address)/\($cidr | split("/")[1])" end)};
    {recorded_at: $recorded, kernel: $kernel, engine: .[0].node.engineVersion, tcpdump: $tcpdump,
     routing_mesh: ($publish == "ingress"), publish_mode: $publish, underlay: $underlay,
     traffic: {seconds: $seconds, rate: $rate, command: "./canvas lab traffic --seconds \($seconds) --rate \($rate)"},
     faults: $faults,
     nodes: [.[].node | {name: .hostname, address: .advertiseAddress,
                         role: (.role // "" | ltrimstr("NODE_ROLE_") | ascii_downcase)}],
     outside: {netns: $outside_netns, address: $outside_ip},
     networks: ([.[].networks[]? | select(.driver == "overlay")
                 | {name, subnet: (.subnets[0].cidr // null), vni: (.vnis[0] // null)}] | unique_by(.name)),
     addresses: ([.[] | .networks as $networks | .containers[]?
                  | {key: (.serviceName // .name), value: [.networks[]? | with_prefix($networks)]}] | from_entries)}' \
    "${topologies[@]}" >"$out/capture.json"
}

cmd_capture() {
  parse_traffic_options "$DEFAULT_CAPTURE_SECONDS" "$@"
  local out="" snaplen=$FULL_SNAPLEN
  set -- "${EXTRA_ARGS[@]}"
  while (($# > 0)); do
    case $1 in
      --out)
        (($# >= 2)) || die "--out needs a directory"
        out=$2
        shift 2
        ;;
      --snaplen)
        (($# >= 2)) || die "--snaplen needs a number"
        snaplen=$2
        shift 2
        ;;
      *) die "unknown option for capture: $1 (see ./canvas lab capture --help)" ;;
    esac
  done
  [[ -n $out ]] || die "capture needs --out DIR (see ./canvas lab capture --help)"
  require_int --snaplen "$snaplen" 1 "$FULL_SNAPLEN"
  require_root
  require_lab
  command -v tcpdump >/dev/null 2>&1 || die "tcpdump is not installed: apt-get install -y tcpdump"
  command -v java >/dev/null 2>&1 || die "java is not installed: capture runs ./canvas agent snapshot on every node"
  if [[ -e $out && -n $(ls -A "$out" 2>/dev/null) ]]; then
    die "$out is not empty: give capture a new or empty directory, it does not overwrite files"
  fi
  mkdir -p "$out" || die "cannot create $out"
  out=$(cd "$out" && pwd)

  # shellcheck disable=SC2034 # read by step() in common.sh
  STEPS=5
  step "reading each node's topology (canvas agent snapshot)"
  write_topologies "$out"
  local points
  points=$(observation_points "$out") || exit 1
  step "starting tcpdump at $(wc -l <<<"$points") observation points$([[ $snaplen == "$FULL_SNAPLEN" ]] || echo " (snaplen $snaplen)")"
  trap stop_captures EXIT
  trap 'exit 130' INT TERM
  start_captures "$out" "$points" "$snaplen"
  sleep 1
  step "running traffic"
  run_traffic "$TRAFFIC_SECONDS" "$TRAFFIC_RATE" || warn "traffic reported failures; the captures show what happened"
  sleep 1
  step "stopping the captures"
  stop_captures
  trap - EXIT INT TERM
  if [[ $(state_get publish) == ingress ]]; then
    # IPVS keeps a connection 2 minutes after it closes (TIME_WAIT): read the nodes again now, so
    # their snapshots carry the connection tables that say which task each request was sent to.
    say "      reading each node's topology again: IPVS connection tables of the traffic just sent"
    write_topologies "$out"
  fi
  write_manifest "$out" "$points"
  write_capture_info "$out" "$TRAFFIC_SECONDS" "$TRAFFIC_RATE"
  rm -f "$out"/.*.pcap.log
  step "wrote $(jq length "$out/manifest.json") captures ($(du -sh "$out" | cut -f1)) to $out"
}

# shellcheck shell=bash
# `lab capture`: tcpdump at every observation point of every node while demo traffic runs, plus
# each node's topology and a manifest naming each file's node and observation point.

DEFAULT_CAPTURE_SECONDS=4

capture_usage() {
  cat <<USAGE
Usage: ./canvas lab capture --out DIR [--seconds S] [--rate R]

Starts tcpdump (full packets, pcap) at every observation point, runs './canvas lab traffic' for S
seconds, stops the captures and writes into DIR (which must be empty or new):
  <node>__<point>.pcap    one capture per observation point; '/' in a point name becomes '__'
  <node>__topology.json   the node's namespaces, interfaces (kind, MAC, MTU, master, VNI, addresses),
                          overlay networks with their peers, and its tasks and containers
  manifest.json           [{node, point, file, netns, interface, packets}] for every capture
  capture.json            when, on what (kernel, engine, tcpdump), the traffic settings and the addresses
Observation points (canonical names), per node:
  eth0                    the node's underlay NIC (VXLAN UDP 4789, published port, swarm control)
  docker_gwbridge         the node's gateway bridge (host-mode published port, after DNAT)
  ingress_sbox/<if>       each interface of the routing-mesh sandbox
  <network>/vxlan0        the VTEP in each overlay namespace (inner frames, before/after VXLAN)
  <network>/br0           the bridge in each overlay namespace
  <container>/<if>        each interface of each container (task containers by service name)
and two outside the nodes: node 'wire' point '$BRIDGE' (the underlay bridge in the host) and node
'outside' point 'eth0' (the outside client).

Options:
  --out DIR     where to write (required)
  --seconds S   traffic duration, 1-60 (default $DEFAULT_CAPTURE_SECONDS)
  --rate R      traffic rounds per second, 1-10 (default $DEFAULT_TRAFFIC_RATE)
USAGE
}

# "node|point|netns-file|interface" (netns-file empty for the host) for every observation point in the status document.
observation_points() {
  jq -r --arg bridge "$BRIDGE" --arg outside "$(netns_file "$OUTSIDE_NETNS")" '
    (.nodes[] | .name as $node | .namespaces[] | . as $ns | .interfaces[]
      | (if $ns.kind == "node" then (if .name == "eth0" or .name == "docker_gwbridge" then .name else empty end)
         elif $ns.kind == "ingress_sbox" then "ingress_sbox/\(.name)"
         elif $ns.kind == "overlay" then (if .name == "vxlan0" or .name == "br0" then "\($ns.network)/\(.name)" else empty end)
         elif $ns.kind == "container" then "\($ns.container)/\(.name)"
         else empty end) as $point
      | [$node, $point, $ns.path, .name]),
    ["wire", $bridge, "", $bridge],
    ["outside", "eth0", $outside, "eth0"]
    | join("|")'
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
  local out=$1 points=$2 node point file iface name
  while IFS='|' read -r node point file iface; do
    name=$(capture_file_name "$node" "$point")
    local cmd=(tcpdump -Z root -U -n -s 262144 -i "$iface" -w "$out/$name")
    if [[ -n $file ]]; then
      nsenter --net="$file" "${cmd[@]}" 2>"$out/.$name.log" &
    else
      "${cmd[@]}" 2>"$out/.$name.log" &
    fi
    CAPTURE_PIDS+=($!)
  done <<<"$points"
  local log deadline=$((SECONDS + 15))
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

# <node>__topology.json: the node from the status document plus what its own daemon says about
# the overlay networks (peers = the VTEPs it sends to) and the tasks and containers it runs.
write_topologies() {
  local out=$1 doc=$2 nodes i networks ids
  nodes=$(lab_nodes)
  for ((i = 1; i <= nodes; i++)); do
    ids=$(dk "$i" network ls -q --filter driver=overlay)
    networks='[]'
    if [[ -n $ids ]]; then
      # shellcheck disable=SC2086 # one argument per network ID
      networks=$(dk "$i" network inspect $ids | jq 'map({name: .Name, id: .Id, subnet: (.IPAM.Config[0].Subnet // null),
          vni: (.Options["com.docker.network.driver.overlay.vxlanid_list"] // "" | split(",") | map(tonumber) | .[0]),
          peers: (.Peers // []), containers: [(.Containers // {}) | to_entries[]
            | {id: .key[0:12], name: .value.Name, ipv4: .value.IPv4Address, mac: .value.MacAddress}]})')
    fi
    jq --arg node "$(node_name "$i")" --argjson networks "$networks" '
      {lab: .lab, node: (.nodes[] | select(.name == $node)), networks: $networks,
       tasks: [.tasks[] | select(.node == $node)], containers: [.containers[] | select(.node == $node)]}' \
      <<<"$doc" >"$out/$(node_name "$i")__topology.json"
  done
}

write_capture_info() {
  local out=$1 doc=$2 seconds=$3 rate=$4
  jq --arg recorded "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --arg kernel "$(uname -r)" \
    --arg engine "$(dk 1 version --format '{{.Server.Version}}')" \
    --arg tcpdump "$(tcpdump --version 2>&1 | head -n 1)" \
    --argjson seconds "$seconds" --argjson rate "$rate" '
    {recorded_at: $recorded, kernel: $kernel, engine: $engine, tcpdump: $tcpdump,
     routing_mesh: .lab.routing_mesh, publish_mode: .lab.publish_mode, underlay: .lab.underlay,
     traffic: {seconds: $seconds, rate: $rate, command: "./canvas lab traffic --seconds \($seconds) --rate \($rate)"},
     nodes: [.nodes[] | {name, address, role}], outside: .lab.outside,
     networks: [.networks[] | {name, subnet, vni}],
     addresses: ([.tasks[] | {key: .service, value: .addresses}] + [.containers[] | {key: .name, value: .addresses}] | from_entries)}' \
    <<<"$doc" >"$out/capture.json"
}

cmd_capture() {
  parse_traffic_options "$DEFAULT_CAPTURE_SECONDS" "$@"
  local out=""
  set -- "${EXTRA_ARGS[@]}"
  while (($# > 0)); do
    case $1 in
      --out)
        (($# >= 2)) || die "--out needs a directory"
        out=$2
        shift 2
        ;;
      *) die "unknown option for capture: $1 (see ./canvas lab capture --help)" ;;
    esac
  done
  [[ -n $out ]] || die "capture needs --out DIR (see ./canvas lab capture --help)"
  require_root
  require_lab
  command -v tcpdump >/dev/null 2>&1 || die "tcpdump is not installed: apt-get install -y tcpdump"
  if [[ -e $out && -n $(ls -A "$out" 2>/dev/null) ]]; then
    die "$out is not empty: give capture a new or empty directory, it does not overwrite files"
  fi
  mkdir -p "$out" || die "cannot create $out"
  out=$(cd "$out" && pwd)

  # shellcheck disable=SC2034 # read by step() in common.sh
  STEPS=5
  step "reading the lab's topology"
  local doc points
  doc=$(lab_status_json) || exit 1
  points=$(observation_points <<<"$doc")
  step "starting tcpdump at $(wc -l <<<"$points") observation points"
  trap stop_captures EXIT
  trap 'exit 130' INT TERM
  start_captures "$out" "$points"
  sleep 1
  step "running traffic"
  run_traffic "$TRAFFIC_SECONDS" "$TRAFFIC_RATE" || warn "traffic reported failures; the captures show what happened"
  sleep 1
  step "stopping the captures"
  stop_captures
  trap - EXIT INT TERM
  write_manifest "$out" "$points"
  write_topologies "$out" "$doc"
  write_capture_info "$out" "$doc" "$TRAFFIC_SECONDS" "$TRAFFIC_RATE"
  rm -f "$out"/.*.pcap.log
  step "wrote $(jq length "$out/manifest.json") captures ($(du -sh "$out" | cut -f1)) to $out"
}

# shellcheck shell=bash
# `lab fault`: break one thing on one node the way real swarms break (UDP 4789 filtered, an MTU
# black hole, a lost FDB entry, a task without listener, a published port that never reaches the
# container), so the collector's verdicts can be checked against a known cause. Every fault is
# recorded in the lab state before it is made; `lab fault clear` and `lab down` undo them.

FAULT_KINDS=(vxlan-drop mtu fdb no-listener gwbridge-drop)
# Underlay MTU of a node under the mtu fault: a VXLAN frame carrying a full 1450-byte inner packet
# is 1500 bytes of IP, so it no longer fits.
FAULT_MTU=1400

fault_usage() {
  cat <<USAGE
Usage: ./canvas lab fault NODE KIND
       ./canvas lab fault clear
       ./canvas lab fault list

Breaks one thing on one node (node1..nodeN, or just the number), records it in the lab state and
prints what it changed and how to undo it by hand. 'clear' undoes every fault; 'lab down' too.
'list' (or no argument) shows the faults in place. Kinds:
  vxlan-drop     iptables DROP of UDP 4789 arriving on the node's underlay eth0 (INPUT, inside the
                 node's namespace): VXLAN from the other nodes is still seen on the node's eth0, but
                 never decapsulated, so never reaches its vxlan0/br0/containers.
  mtu            the node's underlay eth0 MTU lowered to $FAULT_MTU: a VXLAN frame carrying a full
                 1450-byte inner packet (1500 bytes) no longer fits; arriving ones are dropped before the
                 node's eth0 sees them (the 'big' kind of 'lab traffic': a 1450-byte ping client->web).
  fdb            the node forgets the remote VTEPs: every FDB entry of vxlan0 in its $OVERLAY_NETWORK
                 namespace that points at another node is deleted (bridge fdb del), so frames for
                 containers on other nodes reach vxlan0 but are never encapsulated.
  no-listener    the web task's busybox httpd (on the node that runs it, node2) is killed by PID; the
                 container and its namespace stay, so HTTP to web:80 is answered with a TCP RST.
  gwbridge-drop  connections to the published port $PUBLISHED_PORT are DNAT'ed and sent out on
                 docker_gwbridge, then dropped by the bridge (nftables table bridge $GWBRIDGE_TABLE, output
                 hook, in the node's namespace) before the port of web's container (host mode) or of
                 ingress_sbox (routing mesh): seen on docker_gwbridge, never behind it.
Faults stack (one of each kind per node). Rules carry the comment '$FW_COMMENT'.

Examples:
  ./canvas lab fault node2 vxlan-drop
  ./canvas lab traffic --seconds 3      # http and pings to web fail; the UDP probe client->db passes
  ./canvas lab fault clear
USAGE
}

cmd_fault() {
  case ${1:-list} in
    clear)
      (($# == 1)) || die "fault clear takes no arguments (see ./canvas lab fault --help)"
      require_root
      lab_exists || die "no lab is running (no state file $STATE_FILE): nothing to clear"
      faults_clear
      return
      ;;
    list)
      (($# <= 1)) || die "fault list takes no arguments (see ./canvas lab fault --help)"
      require_root
      lab_exists || die "no lab is running (no state file $STATE_FILE): start one with ./canvas lab up"
      faults_list
      return
      ;;
  esac
  (($# == 2)) || die "fault needs NODE and KIND, e.g. ./canvas lab fault node2 vxlan-drop (see ./canvas lab fault --help)"
  local node=${1#node} kind=$2
  [[ $node =~ ^[0-9]+$ ]] || die "NODE must be node1..node$MAX_NODES or a number (got '$1')"
  fault_kind_known "$kind" || die "unknown fault kind '$kind': one of ${FAULT_KINDS[*]}"
  require_root
  require_lab
  require_int NODE "$node" 1 "$(lab_nodes)"
  [[ -z $(fault_entries "$node" "$kind") ]] ||
    die "$(node_name "$node") already has the $kind fault (./canvas lab fault list; ./canvas lab fault clear)"
  "fault_make_${kind//-/_}" "$node"
}

fault_kind_known() {
  local kind
  for kind in "${FAULT_KINDS[@]}"; do
    [[ $kind == "$1" ]] && return 0
  done
  return 1
}

# The recorded state lines "fault N KIND ARGS..." of one node and kind (ARGS per line).
fault_entries() {
  state_values fault | awk -v n="$1" -v k="$2" '$1 == n && $2 == k { $1 = ""; $2 = ""; sub(/^  /, ""); print }'
}

faults_list() {
  local faults
  faults=$(state_values fault | awk '{ print $1, $2 }' | sort -u)
  if [[ -z $faults ]]; then
    say "no faults in place"
    return
  fi
  local node kind
  while read -r node kind; do
    say "$(node_name "$node") $kind"
  done <<<"$faults"
}

# [{node, kind}] of the faults in place, for capture.json.
faults_json() {
  state_values fault | awk '{ print $1, $2 }' | sort -u |
    jq -R -s 'split("\n") | map(select(length > 0) | split(" ") | {node: "node\(.[0])", kind: .[1]})'
}

node_netns_path() { netns_file "$(node_netns "$1")"; }

# iptables inside node N's namespace (each node namespace has its own tables).
node_iptables() {
  local n=$1
  shift
  in_netns "$(node_netns_path "$n")" iptables -w "$@"
}

# --- vxlan-drop

vxlan_drop_rule() {
  echo "INPUT -i eth0 -p udp --dport 4789 -m comment --comment $FW_COMMENT -j DROP"
}

fault_make_vxlan_drop() {
  local n=$1 rule
  rule=$(vxlan_drop_rule)
  state_add fault "$n" vxlan-drop "$rule"
  # shellcheck disable=SC2086 # the rule is words on purpose
  must node_iptables "$n" -I $rule
  say "$(node_name "$n"): iptables -I $rule  (in namespace $(node_netns "$n"))"
  say "  VXLAN (UDP 4789) arriving at $(node_name "$n") $(node_ip "$n") is dropped before decapsulation"
  say "  undo: nsenter --net=$(node_netns_path "$n") iptables -D $rule   (or ./canvas lab fault clear)"
}

fault_undo_vxlan_drop() {
  local n=$1 rule=$2
  # shellcheck disable=SC2086
  node_iptables "$n" -D $rule 2>/dev/null
}

# --- mtu

fault_make_mtu() {
  local n=$1 old
  # from ip, not /sys: nsenter --net keeps the host's mount namespace, so /sys shows the host's links
  old=$(in_netns "$(node_netns_path "$n")" ip -j link show eth0 | jq -e '.[0].mtu') ||
    die "cannot read the MTU of $(node_name "$n")'s eth0"
  state_add fault "$n" mtu "$old"
  must in_netns "$(node_netns_path "$n")" ip link set eth0 mtu "$FAULT_MTU"
  say "$(node_name "$n"): eth0 MTU $old -> $FAULT_MTU  (in namespace $(node_netns "$n"))"
  say "  VXLAN frames of full 1450-byte inner packets (1500 bytes) no longer fit $(node_name "$n")'s underlay"
  say "  undo: nsenter --net=$(node_netns_path "$n") ip link set eth0 mtu $old   (or ./canvas lab fault clear)"
}

fault_undo_mtu() {
  local n=$1 old=$2
  in_netns "$(node_netns_path "$n")" ip link set eth0 mtu "$old" 2>/dev/null
}

# --- fdb

# Node N's namespace file of the demo overlay (1-<first 10 characters of the network ID>).
overlay_netns_path() {
  local n=$1 id
  id=$(dk "$n" network inspect --format '{{.Id}}' "$OVERLAY_NETWORK" 2>/dev/null) ||
    die "$(node_name "$n") does not know $OVERLAY_NETWORK"
  local file
  file="$(node_dir "$n")/exec/netns/1-${id:0:10}"
  [[ -e $file ]] || die "$(node_name "$n") has no namespace for $OVERLAY_NETWORK ($file): no container of it runs there"
  echo "$file"
}

fault_make_fdb() {
  local n=$1 file entries
  file=$(overlay_netns_path "$n") || exit 1
  # "MAC DST" of every vxlan0 entry pointing at another node
  entries=$(in_netns "$file" bridge -j fdb show dev vxlan0 |
    jq -r --arg self "$(node_ip "$n")" '.[] | select(.dst != null and .dst != $self and .mac != "00:00:00:00:00:00") | "\(.mac) \(.dst)"') ||
    die "cannot read the FDB of vxlan0 in $file"
  [[ -n $entries ]] || die "$(node_name "$n")'s vxlan0 in $OVERLAY_NETWORK has no FDB entry towards another node"
  local mac dst count=0
  while read -r mac dst; do
    state_add fault "$n" fdb "$file" "$mac" "$dst"
    must in_netns "$file" bridge fdb del "$mac" dev vxlan0 dst "$dst" self
    say "$(node_name "$n"): bridge fdb del $mac dev vxlan0 dst $dst self  (in $file)"
    count=$((count + 1))
  done <<<"$entries"
  say "  $count remote VTEP entries removed: frames from $(node_name "$n")'s containers to other nodes reach vxlan0, are never encapsulated"
  say "  undo: nsenter --net=$file bridge fdb add MAC dev vxlan0 dst DST self permanent, per line above   (or ./canvas lab fault clear)"
  say "  Docker did not put them back by itself in the lab's runs (watched for 30 s of traffic); clear does"
}

fault_undo_fdb() {
  local n=$1 file mac dst
  read -r file mac dst <<<"$2"
  in_netns "$file" bridge fdb replace "$mac" dev vxlan0 dst "$dst" self permanent 2>/dev/null
}

# --- no-listener

# web's task container on node N, or nothing.
web_container_on() {
  dk "$1" ps -q --no-trunc --filter "label=com.docker.swarm.service.name=web" | head -n 1
}

# Host PIDs of the live httpd processes of a container (dockerd shares the host's PID namespace; a
# killed httpd stays a zombie under the container's sleeping PID 1).
httpd_pids() {
  dk "$1" top "$2" -o pid,stat,comm | awk '$3 == "httpd" && $2 !~ /^Z/ { print $1 }'
}

fault_make_no_listener() {
  local n=$1 container pids
  container=$(web_container_on "$n")
  [[ -n $container ]] || die "$(node_name "$n") runs no web task (web runs on node2): no-listener stops web's httpd"
  pids=$(httpd_pids "$n" "$container")
  [[ -n $pids ]] || die "web's container ${container:0:12} on $(node_name "$n") runs no httpd"
  state_add fault "$n" no-listener "$container"
  # shellcheck disable=SC2086 # one PID per word
  must kill -TERM $pids
  say "$(node_name "$n"): killed web's httpd (PID ${pids//$'\n'/ }) in container ${container:0:12}; the container and its namespace stay"
  say "  HTTP to web:80 is answered with a TCP RST"
  say "  undo: ./canvas lab docker $(node_name "$n") exec ${container:0:12} httpd -p 80 -h /www   (or ./canvas lab fault clear)"
}

fault_undo_no_listener() {
  local n=$1 container=$2
  [[ -n $(httpd_pids "$n" "$container" 2>/dev/null) ]] && return 0
  dk_within 20 "$n" exec "$container" httpd -p 80 -h /www 2>/dev/null
}

# --- gwbridge-drop

# The nftables table (bridge family, in the node's namespace) holding the gwbridge-drop rule.
GWBRIDGE_TABLE=docker_canvas_lab

# "ADDRESS PORT" that node N's docker_gwbridge hands the published port to after DNAT: web's container
# (host mode, port 80) or the routing mesh's ingress_sbox (port $PUBLISHED_PORT).
gwbridge_target() {
  local n=$1 container address
  if [[ $(state_get publish) == host ]]; then
    container=$(web_container_on "$n")
    [[ -n $container ]] || die "port $PUBLISHED_PORT is published in host mode on the node running web (node2), not on $(node_name "$n")"
    address=$(gwbridge_address "$n" "$container")
    echo "$address 80"
  else
    address=$(gwbridge_address "$n" ingress-sbox)
    echo "$address $PUBLISHED_PORT"
  fi
}

# The address on node N's docker_gwbridge of a container (full ID) or of ingress-sbox: Docker lists
# it under the bridge network, not under the container's own networks.
gwbridge_address() {
  local address
  address=$(dk "$1" network inspect --format "{{with index .Containers \"$2\"}}{{.IPv4Address}}{{end}}" docker_gwbridge)
  echo "${address%/*}"
}

fault_make_gwbridge_drop() {
  local n=$1 target address port
  command -v nft >/dev/null 2>&1 || die "gwbridge-drop needs nft: apt-get install -y nftables"
  target=$(gwbridge_target "$n") || exit 1
  read -r address port <<<"$target"
  [[ $address =~ ^[0-9.]+$ ]] || die "cannot find where $(node_name "$n")'s docker_gwbridge sends port $PUBLISHED_PORT"
  local rule="ip daddr $address tcp dport $port drop comment \"$FW_COMMENT\""
  state_add fault "$n" gwbridge-drop "$GWBRIDGE_TABLE"
  # The bridge's own output hook: a routed packet is sent out on docker_gwbridge (captured there) and
  # dropped before the bridge hands it to the port of the container or sandbox.
  must in_netns "$(node_netns_path "$n")" nft -f - <<NFT
table bridge $GWBRIDGE_TABLE {
  chain output {
    type filter hook output priority 0; policy accept;
    $rule
  }
}
NFT
  say "$(node_name "$n"): nft table bridge $GWBRIDGE_TABLE, chain output: $rule  (in namespace $(node_netns "$n"))"
  say "  connections to port $PUBLISHED_PORT are DNAT'ed and seen on docker_gwbridge, never reach $address:$port behind it"
  say "  undo: nsenter --net=$(node_netns_path "$n") nft delete table bridge $GWBRIDGE_TABLE   (or ./canvas lab fault clear)"
}

fault_undo_gwbridge_drop() {
  local n=$1 table=$2
  # never made (the fault failed half-way): nothing to undo
  in_netns "$(node_netns_path "$n")" nft list table bridge "$table" >/dev/null 2>&1 || return 0
  in_netns "$(node_netns_path "$n")" nft delete table bridge "$table" 2>/dev/null
}

# --- clear

# Undo every recorded fault (newest first), then drop them from the state. Used by `lab down` too,
# where a node may already be gone: each undo is best effort and says what failed.
faults_clear() {
  local lines
  lines=$(state_values fault | tac)
  if [[ -z $lines ]]; then
    say "no faults in place"
    return 0
  fi
  local n kind args failed=0
  while read -r n kind args; do
    if "fault_undo_${kind//-/_}" "$n" "$args"; then
      say "undone: $(node_name "$n") $kind${args:+ ($args)}"
    else
      warn "could not undo $(node_name "$n") $kind ($args)"
      failed=1
    fi
  done <<<"$lines"
  must sed -i '/^fault /d' "$STATE_FILE"
  ((failed == 0))
}

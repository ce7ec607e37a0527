#!/usr/bin/env bash
# docker-canvas lab: a real multi-node Docker Swarm on one Linux machine (one dockerd per
# network namespace on a shared bridge), with the demo stack, traffic and captures.
set -uo pipefail

LAB_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/common.sh
source "$LAB_HOME/lib/common.sh"
# shellcheck source=lib/underlay.sh
source "$LAB_HOME/lib/underlay.sh"
# shellcheck source=lib/nodes.sh
source "$LAB_HOME/lib/nodes.sh"
# shellcheck source=lib/images.sh
source "$LAB_HOME/lib/images.sh"
# shellcheck source=lib/stack.sh
source "$LAB_HOME/lib/stack.sh"
# shellcheck source=lib/inventory.sh
source "$LAB_HOME/lib/inventory.sh"
# shellcheck source=lib/traffic.sh
source "$LAB_HOME/lib/traffic.sh"
# shellcheck source=lib/capture.sh
source "$LAB_HOME/lib/capture.sh"
# shellcheck source=lib/fault.sh
source "$LAB_HOME/lib/fault.sh"
# shellcheck source=lib/teardown.sh
source "$LAB_HOME/lib/teardown.sh"

usage() {
  cat <<USAGE
./canvas lab: a real multi-node Docker Swarm on this Linux machine, to watch an overlay network work.

Usage: ./canvas lab COMMAND [OPTIONS]

Commands:
  up [--nodes N] [--install]   Build the swarm (N nodes, default $DEFAULT_NODES, $MIN_NODES to $MAX_NODES) and deploy the demo stack.
  status [--json]              Nodes, services, tasks and each node's network namespaces with VXLAN IDs.
  traffic [--seconds S] [--rate R]
                               Send demo traffic: client->web HTTP, web->db TCP, ICMP and UDP across
                               nodes, and an outside client -> node2:$PUBLISHED_PORT.
  capture --out DIR [--seconds S] [--rate R] [--snaplen N]
                               tcpdump at every observation point while traffic runs; writes pcaps,
                               each node's topology (canvas agent snapshot) and a manifest.json.
  fault NODE KIND | fault clear
                               Break one thing on one node (vxlan-drop, mtu, fdb, no-listener,
                               gwbridge-drop) to see where packets stop; clear undoes every fault.
  docker NODE ARGS...          Run the docker CLI against one node's daemon (e.g. docker node1 node ls).
  restart-docker NODE          Stop one node's dockerd (by its recorded PID) and start it again.
  down                         Remove everything the lab made. Safe to run twice or after a crash.

Every command also takes --vm: the same lab inside a QEMU guest with Debian 13's stock kernel (IPVS:
the routing mesh and service VIPs) and Docker 26 (./canvas lab up --vm; ./canvas lab vm --help).

Every command takes --help. Needs root, dockerd, ip, iptables, nsenter, jq, a static busybox and,
for capture, tcpdump. The lab lives in $LAB_DIR (set CANVAS_LAB_DIR to move it) and uses only
the underlay $UNDERLAY_CIDR, a bridge named $BRIDGE and namespaces named ${NETNS_PREFIX}*.
On a slow machine CANVAS_LAB_WAIT_SCALE=N (1-20) gives every wait N times as long.
USAGE
}

up_usage() {
  cat <<USAGE
Usage: ./canvas lab up [--nodes N] [--install]

Builds a Docker Swarm of N nodes on this machine (default $DEFAULT_NODES, $MIN_NODES to $MAX_NODES):
  - bridge $BRIDGE (no host address) and per node a network namespace ${NETNS_PREFIX}nodeI with eth0 at
    $UNDERLAY_NET.1I, plus ${OUTSIDE_NETNS} at $OUTSIDE_IP as a client outside the swarm;
  - one dockerd per node (hostname nodeI, own data-root, exec-root, socket and pidfile under $LAB_DIR),
    always with DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1; node1 is the manager, the others workers;
  - image $IMAGE made from the host's static busybox (no registry is ever asked);
  - the demo stack: overlay $OVERLAY_NETWORK (attachable), service web (busybox httpd :80) on node2
    published on port $PUBLISHED_PORT, service db (TCP responder :3306) on node3, container client on node1.
With IPVS in the kernel, port $PUBLISHED_PORT uses the swarm routing mesh; without it (no ip_vs), it is
published in host mode on node2 and services use DNS round robin: the lab says so when it starts.

Options:
  --nodes N    number of nodes ($MIN_NODES-$MAX_NODES, default $DEFAULT_NODES)
  --install    first install the missing packages with apt-get (docker.io busybox-static tcpdump
               iproute2 iptables jq util-linux)
USAGE
}

down_usage() {
  cat <<USAGE
Usage: ./canvas lab down

Removes everything the lab made: leaves the swarm, stops each dockerd by the PID it recorded, stops
leftover lab containerd/shim/container processes, unmounts what is mounted under $LAB_DIR, deletes the
namespaces ${NETNS_PREFIX}*, the links cvlab-* and the bridge $BRIDGE, the iptables rules commented
'$FW_COMMENT', and $LAB_DIR. Faults made by 'lab fault' are undone first. Idempotent; works after a crash or an interrupted 'lab up'.
USAGE
}

docker_usage() {
  cat <<USAGE
Usage: ./canvas lab docker NODE ARGS...

Runs the docker CLI against the daemon of NODE (node1..nodeN, or just the number), e.g.
  ./canvas lab docker node1 node ls
  ./canvas lab docker node2 ps
  ./canvas lab docker node1 network inspect $OVERLAY_NETWORK
'docker pull' is refused: the lab never uses a registry.
USAGE
}

restart_docker_usage() {
  cat <<USAGE
Usage: ./canvas lab restart-docker NODE

Restarts the dockerd of NODE (node1..nodeN, or just the number), to see how the agents and the swarm
recover: sends SIGTERM to the PID the lab recorded (its containers stop with it, which can take 10s or
more), waits for it to exit, then starts it again exactly as 'lab up' does (same namespace, hostname,
data-root, exec-root, socket, offline setting) and records the new PID. The swarm then restarts the
node's tasks by itself. Says how long the daemon was away.
USAGE
}

cmd_restart_docker() {
  (($# == 1)) || die "which node? e.g. node2 (see ./canvas lab restart-docker --help)"
  local node=${1#node}
  require_root
  require_lab
  require_int NODE "$node" 1 "$(lab_nodes)"
  node_restart_dockerd "$node"
}

wants_help() {
  local arg
  for arg in "$@"; do
    [[ $arg == -h || $arg == --help ]] && return 0
  done
  return 1
}

REQUIRED_COMMANDS=(ip iptables nsenter unshare dockerd docker containerd runc jq tar chroot timeout)

# Each missing command with the Debian package that provides it.
missing_packages() {
  local cmd
  for cmd in "${REQUIRED_COMMANDS[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 && continue
    case $cmd in
      ip) echo "iproute2" ;;
      iptables) echo "iptables" ;;
      nsenter | unshare) echo "util-linux" ;;
      dockerd | docker | containerd | runc) echo "docker.io" ;;
      jq) echo "jq" ;;
      *) echo "coreutils" ;;
    esac
  done | sort -u
  [[ -x ${BUSYBOX:-/bin/busybox} ]] || echo "busybox-static"
}

install_packages() {
  command -v apt-get >/dev/null 2>&1 || die "--install needs apt-get (Debian/Ubuntu); install the packages by hand"
  say "installing docker.io busybox-static tcpdump iproute2 iptables jq util-linux with apt-get"
  apt-get update -q || die "apt-get update failed (see above)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    docker.io busybox-static tcpdump iproute2 iptables jq util-linux ||
    die "apt-get install failed (see above)"
  say "note: the docker.io package may start a dockerd on the host; the lab does not use it"
}

check_prerequisites() {
  require_root
  local missing
  missing=$(missing_packages | tr '\n' ' ')
  [[ -z $missing ]] ||
    die "missing packages: $missing- install them with: apt-get install -y $missing(or run: ./canvas lab up --install)"
  command -v tcpdump >/dev/null 2>&1 || warn "tcpdump is not installed: 'lab capture' will not work (apt-get install -y tcpdump)"
  underlay_check_unrouted
  underlay_check_kernel
}

# Anything left from an earlier lab blocks a new one: mixing two labs' pieces breaks both.
refuse_stale_lab() {
  if [[ -e $LAB_DIR && ! -f $LAB_MARKER && -n $(ls -A "$LAB_DIR" 2>/dev/null) ]]; then
    die "$LAB_DIR exists and was not made by the lab: set CANVAS_LAB_DIR to a new directory"
  fi
  local found=() netns rules
  lab_exists && found+=("state file $STATE_FILE")
  [[ -f $LAB_MARKER ]] && ! lab_exists && found+=("directory $LAB_DIR")
  ip link show "$BRIDGE" >/dev/null 2>&1 && found+=("bridge $BRIDGE")
  # Whole output first, then matched: `... | grep -q` is a false "no" under pipefail when grep exits
  # at its first match and the writer then dies of SIGPIPE.
  netns=$(ip netns list)
  [[ $'\n'$netns == *$'\n'"$NETNS_PREFIX"* ]] && found+=("namespaces ${NETNS_PREFIX}*")
  rules=$(iptables -w -S FORWARD 2>/dev/null)
  [[ $rules == *"--comment $FW_COMMENT"* ]] && found+=("iptables rule '$FW_COMMENT'")
  ((${#found[@]} == 0)) && return 0
  local joined
  joined=$(printf '%s, ' "${found[@]}")
  die "a lab (or what is left of one) is already here: ${joined%, }. Run ./canvas lab down first."
}

cmd_up() {
  local nodes=$DEFAULT_NODES install=no
  while (($# > 0)); do
    case $1 in
      --nodes)
        (($# >= 2)) || die "--nodes needs a number"
        nodes=$2
        shift 2
        ;;
      --install)
        install=yes
        shift
        ;;
      *) die "unknown option for up: $1 (see ./canvas lab up --help)" ;;
    esac
  done
  require_int --nodes "$nodes" "$MIN_NODES" "$MAX_NODES"
  require_root
  # shellcheck disable=SC2034 # read by step() in common.sh
  STEPS=7
  step "checking prerequisites"
  [[ $install == yes ]] && install_packages
  check_prerequisites
  refuse_stale_lab

  mkdir -p "$LAB_DIR" "$LAB_DIR/docker-config" || die "cannot create $LAB_DIR"
  : >"$LAB_MARKER"
  UP_IN_PROGRESS=yes
  state_add phase starting
  state_add nodes "$nodes"
  if ipvs_available; then
    state_add publish ingress
  else
    state_add publish host
    say "      IPVS is not available in this kernel (no ip_vs): the swarm routing mesh and service VIPs"
    say "      cannot work here. Port $PUBLISHED_PORT is published in host mode on node2 instead, and services"
    say "      use DNS round robin (--endpoint-mode dnsrr)."
  fi

  step "creating the underlay: bridge $BRIDGE, $nodes node namespaces and $OUTSIDE_NETNS on $UNDERLAY_CIDR"
  underlay_create "$nodes"
  step "starting $nodes dockerd (one per node namespace)"
  nodes_start "$nodes"
  step "making image $IMAGE from $BUSYBOX and loading it on every node"
  images_make "$nodes"
  step "forming the swarm: node1 manager, $((nodes - 1)) worker(s)"
  swarm_form "$nodes"
  step "deploying $OVERLAY_NETWORK, web (node2, port $PUBLISHED_PORT), db (node3) and client (node1)"
  stack_deploy
  state_add phase ready
  UP_IN_PROGRESS=no
  step "lab is up in $(elapsed)"
  say ""
  say "  nodes:    $(for ((i = 1; i <= nodes; i++)); do printf '%s=%s ' "$(node_name "$i")" "$(node_ip "$i")"; done)"
  say "  outside:  $OUTSIDE_NETNS=$OUTSIDE_IP (try: nsenter --net=/run/netns/$OUTSIDE_NETNS busybox nc $(node_ip 2) $PUBLISHED_PORT)"
  say "  next:     ./canvas lab status | ./canvas lab traffic | ./canvas lab capture --out DIR | ./canvas lab down"
}

cmd_docker() {
  (($# >= 1)) || die "which node? (see ./canvas lab docker --help)"
  local node=${1#node}
  shift
  require_root
  require_lab
  require_int NODE "$node" 1 "$(lab_nodes)"
  [[ ${1:-} == pull ]] && die "the lab never pulls images: it has no registry (images are made locally)"
  dk "$node" "$@"
}

# `--vm` anywhere, or the `vm` command: the VM lab (deploy/lab/vm/lab-vm.sh) runs the command in its guest.
dispatch_vm() {
  local args=() arg vm=no
  [[ ${1:-} == vm ]] && vm=yes
  for arg in "$@"; do
    if [[ $arg == --vm ]]; then vm=yes; else args+=("$arg"); fi
  done
  [[ $vm == yes ]] || return 0
  if wants_help "${args[@]:1}"; then
    "$LAB_HOME/vm/lab-vm.sh" --help
    exit 0
  fi
  exec "$LAB_HOME/vm/lab-vm.sh" "${args[@]}"
}

main() {
  dispatch_vm "$@"
  validate_lab_dir
  require_int CANVAS_LAB_WAIT_SCALE "$WAIT_SCALE" 1 20
  local cmd=${1:-help}
  (($# > 0)) && shift
  case $cmd in
    up) if wants_help "$@"; then up_usage; else cmd_up "$@"; fi ;;
    down) if wants_help "$@"; then down_usage; else lab_down; fi ;;
    status) if wants_help "$@"; then status_usage; else cmd_status "$@"; fi ;;
    traffic) if wants_help "$@"; then traffic_usage; else cmd_traffic "$@"; fi ;;
    capture) if wants_help "$@"; then capture_usage; else cmd_capture "$@"; fi ;;
    fault) if wants_help "$@"; then fault_usage; else cmd_fault "$@"; fi ;;
    docker) if [[ ${1:-} == -h || ${1:-} == --help ]]; then docker_usage; else cmd_docker "$@"; fi ;;
    restart-docker) if wants_help "$@"; then restart_docker_usage; else cmd_restart_docker "$@"; fi ;;
    help | -h | --help) usage ;;
    *)
      printf 'lab: unknown command %s\n\n' "'$cmd'" >&2
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"

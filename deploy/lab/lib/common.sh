# shellcheck shell=bash disable=SC2034 # the settings here are used by the other lab files
# Settings, naming, state file and small helpers shared by every lab subcommand (sourced by lab.sh).

# One directory holds everything the lab keeps on disk: the state file, each node's data-root,
# exec-root, socket, pidfile and logs, and the demo image. Override with CANVAS_LAB_DIR.
LAB_DIR=${CANVAS_LAB_DIR:-/var/lib/docker-canvas-lab}
# Every wait (dockerd answering, nodes Ready, tasks running, tcpdump listening) times this factor: a
# slow machine, such as the VM lab's software-emulated guest, sets CANVAS_LAB_WAIT_SCALE (1-20).
WAIT_SCALE=${CANVAS_LAB_WAIT_SCALE:-1}
STATE_FILE="$LAB_DIR/lab.state"
# Written first by `lab up`: `lab down` deletes a directory only when it carries this marker.
LAB_MARKER="$LAB_DIR/.docker-canvas-lab"

# The lab's own names: nothing else on this machine uses them, so `lab down` may remove them.
BRIDGE=cvlab0
NETNS_PREFIX=canvas-lab-
OUTSIDE_NETNS=canvas-lab-outside
OUTSIDE_VETH=cvlab-out
FW_COMMENT=docker-canvas-lab

# The underlay: documentation range, never routed by this machine (checked before use).
UNDERLAY_NET=198.51.100
UNDERLAY_CIDR=198.51.100.0/24
OUTSIDE_IP=198.51.100.100

IMAGE=docker-canvas-lab/busybox:1
OVERLAY_NETWORK=wordpress_net
PUBLISHED_PORT=8001
DEFAULT_NODES=3
MIN_NODES=3
MAX_NODES=5

node_name() { echo "node$1"; }
node_netns() { echo "${NETNS_PREFIX}node$1"; }
node_veth() { echo "cvlab-n$1"; }
node_ip() { echo "$UNDERLAY_NET.1$1"; }
node_dir() { echo "$LAB_DIR/node$1"; }
netns_file() { echo "/run/netns/$1"; }

START_SECONDS=$SECONDS

say() { printf '%s\n' "$*"; }
warn() { printf 'lab: warning: %s\n' "$*" >&2; }
# Set while `lab up` builds: a failure then also says how to remove the half-built lab.
UP_IN_PROGRESS=no
die() {
  printf 'lab: error: %s\n' "$*" >&2
  [[ $UP_IN_PROGRESS == no ]] || printf 'lab: what lab up made so far is recorded in %s: remove it with ./canvas lab down\n' "$STATE_FILE" >&2
  exit 1
}
# Run a step that must work; the lab stops with the failing command named (no set -e in the lab:
# its cleanup code relies on commands that may fail).
must() {
  "$@" || die "failed: $*"
}
elapsed() { echo "$((SECONDS - START_SECONDS))s"; }

# Progress line of a multi-step command: "[2/7] creating the underlay ... (3s)".
STEP=0
STEPS=0
step() {
  STEP=$((STEP + 1))
  printf '[%d/%d] %s (%s)\n' "$STEP" "$STEPS" "$*" "$(elapsed)"
}

require_root() {
  [[ $(id -u) == 0 ]] || die "the lab needs root (network namespaces, bridges, dockerd): run it with sudo"
}

# Positive integer within [min, max], or a clear error naming the option.
require_int() {
  local name=$1 value=$2 min=$3 max=$4
  if [[ ! $value =~ ^[0-9]+$ ]] || ((value < min || value > max)); then
    die "$name must be a whole number from $min to $max (got '$value')"
  fi
}

# --- state file: one "key value..." line per thing the lab made, appended before it is made ---

state_add() {
  printf '%s\n' "$*" >>"$STATE_FILE"
}

# Values of every line with this key (one line each, key removed).
state_values() {
  [[ -f $STATE_FILE ]] || return 0
  awk -v key="$1" '$1 == key { sub("^[^ ]+ ?", ""); print }' "$STATE_FILE"
}

state_get() { state_values "$1" | tail -n 1; }

lab_exists() { [[ -f $STATE_FILE ]]; }

require_lab() {
  lab_exists || die "no lab is running (no state file $STATE_FILE): start one with ./canvas lab up"
  [[ $(state_get phase) == ready ]] ||
    die "the lab is not ready (lab up did not finish): run ./canvas lab down, then ./canvas lab up"
  require_daemons
}

lab_nodes() { state_get nodes; }

# Every node's dockerd must still run: a lab with a dead daemon gives confusing answers.
require_daemons() {
  local n pid
  while read -r n pid; do
    pid_is_lab_process "$pid" ||
      die "dockerd of $(node_name "$n") (PID $pid) is not running (log: $(node_dir "$n")/dockerd.log): run ./canvas lab down, then ./canvas lab up"
  done < <(state_values dockerd)
}

# --- talking to one node's dockerd ---

# The docker CLI against node N's own socket, isolated from the user's docker config and context.
dk() {
  dk_within 0 "$@"
}

# Same, given up after SECONDS (0: no limit); teardown uses it so a stuck daemon cannot hang it.
dk_within() {
  local seconds=$1 n=$2
  shift 2
  timeout "$seconds" env -u DOCKER_CONTEXT -u DOCKER_TLS_VERIFY -u DOCKER_CERT_PATH \
    DOCKER_HOST="unix://$(node_dir "$n")/docker.sock" DOCKER_CONFIG="$LAB_DIR/docker-config" \
    DOCKER_CLI_HINTS=false docker "$@"
}

# Run a command inside a network namespace file, keeping the host mount namespace so the
# namespace files dockerd keeps under its exec-root stay visible.
in_netns() {
  local file=$1
  shift
  nsenter --net="$file" "$@"
}

# Wait until a command succeeds, or fail after a timeout with the given message.
wait_for() {
  local seconds=$(($1 * WAIT_SCALE)) what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "timed out after ${seconds}s waiting for $what"
    sleep 0.3
  done
}

# Is this PID alive and really a daemon of this lab: a docker/containerd program whose command
# line names the lab directory or a lab containerd namespace? Guards against killing an unrelated process, e.g. one that
# reused a recorded PID after a reboot, or someone's `tail -f` of a lab log.
pid_is_lab_process() {
  local pid=$1 comm
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  # read, not cat: teardown calls this for every process on the machine
  read -r comm 2>/dev/null <"/proc/$pid/comm" || return 1
  [[ $comm =~ ^(dockerd|containerd|containerd-shim.*|docker-proxy|runc)$ ]] || return 1
  # Read whole, then matched: `tr | grep -q` fails under pipefail when grep exits before tr has written.
  local cmdline
  cmdline=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || return 1
  [[ $cmdline == *"$LAB_DIR/"* || $cmdline == *" -namespace ${NETNS_PREFIX}node"[0-9]* ]]
}

# Does the kernel offer IPVS (needed by the swarm routing mesh and service VIPs)? Checked without
# loading anything: the module is loaded, or built and loadable by dockerd.
ipvs_available() {
  [[ -e /proc/net/ip_vs || -d /sys/module/ip_vs ]] && return 0
  command -v modinfo >/dev/null 2>&1 && modinfo ip_vs >/dev/null 2>&1
}

# The lab directory is removed by `lab down`: insist on a plain absolute path of its own.
validate_lab_dir() {
  [[ $LAB_DIR =~ ^/[A-Za-z0-9._/-]+$ && $LAB_DIR != *..* ]] ||
    die "CANVAS_LAB_DIR must be an absolute path of letters, digits and ._/- (got '$LAB_DIR')"
  local depth
  depth=$(tr -cd / <<<"${LAB_DIR%/}" | wc -c)
  ((depth >= 2)) || die "CANVAS_LAB_DIR must be at least two levels deep, e.g. /var/lib/docker-canvas-lab (got '$LAB_DIR')"
}

#!/usr/bin/env bash
# `./canvas lab COMMAND --vm`: the same lab, run inside the VM lab's guest (a stock Debian 13 kernel
# with IPVS, Docker 26): builds the image once, boots the guest, and hands the command to the lab
# script inside it. Captures come back to the host through the /io share.
set -euo pipefail

VM_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=vm-common.sh
source "$VM_HOME/vm-common.sh"
RUN="$VM_HOME/run.sh"

usage() {
  cat <<USAGE
Usage: ./canvas lab COMMAND --vm [OPTIONS]

The lab inside a QEMU guest with Debian 13's own kernel (IPVS: the swarm routing mesh and service
VIPs work) and Docker 26, software emulation, no network device. Every lab command takes --vm:

  up --vm [--nodes N]    Build the guest image if it is not cached (deploy/lab/vm/build.sh: a few
                         minutes, downloads Debian packages once), boot the guest, then 'lab up' in it.
  status|traffic|fault|docker|restart-docker --vm ...
                         The lab command, run in the guest.
  capture --vm --out DIR [OPTIONS]
                         'lab capture' in the guest; the recording is moved to DIR on this machine.
  down --vm              'lab down' in the guest, then stop the guest. Safe twice and after a crash:
                         leaves no qemu process and nothing mounted.
  vm build|status|check|console|clean
                         The guest itself: build the image, is it running, prove kernel/IPVS/Docker,
                         its console, delete the cached image ($VM_DIR).

Needs root. The image lives in $VM_DIR (CANVAS_VM_DIR moves it).
USAGE
}

# Whole output first: `status | grep -q` would fail under pipefail when grep stops reading early.
guest_running() {
  local status
  status=$("$RUN" status 2>/dev/null) || return 1
  [[ $status == *"guest: running"* ]]
}

ensure_guest() {
  if ! cache_complete; then
    say "vm: the guest image is not built yet: building it now (once; deploy/lab/vm/build.sh)"
    "$VM_HOME/build.sh"
  fi
  guest_running || "$RUN" up
}

require_guest() {
  guest_running || die "the VM lab's guest is not running: start it with ./canvas lab up --vm"
}

cmd_capture() {
  local out="" args=() name
  while (($#)); do
    case $1 in
      --out)
        (($# >= 2)) || die "--out needs a directory"
        out=$2
        shift 2
        ;;
      *)
        args+=("$1")
        shift
        ;;
    esac
  done
  [[ -n $out ]] || die "capture needs --out DIR (see ./canvas lab capture --help)"
  if [[ -e $out && -n $(ls -A "$out" 2>/dev/null) ]]; then
    die "$out is not empty: give capture a new or empty directory, it does not overwrite files"
  fi
  require_guest
  name="capture-$(date +%Y%m%d-%H%M%S)-$$"
  # The guest writes to its /io share, which is $IO_DIR/out here.
  "$RUN" lab capture --out "/io/out/$name" "${args[@]}"
  mkdir -p "$out"
  # cp then rm rather than mv: DIR may be on another file system than the VM directory
  cp -a "$IO_DIR/out/$name/." "$out/"
  rm -rf "$IO_DIR/out/${name:?}"
  say "vm: the recording is in $out"
}

cmd_down() {
  if guest_running; then
    "$RUN" lab down || warn "'lab down' in the guest failed; stopping the guest anyway (its lab goes with it)"
  fi
  "$RUN" down
}

cmd_vm() {
  local verb=${1:-}
  (($#)) && shift
  case $verb in
    build) exec "$VM_HOME/build.sh" "$@" ;;
    status | check | console | clean) exec "$RUN" "$verb" ;;
    "" | -h | --help) usage ;;
    *)
      printf "vm: error: unknown vm command '%s' (build, status, check, console, clean)\n" "$verb" >&2
      exit 2
      ;;
  esac
}

main() {
  local cmd=${1:-}
  (($#)) && shift
  case $cmd in
    "" | -h | --help | help) usage ;;
    up)
      require_root
      ensure_guest
      "$RUN" lab up "$@"
      ;;
    down) require_root && cmd_down ;;
    capture) require_root && cmd_capture "$@" ;;
    status | traffic | fault | docker | restart-docker)
      require_root
      require_guest
      "$RUN" lab "$cmd" "$@"
      ;;
    vm) cmd_vm "$@" ;;
    *)
      printf "vm: error: unknown lab command '%s' (see ./canvas lab --help)\n" "$cmd" >&2
      exit 2
      ;;
  esac
}

main "$@"

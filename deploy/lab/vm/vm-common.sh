# shellcheck shell=bash disable=SC2034 # the settings here are used by build.sh and run.sh
# Settings and small helpers shared by the VM lab's scripts (sourced by build.sh and run.sh).

# The VM lab keeps everything in a directory of its own, apart from the host lab's
# (/var/lib/docker-canvas-lab): the host lab's 'lab up' refuses a directory it did not make and its
# 'lab down' deletes its whole directory.
VM_DIR=${CANVAS_VM_DIR:-/var/lib/docker-canvas-vm}
# Written first by build.sh and run.sh: a directory without it is not the VM lab's.
VM_MARKER="$VM_DIR/.docker-canvas-lab-vm"
# One running guest: its pid file, console log, copy-on-write disk and monitor socket.
RUN_DIR="$VM_DIR/run"
# The read-write share: commands in (cmd/), their output and exit codes back, files out (out/).
IO_DIR="$VM_DIR/io"

START_SECONDS=$SECONDS

say() { printf '%s\n' "$*"; }
warn() { printf 'vm: warning: %s\n' "$*" >&2; }
die() {
  printf 'vm: error: %s\n' "$*" >&2
  exit 1
}
elapsed() { echo "$((SECONDS - START_SECONDS))s"; }

# Progress line of a multi-step command: "[2/6] debootstrap ... (3s)".
STEP=0
STEPS=0
step() {
  STEP=$((STEP + 1))
  printf '[%d/%d] %s (%s)\n' "$STEP" "$STEPS" "$*" "$(elapsed)"
}

require_root() {
  [[ $(id -u) == 0 ]] || die "the VM lab needs root (debootstrap, chroot, qemu's 9p share): run it with sudo"
}

# The VM directory is emptied by the scripts: insist on a plain absolute path at least two levels deep.
validate_vm_dir() {
  [[ $VM_DIR =~ ^/[A-Za-z0-9._/-]+$ && $VM_DIR != *..* ]] ||
    die "CANVAS_VM_DIR must be an absolute path of letters, digits and ._/- (got '$VM_DIR')"
  local depth
  depth=$(tr -cd / <<<"${VM_DIR%/}" | wc -c)
  ((depth >= 2)) || die "CANVAS_VM_DIR must be at least two levels deep, e.g. /var/lib/docker-canvas-vm (got '$VM_DIR')"
}

cache_complete() {
  [[ -s $VM_DIR/disk.img && -s $VM_DIR/vmlinuz && -s $VM_DIR/initrd.img && -s $VM_DIR/build.info ]]
}

#!/usr/bin/env bash
# Boots, drives and stops the VM lab's guest (issue 13): Debian 13's stock kernel and Docker 26 under
# QEMU in software emulation, with no network device at all, files in and out through 9p shares.
set -euo pipefail

VM_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=vm-common.sh
source "$VM_HOME/vm-common.sh"

# The project checkout the guest sees read-only at /canvas.
CHECKOUT=$(cd "$VM_HOME/../../.." && pwd)
PID_FILE="$RUN_DIR/qemu.pid"
CONSOLE_LOG="$RUN_DIR/console.log"
OVERLAY="$RUN_DIR/disk.qcow2"
VM_CPUS=${CANVAS_VM_CPUS:-2}
VM_MEMORY=${CANVAS_VM_MEMORY:-4096}
# Nehalem (x86-64-v2: SSE4.2, POPCNT, no AVX) rather than -cpu max: max exposes the AVX/AVX2 translation
# that QEMU 7.2's TCG gained in that release, and the guest's JVM (whose intrinsics use AVX2 when they
# see it) died with SIGABRT under it once in three VmLabIT runs. Debian 13 and Docker 26 need only x86-64.
VM_CPU=${CANVAS_VM_CPU:-Nehalem}
# Not niced by default: at nice 10 the guest got about a tenth of a core beside two builds, and
# dockerd inside it gave up on its containerd ("timeout waiting for containerd to start").
VM_NICE=${CANVAS_VM_NICE:-0}

usage() {
  cat <<USAGE
Usage: deploy/lab/vm/run.sh COMMAND [OPTIONS]

Runs the VM lab's guest, built by deploy/lab/vm/build.sh and cached in $VM_DIR.

Commands:
  up [--timeout S]        Boot the guest (qemu-system-x86_64, software emulation, -cpu $VM_CPU -smp $VM_CPUS -m $VM_MEMORY,
                          at nice $VM_NICE) and wait until it answers (default: 300 s). Each boot
                          starts from the cached image through a throwaway copy-on-write disk.
  exec [--timeout S] [--] COMMAND...
                          Run COMMAND with bash in the guest (as root, in /root); prints its output
                          (stdout and stderr, as it comes) and exits with its exit code. Default
                          time limit: 3600 s; the guest stops the command after it (exit code 124).
  check                   The proof: kernel, ip_vs, Docker 26 started offline, docker version.
  lab ARGS...             The host lab's own script inside the guest: exec /canvas/deploy/lab/lab.sh ARGS
                          (CANVAS_LAB_WAIT_SCALE, default 4 here: every wait of the lab 4 times as long)
                          (e.g. run.sh lab up, run.sh lab traffic, run.sh lab down).
  status                  Is the guest running; the build's figures.
  console                 The guest's serial console so far.
  down                    Stop qemu by the PID it recorded, remove the run directory. Safe to run
                          twice and after a crash; leaves no qemu process and no mount.
  clean                   down, then delete the cached image ($VM_DIR) too.

The guest has no network device (-nic none): it can reach nothing but itself. It sees this checkout
read-only at /canvas ($CHECKOUT) and $IO_DIR read-write at /io
(commands in /io/cmd, files out in /io/out). Needs root. Environment: CANVAS_VM_DIR (default
/var/lib/docker-canvas-vm, apart from the host lab's directory), CANVAS_VM_CPU (QEMU CPU model), CANVAS_VM_CPUS,
CANVAS_VM_MEMORY (MiB), CANVAS_VM_NICE (qemu's niceness).
USAGE
}

# The PID of our qemu, if it runs: from its pid file, confirmed by its command line naming our disk.
qemu_pid() {
  local pid
  [[ -f $PID_FILE ]] || return 1
  read -r pid <"$PID_FILE" 2>/dev/null || return 1
  is_our_qemu "$pid" && echo "$pid"
}

is_our_qemu() {
  local pid=$1 comm
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  read -r comm 2>/dev/null <"/proc/$pid/comm" || return 1
  [[ $comm == qemu-system-x86* ]] || return 1
  # Read whole, then matched: `tr | grep -q` fails under pipefail when grep exits before tr has written
  # (a CI run saw "the guest stopped while running the command" with the guest running).
  local cmdline
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"file=$OVERLAY,"* ]]
}

# After a crash of run.sh the pid file may be missing: find qemu processes started on our disk.
stray_qemu_pids() {
  local dir pid
  for dir in /proc/[0-9]*; do
    pid=${dir#/proc/}
    is_our_qemu "$pid" && echo "$pid"
  done
  return 0
}

cmd_up() {
  local limit=300
  while (($#)); do
    case $1 in
      --timeout) limit=${2:?--timeout needs seconds}; shift ;;
      *) die "unknown option '$1' (see run.sh --help)" ;;
    esac
    shift
  done
  [[ $VM_NICE =~ ^-?[0-9]+$ ]] || die "CANVAS_VM_NICE must be a number (got '$VM_NICE')"
  [[ $VM_CPU =~ ^[A-Za-z0-9_.,+=-]+$ ]] || die "CANVAS_VM_CPU must be a QEMU CPU model such as Nehalem (got '$VM_CPU')"
  [[ $limit =~ ^[0-9]+$ ]] || die "--timeout needs a whole number of seconds (got '$limit')"
  require_root
  validate_vm_dir
  cache_complete || die "no VM image in $VM_DIR: build it first with deploy/lab/vm/build.sh"
  command -v qemu-system-x86_64 >/dev/null || die "no qemu-system-x86_64: apt-get install -y qemu-system-x86"
  command -v qemu-img >/dev/null || die "no qemu-img: apt-get install -y qemu-utils"
  if qemu_pid >/dev/null || [[ -n $(stray_qemu_pids) ]]; then
    die "the guest is already running (deploy/lab/vm/run.sh down stops it)"
  fi
  STEPS=3
  step "fresh run directory and copy-on-write disk over $VM_DIR/disk.img"
  rm -rf "$RUN_DIR" "$IO_DIR/cmd"
  rm -f "$IO_DIR/ready"
  mkdir -p "$RUN_DIR" "$IO_DIR/cmd" "$IO_DIR/out"
  qemu-img create -q -f qcow2 -b "$VM_DIR/disk.img" -F raw "$OVERLAY"

  step "starting qemu (software emulation, no network device, shares /canvas and /io)"
  local started=$SECONDS
  # Safety: -nic none gives the guest no network device at all (no user-mode NAT, no tap).
  # cache=unsafe: the overlay is thrown away by `down`, so nothing needs flushing to it.
  setsid nice -n "$VM_NICE" qemu-system-x86_64 \
    -name canvas-vm -accel tcg -machine pc -cpu "$VM_CPU" -smp "$VM_CPUS" -m "$VM_MEMORY" \
    -nographic -serial "file:$CONSOLE_LOG" -monitor none -parallel none \
    -nic none -no-reboot \
    -kernel "$VM_DIR/vmlinuz" -initrd "$VM_DIR/initrd.img" \
    -append "console=ttyS0 root=/dev/vda rw init=/usr/local/sbin/canvas-vm-init panic=-1" \
    -drive "file=$OVERLAY,if=virtio,format=qcow2,cache=unsafe" \
    -virtfs "local,path=$CHECKOUT,mount_tag=canvas,security_model=none,readonly=on" \
    -virtfs "local,path=$IO_DIR,mount_tag=io,security_model=none" \
    -pidfile "$PID_FILE" \
    </dev/null >"$RUN_DIR/qemu.log" 2>&1 &

  step "waiting for the guest to answer (at most ${limit}s)"
  while [[ ! -f $IO_DIR/ready ]]; do
    if ! kill -0 $! 2>/dev/null; then
      die "qemu exited during boot: $(tail -5 "$RUN_DIR/qemu.log" | tr '\n' ' ') (console: $CONSOLE_LOG)"
    fi
    if ((SECONDS - started > limit)); then
      die "the guest did not answer within ${limit}s; see $CONSOLE_LOG; stop it with run.sh down"
    fi
    sleep 0.5
  done
  local guest_uptime
  guest_uptime=$(sed -n 's/^uptime_seconds=//p' "$IO_DIR/ready")
  say "guest up: $((SECONDS - started))s from starting qemu (guest's own uptime ${guest_uptime}s), qemu PID $(qemu_pid)"
}

cmd_exec() {
  local limit=3600
  while (($#)); do
    case $1 in
      --timeout) limit=${2:?--timeout needs seconds}; shift ;;
      --) shift; break ;;
      *) break ;;
    esac
    shift
  done
  [[ $limit =~ ^[0-9]+$ ]] || die "--timeout needs a whole number of seconds (got '$limit')"
  (($#)) || die "exec needs a command, e.g. run.sh exec uname -r"
  require_root
  qemu_pid >/dev/null || die "the guest is not running (run.sh up; after a crash, run.sh console shows why)"
  [[ -f $IO_DIR/ready ]] || die "the guest has not finished booting"

  local id="$$-$RANDOM" cmd_dir="$IO_DIR/cmd"
  echo "$limit" >"$cmd_dir/$id.timeout"
  # The command words are quoted for bash, so they arrive as they were given here.
  printf '%q ' "$@" >"$cmd_dir/$id.tmp"
  echo >>"$cmd_dir/$id.tmp"
  mv "$cmd_dir/$id.tmp" "$cmd_dir/$id.sh"

  # Print the output as it grows; the exit code file appears only after the output is complete.
  local shown=0 size finished rc
  while :; do
    finished=no
    [[ -f $cmd_dir/$id.rc ]] && finished=yes
    size=$(stat -c %s "$cmd_dir/$id.out" 2>/dev/null || echo 0)
    if ((size > shown)); then
      tail -c "+$((shown + 1))" "$cmd_dir/$id.out" | head -c "$((size - shown))"
      shown=$size
    fi
    [[ $finished == yes ]] && break
    if ! qemu_pid >/dev/null; then
      rm -f "$cmd_dir/$id".*
      die "the guest stopped while running the command; qemu said: $(tail -3 "$RUN_DIR/qemu.log" 2>/dev/null | tr '\n' ' ')" \
        "the console's end: $(tail -5 "$CONSOLE_LOG" 2>/dev/null | tr '\n' ' ')"
    fi
    sleep 0.3
  done
  read -r rc <"$cmd_dir/$id.rc"
  rm -f "$cmd_dir/$id".*
  return "$rc"
}

cmd_check() {
  cmd_exec --timeout 600 bash /canvas/deploy/lab/vm/guest/check.sh
}

cmd_status() {
  local pid
  if pid=$(qemu_pid); then
    say "guest: running, qemu PID $pid, since $(ps -o lstart= -p "$pid")"
  else
    say "guest: not running"
  fi
  if cache_complete; then
    say "image: $VM_DIR"
    sed 's/^/  /' "$VM_DIR/build.info"
  else
    say "image: not built (deploy/lab/vm/build.sh)"
  fi
}

cmd_down() {
  require_root
  validate_vm_dir
  local pids pid waited
  pids=$( (qemu_pid || true; stray_qemu_pids) | sort -u)
  for pid in $pids; do
    kill -TERM "$pid" 2>/dev/null || continue
    waited=0
    while is_our_qemu "$pid" && ((waited < 20)); do
      sleep 0.5
      waited=$((waited + 1))
    done
    if is_our_qemu "$pid"; then
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
    fi
    say "stopped qemu PID $pid"
  done
  # qemu mounts nothing on this machine (9p is served from its own process); the only state is files.
  if [[ -d $RUN_DIR || -d $IO_DIR/cmd || -f $IO_DIR/ready ]]; then
    # The console says why a guest died: kept for the next look (run.sh console reads the live one).
    cp -f "$CONSOLE_LOG" "$VM_DIR/last-console.log" 2>/dev/null || true
    cp -f "$RUN_DIR/qemu.log" "$VM_DIR/last-qemu.log" 2>/dev/null || true
    rm -rf "$RUN_DIR" "$IO_DIR/cmd"
    rm -f "$IO_DIR/ready"
    say "removed $RUN_DIR (files the guest wrote to /io/out stay in $IO_DIR/out)"
  else
    say "nothing to stop: no guest running"
  fi
}

cmd_clean() {
  cmd_down
  [[ -e $VM_DIR ]] || { say "no cached image in $VM_DIR"; return 0; }
  [[ -f $VM_MARKER ]] || die "leaving $VM_DIR in place: it has no $VM_MARKER, so build.sh did not make it"
  rm -rf --one-file-system "$VM_DIR"
  say "removed $VM_DIR"
}

cmd_console() {
  [[ -f $CONSOLE_LOG ]] || die "no console log: the guest has not been started (run.sh up)"
  cat "$CONSOLE_LOG"
}

(($#)) || { usage; exit 2; }
command=$1
shift
case $command in
  -h | --help | help) usage ;;
  up) cmd_up "$@" ;;
  exec) cmd_exec "$@" ;;
  check) cmd_check ;;
  # software emulation: the lab's waits (60 s for a task to run) were short there (2 failed `up` of 7)
  lab) cmd_exec --timeout 3600 env CANVAS_LAB_WAIT_SCALE="${CANVAS_LAB_WAIT_SCALE:-4}" /canvas/deploy/lab/lab.sh "$@" ;;
  status) cmd_status ;;
  console) cmd_console ;;
  down) cmd_down ;;
  clean) cmd_clean ;;
  *) die "unknown command '$command' (see run.sh --help)" ;;
esac

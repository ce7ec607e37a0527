# shellcheck shell=bash
# `lab down`: removes everything the lab made, in an order that works after a crash or a killed
# `lab up`. Every step tolerates pieces that are already gone, so running it twice is fine.

# Node numbers and PIDs of the lab's dockerds: from the state file, else from the pidfiles.
recorded_daemons() {
  {
    state_values dockerd
    local pidfile
    for pidfile in "$LAB_DIR"/node*/docker.pid; do
      [[ -f $pidfile ]] || continue
      local n=${pidfile%/docker.pid}
      echo "${n##*/node} $(cat "$pidfile")"
    done
  } | sort -u
}

# Ask the live daemons to let go of their containers and the swarm, quickly, then stop them by PID.
teardown_daemons() {
  local live=() n pid
  while read -r n pid; do
    [[ -n $pid ]] && pid_is_lab_process "$pid" && live+=("$n:$pid")
  done < <(recorded_daemons)
  ((${#live[@]} > 0)) || return 0
  say "stopping ${#live[@]} lab dockerd(s) ($(elapsed))"
  local entry pids=()
  for entry in "${live[@]}"; do
    n=${entry%%:*}
    # Remove containers first: otherwise each daemon waits for its tasks on shutdown.
    (
      ids=$(dk_within 10 "$n" ps -aq 2>/dev/null)
      # shellcheck disable=SC2086 # one argument per container ID
      [[ -z $ids ]] || dk_within 20 "$n" rm -f $ids >/dev/null 2>&1
      # Workers leave first; the manager leaves below.
      [[ $n == 1 ]] || dk_within 15 "$n" swarm leave --force >/dev/null 2>&1
      true
    ) &
    pids+=($!)
  done
  wait "${pids[@]}" 2>/dev/null
  for entry in "${live[@]}"; do
    [[ ${entry%%:*} == 1 ]] && dk_within 15 1 swarm leave --force >/dev/null 2>&1
  done
  say "leaving the swarm done; stopping the daemons ($(elapsed))"
  for entry in "${live[@]}"; do
    kill -TERM "${entry#*:}" 2>/dev/null
  done
  for entry in "${live[@]}"; do
    await_exit "${entry#*:}" 20 || {
      warn "dockerd PID ${entry#*:} did not stop in 20s; killing it"
      kill -KILL "${entry#*:}" 2>/dev/null
      await_exit "${entry#*:}" 5
    }
  done
  say "daemons stopped ($(elapsed))"
}

# Undo `lab fault`s while the nodes are still there (their namespaces would take the rules and MTU
# with them, but a killed httpd or a lost FDB entry is better restored than left half-made).
teardown_faults() {
  [[ -n $(state_values fault) ]] || return 0
  say "undoing the lab's faults ($(elapsed))"
  faults_clear || warn "some faults could not be undone; the teardown removes what they touched"
}

await_exit() {
  local pid=$1 deadline=$((SECONDS + $2))
  while kill -0 "$pid" 2>/dev/null; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
  return 0
}

# After a crash the daemons are gone but their containerd, shims and containers may not be:
# find them by what only lab processes have (the lab directory on their command line, the
# cgroup of a container the lab's data-roots know) and stop them by PID.
teardown_orphans() {
  local proc pid pids=()
  for proc in /proc/[0-9]*; do
    pid=${proc#/proc/}
    [[ $pid != "$$" && $pid != "$BASHPID" ]] && pid_is_lab_process "$pid" && pids+=("$pid")
  done
  local dir id procs
  for dir in "$LAB_DIR"/node*/data/containers/*/; do
    [[ -d $dir ]] || continue
    id=$(basename "$dir")
    for procs in /sys/fs/cgroup/*/docker/"$id"/cgroup.procs /sys/fs/cgroup/docker/"$id"/cgroup.procs; do
      [[ -r $procs ]] && mapfile -t -O "${#pids[@]}" pids <"$procs"
    done
  done
  ((${#pids[@]} > 0)) || return 0
  # A process sits in one cgroup per controller: count it once.
  mapfile -t pids < <(printf '%s\n' "${pids[@]}" | sort -u -n)
  say "stopping ${#pids[@]} leftover lab process(es) ($(elapsed))"
  kill -TERM "${pids[@]}" 2>/dev/null
  sleep 1
  kill -KILL "${pids[@]}" 2>/dev/null
  for dir in "$LAB_DIR"/node*/data/containers/*/; do
    [[ -d $dir ]] || continue
    id=$(basename "$dir")
    rmdir /sys/fs/cgroup/*/docker/"$id" /sys/fs/cgroup/docker/"$id" 2>/dev/null
  done
  return 0
}

# Mount points under the lab directory (nsfs files of dockerd's namespaces, container root
# filesystems), deepest first.
lab_mounts() {
  awk -v dir="$LAB_DIR/" 'index($5, dir) == 1 { print $5 }' /proc/self/mountinfo | sort -r -u
}

teardown_mounts() {
  local target count=0
  while read -r target; do
    [[ -n $target ]] || continue
    umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || warn "cannot unmount $target"
    count=$((count + 1))
  done < <(lab_mounts)
  ((count == 0)) || say "unmounted $count mount(s) under $LAB_DIR ($(elapsed))"
}

# Namespaces and links: those the state file names, and any other with the lab's own prefixes.
teardown_links() {
  local ns link
  for ns in $( (state_values netns; ip netns list | awk '{ print $1 }' | grep "^$NETNS_PREFIX") | sort -u); do
    ip netns del "$ns" 2>/dev/null && say "deleted namespace $ns ($(elapsed))"
  done
  for link in $( (state_values link; ip -o link show | awk -F': ' '{ print $2 }' | cut -d@ -f1 | grep '^cvlab-') | sort -u); do
    ip link del "$link" 2>/dev/null && say "deleted link $link"
  done
  if ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link del "$BRIDGE" && say "deleted bridge $BRIDGE"
  fi
  return 0
}

# The iptables rules carrying the lab's comment, however many runs added them.
teardown_firewall() {
  local rule
  while read -r rule; do
    [[ -n $rule ]] || continue
    # shellcheck disable=SC2086 # iptables -S prints the rule as words
    iptables -w -D ${rule#-A } && say "removed iptables rule: $rule"
  done < <(iptables -w -S FORWARD 2>/dev/null | grep -- "--comment $FW_COMMENT")
  return 0
}

teardown_directory() {
  [[ -e $LAB_DIR ]] || return 0
  if [[ ! -f $LAB_MARKER ]]; then
    warn "leaving $LAB_DIR in place: it has no $LAB_MARKER, so the lab did not make it"
    return 0
  fi
  if [[ -n $(lab_mounts) ]]; then
    warn "leaving $LAB_DIR in place: something is still mounted under it"
    return 1
  fi
  rm -rf --one-file-system "$LAB_DIR" && say "removed $LAB_DIR ($(elapsed))"
}

lab_down() {
  require_root
  local had_state=no
  lab_exists && had_state=yes
  teardown_faults
  teardown_daemons
  teardown_orphans
  teardown_mounts
  teardown_links
  teardown_firewall
  teardown_directory || die "lab down could not remove everything (see above)"
  if [[ $had_state == yes ]]; then
    say "lab is down ($(elapsed))"
  else
    say "no lab state found; removed any lab leftovers ($(elapsed))"
  fi
}

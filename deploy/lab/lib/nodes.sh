# shellcheck shell=bash
# One dockerd per node namespace, each with its own hostname, data-root, exec-root, socket,
# pidfile and configuration, so nothing is shared with a dockerd the host may run.

# The only environment a lab dockerd gets. DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 keeps swarm
# tasks from resolving images against a registry (lookups from here would leave the lab).
dockerd_environment() {
  echo "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
  echo "DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1"
}

node_start_dockerd() {
  local i=$1 dir
  dir=$(node_dir "$i")
  must mkdir -p "$dir/data" "$dir/exec"
  echo '{}' >"$dir/daemon.json"
  local env_vars
  mapfile -t env_vars < <(dockerd_environment)
  # nsenter --net (not ip netns exec) keeps the host mount namespace: the nsfs files dockerd
  # mounts under its exec-root stay readable from the host. unshare --uts gives the node its name.
  # shellcheck disable=SC2016 # $1 and $@ belong to the inner sh
  nsenter --net="$(netns_file "$(node_netns "$i")")" unshare --uts -- \
    env -i "${env_vars[@]}" sh -c 'hostname "$1" && shift && exec setsid "$@"' sh "$(node_name "$i")" \
    dockerd \
    --config-file "$dir/daemon.json" \
    --data-root "$dir/data" \
    --exec-root "$dir/exec" \
    --host "unix://$dir/docker.sock" \
    --pidfile "$dir/docker.pid" \
    --containerd-namespace "canvas-lab-node$i" \
    --containerd-plugins-namespace "canvas-lab-node$i-plugins" \
    --bridge none \
    --userland-proxy=false \
    --log-level warn \
    >"$dir/dockerd.log" 2>&1 </dev/null &
}

# Wait for node I's daemon to answer, record its PID and check it runs with the offline setting.
node_await_dockerd() {
  local i=$1 dir pid
  dir=$(node_dir "$i")
  local limit=$((40 * WAIT_SCALE))
  local deadline=$((SECONDS + limit))
  until dk "$i" version >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      tail -n 20 "$dir/dockerd.log" >&2
      die "dockerd of $(node_name "$i") did not answer within ${limit}s (log: $dir/dockerd.log)"
    fi
    sleep 0.3
  done
  pid=$(cat "$dir/docker.pid") || die "dockerd of $(node_name "$i") answers but wrote no $dir/docker.pid"
  state_add dockerd "$i" "$pid"
  # Read whole, then matched (a whole line): `tr | grep -q` under pipefail fails when grep exits at
  # its match before tr has written everything, and this check would then stop a good lab.
  local environ
  environ=$(tr '\0' '\n' <"/proc/$pid/environ") || environ=""
  [[ $'\n'$environ$'\n' == *$'\n'DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1$'\n'* ]] ||
    die "dockerd of $(node_name "$i") (PID $pid) runs without DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1; refusing to go on"
}

nodes_start() {
  local nodes=$1 i
  for ((i = 1; i <= nodes; i++)); do
    state_add nodedir "$i" "$(node_dir "$i")"
    node_start_dockerd "$i"
  done
  for ((i = 1; i <= nodes; i++)); do
    node_await_dockerd "$i"
  done
}

# `lab restart-docker`: stop node I's dockerd by its recorded PID (SIGTERM, as a service manager
# would; its containers stop with it) and start it again exactly as `lab up` did.
node_restart_dockerd() {
  local i=$1 pid
  pid=$(state_values dockerd | awk -v n="$i" '$1 == n { p = $2 } END { print p }')
  pid_is_lab_process "$pid" || die "dockerd of $(node_name "$i") (PID ${pid:-?}) is not running: nothing to restart"
  local started=$SECONDS
  say "stopping dockerd of $(node_name "$i") (PID $pid)"
  kill -TERM "$pid" 2>/dev/null
  # dockerd gives each container up to 10s to stop, then itself up to 15s
  await_exit "$pid" 45 || die "dockerd of $(node_name "$i") (PID $pid) did not stop within 45s"
  say "stopped after $((SECONDS - started))s; starting it again"
  # The stopped daemon leaves the state file, so the lab's checks follow the new one.
  must sed -i "/^dockerd $i $pid\$/d" "$STATE_FILE"
  node_start_dockerd "$i"
  node_await_dockerd "$i"
  say "dockerd of $(node_name "$i") is back (PID $(state_values dockerd | awk -v n="$i" '$1 == n { p = $2 } END { print p }')) after $((SECONDS - started))s"
}

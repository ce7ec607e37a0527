#!/bin/bash
# The VM lab's proof, run in the guest by `run.sh check`: the stock Debian 13 kernel, IPVS, and
# Docker 26 started offline. Prints one "check: ..." line per fact and exits non-zero on the first
# one that fails. Leaves nothing running: the dockerd it starts is stopped by its PID.
set -euo pipefail

fail() {
  echo "check: FAILED: $*"
  exit 1
}
interfaces() { find /sys/class/net -mindepth 1 -maxdepth 1 -printf '%f ' | sed 's/ $//'; }
# Devices backed by hardware (a NIC qemu would give the guest): every other one is virtual, made in the
# guest (lo, and the lab's bridge and veths when the lab is up).
hardware_interfaces() {
  local dev
  for dev in /sys/class/net/*; do
    [[ $(readlink -f "$dev") == /sys/devices/virtual/* ]] || printf '%s ' "${dev##*/}"
  done
}

echo "check: kernel $(uname -r) ($(uname -v))"
grep -q '^PRETTY_NAME="Debian GNU/Linux 13' /etc/os-release || fail "not Debian 13: $(grep PRETTY_NAME /etc/os-release)"
echo "check: $(sed -n 's/^PRETTY_NAME=//p' /etc/os-release | tr -d '"')"
echo "check: network interfaces: $(interfaces) (all virtual, made in the guest: qemu -nic none)"
[[ -z $(hardware_interfaces) ]] || fail "the guest has a network device: $(hardware_interfaces)"

modprobe ip_vs || fail "modprobe ip_vs"
modprobe ip_vs_rr || fail "modprobe ip_vs_rr"
[[ -r /proc/net/ip_vs ]] || fail "no /proc/net/ip_vs after modprobe ip_vs"
echo "check: modprobe ip_vs ip_vs_rr: ok; /proc/net/ip_vs answers:"
sed 's/^/  /' /proc/net/ip_vs
echo "check: modules: $(lsmod | awk 'NR>1 && $1 ~ /^(ip_vs|nf_conntrack|libcrc32c|nf_defrag)/ {printf "%s ", $1}')"

# A throwaway dockerd, started like the lab starts its nodes: only PATH and the offline setting
# in its environment, its own directories.
dir=/var/lib/canvas-check
rm -rf "$dir"
mkdir -p "$dir"
start=$(date +%s)
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 \
  setsid dockerd --data-root "$dir/data" --exec-root "$dir/exec" -H "unix://$dir/docker.sock" \
  --pidfile "$dir/docker.pid" >"$dir/dockerd.log" 2>&1 &
pid=$!
stop_dockerd() {
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  kill -KILL "$pid" 2>/dev/null || true
  # containerd started by this dockerd stops with it; anything mounted under the directory goes.
  awk -v d="$dir" 'index($2, d "/") == 1 { print $2 }' /proc/mounts | sort -r | xargs -r -n1 umount -l
}
trap stop_dockerd EXIT
for _ in $(seq 1 300); do
  docker -H "unix://$dir/docker.sock" version >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || fail "dockerd exited: $(tail -5 "$dir/dockerd.log")"
  sleep 0.5
done
docker -H "unix://$dir/docker.sock" version >/dev/null 2>&1 || fail "dockerd did not answer in 150 s: $(tail -5 "$dir/dockerd.log")"
echo "check: dockerd answered $(($(date +%s) - start))s after start (PID $pid)"
server=$(docker -H "unix://$dir/docker.sock" version --format '{{.Server.Version}}')
echo "check: docker version: client $(docker -H "unix://$dir/docker.sock" version --format '{{.Client.Version}}'), server $server, API $(docker -H "unix://$dir/docker.sock" version --format '{{.Server.APIVersion}}')"
[[ $server == 26.* ]] || fail "server is not Docker 26: $server"
environ=$(tr '\0' ' ' <"/proc/$pid/environ")
echo "check: dockerd environment: $environ"
[[ $environ == *DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1* ]] || fail "dockerd lacks DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1"
docker -H "unix://$dir/docker.sock" info --format 'check: docker info: storage {{.Driver}}, cgroup {{.CgroupDriver}} v{{.CgroupVersion}}, security {{.SecurityOptions}}'
echo "check: all good (${SECONDS}s)"

#!/bin/bash
# The VM lab guest's main loop, run as PID 1 by canvas-vm-init (from the image) once the shares are
# mounted: /canvas is the project checkout (read-only), /io the read-write share with the host.
#
# Commands come in as files: the host's run.sh writes /io/cmd/ID.sh (renamed into place, so it is
# complete), this loop renames it to ID.run, runs it with bash and writes ID.out (stdout and stderr)
# and then ID.rc (the exit code; renamed into place after the output is closed), which the host
# waits for. /io/ready says the guest is up.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8
cd /root || cd /

console() { printf 'canvas-vm: %s\n' "$*" >/dev/console; }

hostname canvas-vm
ip link set lo up
# The guest stands for a Docker host, where dockerd turns IPv4 forwarding on in the host's own
# namespace. The lab's dockerds run in node namespaces and set it only there, but each new namespace
# copies ip_forward from the initial one (net.core.devconf_inherit_init_net=0): without this line
# every ingress_sbox gets ip_forward=0 and the routing mesh drops the task's replies (IPVS sees the
# SYN, never the SYN-ACK: connections stay SYN_RECV). No interface here leads anywhere.
sysctl -q -w net.ipv4.ip_forward=1
# No other interface exists (qemu runs with -nic none); say so on the console for the record.
console "network interfaces: $(find /sys/class/net -mindepth 1 -maxdepth 1 -printf '%f ')"

# One command, in the background so that several can run at once. A request may carry
# ID.timeout (seconds); without it a command gets an hour.
run_request() {
  local id=$1 limit=3600
  [[ -f /io/cmd/$id.timeout ]] && read -r limit <"/io/cmd/$id.timeout"
  (
    cd /root || exit 1
    setsid timeout -k 10 "$limit" /bin/bash "/io/cmd/$id.run" </dev/null >"/io/cmd/$id.out" 2>&1
    echo $? >"/io/cmd/$id.rc.tmp"
    mv "/io/cmd/$id.rc.tmp" "/io/cmd/$id.rc"
  ) &
}

mkdir -p /io/cmd /io/out
printf 'uptime_seconds=%s\nkernel=%s\n' "$(cut -d' ' -f1 /proc/uptime)" "$(uname -r)" >/io/ready.tmp
mv /io/ready.tmp /io/ready
console "ready (uptime $(cut -d' ' -f1 /proc/uptime)s, kernel $(uname -r))"

shopt -s nullglob
while :; do
  for req in /io/cmd/*.sh; do
    id=${req##*/}
    id=${id%.sh}
    mv "$req" "/io/cmd/$id.run" && run_request "$id"
  done
  sleep 0.2
done

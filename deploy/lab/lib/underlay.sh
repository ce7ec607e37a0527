# shellcheck shell=bash
# The lab's underlay: one host bridge, a network namespace per node (and one for the outside
# client) joined to it by veth pairs, and the one iptables rule that lets bridged frames pass.

ip_to_int() {
  local a b c d
  IFS=. read -r a b c d <<<"$1"
  echo $(((a << 24) | (b << 16) | (c << 8) | d))
}

# Does PREFIX (a.b.c.d[/len]) overlap the lab underlay 198.51.100.0/24? The default route does not count.
prefix_overlaps_underlay() {
  local prefix=$1 addr len
  addr=${prefix%/*}
  len=32
  [[ $prefix == */* ]] && len=${prefix#*/}
  ((len == 0)) && return 1
  local common=$((len < 24 ? len : 24))
  local mask=$(((0xffffffff << (32 - common)) & 0xffffffff))
  (($(($(ip_to_int "$addr") & mask)) == $(($(ip_to_int "${UNDERLAY_CIDR%/*}") & mask))))
}

# Refuse to use the underlay range when this machine already routes or holds any part of it:
# the lab must never shadow or answer for addresses that belong to someone else.
underlay_check_unrouted() {
  local dst
  while read -r dst; do
    [[ -n $dst && $dst != default ]] || continue
    prefix_overlaps_underlay "$dst" &&
      die "$UNDERLAY_CIDR is already routed on this machine ($dst, see 'ip route show table all'); the lab uses only that range, so it will not start"
  done < <(ip -4 route show table all | awk '{ d = $1; if (d ~ /^(local|broadcast|unicast|multicast|blackhole|unreachable|prohibit|throw|anycast)$/) d = $2; print d }')
  while read -r dst; do
    prefix_overlaps_underlay "$dst" &&
      die "an address in $UNDERLAY_CIDR is already configured on this machine ($dst); the lab will not start"
  done < <(ip -4 -o addr show | awk '{ print $4 }')
  return 0
}

# Turn IPv6 off on one interface of the host (only the lab's own links), so captures carry no
# router solicitations or MLD noise.
disable_ipv6_on_host_link() {
  local knob="/proc/sys/net/ipv6/conf/$1/disable_ipv6"
  [[ -w $knob ]] && echo 1 >"$knob"
  return 0
}

# A namespace on the underlay bridge: veth HOST_IF on the bridge, its peer eth0 in the namespace.
underlay_add_namespace() {
  local ns=$1 host_if=$2 address=$3
  state_add netns "$ns"
  must ip netns add "$ns"
  state_add link "$host_if"
  must ip link add "$host_if" type veth peer name eth0 netns "$ns"
  disable_ipv6_on_host_link "$host_if"
  must ip link set "$host_if" master "$BRIDGE" up
  local file
  file=$(netns_file "$ns")
  must in_netns "$file" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 >/dev/null
  must in_netns "$file" ip link set lo up
  must in_netns "$file" ip addr add "$address/24" dev eth0
  must in_netns "$file" ip link set eth0 up
}

underlay_create() {
  local nodes=$1 i
  state_add bridge "$BRIDGE"
  must ip link add "$BRIDGE" type bridge
  disable_ipv6_on_host_link "$BRIDGE"
  # The bridge gets no address: the host itself stays off the underlay.
  must ip link set "$BRIDGE" up
  for ((i = 1; i <= nodes; i++)); do
    underlay_add_namespace "$(node_netns "$i")" "$(node_veth "$i")" "$(node_ip "$i")"
  done
  underlay_add_namespace "$OUTSIDE_NETNS" "$OUTSIDE_VETH" "$OUTSIDE_IP"
  # Bridged frames pass the host's iptables FORWARD chain (br_netfilter); a host dockerd sets its
  # policy to DROP, which would cut the nodes off from each other.
  local rule=(FORWARD -i "$BRIDGE" -o "$BRIDGE" -m comment --comment "$FW_COMMENT" -j ACCEPT)
  state_add iptables "${rule[*]}"
  must iptables -w -I "${rule[@]}"
}

# Check that the kernel can build what the lab needs, inside a throwaway namespace of the lab's own.
underlay_check_kernel() {
  local ns="${NETNS_PREFIX}probe" missing=()
  ip netns add "$ns" 2>/dev/null || die "cannot create a network namespace (ip netns add): is this a container without CAP_SYS_ADMIN?"
  local file
  file=$(netns_file "$ns")
  in_netns "$file" ip link add probe-br type bridge 2>/dev/null || missing+=("bridge")
  in_netns "$file" ip link add probe-v0 type veth peer name probe-v1 2>/dev/null || missing+=("veth")
  in_netns "$file" ip link add probe-vx type vxlan id 4242 dstport 4789 2>/dev/null || missing+=("vxlan")
  ip netns del "$ns"
  ((${#missing[@]} == 0)) ||
    die "this kernel lacks ${missing[*]} link support (modules: ${missing[*]/%/ }); the lab cannot build a swarm here"
}

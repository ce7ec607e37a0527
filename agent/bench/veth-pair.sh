# shellcheck shell=bash
# Sourced by the agent benchmarks (capture-vs-tcpdump.sh, cost.sh): a veth pair between two namespaces of
# the benchmark's own, 203.0.113.1 (sender) and .2 (receiver), the only hosts its traffic reaches.

# veth_pair_up SCRIPT TX RX TX_LINK RX_LINK: refuses namespaces an earlier run left (SCRIPT names the caller).
veth_pair_up() {
  local script=$1 tx=$2 rx=$3 tx_link=$4 rx_link=$5 ns
  if ip netns list | grep -qE "^($tx|$rx)( |$)"; then
    echo "$script: namespaces $tx/$rx exist (an earlier run?); remove them first" >&2; exit 1
  fi
  ip netns add "$tx"
  ip netns add "$rx"
  ip link add "$tx_link" netns "$tx" type veth peer name "$rx_link" netns "$rx"
  ip -n "$tx" addr add 203.0.113.1/24 dev "$tx_link"
  ip -n "$rx" addr add 203.0.113.2/24 dev "$rx_link"
  for ns in "$tx" "$rx"; do ip -n "$ns" link set lo up; done
  ip -n "$tx" link set "$tx_link" up
  ip -n "$rx" link set "$rx_link" up
  # no ICMP port-unreachable storm back to the sender: the datagrams are dropped after capture
  ip netns exec "$rx" iptables -A INPUT -p udp --dport 9999 -j DROP
}

# veth_pair_down TX RX: the namespaces and the pair with them; quiet when they are gone already.
veth_pair_down() {
  ip netns del "$1" 2>/dev/null || true
  ip netns del "$2" 2>/dev/null || true
}

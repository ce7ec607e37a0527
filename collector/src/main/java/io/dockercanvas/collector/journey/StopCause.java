package io.dockercanvas.collector.journey;

/**
 * Why a journey stopped, or why no verdict could be given; {@link JourneyVerdict#facts()} holds
 * what the cause was concluded from and {@link JourneyVerdict#reason()} says it in words.
 */
public enum StopCause {
  NONE,
  /** Encapsulated leaving one node, never on the other node's NIC although it was captured. */
  VXLAN_DROPPED_BETWEEN_NODES,
  /** On the receiving node's NIC, encapsulated, never on its vxlan0: dropped before decap. */
  DROPPED_BEFORE_DECAP,
  /** Larger than the overlay MTU, never encapsulated (or frag-needed came back). */
  MTU_EXCEEDED,
  /** On the overlay bridge, never on vxlan0: no FDB entry for the peer (unknown VTEP). */
  NO_FDB_ENTRY,
  /** DNAT'ed on docker_gwbridge, never in ingress_sbox or the task. */
  PUBLISHED_PORT_NOT_DELIVERED,
  /** The destination answered with a TCP RST. */
  RESET_BY_DESTINATION,
  /** The destination answered with ICMP port unreachable: nothing listens there. */
  NO_LISTENER,
  /** Lost between two captured points that are not one of the cases above. */
  LOST_BETWEEN_POINTS,
  /** Unknown: a point on the rest of the path is not captured (no agent there). */
  NO_COVERAGE,
  /** Unknown: the capture dropped packets at the next point in that second. */
  KERNEL_DROPS,
  /** Unknown: the topology does not say where the packet was going. */
  NO_EXPECTED_PATH
}

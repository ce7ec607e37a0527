package io.dockercanvas.collector.journey;

/** The kinds of observation points on a swarm node's data path. */
public enum PointKind {
  /** The node's underlay NIC, by its own name ({@code eth0}, {@code ens3}, a lab bridge). */
  UNDERLAY_NIC,
  /** {@code docker_gwbridge} in the host namespace. */
  GATEWAY_BRIDGE,
  /**
   * An interface of a sandbox: {@code ingress_sbox/<if>}, {@code lb_<id>/<if>} or {@code
   * <container>/<if>}.
   */
  SANDBOX,
  /** An overlay network's bridge, {@code <network>/br0}. */
  OVERLAY_BRIDGE,
  /** An overlay network's VXLAN device, {@code <network>/vxlan0}. */
  OVERLAY_VTEP
}

package io.dockercanvas.agent.netns;

/**
 * One network interface as the kernel reports it inside a namespace.
 *
 * @param index the ifindex, unique within the namespace
 * @param kind the kernel's link kind ("bridge", "vxlan", "veth", ...), "loopback" for lo, "device"
 *     for a link without a kind (a physical NIC)
 * @param mac lower-case colon-separated hardware address, empty when the link has none
 * @param masterIndex ifindex of the bridge this interface is enslaved to, 0 if none
 * @param linkIndex ifindex of the linked device (a veth's peer, a vxlan's lower device), 0 if none
 * @param linkInOtherNamespace whether {@code linkIndex} counts in another namespace (a veth whose
 *     peer was moved into a container)
 * @param vxlan the VXLAN settings of a vxlan link, null for every other kind
 */
public record NetInterface(
    int index,
    String name,
    String kind,
    String mac,
    int mtu,
    boolean up,
    int masterIndex,
    int linkIndex,
    boolean linkInOtherNamespace,
    VxlanSettings vxlan) {

  public boolean isVxlan() {
    return vxlan != null;
  }

  /** The peer's ifindex for a veth, 0 for other kinds. */
  public int vethPeerIndex() {
    return "veth".equals(kind) ? linkIndex : 0;
  }

  /**
   * VXLAN settings of a vxlan link.
   *
   * @param vni the VXLAN network identifier (Docker's overlay VNI, 4096 and up for swarm networks)
   * @param port the UDP destination port (4789 unless the swarm's data-path port differs)
   * @param localAddress the local VTEP address, empty when not set
   */
  public record VxlanSettings(int vni, int port, String localAddress) {}
}

package io.dockercanvas.collector.journey;

import java.util.Objects;

/**
 * One sampled packet seen at one observation point of one node.
 *
 * @param node swarm node name (or a capture's pseudo-node, such as an underlay bridge)
 * @param point canonical observation point name, see {@link ObservationPoint}
 * @param timestampNs capture time in the node's own clock, nanoseconds since the epoch
 * @param fingerprint NAT- and encapsulation-invariant identity of the packet, computed by the agent
 * @param headers the (inner) IP/transport headers as seen here
 * @param vxlan outer headers when the packet was VXLAN-encapsulated here, otherwise null
 * @param frame the frame's first bytes, for pcap export; not copied, never modified
 * @param frameLength the frame's length on the wire (the snapshot may be shorter)
 * @param linkType pcap link type of {@code frame} (1 = Ethernet)
 */
public record Observation(
    String node,
    String point,
    long timestampNs,
    long fingerprint,
    IpHeaders headers,
    VxlanHeaders vxlan,
    byte[] frame,
    int frameLength,
    int linkType) {

  public static final int LINKTYPE_ETHERNET = 1;
  private static final byte[] NO_FRAME = new byte[0];

  public Observation {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(point, "point");
    Objects.requireNonNull(headers, "headers");
    frame = frame == null ? NO_FRAME : frame;
  }

  public boolean encapsulated() {
    return vxlan != null;
  }
}

package io.dockercanvas.collector.journey;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.util.Objects;

/**
 * One sampled packet seen at one observation point of one node.
 *
 * @param node swarm node name (or a capture's pseudo-node, such as an underlay bridge)
 * @param point the observation point, parsed once where the observation enters (see {@link
 *     ObservationPoint})
 * @param timestampNs capture time in the node's own clock, nanoseconds since the epoch
 * @param fingerprint NAT- and encapsulation-invariant identity of the packet, computed by the agent
 * @param headers the (inner) IP/transport headers as seen here
 * @param vxlan outer headers when the packet was VXLAN-encapsulated here, otherwise null
 * @param frame the frame's first bytes, for pcap export: the ingest message's own immutable bytes,
 *     not copied
 * @param frameLength the frame's length on the wire (the snapshot may be shorter)
 * @param linkType pcap link type of {@code frame} (1 = Ethernet)
 */
public record Observation(
    String node,
    ObservationPoint point,
    long timestampNs,
    long fingerprint,
    IpHeaders headers,
    VxlanHeaders vxlan,
    ByteString frame,
    int frameLength,
    int linkType) {

  public static final int LINKTYPE_ETHERNET = 1;

  public Observation {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(point, "point");
    Objects.requireNonNull(headers, "headers");
    frame = frame == null ? ByteString.EMPTY : frame;
  }

  /**
   * An observation from a point's canonical name and a frame nobody modifies afterwards (offline
   * captures, tests); rejects a name that is not canonical.
   */
  public Observation(
      String node,
      String point,
      long timestampNs,
      long fingerprint,
      IpHeaders headers,
      VxlanHeaders vxlan,
      byte[] frame,
      int frameLength,
      int linkType) {
    this(
        node,
        ObservationPoint.parse(point),
        timestampNs,
        fingerprint,
        headers,
        vxlan,
        frame == null ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(frame),
        frameLength,
        linkType);
  }

  public boolean encapsulated() {
    return vxlan != null;
  }
}

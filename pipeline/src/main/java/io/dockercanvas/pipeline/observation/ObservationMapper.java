package io.dockercanvas.pipeline.observation;

import static io.dockercanvas.pipeline.decode.NetworkOrder.u16;

import com.google.protobuf.ByteString;
import io.dockercanvas.pipeline.decode.DecodeError;
import io.dockercanvas.pipeline.decode.DecodedFrame;
import io.dockercanvas.pipeline.decode.LinkType;
import io.dockercanvas.pipeline.decode.Transport;
import io.dockercanvas.pipeline.fingerprint.PacketFingerprint;
import io.dockercanvas.proto.v1.Encapsulation;
import io.dockercanvas.proto.v1.Ethernet;
import io.dockercanvas.proto.v1.Headers;
import io.dockercanvas.proto.v1.ICMP;
import io.dockercanvas.proto.v1.IP;
import io.dockercanvas.proto.v1.IpVersion;
import io.dockercanvas.proto.v1.ObservationPoint;
import io.dockercanvas.proto.v1.PacketObservation;
import io.dockercanvas.proto.v1.SamplingReason;
import io.dockercanvas.proto.v1.TCP;
import io.dockercanvas.proto.v1.UDP;

/**
 * The export boundary for packets: a decoded frame, already sampled, becomes the contract's {@link
 * PacketObservation}, the same from live capture and from recorded files. Called only for sampled
 * packets, after the allocation-free decode and fingerprint, so building messages here is fine.
 */
public final class ObservationMapper {

  /** Bytes of each frame kept for pcap export unless the collector asks for another snap length. */
  public static final int DEFAULT_SNAP_LENGTH = 128;

  private static final int ETHERTYPE_OFFSET = 12;

  private ObservationMapper() {}

  /**
   * Whether the frame becomes an observation: an IP packet that decoded cleanly, or whose capture
   * ends inside its transport header, with a fingerprint (every field it hashes captured): only
   * those can be matched into journeys.
   */
  public static boolean mappable(DecodedFrame frame) {
    return (frame.error() == DecodeError.NONE || frame.error().isTransportHeaderCut())
        && frame.ipCount() > 0
        && !frame.innermostIsNonIp()
        && PacketFingerprint.applies(frame);
  }

  /**
   * The observation of one frame at one point.
   *
   * @param snapLength bytes of the frame to keep in {@code frame_head}; 0 means {@link
   *     #DEFAULT_SNAP_LENGTH}
   */
  public static PacketObservation observation(
      ObservationPoint point,
      long tsNs,
      int caplen,
      int origLen,
      DecodedFrame f,
      long fingerprint,
      int snapLength,
      SamplingReason reason) {
    int snap = snapLength > 0 ? snapLength : DEFAULT_SNAP_LENGTH;
    PacketObservation.Builder o =
        PacketObservation.newBuilder()
            .setPoint(point)
            .setTsNs(tsNs)
            .setCaplen(caplen)
            .setOrigLen(origLen)
            .setInner(inner(f))
            .setFingerprint(fingerprint)
            .setFrameHead(ByteString.copyFrom(f.buffer(), f.frameOffset(), Math.min(caplen, snap)))
            .setSnapLength(snap)
            .setLinkTypeValue(f.linkType())
            .setSamplingReason(reason);
    int vxlan = f.outermostVxlan();
    if (vxlan >= 0) {
      o.setOuter(outer(f, vxlan));
    }
    return o.build();
  }

  private static Headers inner(DecodedFrame f) {
    Headers.Builder h = Headers.newBuilder();
    if (f.ethCount() > 0) {
      h.setEthernet(ethernet(f, f.ethCount() - 1));
    }
    h.setIp(ip(f, f.ipCount() - 1));
    switch (f.transport()) {
      case TCP -> h.setTcp(tcp(f));
      case UDP ->
          h.setUdp(
              UDP.newBuilder()
                  .setSrcPort(f.sourcePort())
                  .setDstPort(f.destinationPort())
                  .setLength(f.payloadLength() + 8));
      case ICMP, ICMPV6 ->
          h.setIcmp(
              ICMP.newBuilder()
                  .setType(f.icmpType())
                  .setCode(f.icmpCode())
                  .setId(f.icmpId())
                  .setSeq(f.icmpSeq())
                  .setV6(f.transport() == Transport.ICMPV6));
      default -> {}
    }
    return h.build();
  }

  /**
   * A mappable frame has a fingerprint, so its TCP header was captured at least up to the
   * acknowledgement number. Of a header cut after that, the decoder reads the flags and payload
   * length as 0 and so do they map: the contract's scalars have no presence; caplen and frame_head
   * show where the capture ended.
   */
  private static TCP tcp(DecodedFrame f) {
    return TCP.newBuilder()
        .setSrcPort(f.sourcePort())
        .setDstPort(f.destinationPort())
        .setSeq((int) f.tcpSeq())
        .setAck((int) f.tcpAck())
        .setFlags(f.tcpFlags())
        .setPayloadLength(f.hasPayloadLength() ? f.payloadLength() : 0)
        .build();
  }

  private static Encapsulation outer(DecodedFrame f, int tunnel) {
    int ipIndex = f.tunnelIpIndex(tunnel);
    Encapsulation.Builder e =
        Encapsulation.newBuilder()
            .setIp(ip(f, ipIndex))
            .setUdp(
                UDP.newBuilder()
                    .setSrcPort(f.tunnelSourcePort(tunnel))
                    .setDstPort(f.tunnelDestinationPort(tunnel)))
            .setVni(f.tunnelVni(tunnel));
    // the outer Ethernet header exists only when the capture's link layer is Ethernet
    if (f.linkType() == LinkType.ETHERNET && f.ethCount() > 1) {
      e.setEthernet(ethernet(f, 0));
    }
    return e.build();
  }

  private static Ethernet ethernet(DecodedFrame f, int index) {
    byte[] b = f.buffer();
    int at = f.ethOffset(index) + ETHERTYPE_OFFSET;
    int type = u16(b, at);
    int vlan = 0;
    // the decoder got past every tag, so they were captured
    while (type == 0x8100 || type == 0x88A8 || type == 0x9100) {
      vlan = vlan == 0 ? u16(b, at + 2) & 0xFFF : vlan;
      at += 4;
      type = u16(b, at);
    }
    return Ethernet.newBuilder()
        .setSrc(AddressText.mac(b, f.ethSourceOffset(index)))
        .setDst(AddressText.mac(b, f.ethDestinationOffset(index)))
        .setEtherType(type)
        .setVlanId(vlan)
        .build();
  }

  private static IP ip(DecodedFrame f, int i) {
    byte[] b = f.buffer();
    int version = f.ipVersion(i);
    int at = f.ipOffset(i);
    int length = version == 4 ? u16(b, at + 2) : u16(b, at + 4) + 40;
    return IP.newBuilder()
        .setVersion(version == 4 ? IpVersion.IP_VERSION_IPV4 : IpVersion.IP_VERSION_IPV6)
        .setSrc(AddressText.ip(b, f.ipSourceOffset(i), version))
        .setDst(AddressText.ip(b, f.ipDestinationOffset(i), version))
        .setId((int) Math.max(0, f.ipId(i)))
        .setTtl(f.ipTtl(i))
        .setProtocol(f.ipProtocol(i))
        .setLength(length)
        .setFragment(f.isFragment(i))
        .setFragmentOffset(f.ipFragmentOffset(i))
        .build();
  }
}

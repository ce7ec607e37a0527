package io.dockercanvas.pipeline.observation;

import static io.dockercanvas.pipeline.testing.TestFrames.ETHERTYPE_ARP;
import static io.dockercanvas.pipeline.testing.TestFrames.ETHERTYPE_IPV4;
import static io.dockercanvas.pipeline.testing.TestFrames.ETHERTYPE_IPV6;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_ACK;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_PSH;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_SYN;
import static io.dockercanvas.pipeline.testing.TestFrames.ascii;
import static io.dockercanvas.pipeline.testing.TestFrames.ethernet;
import static io.dockercanvas.pipeline.testing.TestFrames.ethernetTagged;
import static io.dockercanvas.pipeline.testing.TestFrames.icmp;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Tcp;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Udp;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv6;
import static io.dockercanvas.pipeline.testing.TestFrames.routingMeshSyn;
import static io.dockercanvas.pipeline.testing.TestFrames.vxlanFrame;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.pipeline.decode.DecodedFrame;
import io.dockercanvas.pipeline.decode.FrameDecoder;
import io.dockercanvas.pipeline.decode.LinkType;
import io.dockercanvas.pipeline.fingerprint.PacketFingerprint;
import io.dockercanvas.pipeline.testing.TestCaptures;
import io.dockercanvas.proto.v1.IpVersion;
import io.dockercanvas.proto.v1.ObservationPointKind;
import io.dockercanvas.proto.v1.PacketObservation;
import io.dockercanvas.proto.v1.SamplingReason;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ObservationMapperTest {

  private static final long TS = 1_795_000_000_123_456_789L;
  private static final byte[] SYN = routingMeshSyn();

  private final FrameDecoder decoder = new FrameDecoder();
  private final DecodedFrame frame = new DecodedFrame();

  private PacketObservation map(byte[] bytes, String point, int snapLength) {
    decoder.decode(bytes, 0, bytes.length, bytes.length, LinkType.ETHERNET, frame);
    assertThat(ObservationMapper.mappable(frame)).isTrue();
    long fp = PacketFingerprint.of(frame);
    return ObservationMapper.observation(
        PointNames.point("worker", point, "/run/docker/netns/1-abc"),
        TS,
        bytes.length,
        bytes.length,
        frame,
        fp,
        snapLength,
        SamplingReason.SAMPLING_REASON_TCP_CONTROL);
  }

  @Test
  void observation_vxlanSyn_outerTunnelAndInnerHeadersAsOnTheWire() {
    byte[] wire = vxlanFrame("203.0.113.11", "203.0.113.12", 34633, 4096, SYN);

    PacketObservation o = map(wire, "eth0", 0);

    assertThat(o.getTsNs()).isEqualTo(TS);
    assertThat(o.getPoint().getName()).isEqualTo("eth0");
    assertThat(o.getPoint().getKind())
        .isEqualTo(ObservationPointKind.OBSERVATION_POINT_KIND_UNDERLAY);
    assertThat(o.getOuter().getIp().getSrc()).isEqualTo("203.0.113.11");
    assertThat(o.getOuter().getIp().getDst()).isEqualTo("203.0.113.12");
    assertThat(o.getOuter().getUdp().getSrcPort()).isEqualTo(34633);
    assertThat(o.getOuter().getUdp().getDstPort()).isEqualTo(4789);
    assertThat(o.getOuter().getVni()).isEqualTo(4096);
    assertThat(o.getOuter().getEthernet().getSrc()).isEqualTo("0e:00:00:00:00:0b");
    assertThat(o.getInner().getEthernet().getDst()).isEqualTo("02:42:0a:00:00:6c");
    assertThat(o.getInner().getEthernet().getEtherType()).isEqualTo(ETHERTYPE_IPV4);
    assertThat(o.getInner().getIp().getVersion()).isEqualTo(IpVersion.IP_VERSION_IPV4);
    assertThat(o.getInner().getIp().getSrc()).isEqualTo("10.0.0.2");
    assertThat(o.getInner().getIp().getDst()).isEqualTo("10.0.0.108");
    assertThat(o.getInner().getIp().getId()).isEqualTo(0x9eeb);
    assertThat(o.getInner().getIp().getTtl()).isEqualTo(62);
    assertThat(o.getInner().getIp().getProtocol()).isEqualTo(6);
    assertThat(o.getInner().getIp().getLength()).isEqualTo(40);
    assertThat(o.getInner().getTcp().getSrcPort()).isEqualTo(42478);
    assertThat(o.getInner().getTcp().getDstPort()).isEqualTo(8001);
    assertThat(Integer.toUnsignedLong(o.getInner().getTcp().getSeq())).isEqualTo(239321586L);
    assertThat(o.getInner().getTcp().getFlags()).isEqualTo(TCP_SYN);
    assertThat(o.getFingerprint()).isEqualTo(PacketFingerprint.of(frame));
    assertThat(o.getLinkTypeValue()).isEqualTo(1);
    assertThat(o.getSamplingReason()).isEqualTo(SamplingReason.SAMPLING_REASON_TCP_CONTROL);
  }

  @Test
  void observation_sameSynInsideAndOutsideTheTunnel_sameFingerprintAndInnerHeaders() {
    PacketObservation onWire =
        map(vxlanFrame("203.0.113.11", "203.0.113.12", 34633, 4096, SYN), "eth0", 0);
    PacketObservation onVtep = map(SYN, "ingress__vxlan0", 0);

    assertThat(onVtep.hasOuter()).isFalse();
    assertThat(onVtep.getPoint().getName()).isEqualTo("ingress/vxlan0");
    assertThat(onVtep.getPoint().getNamespacePath()).isEqualTo("/run/docker/netns/1-abc");
    assertThat(onVtep.getFingerprint()).isEqualTo(onWire.getFingerprint());
    assertThat(onVtep.getInner()).isEqualTo(onWire.getInner());
  }

  @Test
  void observation_snapLength_framesHeadCutThere() {
    byte[] big =
        ethernet(
            "02:42:0a:00:00:02",
            "02:42:0a:00:00:6c",
            ETHERTYPE_IPV4,
            ipv4Tcp(
                "10.0.1.6",
                "10.0.1.2",
                7,
                64,
                40000,
                80,
                1,
                1,
                TCP_PSH | TCP_ACK,
                ascii("GET / HTTP/1.1\r\n".repeat(20))));

    assertThat(map(big, "web/eth0", 0).getFrameHead().toByteArray())
        .isEqualTo(Arrays.copyOf(big, ObservationMapper.DEFAULT_SNAP_LENGTH));
    assertThat(map(big, "web/eth0", 60).getFrameHead().size()).isEqualTo(60);
    assertThat(map(big, "web/eth0", 60).getSnapLength()).isEqualTo(60);
    assertThat(map(big, "web/eth0", 0).getInner().getTcp().getPayloadLength()).isEqualTo(320);
  }

  @Test
  void observation_vlanTaggedIpv6Icmp_tagSkippedAndAddressesInRfc5952Text() {
    byte[] echo =
        ethernetTagged(
            "02:00:00:00:00:01",
            "02:00:00:00:00:02",
            new int[][] {{0x8100, 42}},
            ETHERTYPE_IPV6,
            ipv6("fd00::1", "fd00:0:0:1::20", 58, 64, icmp(128, 0, 7, 3, ascii("ping"))));

    PacketObservation o = map(echo, "eth0", 0);

    assertThat(o.getInner().getEthernet().getEtherType()).isEqualTo(ETHERTYPE_IPV6);
    assertThat(o.getInner().getEthernet().getVlanId()).isEqualTo(42);
    assertThat(o.getInner().getIp().getSrc()).isEqualTo("fd00::1");
    assertThat(o.getInner().getIp().getDst()).isEqualTo("fd00:0:0:1::20");
    assertThat(o.getInner().getIcmp().getV6()).isTrue();
    assertThat(o.getInner().getIcmp().getId()).isEqualTo(7);
    assertThat(o.getInner().getIcmp().getSeq()).isEqualTo(3);
  }

  @Test
  void mappable_arpOrTruncatedFrame_false() {
    byte[] arp = ethernet("02:00:00:00:00:01", "ff:ff:ff:ff:ff:ff", ETHERTYPE_ARP, new byte[28]);
    decoder.decode(arp, 0, arp.length, arp.length, LinkType.ETHERNET, frame);
    assertThat(ObservationMapper.mappable(frame)).isFalse();

    decoder.decode(SYN, 0, 40, SYN.length, LinkType.ETHERNET, frame);
    assertThat(ObservationMapper.mappable(frame)).isFalse();

    byte[] noTransport =
        ethernet(
            "02:00:00:00:00:01",
            "02:00:00:00:00:02",
            ETHERTYPE_IPV4,
            ipv4("10.0.0.1", "10.0.0.2", 1, 64, 47, new byte[8]));
    decoder.decode(
        noTransport, 0, noTransport.length, noTransport.length, LinkType.ETHERNET, frame);
    assertThat(ObservationMapper.mappable(frame)).isTrue();
  }

  /**
   * The client's SYN of the -s 96 lab recording: whole at node1's overlay bridge, cut on node1's
   * underlay.
   */
  @Test
  void observation_synCutInsideItsTcpHeaderBySnaplen96_mapsWhatWasCapturedWithTheSameFingerprint()
      throws IOException {
    PacketObservation atBr0 = mapFrame("node1__wordpress_net__br0.pcap", 1, "wordpress_net/br0");
    PacketObservation atEth0 = mapFrame("node1__eth0.pcap", 39, "eth0");

    assertThat(atEth0.getCaplen()).isEqualTo(96);
    assertThat(atEth0.getOrigLen()).isEqualTo(124);
    assertThat(atEth0.getOuter().getVni()).isEqualTo(4097);
    assertThat(atEth0.getInner().getIp()).isEqualTo(atBr0.getInner().getIp());
    assertThat(atEth0.getInner().getTcp().getSrcPort()).isEqualTo(35478);
    assertThat(atEth0.getInner().getTcp().getDstPort()).isEqualTo(80);
    assertThat(Integer.toUnsignedLong(atEth0.getInner().getTcp().getSeq())).isEqualTo(3361684924L);
    assertThat(atEth0.getInner().getTcp().getAck()).isZero();
    assertThat(atEth0.getInner().getTcp().getFlags()).as("cut off: left at the default").isZero();
    assertThat(atEth0.getInner().getTcp().getPayloadLength()).isZero();
    assertThat(atBr0.getInner().getTcp().getFlags()).isEqualTo(TCP_SYN);
    assertThat(atEth0.getInner().getTcp())
        .isEqualTo(atBr0.getInner().getTcp().toBuilder().setFlags(0).build());
    assertThat(atEth0.getFingerprint()).isEqualTo(atBr0.getFingerprint());
  }

  private PacketObservation mapFrame(String file, long number, String point) throws IOException {
    PacketObservation[] found = new PacketObservation[1];
    TestCaptures.decode(
        TestCaptures.file("snaplen96", file),
        (n, record, f) -> {
          if (n == number) {
            assertThat(ObservationMapper.mappable(f)).as("%s frame %d mappable", file, n).isTrue();
            found[0] =
                ObservationMapper.observation(
                    PointNames.point("node1", point, "/run/netns/x"),
                    record.timestampNanos(),
                    record.caplen(),
                    record.origLen(),
                    f,
                    PacketFingerprint.of(f),
                    0,
                    SamplingReason.SAMPLING_REASON_HASH);
          }
        });
    return found[0];
  }

  @Test
  void mappable_frameCutBeforeAFieldTheFingerprintHashes_false() {
    byte[] wire = vxlanFrame("203.0.113.11", "203.0.113.12", 34633, 4096, SYN);
    decoder.decode(wire, 0, 96, wire.length, LinkType.ETHERNET, frame);
    assertThat(ObservationMapper.mappable(frame)).isTrue();
    decoder.decode(wire, 0, 95, wire.length, LinkType.ETHERNET, frame);
    assertThat(ObservationMapper.mappable(frame)).as("acknowledgement number cut").isFalse();

    byte[] dns =
        ethernet(
            "02:00:00:00:00:01",
            "02:00:00:00:00:02",
            ETHERTYPE_IPV4,
            ipv4Udp("10.0.0.1", "10.0.0.2", 0, 64, 40000, 53, ascii("0123456789abcdef query")));
    decoder.decode(dns, 0, 14 + 20 + 8 + 15, dns.length, LinkType.ETHERNET, frame);
    assertThat(ObservationMapper.mappable(frame))
        .as("UDP with 15 of the 16 payload bytes hashed")
        .isFalse();
    decoder.decode(dns, 0, 14 + 20 + 8 + 16, dns.length, LinkType.ETHERNET, frame);
    assertThat(ObservationMapper.mappable(frame)).isTrue();
  }
}

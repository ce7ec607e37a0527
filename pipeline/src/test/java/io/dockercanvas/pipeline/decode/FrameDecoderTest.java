package io.dockercanvas.pipeline.decode;

import static io.dockercanvas.pipeline.testing.TestFrames.ETHERTYPE_ARP;
import static io.dockercanvas.pipeline.testing.TestFrames.ETHERTYPE_IPV4;
import static io.dockercanvas.pipeline.testing.TestFrames.ETHERTYPE_IPV6;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_ACK;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_PSH;
import static io.dockercanvas.pipeline.testing.TestFrames.ascii;
import static io.dockercanvas.pipeline.testing.TestFrames.concat;
import static io.dockercanvas.pipeline.testing.TestFrames.ethernet;
import static io.dockercanvas.pipeline.testing.TestFrames.ethernetTagged;
import static io.dockercanvas.pipeline.testing.TestFrames.geneve;
import static io.dockercanvas.pipeline.testing.TestFrames.icmp;
import static io.dockercanvas.pipeline.testing.TestFrames.ip;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Fragment;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Tcp;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Udp;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv6;
import static io.dockercanvas.pipeline.testing.TestFrames.mac;
import static io.dockercanvas.pipeline.testing.TestFrames.routingMeshSynPacket;
import static io.dockercanvas.pipeline.testing.TestFrames.sll;
import static io.dockercanvas.pipeline.testing.TestFrames.sll2;
import static io.dockercanvas.pipeline.testing.TestFrames.udp;
import static io.dockercanvas.pipeline.testing.TestFrames.vxlan;
import static io.dockercanvas.pipeline.testing.TestFrames.vxlanFrame;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.pipeline.fingerprint.PacketFingerprint;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {
  static final String CLIENT_MAC = "02:42:0a:00:00:02";
  static final String TASK_MAC = "02:42:0a:00:00:6c";

  private final FrameDecoder decoder = new FrameDecoder();
  private final DecodedFrame f = new DecodedFrame();

  private DecodedFrame decode(byte[] frame, int linkType) {
    decoder.decode(frame, 0, frame.length, frame.length, linkType, f);
    return f;
  }

  private DecodedFrame decodeEthernet(byte[] frame) {
    return decode(frame, LinkType.ETHERNET);
  }

  private static byte[] at(DecodedFrame f, int offset, int length) {
    return Arrays.copyOfRange(f.buffer(), offset, offset + length);
  }

  @Test
  void decode_ethernetIpv4Tcp_readsEveryField() {
    byte[] segment =
        ipv4Tcp(
            "10.0.0.2",
            "10.0.0.108",
            0x9eeb,
            62,
            42478,
            8001,
            239321586L,
            17L,
            TCP_PSH | TCP_ACK,
            ascii("GET / HTTP/1.1\r\n"));
    decodeEthernet(ethernet(CLIENT_MAC, TASK_MAC, ETHERTYPE_IPV4, segment));

    assertThat(f.error()).isEqualTo(DecodeError.NONE);
    assertThat(f.ethCount()).isEqualTo(1);
    assertThat(at(f, f.ethSourceOffset(0), 6)).isEqualTo(mac(CLIENT_MAC));
    assertThat(at(f, f.ethDestinationOffset(0), 6)).isEqualTo(mac(TASK_MAC));
    assertThat(f.ipCount()).isEqualTo(1);
    assertThat(at(f, f.ipSourceOffset(0), 4)).isEqualTo(ip("10.0.0.2"));
    assertThat(at(f, f.ipDestinationOffset(0), 4)).isEqualTo(ip("10.0.0.108"));
    assertThat(f.ipId(0)).isEqualTo(0x9eeb);
    assertThat(f.ipTtl(0)).isEqualTo(62);
    assertThat(f.ipProtocol(0)).isEqualTo(6);
    assertThat(f.transport()).isEqualTo(Transport.TCP);
    assertThat(f.sourcePort()).isEqualTo(42478);
    assertThat(f.destinationPort()).isEqualTo(8001);
    assertThat(f.tcpSeq()).isEqualTo(239321586L);
    assertThat(f.tcpAck()).isEqualTo(17L);
    assertThat(f.tcpFlags()).isEqualTo(TCP_PSH | TCP_ACK);
    assertThat(f.payloadLength()).isEqualTo(16);
    assertThat(at(f, f.payloadOffset(), 3)).isEqualTo(ascii("GET"));
    assertThat(f.tunnelCount()).isZero();
    assertThat(f.outermostVxlan()).isEqualTo(-1);
  }

  @Test
  void decode_vlanAndQinqTags_areSkipped() {
    byte[] frame =
        ethernetTagged(
            CLIENT_MAC,
            TASK_MAC,
            new int[][] {{0x88A8, 100}, {0x8100, 200}},
            ETHERTYPE_IPV4,
            routingMeshSynPacket());

    decodeEthernet(frame);

    assertThat(f.error()).isEqualTo(DecodeError.NONE);
    assertThat(f.transport()).isEqualTo(Transport.TCP);
    assertThat(f.tcpSeq()).isEqualTo(239321586L);
  }

  @Test
  void decode_linuxCookedCaptureV1AndV2_haveNoEthernetButTheSamePacket() {
    decode(sll(ETHERTYPE_IPV4, routingMeshSynPacket()), LinkType.LINUX_SLL);
    assertThat(f.error()).isEqualTo(DecodeError.NONE);
    assertThat(f.ethCount()).isZero();
    assertThat(f.tcpSeq()).isEqualTo(239321586L);

    decode(sll2(ETHERTYPE_IPV4, 7, routingMeshSynPacket()), LinkType.LINUX_SLL2);
    assertThat(f.error()).isEqualTo(DecodeError.NONE);
    assertThat(f.ethCount()).isZero();
    assertThat(f.ipId(0)).isEqualTo(0x9eeb);
  }

  @Test
  void decode_cookedCaptureWithVlanTag_skipsTheTag() {
    byte[] tagged = concat(new byte[] {0, 100, 0x08, 0x00}, routingMeshSynPacket());

    decode(sll(0x8100, tagged), LinkType.LINUX_SLL);

    assertThat(f.error()).isEqualTo(DecodeError.NONE);
    assertThat(f.destinationPort()).isEqualTo(8001);
  }

  @Test
  void decode_rawIp_picksTheVersionFromTheFirstNibble() {
    decode(routingMeshSynPacket(), LinkType.RAW);
    assertThat(f.ipVersion(0)).isEqualTo(4);
    assertThat(f.transport()).isEqualTo(Transport.TCP);

    decode(ipv6("fd00::1", "fd00::2", 17, 64, udp(5353, 53, ascii("query"))), LinkType.RAW);
    assertThat(f.ipVersion(0)).isEqualTo(6);
    assertThat(f.transport()).isEqualTo(Transport.UDP);
    assertThat(f.payloadLength()).isEqualTo(5);
  }

  @Test
  void decode_ipv6ExtensionHeaders_areWalkedToTheTransport() {
    byte[] tcp = Arrays.copyOfRange(routingMeshSynPacket(), 20, 40);
    byte[] destinationOptions = concat(new byte[] {6, 0, 1, 4, 0, 0, 0, 0}); // next TCP, 8 bytes
    byte[] hopByHop = new byte[] {60, 0, 1, 4, 0, 0, 0, 0}; // next dest-opts
    byte[] packet =
        ipv6("2001:db8::1", "2001:db8::2", 0, 63, concat(hopByHop, destinationOptions, tcp));

    decodeEthernet(ethernet(CLIENT_MAC, TASK_MAC, ETHERTYPE_IPV6, packet));

    assertThat(f.error()).isEqualTo(DecodeError.NONE);
    assertThat(f.ipProtocol(0)).isEqualTo(6);
    assertThat(f.ipTtl(0)).isEqualTo(63);
    assertThat(f.ipId(0)).isEqualTo(-1);
    assertThat(at(f, f.ipSourceOffset(0), 16)).isEqualTo(ip("2001:db8::1"));
    assertThat(f.transport()).isEqualTo(Transport.TCP);
    assertThat(f.tcpSeq()).isEqualTo(239321586L);
    assertThat(f.payloadLength()).isZero();
  }

  @Test
  void decode_ipv6Fragments_onlyTheFirstHasATransportHeader() {
    byte[] udpStart = udp(5000, 6000, new byte[16]);
    byte[] first = new byte[] {17, 0, 0, 1, 0x12, 0x34, 0x56, 0x78}; // offset 0, M=1, id 0x12345678
    byte[] later = new byte[] {17, 0, 0, 16, 0x12, 0x34, 0x56, 0x78}; // offset 16, M=0

    decode(ipv6("fd00::1", "fd00::2", 44, 64, concat(first, udpStart)), LinkType.RAW);
    assertThat(f.isFragment(0)).isTrue();
    assertThat(f.ipId(0)).isEqualTo(0x12345678L);
    assertThat(f.transport()).isEqualTo(Transport.UDP);

    decode(ipv6("fd00::1", "fd00::2", 44, 64, concat(later, new byte[24])), LinkType.RAW);
    assertThat(f.error()).isEqualTo(DecodeError.NONE);
    assertThat(f.isFragment(0)).isTrue();
    assertThat(f.ipFragmentOffset(0)).isEqualTo(16);
    assertThat(f.transport()).isEqualTo(Transport.NONE);
    assertThat(f.payloadLength()).isEqualTo(24);
  }

  @Test
  void decode_ipv4Fragments_areFlaggedAndNonFirstOnesHaveNoTransport() {
    byte[] firstPart = udp(5000, 4789, new byte[32]);
    decode(ipv4Fragment("10.0.0.1", "10.0.0.2", 77, 64, 17, 0x2000, firstPart), LinkType.RAW);
    assertThat(f.isFragment(0)).isTrue();
    assertThat(f.ipMoreFragments(0)).isTrue();
    assertThat(f.transport()).isEqualTo(Transport.UDP);
    assertThat(f.tunnelCount()).as("tunnels are not followed into fragments").isZero();

    decode(ipv4Fragment("10.0.0.1", "10.0.0.2", 77, 64, 17, 5, new byte[20]), LinkType.RAW);
    assertThat(f.error()).isEqualTo(DecodeError.NONE);
    assertThat(f.ipFragmentOffset(0)).isEqualTo(40);
    assertThat(f.transport()).isEqualTo(Transport.NONE);
    assertThat(f.payloadLength()).isEqualTo(20);
  }

  @Test
  void decode_icmpEcho_readsIdentifierAndSequence() {
    byte[] ping =
        ipv4("203.0.113.100", "203.0.113.11", 1, 64, 1, icmp(8, 0, 30845, 2, new byte[56]));

    decode(ping, LinkType.RAW);

    assertThat(f.transport()).isEqualTo(Transport.ICMP);
    assertThat(f.icmpType()).isEqualTo(8);
    assertThat(f.icmpEcho()).isTrue();
    assertThat(f.icmpId()).isEqualTo(30845);
    assertThat(f.icmpSeq()).isEqualTo(2);
    assertThat(f.payloadLength()).isEqualTo(56);
  }

  @Test
  void decode_icmpErrorQuotingAUdpPacket_keepsTheQuotedHeaders() {
    byte[] offending = ipv4Udp("10.0.0.2", "10.0.0.108", 4321, 1, 40000, 33434, new byte[12]);
    byte[] quoted = Arrays.copyOf(offending, 28);
    byte[] error = ipv4("10.0.0.1", "10.0.0.2", 99, 64, 1, icmp(11, 0, 0, 0, quoted));

    decode(error, LinkType.RAW);

    assertThat(f.error()).isEqualTo(DecodeError.NONE);
    assertThat(f.icmpType()).isEqualTo(11);
    assertThat(f.icmpEcho()).isFalse();
    assertThat(f.quotedIpVersion()).isEqualTo(4);
    assertThat(f.quotedIpId()).isEqualTo(4321);
    assertThat(f.quotedProtocol()).isEqualTo(17);
    assertThat(f.quotedL4U16(2)).isEqualTo(33434);
    assertThat(f.quotedL4U16(4)).isEqualTo(20);
    assertThat(f.ipCount()).as("the quoted header is not a layer of its own").isEqualTo(1);
  }

  @Test
  void decode_vxlan_recordsTheOuterTunnelAndTheInnerPacket() {
    byte[] inner = ethernet(CLIENT_MAC, TASK_MAC, ETHERTYPE_IPV4, routingMeshSynPacket());

    decodeEthernet(vxlanFrame("203.0.113.11", "203.0.113.12", 34633, 4096, inner));

    assertThat(f.error()).isEqualTo(DecodeError.NONE);
    assertThat(f.tunnelCount()).isEqualTo(1);
    int t = f.outermostVxlan();
    assertThat(t).isZero();
    assertThat(f.tunnelKind(t)).isEqualTo(TunnelKind.VXLAN);
    assertThat(f.tunnelVni(t)).isEqualTo(4096);
    assertThat(f.tunnelSourcePort(t)).isEqualTo(34633);
    assertThat(f.tunnelDestinationPort(t)).isEqualTo(4789);
    assertThat(at(f, f.ipSourceOffset(f.tunnelIpIndex(t)), 4)).isEqualTo(ip("203.0.113.11"));
    assertThat(f.ethCount()).isEqualTo(2);
    assertThat(at(f, f.ethSourceOffset(1), 6)).isEqualTo(mac(CLIENT_MAC));
    assertThat(f.ipCount()).isEqualTo(2);
    assertThat(at(f, f.ipDestinationOffset(1), 4)).isEqualTo(ip("10.0.0.108"));
    assertThat(f.ipId(1)).isEqualTo(0x9eeb);
    assertThat(f.transport()).isEqualTo(Transport.TCP);
    assertThat(f.sourcePort()).isEqualTo(42478);
  }

  @Test
  void decode_nestedVxlan_isFollowedUpToTheDepthLimit() {
    byte[] frame = ethernet(CLIENT_MAC, TASK_MAC, ETHERTYPE_IPV4, routingMeshSynPacket());
    for (int depth = 1; depth <= DecodedFrame.MAX_TUNNELS; depth++) {
      frame = vxlanFrame("198.51.100." + depth, "198.51.100.100", 1000 + depth, depth, frame);
    }
    decodeEthernet(frame);
    assertThat(f.error()).isEqualTo(DecodeError.NONE);
    assertThat(f.tunnelCount()).isEqualTo(DecodedFrame.MAX_TUNNELS);
    assertThat(f.tunnelVni(0)).isEqualTo(DecodedFrame.MAX_TUNNELS);
    assertThat(f.transport()).isEqualTo(Transport.TCP);

    byte[] tooDeep = vxlanFrame("198.51.100.99", "198.51.100.100", 999, 99, frame);
    decodeEthernet(tooDeep);
    assertThat(f.error()).isEqualTo(DecodeError.TUNNEL_TOO_DEEP);
    assertThat(f.tunnelCount()).isEqualTo(DecodedFrame.MAX_TUNNELS);
    assertThat(f.tunnelVni(0)).as("what was decoded before the fault stays").isEqualTo(99);
  }

  @Test
  void decode_geneveCarryingIpv4_isFollowed() {
    byte[] innerUdp = ipv4Udp("172.16.11.201", "1.1.1.1", 0xf300, 64, 36872, 53, ascii("dns"));
    byte[] outer =
        ipv4(
            "127.0.0.1",
            "127.0.0.1",
            0,
            32,
            17,
            udp(11803, 6081, geneve(4242, 0x0800, 2, innerUdp)));

    decodeEthernet(ethernet(CLIENT_MAC, TASK_MAC, ETHERTYPE_IPV4, outer));

    assertThat(f.error()).isEqualTo(DecodeError.NONE);
    assertThat(f.tunnelKind(0)).isEqualTo(TunnelKind.GENEVE);
    assertThat(f.tunnelVni(0)).isEqualTo(4242);
    assertThat(f.outermostVxlan()).as("Geneve is not VXLAN").isEqualTo(-1);
    assertThat(f.ipCount()).isEqualTo(2);
    assertThat(f.ethCount()).isEqualTo(1);
    assertThat(f.destinationPort()).isEqualTo(53);
    assertThat(f.payloadLength()).isEqualTo(3);
  }

  @Test
  void decode_extraVxlanPort_isDecodedOnlyWhenConfigured() {
    byte[] inner = ethernet(CLIENT_MAC, TASK_MAC, ETHERTYPE_IPV4, routingMeshSynPacket());
    byte[] frame =
        ethernet(
            CLIENT_MAC,
            TASK_MAC,
            ETHERTYPE_IPV4,
            ipv4("198.51.100.1", "198.51.100.2", 1, 64, 17, udp(50000, 7789, vxlan(4097, inner))));

    decodeEthernet(frame);
    assertThat(f.tunnelCount()).isZero();
    assertThat(f.transport()).isEqualTo(Transport.UDP);

    new FrameDecoder(7789).decode(frame, 0, frame.length, frame.length, LinkType.ETHERNET, f);
    assertThat(f.tunnelCount()).isEqualTo(1);
    assertThat(f.tunnelVni(0)).isEqualTo(4097);
    assertThat(f.transport()).isEqualTo(Transport.TCP);
  }

  @Test
  void decode_arpInsideVxlan_isMarkedAsNonIp() {
    byte[] arp = ethernet(CLIENT_MAC, "ff:ff:ff:ff:ff:ff", ETHERTYPE_ARP, new byte[28]);

    decodeEthernet(vxlanFrame("203.0.113.11", "203.0.113.12", 40000, 4096, arp));

    assertThat(f.error()).isEqualTo(DecodeError.NONE);
    assertThat(f.innermostIsNonIp()).isTrue();
    assertThat(f.nonIpEtherType()).isEqualTo(ETHERTYPE_ARP);
    assertThat(f.ethCount()).isEqualTo(2);
    assertThat(f.transport())
        .as("the last IP packet is the tunnel's carrier")
        .isEqualTo(Transport.UDP);
  }

  @Test
  void decode_ethernetPadding_isNotPayload() {
    byte[] ack = ipv4Tcp("10.0.0.2", "10.0.0.108", 5, 64, 42478, 8001, 1, 2, TCP_ACK, new byte[0]);
    byte[] padded = concat(ethernet(CLIENT_MAC, TASK_MAC, ETHERTYPE_IPV4, ack), new byte[6]);

    decodeEthernet(padded);

    assertThat(f.error()).isEqualTo(DecodeError.NONE);
    assertThat(f.payloadLength()).isZero();
    assertThat(f.payloadCaptured()).isZero();
  }

  @Test
  void decode_frameCutBySnaplenAfterTheHeaders_isNotAnError() {
    byte[] segment =
        ipv4Tcp("10.0.0.2", "10.0.0.108", 7, 64, 42478, 8001, 1, 2, TCP_ACK, new byte[1000]);
    byte[] frame = ethernet(CLIENT_MAC, TASK_MAC, ETHERTYPE_IPV4, segment);

    decoder.decode(frame, 0, 14 + 20 + 20 + 10, frame.length, LinkType.ETHERNET, f);

    assertThat(f.error()).isEqualTo(DecodeError.NONE);
    assertThat(f.payloadLength()).isEqualTo(1000);
    assertThat(f.payloadCaptured()).isEqualTo(10);
  }

  @Test
  void decode_frameCutInsideAHeader_reportsWhereAndKeepsTheLayersBefore() {
    byte[] inner = ethernet(CLIENT_MAC, TASK_MAC, ETHERTYPE_IPV4, routingMeshSynPacket());
    byte[] frame = vxlanFrame("203.0.113.11", "203.0.113.12", 34633, 4096, inner);
    int innerIp = frame.length - 40;

    decoder.decode(frame, 0, innerIp + 10, frame.length, LinkType.ETHERNET, f);

    assertThat(f.error()).isEqualTo(DecodeError.TRUNCATED_IPV4_HEADER);
    assertThat(f.errorOffset()).isEqualTo(innerIp);
    assertThat(f.tunnelVni(0)).isEqualTo(4096);
    assertThat(f.ipCount()).as("the outer IP packet only").isEqualTo(1);
    assertThat(f.innermostReached()).as("stopped in the tunnel").isFalse();
  }

  @Test
  void decode_vxlanTcpCutAsBySnaplen96_keepsPortsSeqAndAck() {
    byte[] inner = ethernet(CLIENT_MAC, TASK_MAC, ETHERTYPE_IPV4, routingMeshSynPacket());
    byte[] frame = vxlanFrame("203.0.113.11", "203.0.113.12", 34633, 4096, inner);
    int innerTcp = frame.length - 20;
    assertThat(innerTcp + 12).as("tcpdump -s 96").isEqualTo(96);

    decoder.decode(frame, 0, 96, frame.length, LinkType.ETHERNET, f);

    assertThat(f.error()).isEqualTo(DecodeError.TRUNCATED_TCP_HEADER);
    assertThat(f.errorOffset()).as("where the data offset and flags start").isEqualTo(96);
    assertThat(f.tunnelVni(0)).isEqualTo(4096);
    assertThat(f.ipId(1)).isEqualTo(0x9eeb);
    assertThat(f.transport()).isEqualTo(Transport.TCP);
    assertThat(f.transportCut()).isTrue();
    assertThat(f.sourcePort()).isEqualTo(42478);
    assertThat(f.destinationPort()).isEqualTo(8001);
    assertThat(f.tcpSeq()).isEqualTo(239321586L);
    assertThat(f.hasTcpAck()).isTrue();
    assertThat(f.tcpAck()).isZero();
    assertThat(f.hasTcpFlags()).isFalse();
    assertThat(f.tcpFlags()).as("not captured, not made up").isZero();
    assertThat(f.hasPayloadLength()).isFalse();
    assertThat(f.innermostReached()).isTrue();
  }

  @Test
  void decode_tcpHeaderCutAtEveryByte_keepsEachFieldCapturedWhole() {
    byte[] segment =
        ipv4Tcp(
            "10.0.0.2",
            "10.0.0.108",
            7,
            64,
            42478,
            8001,
            239321587L,
            1234L,
            TCP_PSH | TCP_ACK,
            ascii("GET /"));
    for (int captured = 0; captured < 20; captured++) {
      decoder.decode(segment, 0, 20 + captured, segment.length, LinkType.RAW, f);
      String at = captured + " bytes of the TCP header";

      assertThat(f.error()).as(at).isEqualTo(DecodeError.TRUNCATED_TCP_HEADER);
      assertThat(f.transport()).as(at).isEqualTo(captured >= 2 ? Transport.TCP : Transport.NONE);
      assertThat(f.hasSourcePort() ? f.sourcePort() : -1)
          .as(at)
          .isEqualTo(captured >= 2 ? 42478 : -1);
      assertThat(f.hasDestinationPort() ? f.destinationPort() : -1)
          .as(at)
          .isEqualTo(captured >= 4 ? 8001 : -1);
      assertThat(f.hasTcpSeq() ? f.tcpSeq() : -1).as(at).isEqualTo(captured >= 8 ? 239321587L : -1);
      assertThat(f.hasTcpAck() ? f.tcpAck() : -1).as(at).isEqualTo(captured >= 12 ? 1234L : -1);
      assertThat(f.hasPayloadLength() ? f.payloadLength() : -1)
          .as(at)
          .isEqualTo(captured >= 13 ? 5 : -1);
      assertThat(f.hasTcpFlags() ? f.tcpFlags() : -1)
          .as(at)
          .isEqualTo(captured >= 14 ? TCP_PSH | TCP_ACK : -1);
      int firstMissing =
          captured >= 14
              ? Math.min(captured & ~1, 18)
              : captured >= 12 ? 12 : captured >= 8 ? 8 : captured >= 4 ? 4 : captured >= 2 ? 2 : 0;
      assertThat(f.errorOffset()).as(at).isEqualTo(20 + firstMissing);
    }
  }

  @Test
  void decode_udpHeaderCut_keepsThePortsAndTheLength() {
    byte[] datagram = ipv4Udp("10.0.0.2", "10.0.0.4", 9, 64, 40000, 33435, ascii("probe"));
    int[] errorAt = {20, 20, 22, 22, 24, 24, 26, 26};
    for (int captured = 0; captured < 8; captured++) {
      decoder.decode(datagram, 0, 20 + captured, datagram.length, LinkType.RAW, f);
      String at = captured + " bytes of the UDP header";

      assertThat(f.error()).as(at).isEqualTo(DecodeError.TRUNCATED_UDP_HEADER);
      assertThat(f.errorOffset()).as(at).isEqualTo(errorAt[captured]);
      assertThat(f.transport()).as(at).isEqualTo(captured >= 2 ? Transport.UDP : Transport.NONE);
      assertThat(f.hasSourcePort() ? f.sourcePort() : -1)
          .as(at)
          .isEqualTo(captured >= 2 ? 40000 : -1);
      assertThat(f.hasDestinationPort() ? f.destinationPort() : -1)
          .as(at)
          .isEqualTo(captured >= 4 ? 33435 : -1);
      assertThat(f.hasPayloadLength() ? f.payloadLength() : -1)
          .as(at)
          .isEqualTo(captured >= 6 ? 5 : -1);
    }
  }

  @Test
  void decode_icmpHeaderCut_keepsTypeCodeAndTheEchoFieldsCaptured() {
    byte[] echo = ipv4("10.0.0.2", "10.0.0.4", 11, 64, 1, icmp(8, 0, 30845, 7, ascii("ping")));
    int[] errorAt = {20, 21, 22, 22, 24, 24, 26, 26};
    for (int captured = 0; captured < 8; captured++) {
      decoder.decode(echo, 0, 20 + captured, echo.length, LinkType.RAW, f);
      String at = captured + " bytes of the ICMP header";

      assertThat(f.error()).as(at).isEqualTo(DecodeError.TRUNCATED_ICMP_HEADER);
      assertThat(f.errorOffset()).as(at).isEqualTo(errorAt[captured]);
      assertThat(f.transport()).as(at).isEqualTo(captured >= 1 ? Transport.ICMP : Transport.NONE);
      assertThat(f.icmpEcho()).as(at).isEqualTo(captured >= 1);
      assertThat(f.hasIcmpCode() ? f.icmpCode() : -1).as(at).isEqualTo(captured >= 2 ? 0 : -1);
      assertThat(f.hasIcmpId() ? f.icmpId() : -1).as(at).isEqualTo(captured >= 6 ? 30845 : -1);
      assertThat(f.hasIcmpSeq() ? f.icmpSeq() : -1).as(at).isEqualTo(captured >= 8 ? 7 : -1);
    }
  }

  @Test
  void decode_vxlanHeaderCutAfterItsVni_keepsTheTunnel() {
    byte[] frame =
        vxlanFrame(
            "203.0.113.11",
            "203.0.113.12",
            34633,
            4096,
            ethernet(CLIENT_MAC, TASK_MAC, ETHERTYPE_IPV4, routingMeshSynPacket()));
    int vxlanHeader = 14 + 20 + 8;

    decoder.decode(frame, 0, vxlanHeader + 7, frame.length, LinkType.ETHERNET, f);
    assertThat(f.error()).isEqualTo(DecodeError.TRUNCATED_VXLAN_HEADER);
    assertThat(f.errorOffset()).isEqualTo(vxlanHeader + 7);
    assertThat(f.outermostVxlan()).isZero();
    assertThat(f.tunnelVni(0)).isEqualTo(4096);
    assertThat(f.tunnelSourcePort(0)).isEqualTo(34633);

    decoder.decode(frame, 0, vxlanHeader + 6, frame.length, LinkType.ETHERNET, f);
    assertThat(f.error()).isEqualTo(DecodeError.TRUNCATED_VXLAN_HEADER);
    assertThat(f.errorOffset()).isEqualTo(vxlanHeader);
    assertThat(f.tunnelCount()).as("the VNI was not captured whole").isZero();
    assertThat(f.transport()).as("the carrier's UDP header is whole").isEqualTo(Transport.UDP);
    assertThat(f.destinationPort()).isEqualTo(4789);
  }

  @Test
  void decode_everyCutOfAVxlanFrame_givesATruncationErrorOrNone() {
    byte[] inner = ethernet(CLIENT_MAC, TASK_MAC, ETHERTYPE_IPV4, routingMeshSynPacket());
    byte[] frame = vxlanFrame("203.0.113.11", "203.0.113.12", 34633, 4096, inner);
    for (int caplen = 0; caplen <= frame.length; caplen++) {
      decoder.decode(frame, 0, caplen, frame.length, LinkType.ETHERNET, f);
      boolean complete = caplen == frame.length;
      assertThat(f.error() == DecodeError.NONE).as("caplen %d", caplen).isEqualTo(complete);
      if (!complete) {
        assertThat(f.error().name()).as("caplen %d", caplen).startsWith("TRUNCATED_");
        assertThat(f.errorOffset()).as("caplen %d", caplen).isBetween(0, caplen);
      }
    }
  }

  @Test
  void decode_contradictoryLengths_areMalformed() {
    byte[] badIhl = routingMeshSynPacket();
    badIhl[0] = 0x44;
    assertThat(decode(badIhl, LinkType.RAW).error()).isEqualTo(DecodeError.BAD_IPV4_HEADER_LENGTH);

    byte[] shortTotal = routingMeshSynPacket();
    shortTotal[2] = 0;
    shortTotal[3] = 12;
    assertThat(decode(shortTotal, LinkType.RAW).error())
        .isEqualTo(DecodeError.BAD_IPV4_TOTAL_LENGTH);

    byte[] badOffset = routingMeshSynPacket();
    badOffset[32] = 0x20;
    assertThat(decode(badOffset, LinkType.RAW).error())
        .isEqualTo(DecodeError.BAD_TCP_HEADER_LENGTH);
    assertThat(f.sourcePort()).as("the fixed header was read before the fault").isEqualTo(42478);

    byte[] badUdp = ipv4Udp("10.0.0.1", "10.0.0.2", 1, 64, 1, 2, new byte[4]);
    badUdp[24] = 0;
    badUdp[25] = 4;
    assertThat(decode(badUdp, LinkType.RAW).error()).isEqualTo(DecodeError.BAD_UDP_LENGTH);

    byte[] wrongVersion = routingMeshSynPacket();
    wrongVersion[0] = 0x65;
    assertThat(decode(wrongVersion, LinkType.IPV4).error()).isEqualTo(DecodeError.BAD_IP_VERSION);
  }

  @Test
  void decode_unknownLinkType_isReportedNotThrown() {
    decode(routingMeshSynPacket(), 147);

    assertThat(f.error()).isEqualTo(DecodeError.UNSUPPORTED_LINK_TYPE);
    assertThat(f.ipCount()).isZero();
  }

  /**
   * The holder is reused for every frame (that is what keeps decoding allocation-free), so nothing
   * of one frame may show in the next: random and corrupted frames, one after another, decode in
   * the reused holder exactly as in a fresh one. (DecoderFuzzTest checks the rest: no exceptions,
   * no reads past the frame.)
   */
  @Test
  void decode_randomAndCorruptedFramesInARow_reusedHolderKeepsNothingOfThePreviousFrame() {
    java.util.Random random = new java.util.Random(42);
    int[] linkTypes = {LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.RAW, 0};
    byte[] ping = ipv4("10.0.0.2", "10.0.0.108", 1, 64, 1, icmp(8, 0, 30845, 2, new byte[56]));
    byte[] unreachable =
        ipv4(
            "10.0.0.1",
            "10.0.0.2",
            99,
            64,
            1,
            icmp(
                3,
                3,
                0,
                0,
                Arrays.copyOf(
                    ipv4Udp("10.0.0.2", "10.0.0.108", 4321, 1, 40000, 33434, new byte[12]), 28)));
    byte[][] templates = {
      vxlanFrame(
          "203.0.113.11",
          "203.0.113.12",
          34633,
          4096,
          ethernet(CLIENT_MAC, TASK_MAC, ETHERTYPE_IPV4, routingMeshSynPacket())),
      vxlanFrame(
          "203.0.113.11",
          "203.0.113.12",
          34633,
          4096,
          ethernet(CLIENT_MAC, TASK_MAC, ETHERTYPE_IPV4, ping)),
      ethernet(CLIENT_MAC, TASK_MAC, ETHERTYPE_IPV4, unreachable)
    };
    int transports = 0;
    for (int i = 0; i < 50_000; i++) {
      byte[] frame =
          i % 2 == 0 ? new byte[random.nextInt(200)] : templates[i / 2 % templates.length].clone();
      if (i % 2 == 0) {
        random.nextBytes(frame);
      } else {
        frame[random.nextInt(frame.length)] = (byte) random.nextInt(); // corrupt one byte
      }
      int linkType = i % 2 == 0 ? linkTypes[i / 2 % linkTypes.length] : LinkType.ETHERNET;
      DecodedFrame fresh = new DecodedFrame();
      decoder.decode(frame, 0, frame.length, frame.length, linkType, fresh);
      decoder.decode(frame, 0, frame.length, frame.length, linkType, f);

      if (!FrameSummary.of(f, 0).equals(FrameSummary.of(fresh, 0))) {
        assertThat(FrameSummary.of(f, 0))
            .as(
                "frame %d, link type %d: %s",
                i, linkType, java.util.HexFormat.of().formatHex(frame))
            .isEqualTo(FrameSummary.of(fresh, 0));
      }
      transports += f.transport() != Transport.NONE ? 1 : 0;
    }
    assertThat(transports).as("frames that reached a transport header").isGreaterThan(20_000);
  }

  @Test
  void decode_reusingOneHolder_allocatesNothingPerFrame() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    byte[] frame =
        vxlanFrame(
            "203.0.113.11",
            "203.0.113.12",
            34633,
            4096,
            ethernet(CLIENT_MAC, TASK_MAC, ETHERTYPE_IPV4, routingMeshSynPacket()));
    long sink = 0;
    for (int i = 0; i < 20_000; i++) { // warm up, so that class loading and compilation are done
      sink += decodeCutAt(frame, frame.length - i % 30);
    }
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < 100_000; i++) { // whole, and cut in the inner TCP and inner IP headers
      sink += decodeCutAt(frame, frame.length - i % 30);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    assertThat(allocated)
        .as("bytes allocated for 100000 frames (sink %d)", sink)
        .isLessThan(10_000);
  }

  private long decodeCutAt(byte[] frame, int caplen) {
    decoder.decode(frame, 0, caplen, frame.length, LinkType.ETHERNET, f);
    return PacketFingerprint.applies(f) ? PacketFingerprint.of(f) : f.errorOffset();
  }
}

package io.dockercanvas.pipeline.fingerprint;

import static io.dockercanvas.pipeline.testing.TestFrames.ETHERTYPE_ARP;
import static io.dockercanvas.pipeline.testing.TestFrames.ETHERTYPE_IPV4;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_ACK;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_PSH;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_SYN;
import static io.dockercanvas.pipeline.testing.TestFrames.ascii;
import static io.dockercanvas.pipeline.testing.TestFrames.ethernet;
import static io.dockercanvas.pipeline.testing.TestFrames.icmp;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Fragment;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Tcp;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Udp;
import static io.dockercanvas.pipeline.testing.TestFrames.routingMeshSyn;
import static io.dockercanvas.pipeline.testing.TestFrames.vxlanFrame;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.pipeline.decode.DecodeError;
import io.dockercanvas.pipeline.decode.DecodedFrame;
import io.dockercanvas.pipeline.decode.FrameDecoder;
import io.dockercanvas.pipeline.decode.LinkType;
import io.dockercanvas.pipeline.decode.Transport;
import io.dockercanvas.pipeline.testing.TestCaptures;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PacketFingerprintTest {
  private static final byte[] REQUEST = ascii("GET / HTTP/1.1\r\nHost: 203.0.113.11:8001\r\n");
  private static final List<String> JOURNEY_POINTS =
      List.of(
          "manager__eth0",
          "manager__docker_gwbridge",
          "manager__ingress_sbox__eth1",
          "manager__ingress_sbox__eth0",
          "manager__ingress__br0",
          "manager__ingress__vxlan0",
          "wire__mlabbr",
          "worker__ingress__vxlan0",
          "worker__ingress__br0",
          "worker__web__eth0");

  private final FrameDecoder decoder = new FrameDecoder();
  private final DecodedFrame f = new DecodedFrame();

  private long fingerprint(byte[] frame) {
    decoder.decode(frame, 0, frame.length, frame.length, LinkType.ETHERNET, f);
    assertThat(f.error()).isEqualTo(DecodeError.NONE);
    assertThat(PacketFingerprint.applies(f)).isTrue();
    return PacketFingerprint.of(f);
  }

  private static byte[] eth(String src, String dst, byte[] ipPacket) {
    return ethernet(src, dst, ETHERTYPE_IPV4, ipPacket);
  }

  @Test
  void of_sameSegmentAfterDnatAndSnat_isUnchanged() {
    byte[] atClient =
        ipv4Tcp(
            "203.0.113.100",
            "203.0.113.11",
            0x9eec,
            64,
            42478,
            8001,
            239321587L,
            1234L,
            TCP_PSH | TCP_ACK,
            REQUEST);
    byte[] afterDnat =
        ipv4Tcp(
            "203.0.113.100",
            "172.21.0.2",
            0x9eec,
            63,
            42478,
            8002,
            239321587L,
            1234L,
            TCP_PSH | TCP_ACK,
            REQUEST);
    byte[] afterSnat =
        ipv4Tcp(
            "10.0.0.2",
            "10.0.0.108",
            0x9eec,
            62,
            61000,
            80,
            239321587L,
            1234L,
            TCP_PSH | TCP_ACK,
            REQUEST);
    assertThat(Arrays.copyOfRange(afterSnat, 10, 12))
        .as("IP checksum rewritten")
        .isNotEqualTo(Arrays.copyOfRange(atClient, 10, 12));
    assertThat(Arrays.copyOfRange(afterSnat, 36, 38))
        .as("TCP checksum rewritten")
        .isNotEqualTo(Arrays.copyOfRange(atClient, 36, 38));

    long original = fingerprint(eth("0e:00:00:00:00:64", "0e:00:00:00:00:0b", atClient));

    assertThat(fingerprint(eth("02:42:5d:1c:3a:01", "02:42:ac:15:00:02", afterDnat)))
        .isEqualTo(original);
    assertThat(fingerprint(eth("02:42:0a:00:00:02", "02:42:0a:00:00:6c", afterSnat)))
        .isEqualTo(original);
  }

  @Test
  void of_sameSegmentAfterVxlanEncapsulation_isUnchanged() {
    byte[] inner = routingMeshSyn();
    long beforeEncapsulation = fingerprint(inner);

    long onTheWire = fingerprint(vxlanFrame("203.0.113.11", "203.0.113.12", 34633, 4096, inner));
    long twiceEncapsulated =
        fingerprint(
            vxlanFrame(
                "198.51.100.1",
                "198.51.100.2",
                5555,
                7,
                vxlanFrame("203.0.113.11", "203.0.113.12", 34633, 4096, inner)));

    assertThat(onTheWire).isEqualTo(beforeEncapsulation);
    assertThat(twiceEncapsulated).isEqualTo(beforeEncapsulation);
  }

  @Test
  void of_consecutiveSegmentsOfOneFlow_differ() {
    long seq = 239321587L;
    var seen = new HashSet<Long>();
    for (int i = 0; i < 50; i++) {
      byte[] payload = ascii(String.format("chunk %03d of the response body...", i));
      byte[] segment =
          ipv4Tcp("10.0.0.108", "10.0.0.2", 100 + i, 64, 8001, 42478, seq, 1000, TCP_ACK, payload);
      seq += payload.length;
      assertThat(seen.add(fingerprint(eth("02:42:0a:00:00:6c", "02:42:0a:00:00:02", segment))))
          .isTrue();
    }
    long pureAck1 = fingerprint(eth("a", 1, 0));
    long pureAck2 = fingerprint(eth("a", 1, 1));
    assertThat(pureAck1).as("ACKs differing only in the ack number").isNotEqualTo(pureAck2);
  }

  /** A pure ACK from the client, IP id 0 (as Linux sends with DF set) and the given ack offset. */
  private static byte[] eth(String unused, int seqOffset, int ackOffset) {
    return eth(
        "02:42:0a:00:00:02",
        "02:42:0a:00:00:6c",
        ipv4Tcp(
            "10.0.0.2",
            "10.0.0.108",
            0,
            62,
            42478,
            8001,
            239321587L + seqOffset,
            5000L + ackOffset,
            TCP_ACK,
            new byte[0]));
  }

  @Test
  void of_echoRequestAndItsReply_differ() {
    byte[] body = ascii("0123456789abcdefghijklmnopqrstuvwxyz");
    long request =
        fingerprint(
            eth(
                "0e:00:00:00:00:64",
                "0e:00:00:00:00:0b",
                ipv4("203.0.113.100", "203.0.113.11", 4000, 64, 1, icmp(8, 0, 30845, 1, body))));
    long reply =
        fingerprint(
            eth(
                "0e:00:00:00:00:0b",
                "0e:00:00:00:00:64",
                ipv4("203.0.113.11", "203.0.113.100", 4000, 64, 1, icmp(0, 0, 30845, 1, body))));

    assertThat(request).isNotEqualTo(reply);
  }

  @Test
  void of_icmpErrorWhoseQuotedHeaderWasNatted_isUnchanged() {
    byte[] quotedBeforeNat =
        Arrays.copyOf(ipv4Udp("10.0.0.2", "10.0.0.108", 4321, 1, 40000, 33434, new byte[12]), 28);
    byte[] quotedAfterNat =
        Arrays.copyOf(
            ipv4Udp("203.0.113.100", "203.0.113.11", 4321, 1, 51000, 33434, new byte[12]), 28);

    long inside =
        fingerprint(
            eth(
                "02:42:0a:00:00:6c",
                "02:42:0a:00:00:02",
                ipv4("10.0.0.108", "10.0.0.2", 777, 64, 1, icmp(3, 3, 0, 0, quotedBeforeNat))));
    long outside =
        fingerprint(
            eth(
                "0e:00:00:00:00:0b",
                "0e:00:00:00:00:64",
                ipv4(
                    "203.0.113.11",
                    "203.0.113.100",
                    777,
                    63,
                    1,
                    icmp(3, 3, 0, 0, quotedAfterNat))));
    long otherProbe =
        fingerprint(
            eth(
                "0e:00:00:00:00:0b",
                "0e:00:00:00:00:64",
                ipv4(
                    "203.0.113.11",
                    "203.0.113.100",
                    777,
                    63,
                    1,
                    icmp(
                        3,
                        3,
                        0,
                        0,
                        Arrays.copyOf(
                            ipv4Udp(
                                "203.0.113.100",
                                "203.0.113.11",
                                4322,
                                1,
                                51000,
                                33434,
                                new byte[12]),
                            28)))));

    assertThat(outside).isEqualTo(inside);
    assertThat(otherProbe).as("errors about different packets").isNotEqualTo(inside);
  }

  @Test
  void of_fragmentsOfOneDatagram_differ() {
    long first =
        fingerprint(
            eth(
                "02:42:0a:00:00:02",
                "02:42:0a:00:00:6c",
                ipv4Fragment("10.0.0.2", "10.0.0.108", 9, 64, 17, 0x2000, new byte[1480])));
    long second =
        fingerprint(
            eth(
                "02:42:0a:00:00:02",
                "02:42:0a:00:00:6c",
                ipv4Fragment("10.0.0.2", "10.0.0.108", 9, 64, 17, 0x2000 | 185, new byte[1480])));
    long last =
        fingerprint(
            eth(
                "02:42:0a:00:00:02",
                "02:42:0a:00:00:6c",
                ipv4Fragment("10.0.0.2", "10.0.0.108", 9, 64, 17, 370, new byte[1480])));

    assertThat(new HashSet<>(List.of(first, second, last))).hasSize(3);
  }

  @Test
  void of_manyPackets_spreadEvenlyOverTheHashSpace() {
    int packets = 160_000;
    int buckets = 16;
    long[] counts = new long[buckets];
    long belowOneEighth = 0;
    for (int i = 0; i < packets; i++) {
      byte[] segment =
          ipv4Tcp(
              "10.0.0.2",
              "10.0.0.108",
              i & 0xFFFF,
              64,
              42478,
              8001,
              1000L + i * 1448L,
              5000,
              TCP_ACK,
              new byte[0]);
      long fp = fingerprint(eth("02:42:0a:00:00:02", "02:42:0a:00:00:6c", segment));
      counts[(int) (fp >>> 60)]++;
      if (Long.compareUnsigned(fp, Long.MIN_VALUE >>> 2) < 0) { // first 1/8 of the unsigned space
        belowOneEighth++;
      }
    }
    double expected = (double) packets / buckets;
    double chiSquare =
        Arrays.stream(counts).mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();
    assertThat(chiSquare)
        .as("chi-square over %d buckets: %s", buckets, Arrays.toString(counts))
        .isLessThan(37.7); // p = 0.001 for 15 degrees of freedom
    assertThat((double) belowOneEighth / packets).isBetween(0.125 - 0.005, 0.125 + 0.005);
  }

  @Test
  void of_firstRoutingMeshSyn_isTheSameAtAllTenPointsOfItsJourney() throws IOException {
    Map<String, Long> synByPoint = new TreeMap<>();
    for (String point : JOURNEY_POINTS) {
      TestCaptures.decode(
          TestCaptures.file("routing-mesh", point + ".pcap"),
          (n, record, frame) -> {
            int ip = frame.ipCount() - 1;
            if (frame.ipId(ip) == 0x9eeb
                && frame.transport() == Transport.TCP
                && frame.tcpFlags() == TCP_SYN) {
              synByPoint.put(point, PacketFingerprint.of(frame));
            }
          });
    }

    assertThat(synByPoint).hasSize(10);
    assertThat(new HashSet<>(synByPoint.values()))
        .as("fingerprints by point: %s", synByPoint)
        .hasSize(1);
  }

  @Test
  void of_routingMeshPoints_holdTheSame37DistinctFingerprints() throws IOException {
    List<Long> reference = null;
    for (String point : JOURNEY_POINTS) {
      List<Long> fingerprints = new ArrayList<>();
      TestCaptures.decode(
          TestCaptures.file("routing-mesh", point + ".pcap"),
          (n, record, frame) -> fingerprints.add(PacketFingerprint.of(frame)));

      assertThat(fingerprints).as(point).hasSize(37);
      assertThat(new HashSet<>(fingerprints)).as("distinct at %s", point).hasSize(37);
      if (reference == null) {
        reference = fingerprints;
      } else {
        assertThat(fingerprints)
            .as("the same packets at %s", point)
            .containsExactlyInAnyOrderElementsOf(reference);
      }
    }
  }

  @Test
  void of_everyCutOfAFrame_isTheWholeFramesFingerprintOrNone() {
    byte[] syn = routingMeshSyn();
    byte[] request =
        eth(
            "02:42:0a:00:00:02",
            "02:42:0a:00:00:6c",
            ipv4Tcp(
                "10.0.0.2",
                "10.0.0.108",
                0x9eec,
                62,
                42478,
                8001,
                239321587L,
                1234L,
                TCP_PSH | TCP_ACK,
                REQUEST));
    byte[] dns =
        eth(
            "02:42:0a:00:00:02",
            "02:42:0a:00:00:6c",
            ipv4Udp(
                "10.0.0.2",
                "10.0.0.4",
                0,
                64,
                40000,
                53,
                ascii("\u0012\u0034\u0001\u0000\u0000\u0001 query for db.wordpress_net")));
    byte[] ping =
        eth(
            "0e:00:00:00:00:64",
            "0e:00:00:00:00:0b",
            ipv4(
                "203.0.113.100",
                "203.0.113.11",
                4000,
                64,
                1,
                icmp(8, 0, 30845, 1, ascii("0123456789abcdefghijklmnopqrstuvwxyz"))));
    byte[] unreachable =
        eth(
            "02:42:0a:00:00:6c",
            "02:42:0a:00:00:02",
            ipv4(
                "10.0.0.108",
                "10.0.0.2",
                777,
                64,
                1,
                icmp(
                    3,
                    3,
                    0,
                    0,
                    ipv4Udp("10.0.0.2", "10.0.0.108", 4321, 1, 40000, 33434, new byte[32]))));
    byte[] arp =
        ethernet(
            "02:42:0a:00:00:02", "ff:ff:ff:ff:ff:ff", ETHERTYPE_ARP, new byte[46]); // padded to 60
    Map<String, byte[]> frames = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> plain :
        Map.of(
                "SYN",
                syn,
                "request",
                request,
                "DNS",
                dns,
                "echo",
                ping,
                "port unreachable",
                unreachable,
                "ARP",
                arp)
            .entrySet()) {
      frames.put(plain.getKey(), plain.getValue());
      frames.put(
          plain.getKey() + " in VXLAN",
          vxlanFrame("203.0.113.11", "203.0.113.12", 34633, 4096, plain.getValue()));
    }
    for (Map.Entry<String, byte[]> entry : frames.entrySet()) {
      byte[] frame = entry.getValue();
      long whole = fingerprint(frame);
      int with = 0;
      for (int caplen = 0; caplen < frame.length; caplen++) {
        decoder.decode(frame, 0, caplen, frame.length, LinkType.ETHERNET, f);
        if (PacketFingerprint.applies(f)) {
          with++;
          assertThat(PacketFingerprint.of(f))
              .as("%s cut at %d", entry.getKey(), caplen)
              .isEqualTo(whole);
        }
      }
      assertThat(with).as("cuts of the %s that keep the fingerprint", entry.getKey()).isPositive();
    }
  }

  @Test
  void applies_vxlanSynCutBySnaplen96_onlyWhenTheAckNumberIsCaptured() {
    byte[] frame = vxlanFrame("203.0.113.11", "203.0.113.12", 34633, 4096, routingMeshSyn());
    long whole = fingerprint(frame);

    decoder.decode(frame, 0, 96, frame.length, LinkType.ETHERNET, f);
    assertThat(PacketFingerprint.applies(f)).isTrue();
    assertThat(PacketFingerprint.of(f)).isEqualTo(whole);

    decoder.decode(frame, 0, 95, frame.length, LinkType.ETHERNET, f);
    assertThat(PacketFingerprint.applies(f)).as("the acknowledgement number is cut").isFalse();
  }

  @Test
  void of_snaplen96Syn_isTheSameAtBothNodesBr0Vxlan0AndEth0() throws IOException {
    Map<String, Long> synByPoint = new TreeMap<>();
    for (String point :
        List.of(
            "node1__wordpress_net__br0",
            "node1__wordpress_net__vxlan0",
            "node1__eth0",
            "node2__eth0",
            "node2__wordpress_net__vxlan0",
            "node2__wordpress_net__br0")) {
      TestCaptures.decode(
          TestCaptures.file("snaplen96", point + ".pcap"),
          (n, record, frame) -> {
            int ip = frame.ipCount() - 1;
            if (ip >= 0
                && frame.ipId(ip) == 0xfdf1
                && frame.transport() == Transport.TCP
                && frame.tcpSeq() == 3361684924L) {
              assertThat(PacketFingerprint.applies(frame)).as(point).isTrue();
              synByPoint.put(
                  point + " frame " + n + " caplen " + record.caplen(),
                  PacketFingerprint.of(frame));
            }
          });
    }

    assertThat(synByPoint).as("the SYN of the lab README at every point").hasSize(6);
    assertThat(new HashSet<>(synByPoint.values()))
        .as("fingerprints by point: %s", synByPoint)
        .hasSize(1);
  }

  /**
   * On the underlay, -s 96 keeps 12 bytes of the inner TCP header. Each such frame, at eth0 of
   * node1 and node2, is matched with the same packet at the node's overlay bridge (br0) and VXLAN
   * device by its addresses, IP id, ports, sequence and acknowledgement numbers: the decoder must
   * read those from the cut header, and the fingerprint must be the same as that of the packet
   * captured whole.
   */
  @Test
  void of_everyUnderlayFrameCutInsideTheInnerTcpHeader_matchesTheSamePacketAtTheOverlayPoints()
      throws IOException {
    for (Map.Entry<String, Integer> node : Map.of("node1", 48, "node2", 80).entrySet()) {
      Map<String, Long> overlay = new HashMap<>();
      for (String point : List.of("__wordpress_net__br0", "__wordpress_net__vxlan0")) {
        TestCaptures.decode(
            TestCaptures.file("snaplen96", node.getKey() + point + ".pcap"),
            (n, record, frame) -> {
              if (frame.transport() == Transport.TCP && PacketFingerprint.applies(frame)) {
                Long before = overlay.put(tcpKey(frame), PacketFingerprint.of(frame));
                assertThat(before)
                    .as("br0 and vxlan0 agree")
                    .isIn(null, PacketFingerprint.of(frame));
              }
            });
      }
      List<String> unmatched = new ArrayList<>();
      int[] cut = {0};
      TestCaptures.decode(
          TestCaptures.file("snaplen96", node.getKey() + "__eth0.pcap"),
          (n, record, frame) -> {
            int inner = frame.ipCount() - 1;
            if (frame.outermostVxlan() < 0
                || inner < 1
                || frame.ipProtocol(inner) != 6
                || record.caplen() >= record.origLen()) {
              return;
            }
            cut[0]++;
            Long same = frame.transport() == Transport.TCP ? overlay.get(tcpKey(frame)) : null;
            if (same == null
                || !PacketFingerprint.applies(frame)
                || PacketFingerprint.of(frame) != same) {
              unmatched.add("frame " + n + " (" + frame.transport() + ", " + tcpKey(frame) + ")");
            }
          });

      assertThat(cut[0])
          .as("VXLAN frames with inner TCP cut at %s eth0", node.getKey())
          .isEqualTo(node.getValue());
      assertThat(unmatched)
          .as("%s eth0 frames without the fingerprint of the same packet at br0", node.getKey())
          .isEmpty();
    }
  }

  /**
   * What identifies one TCP segment at every point here (no NAT between them): addresses, IP id,
   * ports, seq, ack.
   */
  private static String tcpKey(DecodedFrame f) {
    int ip = f.ipCount() - 1;
    byte[] b = f.buffer();
    return String.format(
        "%d.%d.%d.%d:%d > %d.%d.%d.%d:%d id %d seq %d ack %d",
        b[f.ipSourceOffset(ip)] & 0xFF,
        b[f.ipSourceOffset(ip) + 1] & 0xFF,
        b[f.ipSourceOffset(ip) + 2] & 0xFF,
        b[f.ipSourceOffset(ip) + 3] & 0xFF,
        f.sourcePort(),
        b[f.ipDestinationOffset(ip)] & 0xFF,
        b[f.ipDestinationOffset(ip) + 1] & 0xFF,
        b[f.ipDestinationOffset(ip) + 2] & 0xFF,
        b[f.ipDestinationOffset(ip) + 3] & 0xFF,
        f.destinationPort(),
        f.ipId(ip),
        f.tcpSeq(),
        f.tcpAck());
  }
}

package io.dockercanvas.pipeline.decode;

import static io.dockercanvas.pipeline.testing.TestFrames.ETHERTYPE_ARP;
import static io.dockercanvas.pipeline.testing.TestFrames.ETHERTYPE_IPV4;
import static io.dockercanvas.pipeline.testing.TestFrames.ETHERTYPE_IPV6;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_ACK;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_PSH;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_SYN;
import static io.dockercanvas.pipeline.testing.TestFrames.ascii;
import static io.dockercanvas.pipeline.testing.TestFrames.concat;
import static io.dockercanvas.pipeline.testing.TestFrames.ethernet;
import static io.dockercanvas.pipeline.testing.TestFrames.ethernetTagged;
import static io.dockercanvas.pipeline.testing.TestFrames.geneve;
import static io.dockercanvas.pipeline.testing.TestFrames.icmp;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Fragment;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Tcp;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Udp;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv6;
import static io.dockercanvas.pipeline.testing.TestFrames.sll;
import static io.dockercanvas.pipeline.testing.TestFrames.sll2;
import static io.dockercanvas.pipeline.testing.TestFrames.udp;
import static io.dockercanvas.pipeline.testing.TestFrames.vxlan;
import static io.dockercanvas.pipeline.testing.TestFrames.vxlanFrame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dockercanvas.pipeline.testing.CaptureBytes;
import io.dockercanvas.pipeline.testing.Tshark;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synthetic frames for what the real captures lack (cooked and raw link types, VLAN tags, IPv6,
 * fragments, ICMP errors, Geneve with options, pcapng), compared with tshark when it is installed.
 */
class SyntheticConformanceTest {
  private static final String A = "02:42:0a:00:00:02";
  private static final String B = "02:42:0a:00:00:6c";

  @TempDir Path dir;
  private Path tshark;

  @BeforeEach
  void needsTshark() {
    tshark = Tshark.installed();
    assumeTrue(
        tshark != null,
        "tshark is not on PATH (apt-get install tshark); synthetic frames are checked by FrameDecoderTest only");
  }

  static byte[] request() {
    return ipv4Tcp(
        "10.0.0.2",
        "10.0.0.108",
        0x9eec,
        62,
        42478,
        8001,
        239321587L,
        99L,
        TCP_PSH | TCP_ACK,
        ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  }

  static List<byte[]> ipPackets() {
    byte[] tcpHeader = Arrays.copyOfRange(request(), 20, 40);
    byte[] quotedUdp =
        Arrays.copyOf(ipv4Udp("10.0.0.2", "10.0.0.108", 4321, 1, 40000, 33434, new byte[12]), 28);
    byte[] quotedEcho =
        Arrays.copyOf(
            ipv4("10.0.0.2", "10.0.0.108", 4323, 1, 1, icmp(8, 0, 77, 5, new byte[8])), 28);
    return List.of(
        request(),
        ipv4Tcp(
            "10.0.0.108",
            "10.0.0.2",
            0,
            64,
            8001,
            42478,
            7,
            239321588L,
            TCP_SYN | TCP_ACK,
            new byte[0]),
        ipv4(
            "203.0.113.100",
            "203.0.113.11",
            1,
            64,
            1,
            icmp(8, 0, 30845, 1, ascii("abcdefghijklmnop"))),
        ipv4(
            "203.0.113.11",
            "203.0.113.100",
            2,
            64,
            1,
            icmp(0, 0, 30845, 1, ascii("abcdefghijklmnop"))),
        ipv4("10.0.0.1", "10.0.0.2", 99, 64, 1, icmp(11, 0, 0, 0, quotedUdp)),
        ipv4("10.0.0.1", "10.0.0.2", 100, 64, 1, icmp(3, 3, 0, 0, request())),
        ipv4("10.0.0.1", "10.0.0.2", 101, 64, 1, icmp(11, 0, 0, 0, quotedEcho)),
        ipv4Fragment("10.0.0.2", "10.0.0.108", 9, 64, 17, 0x2000, udp(5000, 53, new byte[32])),
        ipv4Fragment("10.0.0.2", "10.0.0.108", 9, 64, 17, 5, new byte[24]),
        ipv6(
            "2001:db8::1",
            "2001:db8::2",
            0,
            63,
            concat(
                new byte[] {60, 0, 1, 4, 0, 0, 0, 0},
                new byte[] {6, 0, 1, 4, 0, 0, 0, 0},
                tcpHeader)),
        ipv6("2001:db8::1", "2001:db8::2", 17, 64, udp(5353, 53, ascii("query"))),
        ipv6("2001:db8::1", "2001:db8::2", 58, 64, new byte[] {(byte) 128, 0, 0, 0, 0, 1, 0, 2}));
  }

  @Test
  void ethernetFrames_matchTshark() throws Exception {
    byte[] inner = ethernet(A, B, ETHERTYPE_IPV4, request());
    List<byte[]> frames = new java.util.ArrayList<>();
    for (byte[] packet : ipPackets()) {
      frames.add(
          ethernet(A, B, (packet[0] & 0xF0) == 0x60 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4, packet));
    }
    frames.add(
        ethernetTagged(
            A, B, new int[][] {{0x88A8, 100}, {0x8100, 200}}, ETHERTYPE_IPV4, request()));
    frames.add(vxlanFrame("203.0.113.11", "203.0.113.12", 34633, 4096, inner));
    frames.add(
        vxlanFrame(
            "198.51.100.1",
            "198.51.100.2",
            4789,
            7,
            vxlanFrame("203.0.113.11", "203.0.113.12", 34633, 4096, inner)));
    frames.add(
        vxlanFrame(
            "203.0.113.11",
            "203.0.113.12",
            40000,
            4096,
            ethernet(A, "ff:ff:ff:ff:ff:ff", ETHERTYPE_ARP, new byte[28])));
    frames.add(
        ethernet(
            A,
            B,
            ETHERTYPE_IPV6,
            ipv6("fd00::11", "fd00::12", 17, 64, udp(34633, 4789, vxlan(4097, inner)))));
    frames.add(
        ethernet(
            A,
            B,
            ETHERTYPE_IPV4,
            ipv4(
                "127.0.0.1",
                "127.0.0.1",
                0,
                32,
                17,
                udp(11803, 6081, geneve(4242, 0x6558, 2, inner)))));
    frames.add(
        ethernet(
            A,
            B,
            ETHERTYPE_IPV4,
            ipv4(
                "127.0.0.1",
                "127.0.0.1",
                0,
                32,
                17,
                udp(11804, 6081, geneve(4243, 0x0800, 0, request())))));
    frames.add(
        concat(
            ethernet(
                A,
                B,
                ETHERTYPE_IPV4,
                ipv4Tcp("10.0.0.2", "10.0.0.108", 5, 64, 42478, 8001, 1, 2, TCP_ACK, new byte[0])),
            new byte[6]));

    CaptureBytes pcap = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkType.ETHERNET);
    for (int i = 0; i < frames.size(); i++) {
      pcap.record(1_700_000_000L + i, i * 1001L, frames.get(i), frames.get(i).length);
    }
    byte[] big =
        vxlanFrame(
            "203.0.113.11",
            "203.0.113.12",
            34633,
            4096,
            ethernet(
                A,
                B,
                ETHERTYPE_IPV4,
                ipv4Tcp(
                    "10.0.0.2",
                    "10.0.0.108",
                    0x1234,
                    62,
                    42478,
                    8001,
                    5,
                    6,
                    TCP_ACK,
                    new byte[1400])));
    pcap.record(
        1_700_000_100L, 0, Arrays.copyOf(big, 128), big.length); // cut by snaplen after the headers

    compare("ethernet.pcap", pcap.bytes());
  }

  /**
   * Frames cut at every byte of the outer UDP and VXLAN headers, the inner Ethernet header and the
   * inner TCP, UDP and ICMP headers (what a small snap length does on the underlay): every field
   * tshark shows is there with its value. Not inside the inner IPv4 header: tshark shows the fields
   * of a cut IP header, the decoder does not decode an IP header it does not have whole.
   */
  @Test
  void framesCutInsideEachHeader_matchTsharkWhereItShowsTheField() throws Exception {
    byte[] dns =
        ethernet(
            A,
            B,
            ETHERTYPE_IPV4,
            ipv4(
                "10.0.0.2",
                "10.0.0.4",
                0,
                64,
                17,
                udp(40000, 53, ascii("0123456789abcdef query"))));
    byte[] echo =
        ethernet(
            A,
            B,
            ETHERTYPE_IPV4,
            ipv4(
                "10.0.0.2", "10.0.0.4", 3, 64, 1, icmp(8, 0, 30845, 7, ascii("0123456789abcdef"))));
    byte[] request = ethernet(A, B, ETHERTYPE_IPV4, request());
    CaptureBytes pcap = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkType.ETHERNET);
    int outerUdp = 14 + 20;
    int innerTransport = outerUdp + 8 + 8 + 14 + 20;
    int n = 0;
    for (byte[] inner : List.of(request, dns, echo)) {
      byte[] frame = vxlanFrame("203.0.113.11", "203.0.113.12", 34633, 4096, inner);
      for (int caplen = inner == request ? outerUdp : innerTransport;
          caplen <= innerTransport + 20;
          caplen++) {
        if (caplen <= innerTransport - 20 || caplen >= innerTransport) {
          pcap.record(1_700_000_000L, n++, Arrays.copyOf(frame, caplen), frame.length);
        }
      }
    }
    compare("cut.pcap", pcap.bytes());
  }

  @Test
  void cookedAndRawFrames_matchTshark() throws Exception {
    byte[] vxlanPacket =
        ipv4(
            "203.0.113.11",
            "203.0.113.12",
            3,
            64,
            17,
            udp(34633, 4789, vxlan(4096, ethernet(A, B, ETHERTYPE_IPV4, request()))));
    CaptureBytes sll = CaptureBytes.pcap(ByteOrder.BIG_ENDIAN, true, LinkType.LINUX_SLL);
    CaptureBytes sll2 = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, true, LinkType.LINUX_SLL2);
    CaptureBytes raw = CaptureBytes.pcap(ByteOrder.BIG_ENDIAN, false, LinkType.RAW);
    List<byte[]> packets = new java.util.ArrayList<>(ipPackets());
    packets.add(vxlanPacket);
    for (int i = 0; i < packets.size(); i++) {
      byte[] p = packets.get(i);
      int type = (p[0] & 0xF0) == 0x60 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4;
      sll.record(1_700_000_000L, i * 123_456_789L % 1_000_000_000L, sll(type, p), 16 + p.length);
      sll2.record(1_700_000_000L, i, sll2(type, 3, p), 20 + p.length);
      raw.record(1_700_000_000L, i, p, p.length);
    }
    compare("sll.pcap", sll.bytes());
    compare("sll2.pcap", sll2.bytes());
    compare("raw.pcap", raw.bytes());
  }

  @Test
  void pcapngSectionsInBothByteOrders_matchTshark() throws Exception {
    byte[] frame =
        vxlanFrame(
            "203.0.113.11", "203.0.113.12", 34633, 4096, ethernet(A, B, ETHERTYPE_IPV4, request()));
    CaptureBytes ng =
        CaptureBytes.pcapng()
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkType.ETHERNET, 262144, 9, 0)
            .interfaceBlock(LinkType.RAW, 262144, -1, 0)
            .enhancedPacket(0, 1_700_000_000_123_456_789L, frame, frame.length)
            .opaqueBlock(5, 12)
            .enhancedPacket(1, 1_700_000_001_000_001L, request(), request().length)
            .section(ByteOrder.BIG_ENDIAN)
            .interfaceBlock(LinkType.ETHERNET, 262144, 0x80 | 20, 10)
            .enhancedPacket(0, (1_700_000_000L << 20) + (1 << 19), frame, frame.length)
            .obsoletePacket(0, 1_700_000_002L << 20, frame, frame.length);
    compare("sections.pcapng", ng.bytes());
  }

  private void compare(String name, byte[] content) throws Exception {
    Path capture = dir.resolve(name);
    Files.write(capture, content);
    ConformanceTest.assertMatches(capture, Tshark.run(tshark, capture), "tshark");
  }
}

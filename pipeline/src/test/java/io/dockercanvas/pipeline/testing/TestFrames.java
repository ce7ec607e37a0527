package io.dockercanvas.pipeline.testing;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Builds synthetic frames byte by byte, with correct IPv4, TCP, UDP and ICMP checksums (so that a
 * rewritten copy really differs in its checksums, as after NAT).
 */
public final class TestFrames {
  public static final int ETHERTYPE_IPV4 = 0x0800;
  public static final int ETHERTYPE_IPV6 = 0x86DD;
  public static final int ETHERTYPE_ARP = 0x0806;
  public static final int TCP_FIN = 0x01;
  public static final int TCP_SYN = 0x02;
  public static final int TCP_PSH = 0x08;
  public static final int TCP_ACK = 0x10;

  private TestFrames() {}

  /**
   * The recorded routing-mesh SYN as ingress_sbox sends it to the task (10.0.0.2:42478 to
   * 10.0.0.108:8001, seq 239321586): the IPv4 packet, no link header.
   */
  public static byte[] routingMeshSynPacket() {
    return ipv4Tcp(
        "10.0.0.2", "10.0.0.108", 0x9eeb, 62, 42478, 8001, 239321586L, 0, TCP_SYN, new byte[0]);
  }

  /** {@link #routingMeshSynPacket()} in its Ethernet frame on the ingress network. */
  public static byte[] routingMeshSyn() {
    return ethernet(
        "02:42:0a:00:00:02", "02:42:0a:00:00:6c", ETHERTYPE_IPV4, routingMeshSynPacket());
  }

  public static byte[] ethernet(String src, String dst, int etherType, byte[] payload) {
    return concat(mac(dst), mac(src), u16(etherType), payload);
  }

  /** Ethernet with VLAN tags: each tag is {tpid, vid}; the last ethertype follows them. */
  public static byte[] ethernetTagged(
      String src, String dst, int[][] tags, int etherType, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(mac(dst));
    out.writeBytes(mac(src));
    for (int[] tag : tags) {
      out.writeBytes(u16(tag[0]));
      out.writeBytes(u16(tag[1]));
    }
    out.writeBytes(u16(etherType));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  public static byte[] ipv4(String src, String dst, int id, int ttl, int protocol, byte[] payload) {
    return ipv4Fragment(src, dst, id, ttl, protocol, 0x4000, payload); // DF, as Linux sends TCP
  }

  /**
   * IPv4 with explicit flags + fragment offset field ({@code 0x2000} = MF, low 13 bits = offset /
   * 8).
   */
  public static byte[] ipv4Fragment(
      String src, String dst, int id, int ttl, int protocol, int flagsAndOffset, byte[] payload) {
    byte[] h = new byte[20];
    h[0] = 0x45;
    put16(h, 2, 20 + payload.length);
    put16(h, 4, id);
    put16(h, 6, flagsAndOffset);
    h[8] = (byte) ttl;
    h[9] = (byte) protocol;
    System.arraycopy(ip(src), 0, h, 12, 4);
    System.arraycopy(ip(dst), 0, h, 16, 4);
    put16(h, 10, checksum(h, 0, 20, 0));
    return concat(h, payload);
  }

  public static byte[] ipv6(String src, String dst, int nextHeader, int hopLimit, byte[] payload) {
    byte[] h = new byte[40];
    h[0] = 0x60;
    put16(h, 4, payload.length);
    h[6] = (byte) nextHeader;
    h[7] = (byte) hopLimit;
    System.arraycopy(ip(src), 0, h, 8, 16);
    System.arraycopy(ip(dst), 0, h, 24, 16);
    return concat(h, payload);
  }

  /** A complete IPv4 packet carrying a TCP segment, both checksums filled in. */
  public static byte[] ipv4Tcp(
      String src,
      String dst,
      int id,
      int ttl,
      int sport,
      int dport,
      long seq,
      long ack,
      int flags,
      byte[] payload) {
    byte[] t = new byte[20 + payload.length];
    put16(t, 0, sport);
    put16(t, 2, dport);
    put32(t, 4, seq);
    put32(t, 8, ack);
    t[12] = 0x50;
    t[13] = (byte) flags;
    put16(t, 14, 64240);
    System.arraycopy(payload, 0, t, 20, payload.length);
    put16(t, 16, checksum(t, 0, t.length, pseudoHeaderSum(src, dst, 6, t.length)));
    return ipv4(src, dst, id, ttl, 6, t);
  }

  public static byte[] ipv4Udp(
      String src, String dst, int id, int ttl, int sport, int dport, byte[] payload) {
    byte[] u = udp(sport, dport, payload);
    put16(u, 6, checksum(u, 0, u.length, pseudoHeaderSum(src, dst, 17, u.length)));
    return ipv4(src, dst, id, ttl, 17, u);
  }

  /** UDP header + payload with a zero (absent) checksum, as VXLAN senders may use. */
  public static byte[] udp(int sport, int dport, byte[] payload) {
    byte[] u = new byte[8 + payload.length];
    put16(u, 0, sport);
    put16(u, 2, dport);
    put16(u, 4, u.length);
    System.arraycopy(payload, 0, u, 8, payload.length);
    return u;
  }

  /** ICMP (v4) message: type, code, the 4 "rest of header" bytes as id/seq, then the body. */
  public static byte[] icmp(int type, int code, int id, int seq, byte[] body) {
    byte[] m = new byte[8 + body.length];
    m[0] = (byte) type;
    m[1] = (byte) code;
    put16(m, 4, id);
    put16(m, 6, seq);
    System.arraycopy(body, 0, m, 8, body.length);
    put16(m, 2, checksum(m, 0, m.length, 0));
    return m;
  }

  public static byte[] vxlan(int vni, byte[] innerFrame) {
    byte[] h = new byte[8];
    h[0] = 0x08;
    h[4] = (byte) (vni >> 16);
    h[5] = (byte) (vni >> 8);
    h[6] = (byte) vni;
    return concat(h, innerFrame);
  }

  /** Geneve with {@code optionWords} 4-byte words of (zero) options. */
  public static byte[] geneve(int vni, int protocol, int optionWords, byte[] inner) {
    byte[] h = new byte[8 + optionWords * 4];
    h[0] = (byte) optionWords;
    put16(h, 2, protocol);
    h[4] = (byte) (vni >> 16);
    h[5] = (byte) (vni >> 8);
    h[6] = (byte) vni;
    return concat(h, inner);
  }

  /** Outer Ethernet/IPv4/UDP/VXLAN around {@code innerFrame}, as a Linux VTEP sends it. */
  public static byte[] vxlanFrame(
      String outerSrc, String outerDst, int sport, int vni, byte[] innerFrame) {
    byte[] outerIp =
        ipv4(outerSrc, outerDst, 0x54a3, 64, 17, udp(sport, 4789, vxlan(vni, innerFrame)));
    return ethernet("0e:00:00:00:00:0b", "0e:00:00:00:00:0c", ETHERTYPE_IPV4, outerIp);
  }

  /** Linux cooked capture v1 header (packet type 0 = to us, ARPHRD_ETHER) + payload. */
  public static byte[] sll(int protocol, byte[] payload) {
    byte[] h = new byte[16];
    put16(h, 2, 1);
    put16(h, 4, 6);
    System.arraycopy(mac("02:42:0a:00:00:02"), 0, h, 6, 6);
    put16(h, 14, protocol);
    return concat(h, payload);
  }

  /** Linux cooked capture v2 header + payload. */
  public static byte[] sll2(int protocol, int ifindex, byte[] payload) {
    byte[] h = new byte[20];
    put16(h, 0, protocol);
    put32(h, 4, ifindex);
    put16(h, 8, 1);
    h[11] = 6;
    System.arraycopy(mac("02:42:0a:00:00:02"), 0, h, 12, 6);
    return concat(h, payload);
  }

  public static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  public static byte[] mac(String text) {
    String[] parts = text.split(":");
    byte[] m = new byte[6];
    for (int i = 0; i < 6; i++) {
      m[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return m;
  }

  /** An IPv4 or IPv6 literal as bytes (literals only: never a name lookup). */
  public static byte[] ip(String literal) {
    if (!literal.matches("[0-9a-fA-F:.]+")) {
      throw new IllegalArgumentException("not an address literal: " + literal);
    }
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  public static byte[] u16(int v) {
    return new byte[] {(byte) (v >> 8), (byte) v};
  }

  public static void put16(byte[] b, int at, int v) {
    b[at] = (byte) (v >> 8);
    b[at + 1] = (byte) v;
  }

  public static void put32(byte[] b, int at, long v) {
    for (int i = 0; i < 4; i++) {
      b[at + i] = (byte) (v >> (24 - 8 * i));
    }
  }

  private static int pseudoHeaderSum(String src, String dst, int protocol, int length) {
    byte[] p = concat(ip(src), ip(dst), new byte[] {0, (byte) protocol}, u16(length));
    int sum = 0;
    for (int i = 0; i < p.length; i += 2) {
      sum += (p[i] & 0xFF) << 8 | (p[i + 1] & 0xFF);
    }
    return sum;
  }

  private static int checksum(byte[] b, int from, int length, int initial) {
    long sum = initial;
    for (int i = 0; i < length; i += 2) {
      int hi = b[from + i] & 0xFF;
      int lo = i + 1 < length ? b[from + i + 1] & 0xFF : 0;
      sum += hi << 8 | lo;
    }
    while (sum >> 16 != 0) {
      sum = (sum & 0xFFFF) + (sum >> 16);
    }
    return (int) ~sum & 0xFFFF;
  }
}

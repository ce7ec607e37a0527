package io.dockercanvas.collector.journey;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Real Ethernet/IPv4/TCP frames (VXLAN-wrapped when encapsulated) for observations, built from
 * their headers.
 */
public final class Frames {

  private Frames() {}

  /** The same observations, each with a frame that decodes to its headers. */
  public static List<Observation> withFrames(List<Observation> observations) {
    return observations.stream()
        .map(
            o -> {
              byte[] inner = ethernetIpv4Tcp(o.headers());
              byte[] frame = o.encapsulated() ? vxlan(o.vxlan(), inner) : inner;
              return new Observation(
                  o.node(),
                  o.point().name(),
                  o.timestampNs(),
                  o.fingerprint(),
                  o.headers(),
                  o.vxlan(),
                  frame,
                  frame.length,
                  Observation.LINKTYPE_ETHERNET);
            })
        .toList();
  }

  static byte[] ethernetIpv4Tcp(IpHeaders h) {
    ByteBuffer b = ByteBuffer.allocate(14 + 20 + 20);
    b.put(new byte[] {2, 0x42, 10, 0, 0, 0x6c})
        .put(new byte[] {2, 0x42, 10, 0, 0, 2})
        .putShort((short) 0x0800);
    ipv4(b, h.src(), h.dst(), h.ipId(), h.ttl(), 6, 40);
    b.putShort((short) h.srcPort())
        .putShort((short) h.dstPort())
        .putInt(239321586)
        .putInt(0)
        .put((byte) 0x50)
        .put((byte) h.tcpFlags())
        .putShort((short) 64240)
        .putShort((short) 0)
        .putShort((short) 0);
    return b.array();
  }

  static byte[] vxlan(VxlanHeaders v, byte[] inner) {
    ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + 8 + inner.length);
    b.put(new byte[] {0x0e, 0, 0, 0, 0, 0x0c})
        .put(new byte[] {0x0e, 0, 0, 0, 0, 0x0b})
        .putShort((short) 0x0800);
    ipv4(b, v.outerSrc(), v.outerDst(), 0x54a3, 64, 17, 20 + 8 + 8 + inner.length);
    b.putShort((short) v.outerSrcPort())
        .putShort((short) v.outerDstPort())
        .putShort((short) (8 + 8 + inner.length))
        .putShort((short) 0);
    b.putInt(0x08000000).putInt(v.vni() << 8).put(inner);
    return b.array();
  }

  private static void ipv4(
      ByteBuffer b, String src, String dst, int id, int ttl, int protocol, int totalLength) {
    int start = b.position();
    b.put((byte) 0x45)
        .put((byte) 0)
        .putShort((short) totalLength)
        .putShort((short) id)
        .putShort((short) 0)
        .put((byte) ttl)
        .put((byte) protocol)
        .putShort((short) 0)
        .put(address(src))
        .put(address(dst));
    int sum = 0;
    for (int i = start; i < start + 20; i += 2) {
      sum += ((b.get(i) & 0xff) << 8) | (b.get(i + 1) & 0xff);
    }
    sum = (sum & 0xffff) + (sum >>> 16);
    sum = (sum & 0xffff) + (sum >>> 16);
    b.putShort(start + 10, (short) ~sum);
  }

  private static byte[] address(String dotted) {
    String[] parts = dotted.split("\\.");
    return new byte[] {
      (byte) Integer.parseInt(parts[0]),
      (byte) Integer.parseInt(parts[1]),
      (byte) Integer.parseInt(parts[2]),
      (byte) Integer.parseInt(parts[3])
    };
  }
}

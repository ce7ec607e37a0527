package io.dockercanvas.collector.journey;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Journeys as one pcapng file (little-endian, nanosecond timestamps): one interface per capture
 * point, named "node:point" with the link type it was captured with (so Ethernet, raw-IP and SLL
 * hops sit in one file), one packet per hop in path order, each with a comment naming its journey,
 * its place in it and the rewrite since the previous hop. Unlike the classic pcap export nothing is
 * left out for its link type; hops without frame bytes are counted as skipped.
 */
public final class JourneyPcapng {

  private static final int SECTION_HEADER = 0x0A0D0D0A;
  private static final int INTERFACE_DESCRIPTION = 1;
  private static final int ENHANCED_PACKET = 6;
  private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
  private static final short OPT_END = 0;
  private static final short OPT_COMMENT = 1;
  private static final short SHB_USERAPPL = 4;
  private static final short IF_NAME = 2;
  private static final short IF_TSRESOL = 9;
  private static final int SNAPLEN = 262_144;

  private JourneyPcapng() {}

  /** The file's bytes, its packets, the hops without frame bytes, and its interfaces. */
  public record Export(byte[] bytes, int frames, int skipped, int interfaces) {}

  public static Export write(List<Journey> journeys) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        block(
            SECTION_HEADER,
            le(16)
                .putInt(BYTE_ORDER_MAGIC)
                .putShort((short) 1)
                .putShort((short) 0)
                .putLong(-1L) // section length not given
                .array(),
            option(SHB_USERAPPL, utf8("docker-canvas"))));
    Map<String, Integer> interfaces = new LinkedHashMap<>();
    int frames = 0;
    int skipped = 0;
    for (Journey journey : journeys) {
      List<Hop> hops = journey.hops();
      Observation previous = null;
      for (int i = 0; i < hops.size(); i++) {
        Hop hop = hops.get(i);
        Observation o = hop.observation();
        if (o.frame().size() == 0) {
          skipped++;
          previous = o;
          continue;
        }
        String name = o.node() + ":" + o.point().name();
        Integer id = interfaces.get(name + "/" + o.linkType());
        if (id == null) {
          id = interfaces.size();
          interfaces.put(name + "/" + o.linkType(), id);
          out.writeBytes(interfaceBlock(name, o.linkType()));
        }
        out.writeBytes(packetBlock(id, o, comment(journey, i, hop, previous)));
        frames++;
        previous = o;
      }
    }
    return new Export(out.toByteArray(), frames, skipped, interfaces.size());
  }

  /** "journey 17 hop 3/9 node1:ingress_sbox/eth1: DNAT 172.18.0.2:8001 → 10.0.0.5:80". */
  static String comment(Journey journey, int index, Hop hop, Observation previous) {
    Observation o = hop.observation();
    String rewrites = RewriteText.of(hop, previous);
    return "journey "
        + journey.id()
        + " hop "
        + (index + 1)
        + "/"
        + journey.hops().size()
        + " "
        + o.node()
        + ":"
        + o.point().name()
        + (rewrites.isEmpty() ? "" : ": " + rewrites);
  }

  private static byte[] interfaceBlock(String name, int linkType) {
    byte[] body = le(8).putShort((short) linkType).putShort((short) 0).putInt(SNAPLEN).array();
    // if_tsresol 9: timestamps count nanoseconds
    return block(
        INTERFACE_DESCRIPTION,
        body,
        option(IF_NAME, utf8(name)),
        option(IF_TSRESOL, new byte[] {9}));
  }

  private static byte[] packetBlock(int interfaceId, Observation o, String comment) {
    int captured = o.frame().size();
    long ts = o.timestampNs();
    ByteBuffer body =
        le(20 + padded(captured))
            .putInt(interfaceId)
            .putInt((int) (ts >>> 32))
            .putInt((int) ts)
            .putInt(captured)
            .putInt(Math.max(o.frameLength(), captured))
            .put(o.frame().asReadOnlyByteBuffer());
    return block(ENHANCED_PACKET, body.array(), option(OPT_COMMENT, utf8(comment)));
  }

  /** type, total length, body, options (each padded), end of options, total length again. */
  private static byte[] block(int type, byte[] body, byte[]... options) {
    int optionBytes = 0;
    for (byte[] option : options) {
      optionBytes += option.length;
    }
    int total = 12 + body.length + optionBytes + 4;
    ByteBuffer b = le(total).putInt(type).putInt(total).put(body);
    for (byte[] option : options) {
      b.put(option);
    }
    b.putShort(OPT_END).putShort((short) 0).putInt(total);
    return b.array();
  }

  private static byte[] option(short code, byte[] value) {
    return le(4 + padded(value.length))
        .putShort(code)
        .putShort((short) value.length)
        .put(value)
        .array();
  }

  private static int padded(int length) {
    return (length + 3) & ~3;
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

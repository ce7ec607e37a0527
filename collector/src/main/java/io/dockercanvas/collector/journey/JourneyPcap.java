package io.dockercanvas.collector.journey;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A journey's frames as a classic pcap file with nanosecond timestamps, one packet per hop in path
 * order, so the journey opens in Wireshark. Each frame is what the agent kept of it (its first
 * bytes) with its length on the wire. A pcap file has one link type: hops captured with another
 * one, or without frame bytes, are left out and counted.
 */
public final class JourneyPcap {

  /** Magic number of a nanosecond-resolution pcap file. */
  private static final int MAGIC_NANOS = 0xa1b23c4d;

  private static final int SNAPLEN = 262_144;

  private JourneyPcap() {}

  /** The file's bytes, how many hops went in, and how many were left out. */
  public record Export(byte[] bytes, int frames, int skipped) {}

  public static Export write(Journey journey) {
    int linkType =
        journey.hops().stream()
            .map(Hop::observation)
            .filter(o -> o.frame().size() > 0)
            .mapToInt(Observation::linkType)
            .findFirst()
            .orElse(Observation.LINKTYPE_ETHERNET);
    int size = 24;
    for (Hop hop : journey.hops()) {
      size += 16 + hop.observation().frame().size();
    }
    ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(MAGIC_NANOS)
        .putShort((short) 2)
        .putShort((short) 4)
        .putInt(0)
        .putInt(0)
        .putInt(SNAPLEN)
        .putInt(linkType);
    int frames = 0;
    int skipped = 0;
    for (Hop hop : journey.hops()) {
      Observation o = hop.observation();
      if (o.frame().size() == 0 || o.linkType() != linkType) {
        skipped++;
        continue;
      }
      long ts = o.timestampNs();
      out.putInt((int) Math.floorDiv(ts, 1_000_000_000L))
          .putInt((int) Math.floorMod(ts, 1_000_000_000L))
          .putInt(o.frame().size())
          .putInt(Math.max(o.frameLength(), o.frame().size()))
          .put(o.frame().asReadOnlyByteBuffer());
      frames++;
    }
    byte[] bytes = new byte[out.position()];
    out.flip().get(bytes);
    return new Export(bytes, frames, skipped);
  }
}

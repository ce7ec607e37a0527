package io.dockercanvas.pipeline.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes pcap and pcapng files byte by byte, in either byte order, for reader and CLI tests. */
public final class CaptureBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private ByteOrder order;

  private CaptureBytes(ByteOrder order) {
    this.order = order;
  }

  /** A pcap file header; {@code nanos} picks the nanosecond magic. */
  public static CaptureBytes pcap(ByteOrder order, boolean nanos, int linkType) {
    CaptureBytes c = new CaptureBytes(order);
    c.u32(nanos ? 0xA1B23C4DL : 0xA1B2C3D4L).u16(2).u16(4).u32(0).u32(0).u32(262144).u32(linkType);
    return c;
  }

  /** A pcap record: timestamp split into seconds and the sub-second part in the file's unit. */
  public CaptureBytes record(long seconds, long fraction, byte[] data, int origLen) {
    return u32(seconds).u32(fraction).u32(data.length).u32(origLen).raw(data);
  }

  /** An empty pcapng file to which sections and blocks are added. */
  public static CaptureBytes pcapng() {
    return new CaptureBytes(ByteOrder.BIG_ENDIAN);
  }

  public CaptureBytes section(ByteOrder sectionOrder) {
    this.order = sectionOrder;
    return block(0x0A0D0D0A, body().u32(0x1A2B3C4DL).u16(1).u16(0).u64(-1));
  }

  /** An interface description; {@code tsresol} below 0 leaves the option out (microseconds). */
  public CaptureBytes interfaceBlock(int linkType, int snaplen, int tsresol, long tsoffsetSeconds) {
    CaptureBytes b = body().u16(linkType).u16(0).u32(snaplen);
    if (tsresol >= 0) {
      b.u16(9).u16(1).raw(new byte[] {(byte) tsresol, 0, 0, 0});
    }
    if (tsoffsetSeconds != 0) {
      b.u16(14).u16(8).u64(tsoffsetSeconds);
    }
    b.u16(0).u16(0);
    return block(1, b);
  }

  public CaptureBytes enhancedPacket(int iface, long timestampUnits, byte[] data, int origLen) {
    return block(
        6,
        body()
            .u32(iface)
            .u32(timestampUnits >>> 32)
            .u32(timestampUnits & 0xFFFFFFFFL)
            .u32(data.length)
            .u32(origLen)
            .padded(data));
  }

  public CaptureBytes obsoletePacket(int iface, long timestampUnits, byte[] data, int origLen) {
    return block(
        2,
        body()
            .u16(iface)
            .u16(0)
            .u32(timestampUnits >>> 32)
            .u32(timestampUnits & 0xFFFFFFFFL)
            .u32(data.length)
            .u32(origLen)
            .padded(data));
  }

  public CaptureBytes simplePacket(byte[] data, int origLen) {
    return block(3, body().u32(origLen).padded(data));
  }

  /** Any block: type, then the body, framed by the two length fields. */
  public CaptureBytes block(long type, CaptureBytes body) {
    byte[] content = body.bytes();
    int length = 12 + content.length;
    return u32(type).u32(length).raw(content).u32(length);
  }

  /** A block the readers do not interpret (statistics, custom, unknown) with a zero body. */
  public CaptureBytes opaqueBlock(long type, int bodyBytes) {
    return block(type, body().raw(new byte[bodyBytes]));
  }

  public CaptureBytes body() {
    return new CaptureBytes(order);
  }

  public CaptureBytes padded(byte[] data) {
    raw(data);
    return raw(new byte[(4 - data.length % 4) % 4]);
  }

  public CaptureBytes raw(byte[] data) {
    out.writeBytes(data);
    return this;
  }

  public CaptureBytes u16(int v) {
    return raw(ByteBuffer.allocate(2).order(order).putShort((short) v).array());
  }

  public CaptureBytes u32(long v) {
    return raw(ByteBuffer.allocate(4).order(order).putInt((int) v).array());
  }

  public CaptureBytes u64(long v) {
    return raw(ByteBuffer.allocate(8).order(order).putLong(v).array());
  }

  public byte[] bytes() {
    return out.toByteArray();
  }
}

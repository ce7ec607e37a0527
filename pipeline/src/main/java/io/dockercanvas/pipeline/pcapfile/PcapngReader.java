package io.dockercanvas.pipeline.pcapfile;

import io.dockercanvas.pipeline.decode.DecodeError;
import java.io.IOException;

/**
 * pcapng files: any number of sections, each in its own byte order; interface descriptions with
 * {@code if_tsresol}/{@code if_tsoffset}; enhanced, simple and obsolete packet blocks. Other blocks
 * (statistics, name resolution, decryption secrets, custom, unknown) are skipped and counted.
 */
final class PcapngReader implements FrameSource {
  static final long SECTION_HEADER = 0x0A0D0D0AL;
  private static final long INTERFACE = 1;
  private static final long OBSOLETE_PACKET = 2;
  private static final long SIMPLE_PACKET = 3;
  private static final long ENHANCED_PACKET = 6;
  private static final long BYTE_ORDER_MAGIC = 0x1A2B3C4DL;
  private static final int MAX_BLOCK_BYTES = CaptureFiles.MAX_FRAME_BYTES + (1 << 16);

  private final ChunkedFileInput in;
  private final PcapngInterfaces interfaces = new PcapngInterfaces();
  private long skippedBlocks;
  private FileDamage damage;

  PcapngReader(ChunkedFileInput in) throws IOException {
    this.in = in;
    String problem = sectionHeader();
    if (problem != null) {
      throw new UnreadableCaptureException(problem, 0);
    }
  }

  @Override
  public boolean next(CapturedFrame frame) throws IOException {
    while (damage == null) {
      long at = in.fileOffset();
      int got = in.require(8);
      if (got == 0) {
        return false;
      }
      if (got < 8) {
        return damaged(at, "file ends inside a block header (" + got + " of 8 bytes)");
      }
      long type = in.u32(0);
      if (type == SECTION_HEADER) {
        String problem = sectionHeader();
        if (problem != null) {
          return damaged(at, problem);
        }
        continue;
      }
      long length = in.u32(4);
      if (length < 12 || length % 4 != 0 || length > MAX_BLOCK_BYTES) {
        return damaged(
            at,
            "block of type "
                + hex(type)
                + " has an impossible length "
                + length
                + ": the file is corrupt from here");
      }
      int blockLength = (int) length;
      got = in.require(blockLength);
      boolean isPacket =
          type == ENHANCED_PACKET || type == SIMPLE_PACKET || type == OBSOLETE_PACKET;
      if (got < blockLength) {
        damaged(
            at,
            "file ends inside a block of type "
                + hex(type)
                + " ("
                + got
                + " of "
                + length
                + " bytes)");
        boolean delivered = isPacket && packet(type, blockLength, got, at, frame);
        if (delivered) {
          frame.recordError(DecodeError.RECORD_CUT_BY_END_OF_FILE);
        }
        in.skip(got);
        return delivered;
      }
      if (in.u32(blockLength - 4) != length) {
        return damaged(
            at, "block of type " + hex(type) + " ends with a length that differs from its start");
      }
      boolean delivered = false;
      if (isPacket) {
        delivered = packet(type, blockLength, blockLength, at, frame);
      } else if (type == INTERFACE) {
        readInterface(blockLength);
      } else {
        skippedBlocks++;
      }
      in.skip(blockLength);
      if (delivered) {
        return true;
      }
    }
    return false;
  }

  /** Reads a section header at the position; returns what is wrong with it, or null. */
  private String sectionHeader() throws IOException {
    int got = in.require(28);
    if (got < 28) {
      return "file ends inside a section header block (" + got + " of 28 bytes)";
    }
    long magic = in.u32BigEndian(8);
    if (magic != BYTE_ORDER_MAGIC && magic != Long.reverseBytes(BYTE_ORDER_MAGIC) >>> 32) {
      return "section header has an unknown byte-order magic " + hex(magic);
    }
    in.bigEndian(magic == BYTE_ORDER_MAGIC);
    long length = in.u32(4);
    if (length < 28 || length % 4 != 0 || length > MAX_BLOCK_BYTES) {
      return "section header has an impossible length " + length;
    }
    if (in.u16(12) != 1) {
      return "unsupported pcapng version " + in.u16(12) + "." + in.u16(14);
    }
    got = in.require((int) length);
    if (got < length) {
      return "file ends inside a section header block (" + got + " of " + length + " bytes)";
    }
    interfaces.clear();
    in.skip(length);
    return null;
  }

  private void readInterface(int blockLength) {
    int linkType = in.u16(8);
    long snaplen = in.u32(12);
    int tsresol = 6;
    long tsoffset = 0;
    int at = 16;
    while (at + 4 <= blockLength - 4) {
      int code = in.u16(at);
      int length = in.u16(at + 2);
      if (code == 0 || at + 4 + length > blockLength - 4) {
        break;
      }
      if (code == 9 && length >= 1) {
        tsresol = in.array()[in.position() + at + 4] & 0xFF;
      } else if (code == 14 && length >= 8) {
        tsoffset = in.s64(at + 4);
      }
      at += 4 + (length + 3 & ~3);
    }
    interfaces.add(linkType, snaplen, tsresol, tsoffset);
  }

  /** Fills {@code frame} from a packet block of which {@code available} bytes are present. */
  private boolean packet(long type, int blockLength, int available, long at, CapturedFrame frame) {
    int header = type == SIMPLE_PACKET ? 12 : 28;
    if (available < header) {
      return false;
    }
    int iface =
        type == ENHANCED_PACKET
            ? (int) Math.min(in.u32(8), Integer.MAX_VALUE)
            : type == OBSOLETE_PACKET ? in.u16(8) : 0;
    boolean known = iface < interfaces.count();
    long origLen = type == SIMPLE_PACKET ? in.u32(8) : in.u32(24);
    long caplen = type == SIMPLE_PACKET ? origLen : in.u32(20);
    if (type == SIMPLE_PACKET && known && interfaces.snaplen(0) > 0) {
      caplen = Math.min(caplen, interfaces.snaplen(0));
    }
    int room = Math.max(0, Math.min(blockLength - 4, available) - header);
    long nanos = 0;
    if (type != SIMPLE_PACKET && known) {
      nanos = interfaces.toNanos(iface, in.u32(12) << 32 | in.u32(16));
    }
    frame.set(
        in.array(),
        in.position() + header,
        (int) Math.min(caplen, room),
        origLen,
        known ? interfaces.linkType(iface) : -1,
        nanos,
        at);
    if (!known) {
      frame.recordError(DecodeError.UNKNOWN_INTERFACE);
    } else if (type != SIMPLE_PACKET && caplen > blockLength - 4 - header) {
      frame.recordError(DecodeError.BLOCK_SHORTER_THAN_PACKET);
    }
    return true;
  }

  private boolean damaged(long at, String message) {
    damage = new FileDamage(at, message);
    return false;
  }

  private static String hex(long value) {
    return String.format("0x%08x", value);
  }

  @Override
  public FileDamage damage() {
    return damage;
  }

  @Override
  public long skippedBlocks() {
    return skippedBlocks;
  }

  @Override
  public String format() {
    return "pcapng";
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}

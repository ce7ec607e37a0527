package io.dockercanvas.pipeline.pcapfile;

import io.dockercanvas.pipeline.decode.DecodeError;
import java.io.IOException;

/**
 * Classic libpcap files: microsecond and nanosecond magics in either byte order, and the "modified"
 * (Kuznetzov) variant whose record headers are 8 bytes longer.
 */
final class PcapReader implements FrameSource {
  static final long MAGIC_MICROS = 0xA1B2C3D4L;
  static final long MAGIC_NANOS = 0xA1B23C4DL;
  static final long MAGIC_MODIFIED = 0xA1B2CD34L;
  private static final int FILE_HEADER = 24;

  private final ChunkedFileInput in;
  private final int linkType;
  private final long nanosPerFractionUnit;
  private final int recordHeader;
  private long frames;
  private FileDamage damage;

  PcapReader(ChunkedFileInput in) throws IOException {
    this.in = in;
    int got = in.require(FILE_HEADER);
    if (got < FILE_HEADER) {
      throw new UnreadableCaptureException(
          "file ends inside the pcap file header (" + got + " of 24 bytes)", 0);
    }
    long magic = in.u32BigEndian(0);
    long swapped = Long.reverseBytes(magic) >>> 32;
    boolean bigEndian = magic == MAGIC_MICROS || magic == MAGIC_NANOS || magic == MAGIC_MODIFIED;
    long fileMagic = bigEndian ? magic : swapped;
    in.bigEndian(bigEndian);
    this.nanosPerFractionUnit = fileMagic == MAGIC_NANOS ? 1 : 1000;
    this.recordHeader = fileMagic == MAGIC_MODIFIED ? 24 : 16;
    // The upper bits of the link-type field carry FCS information, not the type.
    this.linkType = (int) (in.u32(20) & 0xFFFF);
    in.skip(FILE_HEADER);
  }

  static boolean isMagic(long magic) {
    long swapped = Long.reverseBytes(magic) >>> 32;
    return magic == MAGIC_MICROS
        || magic == MAGIC_NANOS
        || magic == MAGIC_MODIFIED
        || swapped == MAGIC_MICROS
        || swapped == MAGIC_NANOS
        || swapped == MAGIC_MODIFIED;
  }

  @Override
  public boolean next(CapturedFrame frame) throws IOException {
    if (damage != null) {
      return false;
    }
    long at = in.fileOffset();
    int got = in.require(recordHeader);
    if (got == 0) {
      return false;
    }
    if (got < recordHeader) {
      damage =
          new FileDamage(
              at,
              "file ends inside the header of record "
                  + (frames + 1)
                  + " ("
                  + got
                  + " of "
                  + recordHeader
                  + " bytes)");
      return false;
    }
    long seconds = in.u32(0);
    long fraction = in.u32(4);
    long caplen = in.u32(8);
    long origLen = in.u32(12);
    if (caplen > CaptureFiles.MAX_FRAME_BYTES) {
      damage =
          new FileDamage(
              at,
              "record "
                  + (frames + 1)
                  + " claims "
                  + caplen
                  + " captured bytes, more than any capture holds: the file is corrupt from here");
      return false;
    }
    int total = recordHeader + (int) caplen;
    got = in.require(total);
    frames++;
    long nanos = seconds * 1_000_000_000L + fraction * nanosPerFractionUnit;
    frame.set(
        in.array(), in.position() + recordHeader, got - recordHeader, origLen, linkType, nanos, at);
    if (got < total) {
      frame.recordError(DecodeError.RECORD_CUT_BY_END_OF_FILE);
      damage =
          new FileDamage(
              at,
              "file ends inside record "
                  + frames
                  + " ("
                  + (got - recordHeader)
                  + " of "
                  + caplen
                  + " captured bytes)");
      in.skip(got);
      return true;
    }
    in.skip(total);
    return true;
  }

  @Override
  public FileDamage damage() {
    return damage;
  }

  @Override
  public long skippedBlocks() {
    return 0;
  }

  @Override
  public String format() {
    return "pcap";
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}

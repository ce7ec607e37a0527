package io.dockercanvas.pipeline.pcapfile;

import io.dockercanvas.pipeline.decode.DecodeError;

/**
 * One packet record read from a capture file. Reused for every record (a mutable holder for the
 * same reason as {@link io.dockercanvas.pipeline.decode.DecodedFrame}): the bytes stay in the
 * reader's buffer and are valid only until the next call to {@link FrameSource#next}.
 */
public final class CapturedFrame {
  private byte[] buffer;
  private int offset;
  private int caplen;
  private int origLen;
  private int linkType;
  private long timestampNanos;
  private long fileOffset;
  private DecodeError recordError = DecodeError.NONE;

  void set(
      byte[] buffer,
      int offset,
      int caplen,
      long origLen,
      int linkType,
      long timestampNanos,
      long fileOffset) {
    this.buffer = buffer;
    this.offset = offset;
    this.caplen = caplen;
    this.origLen = (int) Math.min(origLen, Integer.MAX_VALUE);
    this.linkType = linkType;
    this.timestampNanos = timestampNanos;
    this.fileOffset = fileOffset;
    this.recordError = DecodeError.NONE;
  }

  void recordError(DecodeError error) {
    this.recordError = error;
  }

  public byte[] buffer() {
    return buffer;
  }

  public int offset() {
    return offset;
  }

  /** Bytes captured (and present in the buffer). */
  public int caplen() {
    return caplen;
  }

  /** Length of the packet on the wire. */
  public int origLen() {
    return origLen;
  }

  /** LINKTYPE_ value of the interface it was captured on; -1 when the file does not say. */
  public int linkType() {
    return linkType;
  }

  /** Capture time in nanoseconds since the Unix epoch (0 when the record carries none). */
  public long timestampNanos() {
    return timestampNanos;
  }

  /** Where the record starts in the file, for messages. */
  public long fileOffset() {
    return fileOffset;
  }

  /** What was wrong with the record itself ({@link DecodeError#NONE} normally). */
  public DecodeError recordError() {
    return recordError;
  }
}

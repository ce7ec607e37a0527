package io.dockercanvas.pipeline.pcapfile;

import java.io.Closeable;
import java.io.IOException;

/** Packet records of one capture file, read one at a time into a reused {@link CapturedFrame}. */
public interface FrameSource extends Closeable {

  /**
   * Reads the next packet record into {@code frame}. Returns false at the end of the file, or at
   * damage that makes the rest unreadable ({@link #damage()} then says where and what). A record
   * cut off by the end of the file is still returned, with its record error set.
   */
  boolean next(CapturedFrame frame) throws IOException;

  /** What stopped reading before the end of the file, or null. */
  FileDamage damage();

  /**
   * Blocks that carry no packets and were skipped (pcapng statistics, name resolution, unknown
   * types).
   */
  long skippedBlocks();

  /** "pcap" or "pcapng". */
  String format();
}

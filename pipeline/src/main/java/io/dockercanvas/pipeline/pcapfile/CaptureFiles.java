package io.dockercanvas.pipeline.pcapfile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opens a pcap or pcapng file, telling them apart by their first bytes. No libpcap needed. */
public final class CaptureFiles {
  /** No real capture holds a bigger frame; a record claiming more means the file is corrupt. */
  public static final int MAX_FRAME_BYTES = 64 << 20;

  private CaptureFiles() {}

  /**
   * Opens {@code path} for reading frame by frame.
   *
   * @throws UnreadableCaptureException when the file is missing, empty, or not a pcap/pcapng file
   * @throws IOException when reading fails for another reason
   */
  public static FrameSource open(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      throw new UnreadableCaptureException("is a directory, not a capture file", -1);
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new UnreadableCaptureException("no such file", -1);
    } catch (AccessDeniedException e) {
      throw new UnreadableCaptureException("permission denied", -1);
    }
    ChunkedFileInput in = new ChunkedFileInput(channel);
    try {
      return detect(in, channel.size());
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private static FrameSource detect(ChunkedFileInput in, long size) throws IOException {
    if (size == 0) {
      throw new UnreadableCaptureException("file is empty (0 bytes), not a capture", 0);
    }
    int got = in.require(4);
    if (got < 4) {
      throw new UnreadableCaptureException(
          "file is too short to be a capture (" + got + " bytes)", 0);
    }
    long magic = in.u32BigEndian(0);
    if (PcapReader.isMagic(magic)) {
      return new PcapReader(in);
    }
    if (magic == PcapngReader.SECTION_HEADER) {
      return new PcapngReader(in);
    }
    if (magic >>> 16 == 0x1F8B) {
      throw new UnreadableCaptureException(
          "file is gzip-compressed; decompress it first (gunzip)", 0);
    }
    throw new UnreadableCaptureException(
        String.format(
            "not a pcap or pcapng file (starts with 0x%08x, expected a pcap magic or 0x0a0d0d0a)",
            magic),
        0);
  }
}

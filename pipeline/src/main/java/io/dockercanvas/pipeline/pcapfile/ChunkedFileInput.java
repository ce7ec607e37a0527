package io.dockercanvas.pipeline.pcapfile;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads a file through one large reused buffer, so that a record can be handed out as (array,
 * offset, length) without copying it again. Also reads integers in the file's byte order, relative
 * to the current position.
 */
final class ChunkedFileInput implements Closeable {
  private static final int CHUNK = 1 << 20;

  private final FileChannel channel;
  private byte[] array = new byte[CHUNK];
  private ByteBuffer view = ByteBuffer.wrap(array);
  private int position;
  private int limit;
  private long arrayStart;
  private boolean bigEndian = true;

  ChunkedFileInput(FileChannel channel) {
    this.channel = channel;
  }

  /**
   * Makes {@code n} bytes from the position available; returns how many are (fewer only at end of
   * file).
   */
  int require(int n) throws IOException {
    if (limit - position >= n) {
      return n;
    }
    return refill(n);
  }

  private int refill(int n) throws IOException {
    if (position > 0) {
      System.arraycopy(array, position, array, 0, limit - position);
      arrayStart += position;
      limit -= position;
      position = 0;
    }
    if (n > array.length) {
      byte[] bigger = new byte[Math.max(n, array.length * 2)];
      System.arraycopy(array, 0, bigger, 0, limit);
      array = bigger;
      view = ByteBuffer.wrap(array);
    }
    while (limit < n) {
      view.limit(array.length).position(limit);
      int read = channel.read(view);
      if (read < 0) {
        break;
      }
      limit += read;
    }
    return Math.min(n, limit - position);
  }

  /** Moves the position {@code n} bytes on, past what is buffered if need be. */
  void skip(long n) throws IOException {
    if (n <= limit - position) {
      position += (int) n;
      return;
    }
    long target = fileOffset() + n;
    channel.position(target);
    arrayStart = target;
    position = limit = 0;
  }

  long fileOffset() {
    return arrayStart + position;
  }

  byte[] array() {
    return array;
  }

  int position() {
    return position;
  }

  void bigEndian(boolean bigEndian) {
    this.bigEndian = bigEndian;
  }

  int u16(int at) {
    int p = position + at;
    int first = array[p] & 0xFF;
    int second = array[p + 1] & 0xFF;
    return bigEndian ? first << 8 | second : second << 8 | first;
  }

  /** Written out rather than built from {@link #u16}: it runs four times per record. */
  long u32(int at) {
    byte[] a = array;
    int p = position + at;
    if (bigEndian) {
      return (long) (a[p] & 0xFF) << 24
          | (a[p + 1] & 0xFF) << 16
          | (a[p + 2] & 0xFF) << 8
          | (a[p + 3] & 0xFF);
    }
    return (long) (a[p + 3] & 0xFF) << 24
        | (a[p + 2] & 0xFF) << 16
        | (a[p + 1] & 0xFF) << 8
        | (a[p] & 0xFF);
  }

  long s64(int at) {
    long first = u32(at);
    long second = u32(at + 4);
    return bigEndian ? first << 32 | second : second << 32 | first;
  }

  /** Big-endian regardless of the file's order: for magic numbers. */
  long u32BigEndian(int at) {
    int p = position + at;
    return (long) (array[p] & 0xFF) << 24
        | (array[p + 1] & 0xFF) << 16
        | (array[p + 2] & 0xFF) << 8
        | (array[p + 3] & 0xFF);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}

package io.dockercanvas.pipeline.decode;

/**
 * Big-endian (network byte order) reads from a byte array. Callers check bounds first. Plain shifts
 * rather than VarHandles: VarHandle set-up costs start-up time that a short {@code canvas decode}
 * run would feel.
 */
public final class NetworkOrder {
  private NetworkOrder() {}

  public static int u8(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  public static int u16(byte[] b, int i) {
    return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
  }

  public static int u24(byte[] b, int i) {
    return (b[i] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF);
  }

  public static long u32(byte[] b, int i) {
    return (long) (b[i] & 0xFF) << 24
        | (b[i + 1] & 0xFF) << 16
        | (b[i + 2] & 0xFF) << 8
        | (b[i + 3] & 0xFF);
  }
}

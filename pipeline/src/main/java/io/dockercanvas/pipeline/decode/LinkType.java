package io.dockercanvas.pipeline.decode;

/**
 * The LINKTYPE_ values (tcpdump.org link-layer header types) that {@link FrameDecoder} understands.
 */
public final class LinkType {
  public static final int ETHERNET = 1;

  /** Raw IPv4 or IPv6, told apart by the version nibble. */
  public static final int RAW = 101;

  /** Linux cooked capture v1, what {@code tcpdump -i any} wrote before libpcap 1.10. */
  public static final int LINUX_SLL = 113;

  public static final int IPV4 = 228;
  public static final int IPV6 = 229;

  /** Linux cooked capture v2 ({@code tcpdump -i any} with libpcap 1.10 and later). */
  public static final int LINUX_SLL2 = 276;

  private LinkType() {}
}

package io.dockercanvas.pipeline.decode;

/** The layer-4 protocol of the innermost IP packet, as far as it was decoded. */
public enum Transport {
  /**
   * No transport header: not an IP packet, a non-first fragment, or decoding stopped before one of
   * its fields was captured.
   */
  NONE,
  TCP,
  UDP,
  ICMP,
  ICMPV6,
  /**
   * Another IP protocol (GRE, ESP, SCTP, ...): only its payload length and first bytes are used.
   */
  OTHER
}

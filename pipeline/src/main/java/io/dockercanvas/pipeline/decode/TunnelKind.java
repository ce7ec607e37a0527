package io.dockercanvas.pipeline.decode;

/** UDP encapsulations the decoder follows into their inner packet. */
public enum TunnelKind {
  /** RFC 7348, UDP 4789 (or the configured data-path port); Docker's overlay networks. */
  VXLAN,
  /** RFC 8926, UDP 6081; carries Ethernet, IPv4 or IPv6. */
  GENEVE
}

package io.dockercanvas.collector.journey;

/**
 * What happened to a packet between two consecutive hops, read from the header differences. On a
 * reply, conntrack reverses the request's NAT: that is {@link #UN_SNAT} and {@link #UN_DNAT}, not
 * NAT of its own.
 */
public enum RewriteKind {
  /** Destination address changed (on a request). */
  DNAT,
  /** Source address or port changed (on a request). */
  SNAT,
  /** Wrapped in outer IPv4/UDP/VXLAN headers. */
  ENCAP,
  /** Outer VXLAN headers removed. */
  DECAP,
  /** Forwarded at layer 2 on the same node: no header changed, TTL kept. */
  BRIDGE,
  /** Destination port changed, address kept (iptables REDIRECT). */
  REDIRECT,
  /** On a reply: the destination (address or port) put back to what the request's SNAT replaced. */
  UN_SNAT,
  /**
   * On a reply: the source (address or port) put back to what the request's DNAT or REDIRECT
   * replaced.
   */
  UN_DNAT
}

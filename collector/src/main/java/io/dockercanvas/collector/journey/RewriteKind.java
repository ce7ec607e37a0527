package io.dockercanvas.collector.journey;

/** What happened to a packet between two consecutive hops, read from the header differences. */
public enum RewriteKind {
  /** Destination address changed (also un-SNAT on a reply, which conntrack does to the destination). */
  DNAT,
  /** Source address or port changed (also un-DNAT on a reply). */
  SNAT,
  /** Wrapped in outer IPv4/UDP/VXLAN headers. */
  ENCAP,
  /** Outer VXLAN headers removed. */
  DECAP,
  /** Forwarded at layer 2 on the same node: no header changed, TTL kept. */
  BRIDGE,
  /** Destination port changed, address kept (iptables REDIRECT). */
  REDIRECT
}

package io.dockercanvas.collector.journey;

import java.util.OptionalInt;

/** ICMP type and code, read from an observation's frame (the headers keep no ICMP fields). */
record Icmp(int type, int code, int nextHopMtu) {

  static final int ECHO_REPLY = 0;
  static final int UNREACHABLE = 3;
  static final int ECHO_REQUEST = 8;
  static final int PORT_UNREACHABLE = 3;
  static final int FRAGMENTATION_NEEDED = 4;
  private static final int ETHERNET_HEADER = 14;

  /** From the first plain Ethernet observation of an ICMP packet whose header was captured. */
  static java.util.Optional<Icmp> of(Journey journey) {
    for (Hop hop : journey.hops()) {
      Observation o = hop.observation();
      if (o.headers().protocol() != IpHeaders.ICMP
          || o.encapsulated()
          || o.linkType() != Observation.LINKTYPE_ETHERNET) {
        continue;
      }
      byte[] f = o.frame().toByteArray(); // only for the ICMP replies the verdicts read
      OptionalInt ip = ipv4Start(f);
      if (ip.isEmpty()) {
        continue;
      }
      int icmp = ip.getAsInt() + (f[ip.getAsInt()] & 0x0f) * 4;
      if (f.length >= icmp + 8) {
        int mtu = ((f[icmp + 6] & 0xff) << 8) | (f[icmp + 7] & 0xff);
        return java.util.Optional.of(new Icmp(f[icmp] & 0xff, f[icmp + 1] & 0xff, mtu));
      }
    }
    return java.util.Optional.empty();
  }

  /** Where the IPv4 header starts: after the Ethernet header and any 802.1Q tag. */
  private static OptionalInt ipv4Start(byte[] f) {
    if (f.length < ETHERNET_HEADER + 20) {
      return OptionalInt.empty();
    }
    int type = ((f[12] & 0xff) << 8) | (f[13] & 0xff);
    int start = ETHERNET_HEADER;
    if (type == 0x8100 && f.length >= ETHERNET_HEADER + 24) {
      type = ((f[16] & 0xff) << 8) | (f[17] & 0xff);
      start += 4;
    }
    return type == 0x0800 && (f[start] >> 4) == 4 ? OptionalInt.of(start) : OptionalInt.empty();
  }
}

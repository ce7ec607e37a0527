package io.dockercanvas.collector.journey;

import java.util.Objects;

/**
 * The IP and transport header fields of a packet as seen at one observation point: for an
 * encapsulated packet these are the inner headers. Ports are 0 for protocols without ports (ICMP);
 * {@code tcpFlags} is 0 unless TCP (bits as on the wire: FIN 1, SYN 2, RST 4, PSH 8, ACK 16).
 */
public record IpHeaders(
    String src,
    String dst,
    int srcPort,
    int dstPort,
    int protocol,
    int ipId,
    int ttl,
    int tcpFlags) {

  public static final int TCP = 6;
  public static final int UDP = 17;
  public static final int ICMP = 1;

  public IpHeaders {
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(dst, "dst");
  }

  /** "address:port", or the bare address when the protocol has no ports. */
  public String srcEndpoint() {
    return endpoint(src, srcPort);
  }

  public String dstEndpoint() {
    return endpoint(dst, dstPort);
  }

  public boolean sameAddressesAndPorts(IpHeaders other) {
    return src.equals(other.src)
        && dst.equals(other.dst)
        && srcPort == other.srcPort
        && dstPort == other.dstPort;
  }

  private String endpoint(String address, int port) {
    if (protocol != TCP && protocol != UDP) {
      return address;
    }
    return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
  }
}

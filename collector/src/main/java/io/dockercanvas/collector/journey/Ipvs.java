package io.dockercanvas.collector.journey;

import java.util.List;
import java.util.Optional;

/**
 * The IPVS load balancer of one namespace as its agent read it: virtual services and the connection
 * table, which says which real server was chosen for each client connection.
 */
public record Ipvs(List<Service> services, List<Connection> connections) {

  public static final Ipvs NONE = new Ipvs(List.of(), List.of());

  public Ipvs {
    services = List.copyOf(services);
    connections = List.copyOf(connections);
  }

  public boolean isEmpty() {
    return services.isEmpty() && connections.isEmpty();
  }

  /**
   * A virtual service.
   *
   * @param protocol TCP, UDP, SCTP, or FWM for a firewall-mark service
   * @param scheduler the kernel's name: rr, wrr, lc, wlc, sh, ...
   */
  public record Service(
      String protocol,
      String address,
      int port,
      long fwmark,
      String scheduler,
      List<RealServer> realServers) {

    public Service {
      realServers = List.copyOf(realServers);
    }

    boolean hasRealServer(String address, int port) {
      return realServers.stream()
          .anyMatch(r -> r.address().equals(address) && (r.port() == 0 || r.port() == port));
    }
  }

  /** A backend; forward is Masq (NAT), Route or Tunnel. */
  public record RealServer(
      String address, int port, String forward, int weight, int active, int inactive) {}

  /** Client sent to virtual; IPVS sent it on to destination. */
  public record Connection(
      String protocol,
      String clientAddress,
      int clientPort,
      String virtualAddress,
      int virtualPort,
      String destinationAddress,
      int destinationPort,
      String state) {}

  /** The service a connection went through: by address and port, else by the chosen backend. */
  public Optional<Service> serviceOf(Connection c) {
    return services.stream()
        .filter(s -> s.address().equals(c.virtualAddress()) && s.port() == c.virtualPort())
        .findFirst()
        .or(
            () ->
                services.stream()
                    .filter(s -> s.hasRealServer(c.destinationAddress(), c.destinationPort()))
                    .findFirst());
  }
}

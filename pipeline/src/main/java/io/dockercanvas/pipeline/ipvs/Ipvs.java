package io.dockercanvas.pipeline.ipvs;

import java.util.List;
import java.util.Optional;

/**
 * The IPVS load balancer of one network namespace: its virtual services and its connection table
 * (which real server was chosen for each client connection). The agent reads it from procfs, the
 * collector gets it from the agent's topology; {@link IpvsMapper} maps it to and from the contract.
 *
 * @param connectionsOmitted entries of a longer table the agent left out (it keeps the newest)
 */
public record Ipvs(List<Service> services, List<Connection> connections, int connectionsOmitted) {

  public static final Ipvs NONE = new Ipvs(List.of(), List.of(), 0);

  public Ipvs {
    services = List.copyOf(services);
    connections = List.copyOf(connections);
  }

  public boolean isEmpty() {
    return services.isEmpty() && connections.isEmpty();
  }

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

  /**
   * A virtual service.
   *
   * @param protocol TCP, UDP, SCTP, or FWM for a firewall-mark service
   * @param address address services only, else empty
   * @param fwmark FWM services only, else 0 (unsigned 32 bits, hence long)
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

    /** A real server at this address and port (port 0, a firewall-mark service's, matches any). */
    public boolean hasRealServer(String address, int port) {
      return realServers.stream()
          .anyMatch(r -> r.address().equals(address) && (r.port() == 0 || r.port() == port));
    }
  }

  /** A backend; forward is Masq (NAT), Route or Tunnel. */
  public record RealServer(
      String address,
      int port,
      String forward,
      int weight,
      int activeConnections,
      int inactiveConnections) {}

  /** One connection: client sent to virtual, IPVS sent it on to destination. */
  public record Connection(
      String protocol,
      String clientAddress,
      int clientPort,
      String virtualAddress,
      int virtualPort,
      String destinationAddress,
      int destinationPort,
      String state) {}
}

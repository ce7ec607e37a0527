package io.dockercanvas.agent.netns;

import java.util.List;

/**
 * The IPVS load balancer of one network namespace: its virtual services and its connection table
 * (which real server was chosen for each client connection).
 *
 * @param connectionsOmitted entries of a longer table left out (see {@link IpvsProcParser})
 */
public record IpvsTable(
    List<Service> services, List<Connection> connections, int connectionsOmitted) {

  public static final IpvsTable NONE = new IpvsTable(List.of(), List.of(), 0);

  public IpvsTable {
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
   * @param address address services only, else empty
   * @param fwmark FWM services only, else 0
   * @param scheduler e.g. rr, wrr, lc
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
  }

  /** A backend; forward is Masq (NAT), Route or Tunnel. */
  public record RealServer(
      String address, int port, String forward, int weight, int activeConnections, int inactive) {}

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

package io.dockercanvas.agent.discovery;

import java.util.List;

/** A swarm service ({@code GET /services}; managers only). */
public record DockerService(
    String id,
    String name,
    EndpointMode endpointMode,
    List<PublishedPort> ports,
    List<VirtualIp> virtualIps) {

  public DockerService {
    ports = List.copyOf(ports);
    virtualIps = List.copyOf(virtualIps);
  }

  /**
   * vip: one virtual IP balanced by IPVS in lb_ and ingress_sbox; dnsrr: DNS round robin, no VIP.
   */
  public enum EndpointMode {
    VIP,
    DNSRR
  }

  /** ingress: the routing mesh on every node; host: only on nodes running a task. */
  public enum PublishMode {
    INGRESS,
    HOST
  }

  public record PublishedPort(
      String protocol, int targetPort, int publishedPort, PublishMode mode) {}

  /**
   * @param address with prefix length, e.g. 10.0.9.4/24
   */
  public record VirtualIp(String networkId, String address) {}
}

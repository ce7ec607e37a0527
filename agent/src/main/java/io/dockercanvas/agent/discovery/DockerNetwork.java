package io.dockercanvas.agent.discovery;

import java.util.List;

/**
 * A network as this engine sees it ({@code GET /networks/{id}?verbose=true}).
 *
 * @param scope "swarm" for overlays, "local" for bridge/host networks
 * @param ingress whether this is the routing mesh's ingress network
 * @param vnis the VXLAN ids of an overlay (driver option {@code
 *     com.docker.network.driver.overlay.vxlanid_list})
 * @param peers the nodes this overlay spans with their VTEP addresses (verbose inspect, swarm scope
 *     only)
 * @param endpoints this node's containers attached to the network
 */
public record DockerNetwork(
    String id,
    String name,
    String driver,
    String scope,
    boolean ingress,
    boolean attachable,
    List<Integer> vnis,
    List<Subnet> subnets,
    List<Peer> peers,
    List<Endpoint> endpoints) {

  public DockerNetwork {
    vnis = List.copyOf(vnis);
    subnets = List.copyOf(subnets);
    peers = List.copyOf(peers);
    endpoints = List.copyOf(endpoints);
  }

  public boolean isOverlay() {
    return "overlay".equals(driver);
  }

  /**
   * @param cidr e.g. 10.0.9.0/24; @param gateway empty when the engine assigned none
   */
  public record Subnet(String cidr, String gateway) {}

  /**
   * @param name the peer's node name in the network's gossip (not the host name)
   */
  public record Peer(String name, String address) {}

  /**
   * A local container's attachment.
   *
   * @param ipv4Address with prefix length, e.g. 10.0.9.3/24; empty if none
   */
  public record Endpoint(
      String containerId, String name, String endpointId, String macAddress, String ipv4Address) {}
}

package io.dockercanvas.collector.topology;

import java.util.List;

/**
 * A Docker network as the engine describes it.
 *
 * @param vnis VXLAN network identifiers of an overlay, one per subnet
 * @param peers nodes the engine says take part in this overlay
 */
public record NetworkInfo(
    String id,
    String name,
    String driver,
    Scope scope,
    List<Integer> vnis,
    List<Subnet> subnets,
    boolean attachable,
    boolean ingress,
    boolean internal,
    List<Peer> peers) {

  public NetworkInfo {
    vnis = List.copyOf(vnis);
    subnets = List.copyOf(subnets);
    peers = List.copyOf(peers);
  }

  /** Where the network exists; UNKNOWN when the agent did not say. */
  public enum Scope {
    UNKNOWN,
    LOCAL,
    SWARM,
    GLOBAL
  }

  public boolean overlay() {
    return "overlay".equals(driver);
  }

  public record Subnet(String cidr, String gateway) {}

  public record Peer(String name, String address) {}
}

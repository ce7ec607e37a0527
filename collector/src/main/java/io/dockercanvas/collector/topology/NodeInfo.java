package io.dockercanvas.collector.topology;

/**
 * One Docker engine as its agent reports it. {@code role} is "manager", "worker" or "" when unknown.
 *
 * @param id the name the node goes by everywhere (observation points, filters, tunnels)
 * @param advertiseAddress underlay address; VXLAN tunnels from other nodes end here
 */
public record NodeInfo(String id, String hostname, String role, String swarmNodeId, String advertiseAddress,
    String underlayInterface, String engineVersion, int dataPathPort) {

  public boolean manager() {
    return "manager".equals(role);
  }
}

package io.dockercanvas.collector.topology;

/**
 * One Docker engine as its agent reports it.
 *
 * @param id the name the node goes by everywhere (observation points, filters, tunnels)
 * @param advertiseAddress underlay address; VXLAN tunnels from other nodes end here
 */
public record NodeInfo(
    String id,
    String hostname,
    Role role,
    String swarmNodeId,
    String advertiseAddress,
    String underlayInterface,
    String engineVersion,
    int dataPathPort) {

  /**
   * The node's part in the swarm; UNKNOWN when the agent did not say (not in a swarm, or a newer
   * value).
   */
  public enum Role {
    UNKNOWN,
    MANAGER,
    WORKER
  }

  public boolean manager() {
    return role == Role.MANAGER;
  }
}

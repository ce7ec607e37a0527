package io.dockercanvas.agent.discovery;

/**
 * This engine's place in the swarm, from {@code GET /info} (which, unlike {@code /nodes}, works on
 * workers).
 *
 * @param nodeId the swarm node id, empty when the engine is not in a swarm
 * @param hostname the engine's host name
 * @param advertiseAddress the address other nodes reach this one on (its VXLAN underlay address)
 * @param dataPathPort the swarm's VXLAN UDP port; only managers report it, 0 when unknown (a
 *     namespace's vxlan0 carries the port actually in use)
 */
public record SwarmNode(
    String nodeId,
    String hostname,
    Role role,
    String advertiseAddress,
    int dataPathPort,
    String engineVersion) {

  public enum Role {
    MANAGER,
    WORKER,
    /** The engine is not part of a swarm (or is still joining). */
    NONE
  }

  public boolean isManager() {
    return role == Role.MANAGER;
  }
}

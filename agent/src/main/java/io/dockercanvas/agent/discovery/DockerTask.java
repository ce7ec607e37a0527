package io.dockercanvas.agent.discovery;

import java.util.List;

/**
 * A swarm task on this node ({@code GET /tasks}; managers only — on a worker the containers' swarm
 * labels tell the same story, see {@link DockerContainer}).
 *
 * @param state the observed state ("running", "failed", ...)
 * @param containerId empty until the task has a container
 */
public record DockerTask(
    String id,
    String serviceId,
    int slot,
    String nodeId,
    String state,
    String desiredState,
    String containerId,
    List<NetworkAddress> addresses) {

  public DockerTask {
    addresses = List.copyOf(addresses);
  }

  /**
   * @param address with prefix length, e.g. 10.0.9.3/24
   */
  public record NetworkAddress(String networkId, String address) {}
}

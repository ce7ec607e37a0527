package io.dockercanvas.agent.discovery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Everything discovery read from the engine in one pass. */
public record DockerSnapshot(
    SwarmNode node,
    List<DockerNetwork> networks,
    List<DockerService> services,
    List<DockerTask> tasks,
    List<DockerContainer> containers,
    Instant readAt) {

  public DockerSnapshot {
    networks = List.copyOf(networks);
    services = List.copyOf(services);
    tasks = List.copyOf(tasks);
    containers = List.copyOf(containers);
  }

  /**
   * The network whose id starts with {@code idPrefix} (netns file names carry 9-10 characters of
   * it).
   */
  public Optional<DockerNetwork> networkByIdPrefix(String idPrefix) {
    return idPrefix.isEmpty()
        ? Optional.empty()
        : networks.stream().filter(n -> n.id().startsWith(idPrefix)).findFirst();
  }

  public Optional<DockerNetwork> ingressNetwork() {
    return networks.stream().filter(DockerNetwork::ingress).findFirst();
  }

  /** The container whose sandbox is the netns file {@code name}. */
  public Optional<DockerContainer> containerBySandbox(String name) {
    return containers.stream().filter(c -> c.sandboxName().equals(name)).findFirst();
  }

  public Optional<DockerTask> taskByContainer(String containerId) {
    return tasks.stream()
        .filter(t -> !t.containerId().isEmpty() && t.containerId().equals(containerId))
        .findFirst();
  }

  /** Snapshot equality without the read time, to tell whether a re-read changed anything. */
  public boolean sameContentAs(DockerSnapshot other) {
    return other != null
        && node.equals(other.node)
        && networks.equals(other.networks)
        && services.equals(other.services)
        && tasks.equals(other.tasks)
        && containers.equals(other.containers);
  }
}

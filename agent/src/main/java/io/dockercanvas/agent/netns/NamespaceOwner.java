package io.dockercanvas.agent.netns;

import io.dockercanvas.agent.discovery.DockerContainer;
import io.dockercanvas.agent.discovery.DockerNetwork;
import io.dockercanvas.agent.discovery.DockerSnapshot;
import io.dockercanvas.agent.discovery.DockerTask;
import java.util.Optional;

/**
 * What Docker object a namespace belongs to: the network of an overlay, load-balancer or ingress
 * namespace, the container (and swarm task) of a sandbox. Fields are empty when they do not apply
 * or discovery does not (yet) know the owner, e.g. a container started after the last snapshot.
 */
public record NamespaceOwner(
    String networkId,
    String networkName,
    String containerId,
    String containerName,
    String serviceName,
    String taskId) {

  public static final NamespaceOwner UNKNOWN = new NamespaceOwner("", "", "", "", "", "");

  public boolean isKnown() {
    return !networkId.isEmpty() || !containerId.isEmpty();
  }

  /** Looks the namespace file {@code name} up in a discovery snapshot. */
  public static NamespaceOwner of(String name, DockerSnapshot snapshot) {
    NamespaceRole role = NamespaceRole.of(name);
    return switch (role.kind()) {
      case OVERLAY, LOAD_BALANCER ->
          snapshot.networkByIdPrefix(role.idPrefix()).map(NamespaceOwner::network).orElse(UNKNOWN);
      case INGRESS_SANDBOX ->
          snapshot.ingressNetwork().map(NamespaceOwner::network).orElse(UNKNOWN);
      case CONTAINER ->
          snapshot.containerBySandbox(name).map(c -> container(c, snapshot)).orElse(UNKNOWN);
      case OTHER -> UNKNOWN;
    };
  }

  private static NamespaceOwner network(DockerNetwork network) {
    return new NamespaceOwner(network.id(), network.name(), "", "", "", "");
  }

  private static NamespaceOwner container(DockerContainer container, DockerSnapshot snapshot) {
    // The container's swarm labels name its task on workers too, where /tasks cannot be listed.
    String taskId =
        container.taskId().isEmpty()
            ? snapshot.taskByContainer(container.id()).map(DockerTask::id).orElse("")
            : container.taskId();
    return new NamespaceOwner(
        "", "", container.id(), container.name(), container.serviceName(), taskId);
  }

  /** The owning network in the snapshot, if this namespace belongs to one. */
  public Optional<DockerNetwork> networkIn(DockerSnapshot snapshot) {
    return networkId.isEmpty()
        ? Optional.empty()
        : snapshot.networks().stream().filter(n -> n.id().equals(networkId)).findFirst();
  }
}

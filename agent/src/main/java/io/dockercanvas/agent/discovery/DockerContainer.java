package io.dockercanvas.agent.discovery;

import java.nio.file.Path;
import java.util.List;

/**
 * A running container on this node ({@code GET /containers/{id}/json}).
 *
 * @param name without the leading slash
 * @param serviceId the swarm service (label com.docker.swarm.service.id), empty for a plain
 *     container
 * @param taskId the swarm task (label com.docker.swarm.task.id), empty for a plain container
 * @param sandboxKey the container's netns file, e.g. /var/run/docker/netns/9e2b30730278; empty for
 *     host networking
 */
public record DockerContainer(
    String id,
    String name,
    String serviceId,
    String serviceName,
    String taskId,
    String sandboxKey,
    List<Attachment> attachments) {

  public DockerContainer {
    attachments = List.copyOf(attachments);
  }

  /** The sandbox's file name in the netns directory (what the namespace watcher sees), or empty. */
  public String sandboxName() {
    return sandboxKey.isEmpty() ? "" : Path.of(sandboxKey).getFileName().toString();
  }

  /**
   * @param ipv4Address without prefix length, e.g. 10.0.9.3; empty if none
   */
  public record Attachment(
      String networkId, String networkName, String ipv4Address, String macAddress) {}
}

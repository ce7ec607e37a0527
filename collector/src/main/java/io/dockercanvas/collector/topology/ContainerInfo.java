package io.dockercanvas.collector.topology;

import java.util.List;

/** A container on the reporting node; service fields come from its swarm labels. */
public record ContainerInfo(
    String id,
    String name,
    String image,
    String taskId,
    String serviceId,
    String serviceName,
    String sandboxKey,
    List<Attachment> networks) {

  public ContainerInfo {
    networks = List.copyOf(networks);
  }
}

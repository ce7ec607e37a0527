package io.dockercanvas.collector.topology;

import java.util.List;

/**
 * A swarm service. {@code mode}: "replicated", "global", "replicated_job", "global_job" or "";
 * {@code endpointMode}: "vip", "dnsrr" or "".
 */
public record ServiceInfo(String id, String name, String mode, long replicas, String endpointMode,
    List<PublishedPort> publishedPorts, List<Attachment> virtualIps, String image, String stack) {

  public ServiceInfo {
    publishedPorts = List.copyOf(publishedPorts);
    virtualIps = List.copyOf(virtualIps);
  }

  /** {@code protocol} as an IP protocol number; {@code publishMode}: "ingress", "host" or "". */
  public record PublishedPort(int protocol, int targetPort, int publishedPort, String publishMode) {}
}

package io.dockercanvas.collector.topology;

import java.util.List;

/** A swarm service. */
public record ServiceInfo(
    String id,
    String name,
    Mode mode,
    long replicas,
    EndpointMode endpointMode,
    List<PublishedPort> publishedPorts,
    List<Attachment> virtualIps,
    String image,
    String stack) {

  public ServiceInfo {
    publishedPorts = List.copyOf(publishedPorts);
    virtualIps = List.copyOf(virtualIps);
  }

  /** How the service schedules its tasks; UNKNOWN when the agent did not say. */
  public enum Mode {
    UNKNOWN,
    REPLICATED,
    GLOBAL,
    REPLICATED_JOB,
    GLOBAL_JOB
  }

  /**
   * How clients reach the tasks: a virtual IP or DNS round robin; UNKNOWN when the agent did not
   * say.
   */
  public enum EndpointMode {
    UNKNOWN,
    VIP,
    DNSRR
  }

  /**
   * Through the routing mesh (INGRESS) or on the task's node only (HOST); UNKNOWN when the agent
   * did not say.
   */
  public enum PublishMode {
    UNKNOWN,
    INGRESS,
    HOST
  }

  /** {@code protocol} as an IP protocol number. */
  public record PublishedPort(
      int protocol, int targetPort, int publishedPort, PublishMode publishMode) {}
}

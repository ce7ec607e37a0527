package io.dockercanvas.collector.topology;

import java.util.List;

/** A swarm task: one scheduled instance of a service. {@code state} is Docker's, lower case ("running"). */
public record TaskInfo(String id, String serviceId, int slot, String swarmNodeId, String containerId,
    String state, List<Attachment> networks) {

  public TaskInfo {
    networks = List.copyOf(networks);
  }
}

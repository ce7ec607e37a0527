package io.dockercanvas.collector.topology;

import java.util.List;

/** A swarm task: one scheduled instance of a service. */
public record TaskInfo(
    String id,
    String serviceId,
    int slot,
    String swarmNodeId,
    String containerId,
    State state,
    List<Attachment> networks) {

  public TaskInfo {
    networks = List.copyOf(networks);
  }

  /** Docker's task states in lifecycle order; UNKNOWN when the agent did not say. */
  public enum State {
    UNKNOWN,
    NEW,
    ALLOCATED,
    PENDING,
    ASSIGNED,
    ACCEPTED,
    PREPARING,
    READY,
    STARTING,
    RUNNING,
    COMPLETE,
    SHUTDOWN,
    FAILED,
    REJECTED,
    REMOVE,
    ORPHANED
  }
}

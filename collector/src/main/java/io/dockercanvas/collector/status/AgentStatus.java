package io.dockercanvas.collector.status;

import io.dockercanvas.collector.topology.NodePresence;
import java.time.Instant;
import java.util.List;

/**
 * One agent's connection and counters, as the collector sees them, and its node's state in the
 * cluster.
 */
public record AgentStatus(
    String nodeId,
    boolean connected,
    String agentVersion,
    Instant connectedSince,
    Instant lastMessage,
    long observationsSeen,
    double observationsPerSecond,
    long lost,
    long lostBatches,
    List<String> limitations,
    NodePresence presence) {

  public AgentStatus {
    limitations = List.copyOf(limitations);
  }
}

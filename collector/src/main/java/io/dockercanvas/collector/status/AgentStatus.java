package io.dockercanvas.collector.status;

import java.time.Instant;
import java.util.List;

/** One agent's connection and counters, as the collector sees them. */
public record AgentStatus(String nodeId, boolean connected, String agentVersion, Instant connectedSince,
    Instant lastMessage, long observationsSeen, double observationsPerSecond, long lost, List<String> limitations) {

  public AgentStatus {
    limitations = List.copyOf(limitations);
  }
}

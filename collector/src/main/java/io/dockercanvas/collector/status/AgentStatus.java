package io.dockercanvas.collector.status;

import io.dockercanvas.collector.topology.NodePresence;
import java.time.Instant;
import java.util.List;

/**
 * One agent's connection and counters, as the collector sees them, and its node's state in the
 * cluster, what it captures and its kernel drops.
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
    NodePresence presence,
    List<String> capturePoints,
    long kernelDrops) {

  public AgentStatus {
    limitations = List.copyOf(limitations);
    capturePoints = List.copyOf(capturePoints);
  }

  /** The points its node captures, as far as the collector knows. */
  public AgentStatus withCapturePoints(List<String> points) {
    return new AgentStatus(
        nodeId,
        connected,
        agentVersion,
        connectedSince,
        lastMessage,
        observationsSeen,
        observationsPerSecond,
        lost,
        lostBatches,
        limitations,
        presence,
        points,
        kernelDrops);
  }
}

package io.dockercanvas.collector.status;

import io.dockercanvas.collector.store.StoreStatus;
import java.time.Duration;
import java.util.List;

/** Health and fill of the collector: agents, throughput, store fill (kept of seen) and losses. */
public record CollectorStatus(
    String version,
    Duration uptime,
    int agentsConnected,
    List<AgentStatus> agents,
    long observationsSeen,
    double observationsPerSecond,
    StoreStatus journeys,
    StoreStatus flows,
    long lost) {

  public CollectorStatus {
    agents = List.copyOf(agents);
  }
}

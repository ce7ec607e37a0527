package io.dockercanvas.collector.journey;

import java.util.List;
import java.util.Optional;

/**
 * One step of a journey: where and when the packet was seen, and what was rewritten since the
 * previous hop.
 *
 * @param latencyNs time since the previous hop when both were stamped by the same clock (clamped at
 *     0: taps within a node are not in path order at the microsecond scale), or {@link
 *     #LATENCY_UNKNOWN} for the first hop and across node clocks
 * @param loadBalancing the IPVS decision this hop shows, or null
 */
public record Hop(
    Observation observation, List<Rewrite> rewrites, long latencyNs, LoadBalancing loadBalancing) {

  public static final long LATENCY_UNKNOWN = -1;

  public Hop {
    rewrites = List.copyOf(rewrites);
  }

  public Hop(Observation observation, List<Rewrite> rewrites, long latencyNs) {
    this(observation, rewrites, latencyNs, null);
  }

  public Hop withLoadBalancing(LoadBalancing decision) {
    return new Hop(observation, rewrites, latencyNs, decision);
  }

  public Optional<LoadBalancing> loadBalanced() {
    return Optional.ofNullable(loadBalancing);
  }

  public String node() {
    return observation.node();
  }

  public String point() {
    return observation.point().name();
  }

  public long timestampNs() {
    return observation.timestampNs();
  }

  public boolean has(RewriteKind kind) {
    return rewrites.stream().anyMatch(r -> r.kind() == kind);
  }
}

package io.dockercanvas.collector.metrics;

import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.store.LostEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The labelled counters of the pipeline: observations and kernel drops per node and point, lost
 * events per source, reason and node, journeys per verdict and class, and how long a packet takes
 * from its first capture to its journey.
 *
 * <p>Label values are bounded: nodes are the swarm's nodes, points the observation points the
 * agents name on them, sources and reasons the contract's enums, verdicts and classes a few enum
 * names. Points of containers come and go, so at most {@link #MAX_POINT_SERIES} (node, point) pairs
 * get their own series; later ones count under point {@value #OTHER}.
 */
public final class PipelineMetrics {

  /** (node, point) pairs with a series of their own, per metric. */
  public static final int MAX_POINT_SERIES = 2_000;

  public static final String OTHER = "other";

  private static final String OBSERVATIONS = "canvas_observations";

  private final PrometheusMeterRegistry registry;
  private final LongSupplier wallClockNs;
  private final Map<NodePoint, Counter> observations = new ConcurrentHashMap<>();
  private final Map<NodePoint, Counter> kernelDrops = new ConcurrentHashMap<>();
  private final Map<LostKey, Counter> lost = new ConcurrentHashMap<>();
  private final Map<JourneyKey, Counter> journeys = new ConcurrentHashMap<>();
  private final Timer stitchLatency;

  public PipelineMetrics(PrometheusMeterRegistry registry, LongSupplier wallClockNs) {
    this.registry = registry;
    this.wallClockNs = wallClockNs;
    this.stitchLatency =
        Timer.builder("canvas_stitch_latency")
            .description(
                "From a packet's first capture (agent timestamp) to its journey leaving the stitcher")
            .serviceLevelObjectives(
                Duration.ofMillis(10),
                Duration.ofMillis(50),
                Duration.ofMillis(100),
                Duration.ofMillis(250),
                Duration.ofMillis(500),
                Duration.ofSeconds(1),
                Duration.ofMillis(1500),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10))
            .register(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** {@code count} observations of one point arrived from its node's agent. */
  public void observed(String node, String point, int count) {
    observations(node, point).increment(count);
  }

  /**
   * The counter of one point's observations, for a caller that keeps it per point instead of
   * looking it up (and allocating its key) for every observation.
   */
  public Counter observations(String node, String point) {
    Counter counter = observations.get(new NodePoint(node, point));
    if (counter == null) {
      counter = series(observations, node, point, OBSERVATIONS, "Observations received per point");
      // a point that captures shows its drops from the start, 0 until the agent reports any
      kernelDrops(node, point);
      lostCounter(
          LostEvent.Source.AGENT_CAPTURE.name().toLowerCase(Locale.ROOT),
          LostEvent.Reason.KERNEL_DROP.name().toLowerCase(Locale.ROOT),
          node);
    }
    return counter;
  }

  /** A lost event: always by source, reason and node; capture drops also by point. */
  public void lost(LostEvent event) {
    if (event.count() <= 0) {
      return;
    }
    lostCounter(name(event.source()), name(event.reason()), event.node()).increment(event.count());
    if (event.source() == LostEvent.Source.AGENT_CAPTURE
        && (event.reason() == LostEvent.Reason.KERNEL_DROP
            || event.reason() == LostEvent.Reason.INTERFACE_DROP)) {
      kernelDrops(event.node(), event.point()).increment(event.count());
    }
  }

  private Counter lostCounter(String source, String reason, String node) {
    return lost.computeIfAbsent(
        new LostKey(source, reason, node),
        k ->
            Counter.builder("canvas_lost_events")
                .description(
                    "Events lost before they became journeys (sequence gaps count batches)")
                .tag("source", k.source())
                .tag("reason", k.reason())
                .tag("node", k.node())
                .register(registry));
  }

  private Counter kernelDrops(String node, String point) {
    return series(
        kernelDrops,
        node,
        point,
        "canvas_capture_kernel_drops",
        "Packets the kernel or the interface dropped before capture, per point");
  }

  /** A journey left the stitcher. */
  public void journey(Journey journey) {
    journeys
        .computeIfAbsent(
            new JourneyKey(
                JourneyMetricLabels.verdict(journey), JourneyMetricLabels.trafficClass(journey)),
            k ->
                Counter.builder("canvas_journeys")
                    .description("Journeys stitched, by verdict and traffic class")
                    .tag("verdict", k.verdict())
                    .tag("class", k.trafficClass())
                    .register(registry))
        .increment();
    long captured = journey.first().observation().timestampNs();
    if (captured > 0) {
      // agents' clocks may run a little ahead of the collector's: never a negative latency
      stitchLatency.record(Math.max(0, wallClockNs.getAsLong() - captured), TimeUnit.NANOSECONDS);
    }
  }

  private Counter series(
      Map<NodePoint, Counter> counters,
      String node,
      String point,
      String name,
      String description) {
    NodePoint key = new NodePoint(node, point.isEmpty() ? "none" : point);
    Counter counter = counters.get(key);
    if (counter != null) {
      return counter;
    }
    if (counters.size() >= MAX_POINT_SERIES) {
      key = new NodePoint(node, OTHER);
    }
    return counters.computeIfAbsent(
        key,
        k ->
            Counter.builder(name)
                .description(description)
                .tag("node", k.node())
                .tag("point", k.point())
                .register(registry));
  }

  private static String name(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private record NodePoint(String node, String point) {}

  private record LostKey(String source, String reason, String node) {}

  private record JourneyKey(String verdict, String trafficClass) {}
}

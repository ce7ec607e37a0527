package io.dockercanvas.collector.core;

import io.dockercanvas.collector.flow.Flow;
import io.dockercanvas.collector.ingest.AgentRegistry;
import io.dockercanvas.collector.ingest.CaptureConfigPush;
import io.dockercanvas.collector.ingest.IngestTargets;
import io.dockercanvas.collector.journey.CaptureMonitor;
import io.dockercanvas.collector.journey.ExpectedPathEnd;
import io.dockercanvas.collector.journey.ExpectedPaths;
import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.journey.JourneyStitcher;
import io.dockercanvas.collector.journey.JourneyVerdicts;
import io.dockercanvas.collector.journey.NodeAddresses;
import io.dockercanvas.collector.metrics.PipelineMetrics;
import io.dockercanvas.collector.status.CollectorStatus;
import io.dockercanvas.collector.status.Version;
import io.dockercanvas.collector.store.LostEvent;
import io.dockercanvas.collector.store.LostEventLog;
import io.dockercanvas.collector.store.RingStore;
import io.dockercanvas.collector.topology.ClusterModel;
import io.dockercanvas.collector.trace.TraceRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The collector's pipeline without its servers: topology, stitcher, stores and counters. Live
 * agents feed it through {@link #ingestTargets()}; a file-fed replay pushes into {@link
 * #stitcher()} the same way. {@link #start()} runs the stitcher's window on {@link
 * System#nanoTime()}.
 */
public final class CollectorCore implements AutoCloseable {

  /** How often windows close and progressive journeys go out: part of the live latency. */
  private static final long TICK_MS = 10;

  private final Instant started;
  private final NodeAddresses pathFacts = new NodeAddresses();
  private final ClusterModel cluster;
  private final RingStore<Journey> journeys;
  private final RingStore<Flow> flows;
  private final LostEventLog lost;
  private final AgentRegistry agents;
  private final CaptureConfigPush config;
  private final TraceRegistry traces;
  private final JourneyStitcher stitcher;
  private final CaptureMonitor captureMonitor = new CaptureMonitor();
  private final JourneyVerdicts verdicts;
  private final PipelineMetrics metrics;
  private ScheduledExecutorService ticker;
  private long stitcherDropsReported;

  public CollectorCore(CoreSettings settings, Clock clock) {
    this.started = clock.instant();
    this.cluster = new ClusterModel(pathFacts, clock);
    this.journeys = new RingStore<>(settings.journeysCapacity());
    this.flows = new RingStore<>(settings.flowsCapacity());
    this.lost = new LostEventLog(settings.lostEventsCapacity());
    this.agents = new AgentRegistry(clock);
    agents.subscribe(event -> cluster.connection(event.nodeId(), event.connected()));
    agents.subscribe(
        event -> {
          if (!event.connected()) {
            captureMonitor.disconnected(event.nodeId());
          }
        });
    lost.events().subscribe(stored -> kernelDrops(stored.value()));
    this.config = new CaptureConfigPush(settings.capture());
    this.traces = new TraceRegistry(config, cluster::current, clock);
    this.metrics =
        new PipelineMetrics(
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            () -> {
              Instant now = clock.instant();
              return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            });
    lost.events().subscribe(stored -> metrics.lost(stored.value()));
    this.verdicts =
        new JourneyVerdicts(
            pathFacts,
            captureMonitor,
            settings.stitcher().windowNs(),
            journey -> {
              metrics.journey(journey);
              journeys.add(journey);
            });
    this.stitcher =
        new JourneyStitcher(
            settings.stitcher(),
            pathFacts,
            new ExpectedPathEnd(new ExpectedPaths(pathFacts), captureMonitor::coverage),
            verdicts);
  }

  /** A point whose capture dropped packets gets no STOPPED verdict around that time. */
  private void kernelDrops(LostEvent event) {
    if (event.reason() == LostEvent.Reason.KERNEL_DROP && !event.point().isEmpty()) {
      captureMonitor.kernelDrops(
          event.node(), event.point(), nanos(event.first()), nanos(event.last()));
    }
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  /** Closes stitching windows as time passes. */
  public synchronized void start() {
    if (ticker == null) {
      ticker =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "journey-window");
                t.setDaemon(true);
                return t;
              });
      ticker.scheduleAtFixedRate(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }
  }

  /** Closes due windows and reports observations the stitcher had to drop. */
  public void tick() {
    expireJourneys(System.nanoTime());
    traces.expire();
    long dropped = stitcher.stats().observationsDropped();
    synchronized (this) {
      if (dropped > stitcherDropsReported) {
        lost.record(
            LostEvent.now(
                LostEvent.Source.COLLECTOR_STITCHER,
                LostEvent.Reason.QUEUE_FULL,
                "",
                dropped - stitcherDropsReported,
                "observations beyond one packet's bound"));
        stitcherDropsReported = dropped;
      }
    }
  }

  /**
   * Where live agent streams deliver: arrivals on System.nanoTime, windows closed by {@link
   * #start()}.
   */
  public IngestTargets ingestTargets() {
    return new IngestTargets(
        stitcher,
        flows,
        cluster,
        lost,
        agents,
        config,
        metrics,
        System::nanoTime,
        captureMonitor,
        this::stitcherLagNs);
  }

  /** How late the window ticker closes packets; 0 while it does not run (nobody to wait for). */
  private long stitcherLagNs() {
    return ticking() ? stitcher.overdueNs(System.nanoTime()) : 0;
  }

  private synchronized boolean ticking() {
    return ticker != null;
  }

  /**
   * Where agent streams deliver, with arrivals stamped by {@code arrivalClock}: an offline replay
   * passes capture time and calls {@link #expireJourneys} with the same clock instead of {@link
   * #start()}, so ingest never waits for the stitcher.
   */
  public IngestTargets ingestTargets(LongSupplier arrivalClock) {
    return new IngestTargets(
        stitcher,
        flows,
        cluster,
        lost,
        agents,
        config,
        metrics,
        arrivalClock,
        captureMonitor,
        () -> 0);
  }

  public CollectorStatus status() {
    return new CollectorStatus(
        Version.current(),
        Duration.between(started, Instant.now()),
        agents.connectedCount(),
        agents.statuses(lost, cluster.current()::presenceOf).stream()
            .map(a -> a.withCapturePoints(captureMonitor.coverage().points(a.nodeId())))
            .toList(),
        agents.observationsSeen(),
        agents.observationsPerSecond(),
        journeys.status(),
        flows.status(),
        lost.total());
  }

  public NodeAddresses pathFacts() {
    return pathFacts;
  }

  public ClusterModel cluster() {
    return cluster;
  }

  public RingStore<Journey> journeys() {
    return journeys;
  }

  public RingStore<Flow> flows() {
    return flows;
  }

  public LostEventLog lost() {
    return lost;
  }

  public AgentRegistry agents() {
    return agents;
  }

  public CaptureConfigPush config() {
    return config;
  }

  /** Capture on demand: the active traces, pushed to the agents as trace filters. */
  public TraceRegistry traces() {
    return traces;
  }

  /** The labelled pipeline metrics; /metrics serves their registry. */
  public PipelineMetrics metrics() {
    return metrics;
  }

  public JourneyStitcher stitcher() {
    return stitcher;
  }

  /**
   * Closes the packets whose window has passed at {@code nowNs} (the stitcher's clock) and hands on
   * the requests whose reply did not come in time: what a replay calls instead of {@link #start()}.
   */
  public void expireJourneys(long nowNs) {
    stitcher.expire(nowNs);
    verdicts.expire(nowNs);
  }

  /** Closes every open packet and hands on every held request: end of a replay, or of a test. */
  public void flushJourneys() {
    stitcher.flush();
    verdicts.flush();
  }

  /** Judges journeys as the stitcher closes them; expire it with the stitcher's clock. */
  public JourneyVerdicts verdicts() {
    return verdicts;
  }

  public CaptureMonitor captureMonitor() {
    return captureMonitor;
  }

  /** Stops the window ticker and closes every open packet into a journey. */
  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
    }
    flushJourneys();
  }
}

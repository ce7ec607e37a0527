package io.dockercanvas.collector.replay;

import io.dockercanvas.collector.core.CollectorCore;
import io.dockercanvas.collector.core.CoreSettings;
import io.dockercanvas.collector.ingest.IngestService;
import io.dockercanvas.collector.journey.CaptureCoverage;
import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.journey.StitcherConfig;
import io.dockercanvas.pipeline.replay.AgentConnector;
import io.dockercanvas.pipeline.replay.AgentLink;
import io.dockercanvas.pipeline.replay.CaptureReplay;
import io.dockercanvas.pipeline.replay.Pacing;
import io.dockercanvas.pipeline.replay.ReplaySession;
import io.dockercanvas.pipeline.replay.ReplayTotals;
import io.dockercanvas.proto.v1.AgentMessage;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Stitches recorded captures offline: the file-fed agents stream into the collector's real Ingest
 * service (in-process gRPC), as fast as it takes them. The stitching window runs on capture time
 * instead of the wall clock: every batch arrives "at" its latest capture time, and after each slice
 * is acknowledged the stitcher closes the packets whose window has passed. Journeys go to {@code
 * sink} as they close.
 */
public final class OfflineStitching {

  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

  /** What one run read, stitched and lost. */
  public record Result(ReplayTotals replay, long observationsAccepted, long journeys, long lost) {}

  private OfflineStitching() {}

  public static Result run(CaptureReplay replay, StitcherConfig stitcher, Consumer<Journey> sink)
      throws IOException, InterruptedException {
    return run(replay, stitcher, core -> {}, sink);
  }

  /**
   * @param started sees the core before anything is played (its topology fills as the replay's
   *     agents report)
   */
  public static Result run(
      CaptureReplay replay,
      StitcherConfig stitcher,
      Consumer<CollectorCore> started,
      Consumer<Journey> sink)
      throws IOException, InterruptedException {
    CollectorCore core =
        new CollectorCore(
            CoreSettings.defaults().withCapacities(1_000, 1).withStitcher(stitcher),
            Clock.systemUTC());
    core.captureMonitor().fix(coverage(replay));
    started.accept(core);
    core.journeys().subscribe(stored -> sink.accept(stored.value()));
    AtomicLong captureClock = new AtomicLong();
    String name = "offline-stitching-" + UUID.randomUUID();
    Server server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(new IngestService(core.ingestTargets(captureClock::get)))
            .build()
            .start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    try {
      IngestConnector ingest =
          new IngestConnector(channel, Optional.empty(), replay::useCaptureConfig);
      ReplayTotals totals;
      try (ReplaySession session = replay.connect(advancing(ingest, captureClock))) {
        totals =
            session.play(
                Pacing.asRecorded(),
                now -> {
                  awaitStored(ingest);
                  core.expireJourneys(captureClock.get());
                });
        awaitStored(ingest);
      }
      core.flushJourneys();
      return new Result(
          totals,
          core.agents().observationsSeen(),
          core.journeys().status().seen(),
          core.lost().total());
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
      channel.awaitTermination(5, TimeUnit.SECONDS);
      server.awaitTermination(5, TimeUnit.SECONDS);
      core.close();
    }
  }

  /** Offline, what is captured is the capture files given, whatever they hold. */
  static CaptureCoverage coverage(CaptureReplay replay) {
    Map<String, Set<String>> points = new TreeMap<>();
    replay
        .input()
        .captures()
        .forEach(s -> points.computeIfAbsent(s.node(), n -> new TreeSet<>()).add(s.point()));
    return new CaptureCoverage(points);
  }

  /** Each batch arrives at its latest capture time: advance the clock before it goes out. */
  private static AgentConnector advancing(IngestConnector ingest, AtomicLong captureClock) {
    return node -> {
      AgentLink link = ingest.open(node);
      return new AgentLink() {
        @Override
        public void send(AgentMessage message) throws IOException {
          if (message.hasObservationBatch()
              && message.getObservationBatch().getObservationsCount() > 0) {
            var batch = message.getObservationBatch();
            long latest = batch.getObservations(batch.getObservationsCount() - 1).getTsNs();
            captureClock.accumulateAndGet(latest, Math::max);
          }
          link.send(message);
        }

        @Override
        public void close() {
          link.close();
        }
      };
    };
  }

  private static void awaitStored(IngestConnector ingest) throws IOException, InterruptedException {
    ingest.awaitAcknowledged(ACK_TIMEOUT);
  }
}

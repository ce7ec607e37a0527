package io.dockercanvas.collector.replay;

import io.dockercanvas.collector.server.CollectorServer;
import io.dockercanvas.collector.server.ServerSettings;
import io.dockercanvas.pipeline.replay.CaptureReplay;
import io.dockercanvas.pipeline.replay.Pacing;
import io.dockercanvas.pipeline.replay.ReplaySession;
import io.dockercanvas.pipeline.replay.ReplayTotals;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Recorded captures fed through a running collector as if its agents were live: the replayed agents
 * connect to the collector's gRPC port like real ones (token included), timestamps are moved to
 * now, and the page shows the journeys as they happen.
 */
public final class LiveReplay implements AutoCloseable {

  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Beyond the stitching window, so one pass's packets are closed before the next pass repeats
   * them.
   */
  private static final long PAUSE_BEYOND_WINDOW_MS = 300;

  private final CollectorServer server;
  private final ManagedChannel channel;
  private final Optional<String> token;
  private final AtomicBoolean closed = new AtomicBoolean();
  // replaced by switchTo, on the thread that plays
  private CaptureReplay replay;
  private IngestConnector ingest;
  private ReplaySession session;

  private LiveReplay(
      CaptureReplay replay,
      CollectorServer server,
      ManagedChannel channel,
      Optional<String> token,
      IngestConnector ingest,
      ReplaySession session) {
    this.replay = replay;
    this.server = server;
    this.channel = channel;
    this.token = token;
    this.ingest = ingest;
    this.session = session;
  }

  /** Starts the collector and connects one replayed agent per node to it. */
  public static LiveReplay start(CaptureReplay replay, ServerSettings settings) throws IOException {
    CollectorServer server = CollectorServer.start(settings);
    ManagedChannel channel =
        Grpc.newChannelBuilderForAddress(
                connectable(settings.grpc().host()),
                server.grpcPort(),
                InsecureChannelCredentials.create())
            .build();
    try {
      IngestConnector ingest =
          new IngestConnector(channel, settings.token(), replay::useCaptureConfig);
      return new LiveReplay(
          replay, server, channel, settings.token(), ingest, replay.connect(ingest));
    } catch (IOException | RuntimeException e) {
      channel.shutdownNow();
      server.close();
      throw e;
    }
  }

  public CollectorServer server() {
    return server;
  }

  /**
   * Plays the recording as fast as the collector takes it, stamped so it ends now, and closes every
   * stitching window: the page has recent journeys the moment it opens.
   */
  public ReplayTotals catchUp() throws IOException, InterruptedException {
    ReplayTotals totals =
        session.play(Pacing.catchUpEndingNow(replay.timeRange()), ReplaySession.SliceListener.NONE);
    ingest.awaitAcknowledged(ACK_TIMEOUT);
    server.core().flushJourneys();
    return totals;
  }

  /**
   * Plays the recording once in real time scaled by {@code speed}, the first packet stamped now.
   */
  public ReplayTotals play(double speed) throws IOException, InterruptedException {
    return session.play(Pacing.live(speed), ReplaySession.SliceListener.NONE);
  }

  /**
   * From now on plays another recording through the same collector: the replayed agents of this one
   * disconnect and those of {@code next} connect (a node of both sends its new topology). Call it
   * between passes, on the thread that plays.
   */
  public void switchTo(CaptureReplay next) throws IOException {
    session.close();
    IngestConnector nextIngest = new IngestConnector(channel, token, next::useCaptureConfig);
    session = next.connect(nextIngest);
    ingest = nextIngest;
    replay = next;
  }

  /**
   * Waits until the last pass's packets have left the stitching window, before the recording
   * repeats.
   */
  public void pauseBeforeRepeat() throws InterruptedException {
    long windowMs = TimeUnit.NANOSECONDS.toMillis(server.core().stitcher().config().windowNs());
    Thread.sleep(windowMs + PAUSE_BEYOND_WINDOW_MS);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      session.close();
      channel.shutdownNow();
      server.close();
    }
  }

  /** A wildcard listen address is reached on loopback. */
  private static String connectable(String host) {
    return switch (host) {
      case "0.0.0.0" -> "127.0.0.1";
      case "::", "0:0:0:0:0:0:0:0" -> "::1";
      default -> host;
    };
  }
}

package io.dockercanvas.collector.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A page on {@code /api/v1/stream}: for every journey in a {@code journey} frame, the time from its
 * earliest hop's capture timestamp to the frame's arrival, by the same epoch clock the simulated
 * agents stamp with.
 */
final class StreamLatencyProbe implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final LongSupplier epochNanos;
  private long[] latenciesNs = new long[1 << 16];
  private int count;
  private long lostReported;
  private long partial;
  private WebSocket socket;

  StreamLatencyProbe(LongSupplier epochNanos) {
    this.epochNanos = epochNanos;
  }

  void connect(int httpPort) throws Exception {
    // journey frames carry up to 100 ms of journeys: allow messages far above the 256 KiB default
    var client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setMaxWebSocketMessageSize(64 << 20)
                .setMaxWebSocketFrameSize(1 << 20));
    socket =
        client
            .webSocket(
                new WebSocketConnectOptions()
                    .setHost("127.0.0.1")
                    .setPort(httpPort)
                    .setURI("/api/v1/stream"))
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    socket.textMessageHandler(this::frame);
  }

  private void frame(String text) {
    long arrived = epochNanos.getAsLong();
    JsonObject frame = new JsonObject(text);
    switch (frame.getString("type", "")) {
      case "journey" -> {
        JsonArray journeys = frame.getJsonArray("journeys");
        for (int i = 0; i < journeys.size(); i++) {
          JsonObject journey = journeys.getJsonObject(i);
          record(
              arrived - earliestCapture(journey),
              journey.getJsonArray("hops").size() < SimulatedAgent.OBSERVATIONS_PER_JOURNEY);
        }
      }
      case "lost" -> {
        synchronized (this) {
          lostReported += frame.getLong("lost");
        }
      }
      default -> {}
    }
  }

  private static long earliestCapture(JsonObject journey) {
    JsonArray hops = journey.getJsonArray("hops");
    long earliest = Long.MAX_VALUE;
    for (int i = 0; i < hops.size(); i++) {
      earliest = Math.min(earliest, hops.getJsonObject(i).getLong("ts_ns"));
    }
    return earliest;
  }

  private synchronized void record(long latencyNs, boolean incomplete) {
    if (incomplete) {
      partial++;
    }
    if (count == latenciesNs.length) {
      latenciesNs = Arrays.copyOf(latenciesNs, count * 2);
    }
    latenciesNs[count++] = latencyNs;
  }

  synchronized int received() {
    return count;
  }

  /**
   * Journeys with fewer hops than sent: halves that reached the collector further apart than the
   * window.
   */
  synchronized long partial() {
    return partial;
  }

  synchronized long lostReported() {
    return lostReported;
  }

  /** Latencies received so far, sorted ascending. */
  synchronized long[] sortedLatenciesNs() {
    long[] sorted = Arrays.copyOf(latenciesNs, count);
    Arrays.sort(sorted);
    return sorted;
  }

  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
  }

  @Override
  public void close() throws Exception {
    if (socket != null) {
      socket.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}

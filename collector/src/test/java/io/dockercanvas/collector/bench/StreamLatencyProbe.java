package io.dockercanvas.collector.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A page on {@code /api/v1/stream}: for every hop of every journey in a {@code journey} or {@code
 * journey_update} frame, the time from the hop's capture timestamp to the first frame that carries
 * it, by the same epoch clock the simulated agents stamp with. A journey may come several times
 * (progressive: from its first hop on, then with more hops, then complete); each hop counts once,
 * the first time it is seen.
 */
final class StreamLatencyProbe implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final LongSupplier epochNanos;
  private final Set<String> seen = new HashSet<>();
  private long[] latenciesNs = new long[1 << 16];
  private int count;
  private long lostReported;
  private long fromNs;
  private WebSocket socket;

  StreamLatencyProbe(LongSupplier epochNanos) {
    this.epochNanos = epochNanos;
  }

  void connect(int httpPort) throws Exception {
    // journey frames carry many journeys: allow messages far above the 256 KiB default
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

  /** Counts only hops captured from now on. */
  synchronized void countFrom(long epochNs) {
    fromNs = epochNs;
  }

  private void frame(String text) {
    long arrived = epochNanos.getAsLong();
    JsonObject frame = new JsonObject(text);
    switch (frame.getString("type", "")) {
      case "journey", "journey_update" -> {
        JsonArray journeys = frame.getJsonArray("journeys");
        for (int i = 0; i < journeys.size(); i++) {
          JsonObject journey = journeys.getJsonObject(i);
          JsonArray hops = journey.getJsonArray("hops");
          for (int h = 0; h < hops.size(); h++) {
            // the proto's JSON mapping, read without protobuf-java-util to keep up with the stream
            JsonObject observation = hops.getJsonObject(h).getJsonObject("observation");
            JsonObject point = observation.getJsonObject("point");
            long ts = Long.parseLong(observation.getString("ts_ns"));
            record(
                journey.getString("fingerprint")
                    + "/"
                    + point.getString("node_id")
                    + "/"
                    + point.getString("name"),
                ts,
                arrived - ts);
          }
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

  private synchronized void record(String hop, long capturedNs, long latencyNs) {
    if (capturedNs < fromNs || !seen.add(hop)) {
      return;
    }
    if (count == latenciesNs.length) {
      latenciesNs = Arrays.copyOf(latenciesNs, count * 2);
    }
    latenciesNs[count++] = latencyNs;
  }

  synchronized int hops() {
    return count;
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

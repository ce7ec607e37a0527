package io.dockercanvas.collector.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dockercanvas.collector.core.CoreSettings;
import io.dockercanvas.collector.ingest.AgentMessages;
import io.dockercanvas.collector.journey.SwarmPackets;
import io.dockercanvas.collector.rest.ListenAddress;
import io.dockercanvas.collector.status.AgentStatus;
import io.dockercanvas.pipeline.stream.CollectorStream;
import io.dockercanvas.pipeline.stream.ExportBuffer;
import io.dockercanvas.proto.v1.Node;
import io.dockercanvas.proto.v1.NodeTopology;
import io.dockercanvas.proto.v1.PacketObservation;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Three real agent streams (the agent's own export code) offer observations as fast as one thread
 * each can, far beyond what the collector stitches, on loopback. Required: every observation is
 * either delivered or reported lost, exactly, per agent; the collector's live heap stays bounded
 * and its stores within their capacities; /healthz and the page keep answering. Figures are printed
 * (collector/bench/overload.sh runs it bigger). {@code -Doverload.observations=N} per agent.
 */
class OverloadTest {

  private static final long PER_AGENT = Long.getLong("overload.observations", 200_000L);
  private static final long LIVE_HEAP_BOUND = 512L << 20;

  @Test
  void
      offeredFarBeyondTheStitchRate_everyObservationDeliveredOrReportedLost_heapBounded_healthzAnswers()
          throws Exception {
    CoreSettings core = CoreSettings.defaults().withCapacities(10_000, 10_000);
    try (CollectorServer server =
        CollectorServer.start(
            new ServerSettings(
                new ListenAddress("127.0.0.1", 0),
                new ListenAddress("127.0.0.1", 0),
                Optional.empty(),
                core))) {
      HeapWatch heap = new HeapWatch();
      Probe probe = new Probe(server.httpPort());
      heap.start();
      probe.start();
      List<Agent> agents = new ArrayList<>();
      long started = System.nanoTime();
      for (String node : List.of("node1", "node2", "node3")) {
        agents.add(new Agent(node, server.grpcPort()));
      }
      for (Agent agent : agents) {
        agent.offering.join();
      }
      double offerSeconds = (System.nanoTime() - started) / 1e9;
      for (Agent agent : agents) { // the rest drains; then every count has arrived
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(200))
            .untilAsserted(
                () ->
                    assertThat(accounted(server, agent.node))
                        .as(agent.node + " " + status(server, agent.node))
                        .isEqualTo(PER_AGENT));
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      probe.stopProbing();
      heap.stopWatching();
      agents.forEach(Agent::close);

      long delivered = 0;
      long lost = 0;
      long lostBatches = 0;
      for (Agent agent : agents) {
        AgentStatus status = status(server, agent.node);
        assertThat(status.observationsSeen() + status.lost())
            .as(agent.node + ": delivered + reported lost")
            .isEqualTo(PER_AGENT);
        delivered += status.observationsSeen();
        lost += status.lost();
        lostBatches += status.lostBatches();
      }
      long offered = 3 * PER_AGENT;
      System.out.printf(
          "overload: offered %d observations in %.1f s (%.0f/s), delivered %d (%.0f/s stitched),"
              + " reported lost %d (%.1f%%; %d batches missing in sequence gaps); offered/delivered %.1fx%n",
          offered,
          offerSeconds,
          offered / offerSeconds,
          delivered,
          delivered / seconds,
          lost,
          100.0 * lost / offered,
          lostBatches,
          (double) offered / delivered);
      System.out.printf(
          "overload: live heap after GC peak %d MiB (bound %d MiB); journeys stored %d of %d;"
              + " /healthz %s; page %s%n",
          heap.peak.get() >> 20,
          LIVE_HEAP_BOUND >> 20,
          server.core().status().journeys().kept(),
          server.core().status().journeys().capacity(),
          probe.healthz,
          probe.page);
      assertThat(lost).as("the run overloaded the collector").isPositive();
      assertThat(heap.peak.get()).as("live heap after GC").isLessThan(LIVE_HEAP_BOUND);
      assertThat(server.core().status().journeys().kept()).isLessThanOrEqualTo(10_000);
      assertThat(probe.failures).as("/healthz and / answered 200 within 5 s every time").isEmpty();
      assertThat(probe.healthz.count()).isPositive();
    }
  }

  private static AgentStatus status(CollectorServer server, String node) {
    return server.core().status().agents().stream()
        .filter(a -> a.nodeId().equals(node))
        .findFirst()
        .orElse(null);
  }

  private static long accounted(CollectorServer server, String node) {
    AgentStatus status = status(server, node);
    return status == null ? -1 : status.observationsSeen() + status.lost();
  }

  /**
   * One agent: its export buffer, its stream to the collector, and a thread offering as fast as it
   * can.
   */
  private static final class Agent {
    final String node;
    final ManagedChannel channel;
    final CollectorStream stream;
    final Thread offering;

    Agent(String node, int port) {
      this.node = node;
      ExportBuffer buffer = new ExportBuffer(node, 16_384);
      NodeTopology topology =
          NodeTopology.newBuilder()
              .setNode(
                  Node.newBuilder()
                      .setId(node)
                      .setHostname(node)
                      .setAdvertiseAddress("198.51.100.1" + node.charAt(4)))
              .build();
      channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
      stream =
          new CollectorStream(channel, null, buffer, () -> topology, policy -> {}, 64, "test")
              .start();
      PacketObservation template = AgentMessages.packet(SwarmPackets.synOnManager().get(0));
      offering =
          new Thread(
              () -> {
                await().atMost(Duration.ofSeconds(30)).until(stream::connected);
                for (long i = 0; i < PER_AGENT; i++) {
                  buffer.observation(
                      template.toBuilder().setFingerprint(i * 7919 + node.hashCode()).build());
                }
              },
              "offer-" + node);
      offering.start();
    }

    void close() {
      stream.close();
      channel.shutdownNow();
    }
  }

  /** The largest heap in use right after a collection, sampled: the live data, not the garbage. */
  private static final class HeapWatch extends Thread {
    final AtomicLong peak = new AtomicLong();
    final AtomicBoolean running = new AtomicBoolean(true);

    HeapWatch() {
      super("heap-watch");
      setDaemon(true);
    }

    @Override
    public void run() {
      while (running.get()) {
        long afterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
          if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
            afterGc += pool.getCollectionUsage().getUsed();
          }
        }
        peak.accumulateAndGet(afterGc, Math::max);
        sleepQuietly(100);
      }
    }

    void stopWatching() {
      running.set(false);
    }
  }

  /** GETs /healthz and / every 50 ms, with latencies. */
  private static final class Probe extends Thread {
    final Latencies healthz = new Latencies();
    final Latencies page = new Latencies();
    final List<String> failures = new CopyOnWriteArrayList<>();
    final AtomicBoolean running = new AtomicBoolean(true);
    private final HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    Probe(int port) {
      super("probe");
      this.port = port;
      setDaemon(true);
    }

    @Override
    public void run() {
      while (running.get()) {
        get("/healthz", healthz);
        get("/", page);
        sleepQuietly(50);
      }
    }

    private void get(String path, Latencies into) {
      long start = System.nanoTime();
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
          failures.add(path + " answered " + response.statusCode());
        }
      } catch (Exception e) {
        failures.add(path + ": " + e);
      }
      into.add(System.nanoTime() - start);
    }

    void stopProbing() throws InterruptedException {
      running.set(false);
      join();
    }
  }

  /** Latencies in nanoseconds, summarised as count, p50, p99 and max in milliseconds. */
  private static final class Latencies {
    private final List<Long> nanos = new CopyOnWriteArrayList<>();

    void add(long n) {
      nanos.add(n);
    }

    int count() {
      return nanos.size();
    }

    @Override
    public String toString() {
      List<Long> sorted = nanos.stream().sorted().toList();
      if (sorted.isEmpty()) {
        return "no requests";
      }
      return String.format(
          "%d requests, p50 %.1f ms, p99 %.1f ms, max %.1f ms",
          sorted.size(),
          sorted.get(sorted.size() / 2) / 1e6,
          sorted.get((int) Math.min(sorted.size() - 1, sorted.size() * 0.99)) / 1e6,
          sorted.get(sorted.size() - 1) / 1e6);
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package io.dockercanvas.collector.bench;

import io.dockercanvas.collector.core.CoreSettings;
import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.journey.RewriteKind;
import io.dockercanvas.collector.journey.StitcherConfig;
import io.dockercanvas.collector.journey.StitcherStats;
import io.dockercanvas.collector.rest.ListenAddress;
import io.dockercanvas.collector.server.CollectorServer;
import io.dockercanvas.collector.server.ServerSettings;
import io.dockercanvas.proto.v1.ObservationBatch;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Collector benchmark, run by {@code collector/bench/ingest.sh}: a real collector on loopback
 * (ephemeral ports), 3 simulated agents as real gRPC clients.
 *
 * <ol>
 *   <li>Throughput: the agents send a fixed number of observations as fast as acks allow (at most
 *       {@code bench.unacked} batches of {@code bench.batch} waiting each); observations/s
 *       ingested, journeys stitched, heap, and CPU per thread group (which stage saturates).
 *   <li>Latency: at a fixed journey rate, the time from each journey's first capture timestamp (now
 *       when sent) to its journey frame on a WebSocket client of {@code /api/v1/stream}, with the
 *       default and a small stitching window.
 * </ol>
 *
 * Settings are system properties (see {@link #main}); figures go to standard output as a table.
 */
public final class IngestBenchmark {

  static final int AGENTS = 3;

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    long observations = Long.getLong("bench.observations", 1_200_000);
    int batchSize = Integer.getInteger("bench.batch", 1000);
    int maxUnacked = Integer.getInteger("bench.unacked", 8);
    int latencyRate = Integer.getInteger("bench.latency.rate", 500);
    int latencySeconds = Integer.getInteger("bench.latency.seconds", 15);
    long smallWindowMs = Long.getLong("bench.latency.window.ms", 100);

    CoreSettings defaults = CoreSettings.defaults();
    System.out.printf(
        "collector benchmark: %d agents over gRPC (Netty, loopback), %d cores, max heap %s%n",
        AGENTS, Runtime.getRuntime().availableProcessors(), mib(HeapWatch.maxHeapBytes()));
    System.out.printf(
        "stores: journeys %d, flows %d; stitcher: window %d ms, max open packets %d%n",
        defaults.journeysCapacity(),
        defaults.flowsCapacity(),
        defaults.stitcher().windowNs() / 1_000_000,
        defaults.stitcher().maxOpenPackets());

    System.out.println("warm-up (JIT): " + observations / 5 + " observations, not reported");
    throughput(defaults, observations / 5, batchSize, maxUnacked, true);
    ThroughputRun run = throughput(defaults, observations, batchSize, maxUnacked, false);
    run.print();

    System.out.println(
        "warm-up (JIT) of the stream path: 3 s at " + latencyRate + " journeys/s, not reported");
    LatencyRun.measure(
        defaults.withStitcher(StitcherConfig.withWindow(Duration.ofMillis(smallWindowMs))),
        smallWindowMs,
        latencyRate,
        3);
    List<LatencyRun> latencies = new ArrayList<>();
    for (long windowMs : new long[] {defaults.stitcher().windowNs() / 1_000_000, smallWindowMs}) {
      CoreSettings settings =
          defaults.withStitcher(StitcherConfig.withWindow(Duration.ofMillis(windowMs)));
      latencies.add(LatencyRun.measure(settings, windowMs, latencyRate, latencySeconds));
    }
    LatencyRun.printTable(latencies, latencyRate);
    System.out.println("JVM: " + ManagementFactory.getRuntimeMXBean().getInputArguments());
  }

  private static ThroughputRun throughput(
      CoreSettings settings, long observations, int batchSize, int maxUnacked, boolean warmUp)
      throws Exception {
    long journeys = observations / SimulatedAgent.OBSERVATIONS_PER_JOURNEY;
    try (CollectorServer server = start(settings)) {
      List<SimulatedAgent> agents = connectAgents(server);
      ThreadCpu cpu = new ThreadCpu();
      Sampler sampler = new Sampler(server);
      HeapWatch heap = new HeapWatch();
      long startNs = System.nanoTime();
      List<Thread> senders = new ArrayList<>();
      List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      java.util.concurrent.atomic.AtomicLong agentCpu =
          new java.util.concurrent.atomic.AtomicLong();
      Lockstep lockstep = new Lockstep(AGENTS, 2L * batchSize);
      for (int i = 0; i < AGENTS; i++) {
        SimulatedAgent agent = agents.get(i);
        int index = i;
        Thread t =
            new Thread(
                () -> {
                  try {
                    sendAsFastAsAcked(agent, index, lockstep, journeys, batchSize, maxUnacked);
                  } catch (Exception e) {
                    failures.add(e);
                  } finally {
                    agentCpu.addAndGet(
                        ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
                  }
                },
                "bench-agent");
        senders.add(t);
        t.start();
      }
      for (Thread t : senders) {
        t.join();
      }
      if (!failures.isEmpty()) {
        throw new IllegalStateException("an agent failed", failures.get(0));
      }
      long ingestNs = System.nanoTime() - startNs;
      StitcherStats atEnd = server.core().stitcher().stats();
      awaitWindowsClosed(server);
      sampler.close();
      long peak = heap.peakUsedBytes();
      long afterGc = heap.maxUsedAfterGcBytes();
      long gcs = heap.collections();
      heap.close();
      var cpuByGroup = cpu.usedSince(Map.of("bench-agent (build, encode, send)", agentCpu.get()));
      long retained = HeapWatch.usedAfterFullGc();
      for (SimulatedAgent agent : agents) {
        agent.close();
      }
      if (warmUp) {
        return null;
      }
      return new ThroughputRun(
          server.core().status().observationsSeen(),
          ingestNs,
          atEnd,
          server.core().stitcher().stats(),
          sampler.maxOpen(),
          check(server),
          peak,
          afterGc,
          gcs,
          retained,
          cpuByGroup);
    }
  }

  private static void sendAsFastAsAcked(
      SimulatedAgent agent,
      int index,
      Lockstep lockstep,
      long journeys,
      int batchSize,
      int maxUnacked)
      throws Exception {
    ObservationBatch.Builder batch = ObservationBatch.newBuilder();
    for (long k = 0; k < journeys; k++) {
      if (agent.takesPart(k)) {
        agent.addHalf(batch, k, BenchClock::epochNanos);
        if (batch.getObservationsCount() >= batchSize) {
          lockstep.awaitTurn(index, k);
          agent.send(batch, maxUnacked);
          lockstep.sent(index, k);
          batch = ObservationBatch.newBuilder();
        }
      }
    }
    if (batch.getObservationsCount() > 0) {
      agent.send(batch, maxUnacked);
    }
    lockstep.finished(index);
    agent.awaitAllAcknowledged(60_000);
  }

  static CollectorServer start(CoreSettings settings) throws Exception {
    return CollectorServer.start(
        new ServerSettings(
            new ListenAddress("127.0.0.1", 0),
            new ListenAddress("127.0.0.1", 0),
            Optional.empty(),
            settings));
  }

  static List<SimulatedAgent> connectAgents(CollectorServer server) throws InterruptedException {
    List<SimulatedAgent> agents = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      SimulatedAgent agent = new SimulatedAgent(i, AGENTS, server.grpcPort());
      agent.connect();
      agents.add(agent);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.core().status().agentsConnected() < AGENTS
        || server.core().cluster().current().nodes().size() < AGENTS) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("agents did not connect within 10 s");
      }
      Thread.sleep(10);
    }
    return agents;
  }

  /** Waits until every open packet's window ended and it became a journey. */
  static void awaitWindowsClosed(CollectorServer server) throws InterruptedException {
    long windowMs = server.core().stitcher().config().windowNs() / 1_000_000;
    long deadline = System.currentTimeMillis() + windowMs + 10_000;
    while (server.core().stitcher().stats().open() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
  }

  /** How many kept journeys have the 6 hops in path order with ENCAP (VNI 4097) and DECAP. */
  private static Check check(CollectorServer server) {
    var kept = server.core().journeys().latest(Integer.MAX_VALUE, j -> true);
    long good = kept.stream().map(s -> s.value()).filter(IngestBenchmark::wellStitched).count();
    return new Check(kept.size(), good);
  }

  static boolean wellStitched(Journey j) {
    if (j.hops().size() != SimulatedAgent.OBSERVATIONS_PER_JOURNEY || j.nodes().size() != 2) {
      return false;
    }
    List<String> path = j.path();
    boolean order =
        path.get(0).endsWith("/" + SimulatedAgent.NETWORK + "/br0")
            && path.get(2).endsWith("/eth0")
            && path.get(3).endsWith("/eth0")
            && path.get(5).endsWith("/" + SimulatedAgent.NETWORK + "/br0");
    boolean encap =
        j.hops().get(2).rewrites().stream()
            .anyMatch(r -> r.kind() == RewriteKind.ENCAP && r.vni() == SimulatedAgent.VNI);
    boolean decap = j.hops().stream().anyMatch(h -> h.has(RewriteKind.DECAP));
    return order && encap && decap;
  }

  record Check(long kept, long wellStitched) {}

  static String mib(long bytes) {
    return String.format("%.0f MiB", bytes / (1024.0 * 1024.0));
  }

  private record ThroughputRun(
      long observations,
      long ingestNs,
      StitcherStats atEnd,
      StitcherStats drained,
      int maxOpen,
      Check check,
      long heapPeak,
      long heapAfterGcMax,
      long gcs,
      long heapRetained,
      List<ThreadCpu.Group> cpu) {

    void print() {
      double seconds = ingestNs / 1e9;
      System.out.println();
      System.out.println("== throughput: 3 agents, as fast as acks allow ==");
      row("observations ingested", String.format("%,d in %.2f s", observations, seconds));
      row("observations/s", String.format("%,.0f", observations / seconds));
      long processCpu =
          cpu.stream()
              .filter(g -> g.name().equals("process total"))
              .mapToLong(ThreadCpu.Group::cpuNs)
              .sum();
      row(
          "CPU the run got",
          String.format(
              "%.1f of %.1f core-seconds (%.0f%% of 2 cores; the rest went to other" + " load)",
              processCpu / 1e9, 2 * seconds, 100.0 * processCpu / (2e9 * seconds)));
      row(
          "observations/CPU-s",
          String.format(
              "%,.0f (clients, collector, GC and JIT together)",
              observations / (processCpu / 1e9)));
      row(
          "journeys stitched",
          String.format(
              "%,d (%,d by the last ack, the rest as their window closed)",
              drained.journeys(), atEnd.journeys()));
      row(
          "journeys/s",
          String.format(
              "%,.0f (stitched by the last ack / ingest time)", atEnd.journeys() / seconds));
      row(
          "well stitched (kept)",
          String.format(
              "%,d of %,d kept have 6 hops in path order, ENCAP 4097, DECAP",
              check.wellStitched(), check.kept()));
      row(
          "open packets, max",
          String.format(
              "%,d (closed early: %,d, dropped: %,d)",
              maxOpen, drained.closedEarly(), drained.observationsDropped()));
      row("heap peak", mib(heapPeak) + " (clients and collector in one JVM)");
      row("heap after GC, max", mib(heapAfterGcMax) + " over " + gcs + " collections");
      row("heap retained at rest", mib(heapRetained) + " (after full GC, stores full)");
      System.out.println(
          "CPU by thread group during the run (seconds; "
              + String.format("%.1f", seconds)
              + " s wall, 2 cores = "
              + String.format("%.1f", 2 * seconds)
              + " s available):");
      for (ThreadCpu.Group g : cpu) {
        System.out.printf("  %-34s %7.2f s%n", g.name(), g.cpuNs() / 1e9);
      }
    }
  }

  static void row(String name, String value) {
    System.out.printf("  %-24s %s%n", name, value);
  }

  /** Samples how many packets wait in the stitching window. */
  private static final class Sampler implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int maxOpen;

    Sampler(CollectorServer server) {
      thread =
          new Thread(
              () -> {
                while (running) {
                  maxOpen = Math.max(maxOpen, server.core().stitcher().stats().open());
                  try {
                    Thread.sleep(50);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "bench-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    int maxOpen() {
      return maxOpen;
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join();
    }
  }

  /**
   * Epoch nanoseconds from one base, so agents' capture stamps and the probe's arrivals compare
   * exactly.
   */
  static final class BenchClock {
    private static final long BASE_EPOCH_NS = System.currentTimeMillis() * 1_000_000L;
    private static final long BASE_NANO = System.nanoTime();

    private BenchClock() {}

    static long epochNanos() {
      return BASE_EPOCH_NS + (System.nanoTime() - BASE_NANO);
    }
  }
}

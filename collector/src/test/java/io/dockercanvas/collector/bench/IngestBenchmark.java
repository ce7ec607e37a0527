package io.dockercanvas.collector.bench;

import io.dockercanvas.proto.v1.ObservationBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collector benchmark, run by {@code collector/bench/ingest.sh}: each collector jar under test runs
 * in its own JVM (the service's JVM options, default stores and window) on loopback; 3 simulated
 * agents (real gRPC clients, each its own connection) and a WebSocket client run here.
 *
 * <ol>
 *   <li>Throughput: the agents send their halves of 6-hop journeys (batches prepared beforehand) as
 *       fast as acks allow; observations/s until the last ack, per CPU-second of the collector's
 *       process, and the largest heap after a collection (from its GC log) while its stores fill.
 *   <li>Wire-to-WebSocket latency, right after in the same collector (stores full): at a fixed
 *       journey rate the agents send each tick's halves stamped now; a WebSocket client of {@code
 *       /api/v1/stream} takes, for every hop, the time from its capture stamp to the first frame
 *       that carries it.
 * </ol>
 *
 * The jars take turns ({@code bench.rounds}, the order alternating), so load from other processes
 * hits each alike; each figure is the median over the rounds. The last line sums up the last jar.
 */
public final class IngestBenchmark {

  static final int AGENTS = 3;
  private static final long TICK_NS = 10_000_000L;

  private IngestBenchmark() {}

  record Result(
      String label,
      double obsPerSecond,
      double obsPerCpuSecond,
      long heapAfterGcBytes,
      long journeysExpected,
      long journeysSeen,
      long[] hopLatenciesNs,
      long hopsSent) {

    double p(double percentile) {
      return StreamLatencyProbe.percentile(hopLatenciesNs, percentile) / 1e6;
    }
  }

  public static void main(String[] args) throws Exception {
    long observations = Long.getLong("bench.observations", 2_400_000);
    int batchSize = Integer.getInteger("bench.batch", 1000);
    int maxUnacked = Integer.getInteger("bench.unacked", 8);
    int latencyRate = Integer.getInteger("bench.latency.rate", 1000);
    int latencySeconds = Integer.getInteger("bench.latency.seconds", 10);
    int rounds = Integer.getInteger("bench.rounds", 2);
    List<String> javaOptions =
        Arrays.asList(System.getProperty("bench.collector.opts", "-XX:+UseSerialGC").split(" "));
    Path work = Path.of(System.getProperty("bench.work", "collector/target/bench-run"));
    Map<String, Path> jars = new LinkedHashMap<>();
    for (String entry : System.getProperty("bench.jars", "").split(",")) {
      String[] labelAndPath = entry.split("=", 2);
      if (labelAndPath.length != 2) {
        throw new IllegalArgumentException(
            "bench.jars: expected label=path[,label=path...], got '" + entry + "'");
      }
      jars.put(labelAndPath[0], Path.of(labelAndPath[1]));
    }
    System.out.printf(
        "collector benchmark: %d agents over gRPC (loopback), %,d observations (6-hop journeys),"
            + " batches of %d, at most %d unacked; latency at %,d journeys/s for %d s;"
            + " collector JVM: %s; %d rounds%n",
        AGENTS,
        observations,
        batchSize,
        maxUnacked,
        latencyRate,
        latencySeconds,
        javaOptions,
        rounds);

    Map<String, List<Result>> results = new LinkedHashMap<>();
    List<String> labels = new ArrayList<>(jars.keySet());
    for (int round = 0; round < rounds; round++) {
      List<String> order = new ArrayList<>(labels);
      if (round % 2 == 1) {
        java.util.Collections.reverse(order);
      }
      for (String label : order) {
        System.out.printf("round %d, %s: load %s%n", round + 1, label, load());
        Result r =
            run(
                label,
                jars.get(label),
                javaOptions,
                work,
                observations,
                batchSize,
                maxUnacked,
                latencyRate,
                latencySeconds,
                round);
        print(r);
        results.computeIfAbsent(label, l -> new ArrayList<>()).add(r);
      }
    }
    System.out.println();
    System.out.printf(
        "  %-16s %12s %14s %9s %9s %13s %14s%n",
        "median of " + rounds,
        "obs/s",
        "obs/CPU-s",
        "p50 ms",
        "p99 ms",
        "heap-after-gc",
        "journeys");
    Map<String, Result> medians = new LinkedHashMap<>();
    for (var e : results.entrySet()) {
      Result m = median(e.getKey(), e.getValue());
      medians.put(e.getKey(), m);
      System.out.printf(
          "  %-16s %,12.0f %,14.0f %9.1f %9.1f %9.0f MiB %,7d/%,d%n",
          m.label(),
          m.obsPerSecond(),
          m.obsPerCpuSecond(),
          m.p(50),
          m.p(99),
          m.heapAfterGcBytes() / 1048576.0,
          m.journeysSeen(),
          m.journeysExpected());
    }
    if (medians.size() == 2) {
      Result a = medians.get(labels.get(0));
      Result b = medians.get(labels.get(1));
      System.out.printf(
          "  %-16s %12.2f %14.2f %9.3f %9.3f %13.2f%n",
          b.label() + "/" + a.label(),
          b.obsPerSecond() / a.obsPerSecond(),
          b.obsPerCpuSecond() / a.obsPerCpuSecond(),
          b.p(50) / a.p(50),
          b.p(99) / a.p(99),
          (double) b.heapAfterGcBytes() / a.heapAfterGcBytes());
    }
    System.out.println("load after: " + load());
    Result last = medians.get(labels.get(labels.size() - 1));
    System.out.printf(
        "ingest: %.0f obs/s, %.0f obs per cpu-s, p50 %.1f ms, p99 %.1f ms wire-to-websocket,"
            + " heap-after-gc %.0f MiB%n",
        last.obsPerSecond(),
        last.obsPerCpuSecond(),
        last.p(50),
        last.p(99),
        last.heapAfterGcBytes() / 1048576.0);
  }

  private static Result run(
      String label,
      Path jar,
      List<String> javaOptions,
      Path work,
      long observations,
      int batchSize,
      int maxUnacked,
      int latencyRate,
      int latencySeconds,
      int round)
      throws Exception {
    try (CollectorProcess collector = CollectorProcess.start(label, jar, javaOptions, work)) {
      List<SimulatedAgent> agents = connectAgents(collector);
      // distinct journeys in every phase and round: no fingerprint meets an older one's window
      long base = round * 1_000_000_000L;
      throughput(agents, base, observations / 5, batchSize, maxUnacked); // JIT warm-up
      int gcFrom = collector.gcLogLines();
      long cpuBefore = collector.cpuNs();
      long journeysBefore = journeysSeen(collector);
      long ns = throughput(agents, base + 100_000_000L, observations, batchSize, maxUnacked);
      long cpu = collector.cpuNs() - cpuBefore;
      long journeys = observations / SimulatedAgent.OBSERVATIONS_PER_JOURNEY;
      long seen = awaitJourneys(collector, journeysBefore + journeys) - journeysBefore;
      long heap = collector.maxHeapAfterGcBytes(gcFrom);

      latency(agents, collector, base + 200_000_000L, latencyRate, 2, null); // warm-up
      Thread.sleep(1500); // its windows close
      try (StreamLatencyProbe probe = new StreamLatencyProbe(BenchClock::epochNanos)) {
        probe.connect(collector.httpPort);
        long hops =
            latency(agents, collector, base + 300_000_000L, latencyRate, latencySeconds, probe);
        long deadline = System.currentTimeMillis() + 5_000;
        while (probe.hops() < hops && System.currentTimeMillis() < deadline) {
          Thread.sleep(20);
        }
        for (SimulatedAgent agent : agents) {
          agent.close();
        }
        return new Result(
            label,
            observations / (ns / 1e9),
            observations / (cpu / 1e9),
            heap,
            journeys,
            seen,
            probe.sortedLatenciesNs(),
            hops);
      }
    }
  }

  private static void print(Result r) {
    System.out.printf(
        "  %-16s %,12.0f obs/s %,12.0f obs/CPU-s  p50 %.1f ms  p99 %.1f ms (%,d of %,d hops)"
            + "  heap-after-gc %.0f MiB  journeys %,d of %,d%n",
        r.label(),
        r.obsPerSecond(),
        r.obsPerCpuSecond(),
        r.p(50),
        r.p(99),
        r.hopLatenciesNs().length,
        r.hopsSent(),
        r.heapAfterGcBytes() / 1048576.0,
        r.journeysSeen(),
        r.journeysExpected());
  }

  /** Sends the halves of journeys base.. as fast as acks allow; returns ns until the last ack. */
  private static long throughput(
      List<SimulatedAgent> agents, long base, long observations, int batchSize, int maxUnacked)
      throws Exception {
    long journeys = observations / SimulatedAgent.OBSERVATIONS_PER_JOURNEY;
    List<List<ObservationBatch.Builder>> prepared = new ArrayList<>();
    List<long[]> lastJourneyOfBatch = new ArrayList<>();
    for (SimulatedAgent agent : agents) {
      List<ObservationBatch.Builder> batches = new ArrayList<>();
      List<Long> upTo = new ArrayList<>();
      ObservationBatch.Builder batch = ObservationBatch.newBuilder();
      for (long k = base; k < base + journeys; k++) {
        if (agent.takesPart(k)) {
          agent.addHalf(batch, k, BenchClock::epochNanos);
          if (batch.getObservationsCount() >= batchSize) {
            batches.add(batch);
            upTo.add(k - base);
            batch = ObservationBatch.newBuilder();
          }
        }
      }
      if (batch.getObservationsCount() > 0) {
        batches.add(batch);
        upTo.add(journeys);
      }
      prepared.add(batches);
      lastJourneyOfBatch.add(upTo.stream().mapToLong(Long::longValue).toArray());
    }
    Lockstep lockstep = new Lockstep(AGENTS, 2L * batchSize);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> senders = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < AGENTS; i++) {
      int index = i;
      Thread t =
          new Thread(
              () -> {
                try {
                  SimulatedAgent agent = agents.get(index);
                  List<ObservationBatch.Builder> batches = prepared.get(index);
                  long[] upTo = lastJourneyOfBatch.get(index);
                  for (int b = 0; b < batches.size(); b++) {
                    lockstep.awaitTurn(index, upTo[b]);
                    agent.send(batches.get(b), maxUnacked);
                    lockstep.sent(index, upTo[b]);
                  }
                  lockstep.finished(index);
                  agent.awaitAllAcknowledged(120_000);
                } catch (Exception e) {
                  failures.add(e);
                  lockstep.finished(index);
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
    return System.nanoTime() - start;
  }

  /**
   * Every 10 ms each agent sends the halves of the journeys due in that tick, stamped now; returns
   * how many hops it sent.
   */
  private static long latency(
      List<SimulatedAgent> agents,
      CollectorProcess collector,
      long base,
      int journeysPerSecond,
      int seconds,
      StreamLatencyProbe probe)
      throws Exception {
    long total = (long) journeysPerSecond * seconds;
    if (probe != null) {
      probe.countFrom(BenchClock.epochNanos());
    }
    long start = System.nanoTime();
    long k = 0;
    for (long tick = 1; k < total; tick++) {
      long due = Math.min(total, journeysPerSecond * tick * TICK_NS / 1_000_000_000L);
      for (SimulatedAgent agent : agents) {
        ObservationBatch.Builder batch = ObservationBatch.newBuilder();
        for (long j = k; j < due; j++) {
          if (agent.takesPart(base + j)) {
            agent.addHalf(batch, base + j, BenchClock::epochNanos);
          }
        }
        if (batch.getObservationsCount() > 0) {
          agent.send(batch, 64);
        }
      }
      k = due;
      LockSupport.parkNanos(Math.max(0, start + tick * TICK_NS - System.nanoTime()));
    }
    for (SimulatedAgent agent : agents) {
      agent.awaitAllAcknowledged(30_000);
    }
    return total * SimulatedAgent.OBSERVATIONS_PER_JOURNEY;
  }

  static List<SimulatedAgent> connectAgents(CollectorProcess collector) throws Exception {
    List<SimulatedAgent> agents = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++) {
      SimulatedAgent agent = new SimulatedAgent(i, AGENTS, collector.grpcPort);
      agent.connect();
      agents.add(agent);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (number(collector.status(), "agents_connected") < AGENTS) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("agents did not connect within 20 s");
      }
      Thread.sleep(20);
    }
    Thread.sleep(200); // their topology too
    return agents;
  }

  /** Waits (window plus a margin) until the journeys stitched reach {@code expected}. */
  private static long awaitJourneys(CollectorProcess collector, long expected) throws Exception {
    long deadline = System.currentTimeMillis() + 15_000;
    long seen = journeysSeen(collector);
    while (seen < expected && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      seen = journeysSeen(collector);
    }
    return seen;
  }

  private static long journeysSeen(CollectorProcess collector) throws Exception {
    return number(collector.status(), "seen");
  }

  /** A number field of the status JSON, wherever it is (its shape differs between versions). */
  private static long number(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"?(\\d+)").matcher(json);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static Result median(String label, List<Result> runs) {
    List<Result> byThroughput = new ArrayList<>(runs);
    byThroughput.sort((x, y) -> Double.compare(x.obsPerSecond(), y.obsPerSecond()));
    List<Result> byCpu = new ArrayList<>(runs);
    byCpu.sort((x, y) -> Double.compare(x.obsPerCpuSecond(), y.obsPerCpuSecond()));
    List<Result> byHeap = new ArrayList<>(runs);
    byHeap.sort((x, y) -> Long.compare(x.heapAfterGcBytes(), y.heapAfterGcBytes()));
    // latency percentiles over all rounds' hops together
    long[] all =
        runs.stream().flatMapToLong(r -> Arrays.stream(r.hopLatenciesNs())).sorted().toArray();
    int mid = (runs.size() - 1) / 2;
    return new Result(
        label,
        byThroughput.get(mid).obsPerSecond(),
        byCpu.get(mid).obsPerCpuSecond(),
        byHeap.get(mid).heapAfterGcBytes(),
        runs.get(mid).journeysExpected(),
        byThroughput.get(mid).journeysSeen(),
        all,
        runs.stream().mapToLong(Result::hopsSent).sum());
  }

  private static String load() {
    try {
      return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "?";
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

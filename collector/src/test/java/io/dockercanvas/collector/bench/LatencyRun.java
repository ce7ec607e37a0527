package io.dockercanvas.collector.bench;

import io.dockercanvas.collector.bench.IngestBenchmark.BenchClock;
import io.dockercanvas.collector.core.CoreSettings;
import io.dockercanvas.collector.server.CollectorServer;
import io.dockercanvas.proto.v1.ObservationBatch;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Wire-to-WebSocket latency at a fixed journey rate: every 10 ms each agent sends the halves of the
 * journeys due in that tick, stamped now; a WebSocket client measures each journey's arrival. The
 * figure includes the stitching window (a journey is emitted when its window closes), the window
 * ticker (50 ms) and the stream's flush period (100 ms).
 */
record LatencyRun(long windowMs, long sent, long[] sortedNs, long partial, long lost) {

  private static final long TICK_NS = 10_000_000L;

  static LatencyRun measure(
      CoreSettings settings, long windowMs, int journeysPerSecond, int seconds) throws Exception {
    try (CollectorServer server = IngestBenchmark.start(settings);
        StreamLatencyProbe probe = new StreamLatencyProbe(BenchClock::epochNanos)) {
      probe.connect(server.httpPort());
      List<SimulatedAgent> agents = IngestBenchmark.connectAgents(server);
      long total = (long) journeysPerSecond * seconds;
      long start = System.nanoTime();
      long k = 0;
      for (long tick = 1; k < total; tick++) {
        long due = Math.min(total, journeysPerSecond * tick * TICK_NS / 1_000_000_000L);
        for (SimulatedAgent agent : agents) {
          ObservationBatch.Builder batch = ObservationBatch.newBuilder();
          for (long j = k; j < due; j++) {
            if (agent.takesPart(j)) {
              agent.addHalf(batch, j, BenchClock::epochNanos);
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
      IngestBenchmark.awaitWindowsClosed(server);
      long deadline = System.currentTimeMillis() + 10_000;
      while (probe.received() + probe.lostReported() < total
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(
          3 * 100); // split journeys arrive as extra frames: let the stream flush a few more times
      for (SimulatedAgent agent : agents) {
        agent.close();
      }
      return new LatencyRun(
          windowMs, total, probe.sortedLatenciesNs(), probe.partial(), probe.lostReported());
    }
  }

  static void printTable(List<LatencyRun> runs, int journeysPerSecond) {
    System.out.println();
    System.out.printf(
        "== wire-to-WebSocket latency: %d journeys/s (%d observations/s), capture ts -> journey"
            + " frame ==%n",
        journeysPerSecond, journeysPerSecond * SimulatedAgent.OBSERVATIONS_PER_JOURNEY);
    System.out.printf(
        "  %-10s %9s %9s %9s %9s %9s %9s %9s%n",
        "window", "sent", "received", "partial", "lost", "p50 ms", "p99 ms", "max ms");
    for (LatencyRun r : runs) {
      System.out.printf(
          "  %-10s %9d %9d %9d %9d %9.1f %9.1f %9.1f%n",
          r.windowMs() + " ms",
          r.sent(),
          r.sortedNs().length,
          r.partial(),
          r.lost(),
          ms(StreamLatencyProbe.percentile(r.sortedNs(), 50)),
          ms(StreamLatencyProbe.percentile(r.sortedNs(), 99)),
          ms(r.sortedNs().length == 0 ? -1 : r.sortedNs()[r.sortedNs().length - 1]));
    }
    System.out.println(
        "  (latency = stitching window + up to 50 ms window tick + up to 100 ms stream flush"
            + " + transport and JSON; partial = a journey's halves arrived further apart than the window and came"
            + " out as two journeys)");
  }

  private static double ms(long ns) {
    return ns / 1e6;
  }
}

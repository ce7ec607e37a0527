package io.dockercanvas.collector.journey;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Closing one packet: its 6 observations (those of {@code IngestPathBenchmark}) assembled into a
 * journey, which the stitcher does once per packet, off the accept path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class AssembleBenchmark {

  private JourneyAssembler assembler;
  private List<Observation> packet;
  private long id;

  @Setup(Level.Trial)
  public void setUp() {
    NodeAddresses topology =
        new NodeAddresses()
            .putAddress("node1", "203.0.113.11")
            .putAddress("node2", "203.0.113.12")
            .putNetwork("bench_net", 4097);
    assembler = new JourneyAssembler(topology, false);
    IpHeaders inner =
        new IpHeaders("10.0.1.5", "10.0.1.9", 51000, 3306, IpHeaders.TCP, 0x4411, 64, 2);
    VxlanHeaders outer = new VxlanHeaders("203.0.113.11", "203.0.113.12", 34633, 4789, 4097);
    packet =
        List.of(
            plain("node1", "bench_net/br0", 0, inner),
            plain("node1", "bench_net/vxlan0", 1, inner),
            encapsulated("node1", 2, inner, outer),
            encapsulated("node2", 3, inner, outer),
            plain("node2", "bench_net/vxlan0", 4, inner),
            plain("node2", "bench_net/br0", 5, inner));
  }

  @Benchmark
  public Journey assemble() {
    return assembler.assemble(++id, 0x1234_5678_9abc_def1L, packet, true);
  }

  private static Observation plain(String node, String point, long ts, IpHeaders inner) {
    return new Observation(node, point, ts, 1, inner, null, new byte[74], 74, 1);
  }

  private static Observation encapsulated(
      String node, long ts, IpHeaders inner, VxlanHeaders outer) {
    return new Observation(node, "eth0", ts, 1, inner, outer, new byte[124], 124, 1);
  }
}

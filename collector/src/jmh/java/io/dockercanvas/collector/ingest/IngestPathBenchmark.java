package io.dockercanvas.collector.ingest;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.journey.JourneyStitcher;
import io.dockercanvas.collector.journey.NodeAddresses;
import io.dockercanvas.collector.journey.Observation;
import io.dockercanvas.collector.journey.StitcherConfig;
import io.dockercanvas.proto.v1.Encapsulation;
import io.dockercanvas.proto.v1.Headers;
import io.dockercanvas.proto.v1.IP;
import io.dockercanvas.proto.v1.LinkType;
import io.dockercanvas.proto.v1.ObservationPoint;
import io.dockercanvas.proto.v1.PacketObservation;
import io.dockercanvas.proto.v1.TCP;
import io.dockercanvas.proto.v1.UDP;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The collector's ingest hot path per observation, as a live agent stream drives it: the wire bytes
 * of one {@link PacketObservation} parsed (gRPC's share), mapped to an {@link Observation} and
 * accepted by the stitcher. Journeys are those of the ingest benchmark: 6 observations on two nodes
 * (br0, vxlan0, eth0 encapsulated; eth0, vxlan0, br0), one fingerprint each, arriving in that
 * order. Run with {@code -prof gc}: the differences of {@code gc.alloc.rate.norm} between the three
 * benchmarks are what mapping and stitching add to the parse; {@code AssembleBenchmark} gives the
 * share of closing a journey (one per 6 observations), the rest is the accept path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class IngestPathBenchmark {

  private static final int JOURNEYS = 4096;
  private static final int HOPS = 6;
  private static final String[] NODES = {"node1", "node1", "node1", "node2", "node2", "node2"};

  private byte[][] wire;
  private JourneyStitcher stitcher;
  private long journeysOut;
  private int next;
  private long clock;
  private final IngestStrings strings = new IngestStrings();

  @Setup(Level.Trial)
  public void setUp() {
    wire = new byte[JOURNEYS * HOPS][];
    for (int k = 0; k < JOURNEYS; k++) {
      long fingerprint = fingerprint(k);
      for (int h = 0; h < HOPS; h++) {
        wire[k * HOPS + h] =
            hop(h).toBuilder()
                .setFingerprint(fingerprint)
                .setTsNs(1_000L * k + h)
                .build()
                .toByteArray();
      }
    }
    NodeAddresses topology =
        new NodeAddresses()
            .putAddress("node1", "203.0.113.11")
            .putAddress("node2", "203.0.113.12")
            .putNetwork("bench_net", 4097);
    Consumer<Journey> sink = j -> journeysOut++;
    // the window is one journey of the benchmark's own clock: each journey closes as the next opens
    stitcher = new JourneyStitcher(new StitcherConfig(1, 65_536, 64, false), topology, sink);
  }

  /** gRPC's share alone: the observation's wire bytes parsed into the generated message. */
  @Benchmark
  public PacketObservation parse() throws InvalidProtocolBufferException {
    return PacketObservation.parseFrom(nextWire());
  }

  /** Parsed and mapped to the domain observation. */
  @Benchmark
  public Observation parseAndMap() throws InvalidProtocolBufferException {
    int i = next;
    return IngestMapper.observation(
        NODES[i % HOPS], PacketObservation.parseFrom(nextWire()), strings);
  }

  /** Parsed, mapped and stitched; every 6th observation also closes (assembles) one journey. */
  @Benchmark
  public void parseMapAndStitch(Blackhole out) throws InvalidProtocolBufferException {
    int i = next;
    Observation o =
        IngestMapper.observation(NODES[i % HOPS], PacketObservation.parseFrom(nextWire()), strings);
    if (i % HOPS == 0) {
      clock++;
      stitcher.expire(clock);
    }
    stitcher.accept(o, clock);
    out.consume(journeysOut);
  }

  private byte[] nextWire() {
    byte[] bytes = wire[next];
    next = next + 1 == wire.length ? 0 : next + 1;
    return bytes;
  }

  private static long fingerprint(long k) {
    long z = (k + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    return (z ^ (z >>> 27)) | 1;
  }

  private static PacketObservation hop(int h) {
    return switch (h) {
      case 0, 5 -> plain("bench_net/br0", 74);
      case 1, 4 -> plain("bench_net/vxlan0", 74);
      default -> encapsulated();
    };
  }

  private static PacketObservation plain(String point, int length) {
    return PacketObservation.newBuilder()
        .setPoint(ObservationPoint.newBuilder().setName(point))
        .setInner(inner())
        .setFrameHead(ByteString.copyFrom(new byte[length]))
        .setCaplen(length)
        .setOrigLen(length)
        .setSnapLength(128)
        .setLinkType(LinkType.LINK_TYPE_ETHERNET)
        .build();
  }

  private static PacketObservation encapsulated() {
    return plain("eth0", 124).toBuilder()
        .setOuter(
            Encapsulation.newBuilder()
                .setVni(4097)
                .setIp(
                    IP.newBuilder()
                        .setSrc("203.0.113.11")
                        .setDst("203.0.113.12")
                        .setProtocol(17)
                        .setTtl(64))
                .setUdp(UDP.newBuilder().setSrcPort(34633).setDstPort(4789)))
        .build();
  }

  private static Headers inner() {
    return Headers.newBuilder()
        .setIp(
            IP.newBuilder()
                .setSrc("10.0.1.5")
                .setDst("10.0.1.9")
                .setId(0x4411)
                .setTtl(64)
                .setProtocol(6))
        .setTcp(TCP.newBuilder().setSrcPort(51000).setDstPort(3306).setFlags(0x02))
        .build();
  }
}

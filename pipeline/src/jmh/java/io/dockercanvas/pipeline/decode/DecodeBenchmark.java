package io.dockercanvas.pipeline.decode;

import static io.dockercanvas.pipeline.testing.TestFrames.ETHERTYPE_IPV4;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_ACK;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_PSH;
import static io.dockercanvas.pipeline.testing.TestFrames.ascii;
import static io.dockercanvas.pipeline.testing.TestFrames.ethernet;
import static io.dockercanvas.pipeline.testing.TestFrames.icmp;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Tcp;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Udp;
import static io.dockercanvas.pipeline.testing.TestFrames.vxlanFrame;

import io.dockercanvas.pipeline.fingerprint.PacketFingerprint;
import io.dockercanvas.pipeline.pcapfile.CaptureFiles;
import io.dockercanvas.pipeline.pcapfile.CapturedFrame;
import io.dockercanvas.pipeline.pcapfile.FrameSource;
import io.dockercanvas.pipeline.testing.TestCaptures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decode + fingerprint of one frame, the work the agent does for every captured packet. Each
 * benchmark reuses one {@link DecodedFrame}, as the capture loop does, so {@code -prof gc} must
 * show about 0 B/op ({@code gc.alloc.rate.norm}); anything more is per-packet allocation. Run: see
 * docs/benchmarks.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2) // two JVMs: a fork can compile the hot path differently, and the machine is shared
public class DecodeBenchmark {
  private static final byte[] HTTP_REQUEST =
      ascii(
          "GET /index.html HTTP/1.1\r\nHost: 203.0.113.11:8001\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n");
  private static final byte[] DNS_QUERY =
      ascii(
          "\u0012\u0034\u0001\u0000\u0000\u0001\u0000\u0000"
              + "\u0000\u0000\u0000\u0000\u0003web\u0007default\u0000\u0000\u0001\u0000\u0001");

  private final FrameDecoder decoder = new FrameDecoder();
  private final DecodedFrame frame = new DecodedFrame();

  /** The routing-mesh hop on the underlay: a client's request after DNAT+SNAT, VXLAN VNI 4096. */
  private byte[] vxlanTcp;

  /** The same request as the task container sees it: plain Ethernet/IPv4/TCP. */
  private byte[] plainTcp;

  /** A DNS query from one task to Docker's resolver, carried over the overlay (VNI 4097). */
  private byte[] vxlanUdp;

  /** A ping between tasks over the overlay. */
  private byte[] vxlanIcmp;

  @Setup
  public void buildFrames() {
    byte[] innerTcp =
        ethernet(
            "02:42:0a:00:00:02",
            "02:42:0a:00:00:6c",
            ETHERTYPE_IPV4,
            ipv4Tcp(
                "10.0.0.2",
                "10.0.0.108",
                40683,
                62,
                42478,
                8001,
                239321587L,
                3141592654L,
                TCP_PSH | TCP_ACK,
                HTTP_REQUEST));
    vxlanTcp = vxlanFrame("203.0.113.11", "203.0.113.12", 34633, 4096, innerTcp);
    plainTcp = innerTcp;
    vxlanUdp =
        vxlanFrame(
            "203.0.113.12",
            "203.0.113.11",
            51230,
            4097,
            ethernet(
                "02:42:0a:00:01:05",
                "02:42:0a:00:01:02",
                ETHERTYPE_IPV4,
                ipv4Udp("10.0.1.5", "10.0.1.2", 7712, 64, 40312, 53, DNS_QUERY)));
    vxlanIcmp =
        vxlanFrame(
            "203.0.113.12",
            "203.0.113.11",
            40112,
            4097,
            ethernet(
                "02:42:0a:00:01:05",
                "02:42:0a:00:01:02",
                ETHERTYPE_IPV4,
                ipv4("10.0.1.5", "10.0.1.2", 911, 64, 1, icmp(8, 0, 17, 3, new byte[56]))));
    expect(vxlanTcp, Transport.TCP, 1);
    expect(plainTcp, Transport.TCP, 0);
    expect(vxlanUdp, Transport.UDP, 1);
    expect(vxlanIcmp, Transport.ICMP, 1);
  }

  @Benchmark
  public long vxlanTcp() {
    return decodeAndFingerprint(vxlanTcp);
  }

  @Benchmark
  public long plainTcp() {
    return decodeAndFingerprint(plainTcp);
  }

  @Benchmark
  public long vxlanUdp() {
    return decodeAndFingerprint(vxlanUdp);
  }

  @Benchmark
  public long vxlanIcmp() {
    return decodeAndFingerprint(vxlanIcmp);
  }

  /** One frame per call, cycling through every frame of a real capture (or folder of captures). */
  @Benchmark
  public long capture(CaptureFrames capture) {
    return decodeAndFingerprint(capture.next());
  }

  private long decodeAndFingerprint(byte[] bytes) {
    decoder.decode(bytes, 0, bytes.length, bytes.length, LinkType.ETHERNET, frame);
    return PacketFingerprint.of(frame);
  }

  /**
   * A benchmark that measures a decode error instead of a decode would be worthless: refuse to run.
   */
  private void expect(byte[] bytes, Transport transport, int tunnels) {
    decoder.decode(bytes, 0, bytes.length, bytes.length, LinkType.ETHERNET, frame);
    if (frame.error() != DecodeError.NONE
        || frame.transport() != transport
        || frame.tunnelCount() != tunnels) {
      throw new IllegalStateException(
          "benchmark frame decodes as "
              + frame.transport()
              + " in "
              + frame.tunnelCount()
              + " tunnels, error "
              + frame.error()
              + "; expected "
              + transport);
    }
  }

  /** The frames of real captures from src/test/resources, each copied into its own array. */
  @State(Scope.Thread)
  public static class CaptureFrames {
    /** A capture file, or a folder meaning every capture in it; relative to src/test/resources. */
    @Param({"routing-mesh/wire__mlabbr.pcap", "routing-mesh"})
    public String capture;

    private byte[][] frames;
    private int next;

    @Setup
    public void read() throws IOException {
      Path path = TestCaptures.folder(capture);
      List<byte[]> read = new ArrayList<>();
      for (Path file :
          path.toFile().isDirectory()
              ? TestCaptures.all().stream().filter(p -> p.startsWith(path)).toList()
              : List.of(path)) {
        readEthernetFrames(file, read);
      }
      if (read.isEmpty()) {
        throw new IllegalStateException("no Ethernet frames in " + path);
      }
      frames = read.toArray(new byte[0][]);
    }

    byte[] next() {
      byte[] bytes = frames[next];
      next = next + 1 == frames.length ? 0 : next + 1;
      return bytes;
    }

    private static void readEthernetFrames(Path file, List<byte[]> into) throws IOException {
      CapturedFrame record = new CapturedFrame();
      try (FrameSource source = CaptureFiles.open(file)) {
        while (source.next(record)) {
          if (record.linkType() != LinkType.ETHERNET) {
            throw new IllegalStateException(
                file + ": link type " + record.linkType() + ", not Ethernet");
          }
          into.add(
              Arrays.copyOfRange(
                  record.buffer(), record.offset(), record.offset() + record.caplen()));
        }
      }
    }
  }
}

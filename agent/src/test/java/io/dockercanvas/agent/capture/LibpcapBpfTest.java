package io.dockercanvas.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockercanvas.pipeline.bpf.BpfMachine;
import io.dockercanvas.pipeline.bpf.BpfProgram;
import io.dockercanvas.pipeline.decode.DecodedFrame;
import io.dockercanvas.pipeline.decode.FrameDecoder;
import io.dockercanvas.pipeline.fingerprint.PacketFingerprint;
import io.dockercanvas.pipeline.observation.ObservationMapper;
import io.dockercanvas.pipeline.observation.SamplingPolicy;
import io.dockercanvas.pipeline.pcapfile.CaptureFiles;
import io.dockercanvas.pipeline.pcapfile.CapturedFrame;
import io.dockercanvas.pipeline.pcapfile.FrameSource;
import io.dockercanvas.proto.v1.CaptureConfig;
import io.dockercanvas.proto.v1.SamplingReason;
import io.dockercanvas.proto.v1.TraceFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.junit.jupiter.api.Test;

/**
 * The Java BPF interpreter against libpcap's own verdicts ({@code pcap_offline_filter}) on every
 * frame of the lab's recorded captures, for expressions of every kind tcpdump users write.
 */
class LibpcapBpfTest {

  private static final Path SAMPLE = Path.of("..", "deploy", "lab", "sample");

  private static final List<String> EXPRESSIONS =
      List.of(
          "tcp port 8001",
          "dst port 8001",
          "udp port 4789",
          "udp dst port 4789 and udp[8:2] = 0x0800",
          "icmp",
          "host 10.0.0.5",
          "net 10.0.0.0/8 and tcp",
          "src net 198.51.100.0/24",
          "tcp[tcpflags] & (tcp-syn|tcp-fin) != 0",
          "tcp[((tcp[12:1] & 0xf0) >> 2):4] = 0x47455420",
          "ip[8] < 64",
          "ip[2:2] % 7 = 3",
          "ip[2:2] / 3 > 100",
          "len > 100",
          "greater 200 and not arp",
          "portrange 8000-8100",
          "ip6 or arp",
          "vlan",
          "ether broadcast",
          "ether[0] & 1 = 1",
          "not port 7946 and not port 2377",
          "ip[6:2] & 0x1fff = 0 and udp");

  private static List<Path> captures() throws IOException {
    try (Stream<Path> files = Files.list(SAMPLE)) {
      return files.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
    }
  }

  /** libpcap's own program for an expression, kept native for pcap_offline_filter. */
  private record Native(Pointer program) {
    static Native compile(String expression, int linkType) {
      Runtime runtime = Runtime.getRuntime(LibpcapBpf.LIBPCAP);
      Pointer pcap = LibpcapBpf.LIBPCAP.pcap_open_dead(linkType, 262_144);
      Pointer program = Memory.allocateDirect(runtime, 16, true);
      assertThat(LibpcapBpf.LIBPCAP.pcap_compile(pcap, program, expression, 1, 0xFFFFFFFF))
          .as(expression)
          .isZero();
      LibpcapBpf.LIBPCAP.pcap_close(pcap);
      return new Native(program);
    }

    boolean matches(Recorded frame) {
      Runtime runtime = Runtime.getRuntime(LibpcapBpf.LIBPCAP);
      Pointer header = Memory.allocateDirect(runtime, 24, true);
      header.putInt(16, frame.caplen());
      header.putInt(20, frame.origLen());
      Pointer packet = Memory.allocateDirect(runtime, Math.max(1, frame.caplen()));
      packet.put(0, frame.buffer(), frame.offset(), frame.caplen());
      return LibpcapBpf.LIBPCAP.pcap_offline_filter(program, header, packet) != 0;
    }
  }

  @Test
  void interpreter_agreesWithLibpcap_onEveryRecordedFrame() throws Exception {
    int[] mem = new int[BpfMachine.MEMWORDS];
    Map<String, Integer> matched = new HashMap<>();
    long frames = 0;
    for (Path capture : captures()) {
      List<Recorded> all = read(capture);
      for (String expression : EXPRESSIONS) {
        int linkType = all.isEmpty() ? 1 : all.get(0).linkType();
        BpfProgram program = LibpcapBpf.INSTANCE.compile(expression, linkType);
        Native reference = Native.compile(expression, linkType);
        for (Recorded f : all) {
          boolean libpcap = reference.matches(f);
          boolean ours =
              BpfMachine.run(program, f.buffer(), f.offset(), f.caplen(), f.origLen(), mem) != 0;
          assertThat(ours)
              .as("%s, frame at %d of %s", expression, f.fileOffset(), capture.getFileName())
              .isEqualTo(libpcap);
          if (libpcap) {
            matched.merge(expression, 1, Integer::sum);
          }
        }
      }
      frames += all.size();
    }
    assertThat(frames).isGreaterThan(1000);
    // the comparison means something: most expressions match some frames, none matches all
    assertThat(matched.keySet())
        .contains(
            "tcp port 8001",
            "udp port 4789",
            "tcp[tcpflags] & (tcp-syn|tcp-fin) != 0",
            "tcp[((tcp[12:1] & 0xf0) >> 2):4] = 0x47455420",
            "ip[2:2] % 7 = 3",
            "len > 100");
  }

  @Test
  void badExpression_refusedWithLibpcapsMessage() {
    assertThatThrownBy(() -> LibpcapBpf.INSTANCE.compile("tcp port eighty", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eighty");
  }

  @Test
  void traceWithBpf_keepsExactlyWhatLibpcapMatches_theRestIsSampled() throws Exception {
    SamplingPolicy policy =
        SamplingPolicy.from(
                CaptureConfig.newBuilder()
                    .setRevision(2)
                    .setSampleBelow(0x028F5C28F5C28F5CL)
                    .addTraceFilters(TraceFilter.newBuilder().setId("t1").setBpf("tcp dst port 80"))
                    .build())
            .withBpf(LibpcapBpf.INSTANCE);
    assertThat(policy.traceFilters().errors()).isEmpty();
    Path capture = SAMPLE.resolve("node2__web__eth0.pcap");
    Native reference = Native.compile("tcp dst port 80", 1);
    FrameDecoder decoder = new FrameDecoder();
    DecodedFrame frame = new DecodedFrame();
    int traced = 0;
    int hashed = 0;
    for (Recorded f : read(capture)) {
      decoder.decode(f.buffer(), f.offset(), f.caplen(), f.origLen(), f.linkType(), frame);
      if (!ObservationMapper.mappable(frame)) {
        continue;
      }
      SamplingReason reason = policy.decide(PacketFingerprint.of(frame), frame);
      if (reference.matches(f)) {
        assertThat(reason).isEqualTo(SamplingReason.SAMPLING_REASON_TRACE_FILTER);
        assertThat(policy.traceFilters().match(frame)).isEqualTo("t1");
        traced++;
      } else {
        assertThat(reason).isNotEqualTo(SamplingReason.SAMPLING_REASON_TRACE_FILTER);
        hashed += reason == SamplingReason.SAMPLING_REASON_UNSPECIFIED ? 0 : 1;
      }
    }
    assertThat(traced).isGreaterThan(10);
    assertThat(hashed).isGreaterThanOrEqualTo(0);
  }

  @Test
  void expressionThatDoesNotCompile_matchesNothing_andSaysWhy() {
    SamplingPolicy policy =
        SamplingPolicy.from(
                CaptureConfig.newBuilder()
                    .addTraceFilters(TraceFilter.newBuilder().setId("t9").setBpf("port port"))
                    .build())
            .withBpf(LibpcapBpf.INSTANCE);
    assertThat(policy.traceFilters().errors())
        .singleElement()
        .asString()
        .startsWith("trace filter t9: 'port port': ");
  }

  /** A frame copied out of the reader's reused buffer. */
  private record Recorded(byte[] buffer, int caplen, int origLen, int linkType, long fileOffset) {
    int offset() {
      return 0;
    }
  }

  private static List<Recorded> read(Path capture) throws IOException {
    List<Recorded> frames = new ArrayList<>();
    CapturedFrame frame = new CapturedFrame();
    try (FrameSource source = CaptureFiles.open(capture)) {
      while (source.next(frame)) {
        byte[] copy = new byte[frame.caplen()];
        System.arraycopy(frame.buffer(), frame.offset(), copy, 0, frame.caplen());
        frames.add(
            new Recorded(
                copy, frame.caplen(), frame.origLen(), frame.linkType(), frame.fileOffset()));
      }
    }
    return frames;
  }
}

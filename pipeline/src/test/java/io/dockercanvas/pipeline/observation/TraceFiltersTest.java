package io.dockercanvas.pipeline.observation;

import static io.dockercanvas.pipeline.testing.TestFrames.ETHERTYPE_IPV4;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_ACK;
import static io.dockercanvas.pipeline.testing.TestFrames.ethernet;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Tcp;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Udp;
import static io.dockercanvas.pipeline.testing.TestFrames.vxlanFrame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockercanvas.pipeline.bpf.BpfCompiler;
import io.dockercanvas.pipeline.bpf.BpfProgram;
import io.dockercanvas.pipeline.decode.DecodedFrame;
import io.dockercanvas.pipeline.decode.FrameDecoder;
import io.dockercanvas.pipeline.decode.LinkType;
import io.dockercanvas.pipeline.testing.Allocations;
import io.dockercanvas.proto.v1.Protocol;
import io.dockercanvas.proto.v1.TraceFilter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceFiltersTest {

  private static final String CLIENT_MAC = "02:42:0a:00:01:03";
  private static final String TASK_MAC = "02:42:0a:00:01:04";

  private final FrameDecoder decoder = new FrameDecoder();

  private DecodedFrame decoded(byte[] frame) {
    DecodedFrame f = new DecodedFrame();
    decoder.decode(frame, 0, frame.length, frame.length, LinkType.ETHERNET, f);
    return f;
  }

  private final DecodedFrame webAtBridge =
      decoded(
          ethernet(
              CLIENT_MAC,
              TASK_MAC,
              ETHERTYPE_IPV4,
              ipv4Tcp("10.0.1.3", "10.0.1.4", 1, 64, 40000, 8001, 1, 1, TCP_ACK, new byte[0])));
  private final DecodedFrame webAtUnderlay =
      decoded(
          vxlanFrame(
              "203.0.113.11",
              "203.0.113.12",
              34633,
              4097,
              ethernet(
                  CLIENT_MAC,
                  TASK_MAC,
                  ETHERTYPE_IPV4,
                  ipv4Tcp(
                      "10.0.1.3", "10.0.1.4", 1, 64, 40000, 8001, 1, 1, TCP_ACK, new byte[0]))));
  private final DecodedFrame dns =
      decoded(
          ethernet(
              CLIENT_MAC,
              TASK_MAC,
              ETHERTYPE_IPV4,
              ipv4Udp("10.0.2.3", "10.0.2.4", 1, 64, 40000, 53, new byte[4])));

  private static TraceFilters filters(TraceFilter.Builder... filters) {
    return TraceFilters.of(List.of(filters).stream().map(TraceFilter.Builder::build).toList());
  }

  @Test
  void match_cidrOfInnerAddress_matchesAtEveryPoint() {
    TraceFilters f = filters(TraceFilter.newBuilder().setId("web-net").addCidrs("10.0.1.0/24"));

    assertThat(f.match(webAtBridge)).isEqualTo("web-net");
    assertThat(f.match(webAtUnderlay)).isEqualTo("web-net");
    assertThat(f.match(dns)).isNull();
  }

  @Test
  void match_bareAddressAndOddPrefix_matchExactlyTheCoveredAddresses() {
    assertThat(
            filters(TraceFilter.newBuilder().setId("one").addCidrs("10.0.1.4")).match(webAtBridge))
        .isEqualTo("one");
    assertThat(
            filters(TraceFilter.newBuilder().setId("one").addCidrs("10.0.1.5")).match(webAtBridge))
        .isNull();
    assertThat(
            filters(TraceFilter.newBuilder().setId("odd").addCidrs("10.0.1.0/29"))
                .match(webAtBridge))
        .isEqualTo("odd");
    assertThat(
            filters(TraceFilter.newBuilder().setId("odd").addCidrs("10.0.1.8/29"))
                .match(webAtBridge))
        .isNull();
  }

  @Test
  void match_everySetFieldMustMatch() {
    TraceFilters tcpWeb =
        filters(
            TraceFilter.newBuilder()
                .setId("web")
                .addPorts(8001)
                .addProtocols(Protocol.PROTOCOL_TCP));
    TraceFilters udpWeb =
        filters(
            TraceFilter.newBuilder()
                .setId("web")
                .addPorts(8001)
                .addProtocols(Protocol.PROTOCOL_UDP));

    assertThat(tcpWeb.match(webAtBridge)).isEqualTo("web");
    assertThat(udpWeb.match(webAtBridge)).isNull();
    assertThat(tcpWeb.match(dns)).isNull();
  }

  @Test
  void match_vniAndTunnelPort_matchTheEncapsulatedPacket() {
    assertThat(filters(TraceFilter.newBuilder().setId("vni").addVnis(4097)).match(webAtUnderlay))
        .isEqualTo("vni");
    assertThat(filters(TraceFilter.newBuilder().setId("vni").addVnis(4098)).match(webAtUnderlay))
        .isNull();
    assertThat(filters(TraceFilter.newBuilder().setId("vtep").addPorts(4789)).match(webAtUnderlay))
        .isEqualTo("vtep");
  }

  @Test
  void match_severalFilters_returnsTheFirstMatchingId() {
    TraceFilters f =
        filters(
            TraceFilter.newBuilder().setId("dns").addPorts(53),
            TraceFilter.newBuilder().setId("any-tcp").addProtocols(Protocol.PROTOCOL_TCP));

    assertThat(f.match(dns)).isEqualTo("dns");
    assertThat(f.match(webAtBridge)).isEqualTo("any-tcp");
    assertThat(TraceFilters.NONE.isEmpty()).isTrue();
    assertThat(TraceFilters.NONE.match(webAtBridge)).isNull();
  }

  @Test
  void of_hostNameOrBadPrefix_isRefusedNamingTheFilter() {
    assertThatThrownBy(() -> filters(TraceFilter.newBuilder().setId("f1").addCidrs("web.local/24")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("f1")
        .hasMessageContaining("web.local/24");
    assertThatThrownBy(() -> filters(TraceFilter.newBuilder().setId("f2").addCidrs("10.0.0.0/33")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("f2");
    assertThatThrownBy(() -> filters(TraceFilter.newBuilder().setId("f3").addCidrs("10.0.0.0/x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("f3");
  }

  /** "udp" for Ethernet, as libpcap compiles it: ethertype 0x0800 and IP protocol 17. */
  private static final BpfCompiler UDP_ONLY =
      (expression, linkType) -> {
        if (linkType != LinkType.ETHERNET) {
          throw new IllegalArgumentException("only Ethernet here");
        }
        return new BpfProgram(
            expression,
            linkType,
            new int[] {0x28, 0x15, 0x30, 0x15, 0x06, 0x06},
            new int[] {0, 0, 0, 0, 0, 0},
            new int[] {0, 3, 0, 1, 0, 0},
            new int[] {12, 0x0800, 23, 17, 262144, 0});
      };

  @Test
  void match_bpf_runsTheCompiledProgram_andWithoutCompilerMatchesNothing() {
    TraceFilters uncompiled = filters(TraceFilter.newBuilder().setId("b").setBpf("udp"));
    assertThat(uncompiled.match(dns)).isNull();

    TraceFilters compiled = uncompiled.withBpf(UDP_ONLY);
    assertThat(compiled.errors()).isEmpty();
    assertThat(compiled.match(dns)).isEqualTo("b");
    assertThat(compiled.match(webAtBridge)).isNull();
    // every other field still has to match as well
    assertThat(
            filters(TraceFilter.newBuilder().setId("b").setBpf("udp").addPorts(8001))
                .withBpf(UDP_ONLY)
                .match(dns))
        .isNull();
    assertThat(uncompiled.withBpf(BpfCompiler.NONE).errors())
        .singleElement()
        .asString()
        .startsWith("trace filter b: 'udp': ");
  }

  @Test
  void match_bpf_allocatesNothingPerPacket() throws Exception {
    TraceFilters compiled =
        filters(TraceFilter.newBuilder().setId("b").setBpf("udp")).withBpf(UDP_ONLY);
    compiled.match(dns); // the thread's scratch words, once
    long allocated =
        Allocations.allocatedBy(
            () -> {
              for (int i = 0; i < 100_000; i++) {
                compiled.match(i % 2 == 0 ? dns : webAtBridge);
              }
            });
    assertThat(allocated).isLessThan(1024);
  }
}

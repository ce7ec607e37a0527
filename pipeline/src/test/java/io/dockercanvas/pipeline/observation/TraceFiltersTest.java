package io.dockercanvas.pipeline.observation;

import static io.dockercanvas.pipeline.testing.TestFrames.ETHERTYPE_IPV4;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_ACK;
import static io.dockercanvas.pipeline.testing.TestFrames.ethernet;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Tcp;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Udp;
import static io.dockercanvas.pipeline.testing.TestFrames.vxlanFrame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockercanvas.pipeline.decode.DecodedFrame;
import io.dockercanvas.pipeline.decode.FrameDecoder;
import io.dockercanvas.pipeline.decode.LinkType;
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
}

package io.dockercanvas.pipeline.observation;

import static io.dockercanvas.pipeline.testing.TestFrames.ETHERTYPE_IPV4;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_ACK;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_FIN;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_PSH;
import static io.dockercanvas.pipeline.testing.TestFrames.ascii;
import static io.dockercanvas.pipeline.testing.TestFrames.ethernet;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.pipeline.decode.DecodedFrame;
import io.dockercanvas.pipeline.decode.FrameDecoder;
import io.dockercanvas.pipeline.decode.LinkType;
import io.dockercanvas.proto.v1.CaptureConfig;
import io.dockercanvas.proto.v1.SamplingReason;
import org.junit.jupiter.api.Test;

class ObservationSamplingTest {

  private final DecodedFrame frame = new DecodedFrame();

  private DecodedFrame tcp(int flags) {
    byte[] bytes =
        ethernet(
            "02:00:00:00:00:01",
            "02:00:00:00:00:02",
            ETHERTYPE_IPV4,
            ipv4Tcp("10.0.1.6", "10.0.1.2", 9, 64, 40000, 80, 5, 6, flags, ascii("x")));
    new FrameDecoder().decode(bytes, 0, bytes.length, bytes.length, LinkType.ETHERNET, frame);
    return frame;
  }

  @Test
  void reason_belowTheSampledFraction_hashAndAboveLeftOut() {
    ObservationSampling half =
        ObservationSampling.from(
            CaptureConfig.newBuilder().setSampleBelow(0x8000_0000_0000_0000L).build());

    assertThat(half.reason(0x7fff_ffff_ffff_ffffL, tcp(TCP_PSH | TCP_ACK)))
        .isEqualTo(SamplingReason.SAMPLING_REASON_HASH);
    // read unsigned: 0x8000... and above are outside the half
    assertThat(half.reason(0x8000_0000_0000_0000L, tcp(TCP_PSH | TCP_ACK)))
        .isEqualTo(SamplingReason.SAMPLING_REASON_UNSPECIFIED);
    assertThat(half.reason(-1L, tcp(TCP_PSH | TCP_ACK)))
        .isEqualTo(SamplingReason.SAMPLING_REASON_UNSPECIFIED);
  }

  @Test
  void reason_tcpControlOutsideTheFraction_keptAsTcpControl() {
    ObservationSampling none = new ObservationSampling(false, 0);

    assertThat(none.reason(-1L, tcp(TCP_FIN | TCP_ACK)))
        .isEqualTo(SamplingReason.SAMPLING_REASON_TCP_CONTROL);
  }

  @Test
  void reason_sampleAll_everyPacket() {
    assertThat(ObservationSampling.ALL.reason(-1L, tcp(TCP_ACK)))
        .isEqualTo(SamplingReason.SAMPLING_REASON_HASH);
  }

  @Test
  void ofFraction_isThatShareOfTheHashSpace_andTheAgentsDefaultIsOnePercent() {
    assertThat(ObservationSampling.ofFraction(1.0)).isEqualTo(ObservationSampling.ALL);
    assertThat(ObservationSampling.ofFraction(0.5).sampleBelow()).isEqualTo(Long.MIN_VALUE);
    assertThat(ObservationSampling.ofFraction(0.01).sampleBelow()).isEqualTo(0x028F5C28F5C28F5CL);
    assertThat(SamplingPolicy.DEFAULT.sampling())
        .isEqualTo(ObservationSampling.ofFraction(SamplingPolicy.DEFAULT_FRACTION));
    assertThat(SamplingPolicy.DEFAULT_FRACTION).isEqualTo(0.01);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ObservationSampling.ofFraction(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

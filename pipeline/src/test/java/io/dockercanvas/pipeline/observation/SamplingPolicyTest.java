package io.dockercanvas.pipeline.observation;

import static io.dockercanvas.pipeline.testing.TestFrames.ETHERTYPE_IPV4;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_ACK;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_FIN;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_SYN;
import static io.dockercanvas.pipeline.testing.TestFrames.ethernet;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Tcp;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Udp;
import static io.dockercanvas.pipeline.testing.TestFrames.vxlanFrame;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.pipeline.decode.DecodedFrame;
import io.dockercanvas.pipeline.decode.FrameDecoder;
import io.dockercanvas.pipeline.decode.LinkType;
import io.dockercanvas.pipeline.fingerprint.PacketFingerprint;
import io.dockercanvas.proto.v1.CaptureConfig;
import io.dockercanvas.proto.v1.SamplingReason;
import io.dockercanvas.proto.v1.TraceFilter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplingPolicyTest {

  private static final String CLIENT_MAC = "02:42:0a:00:01:03";
  private static final String TASK_MAC = "02:42:0a:00:01:04";
  private static final int TCP_RST = 0x04;
  private static final long TEN_PERCENT = Long.divideUnsigned(-1L, 10);

  private final FrameDecoder decoder = new FrameDecoder();

  private DecodedFrame decoded(byte[] frame) {
    DecodedFrame f = new DecodedFrame();
    decoder.decode(frame, 0, frame.length, frame.length, LinkType.ETHERNET, f);
    return f;
  }

  private static SamplingPolicy policy(CaptureConfig.Builder config) {
    return SamplingPolicy.from(config.build());
  }

  private static byte[] udpAtBridge(int id) {
    return ethernet(
        CLIENT_MAC,
        TASK_MAC,
        ETHERTYPE_IPV4,
        ipv4Udp("10.0.1.3", "10.0.1.4", id, 64, 40000, 53, new byte[] {1, 2, 3, (byte) id}));
  }

  @Test
  void decide_samePacketAtBridgeAndUnderlay_sameFingerprintAndSameDecision() {
    SamplingPolicy policy = policy(CaptureConfig.newBuilder().setSampleBelow(TEN_PERCENT));
    int kept = 0;
    for (int id = 0; id < 2000; id++) {
      DecodedFrame atBridge = decoded(udpAtBridge(id));
      // the same packet after DNAT-free encapsulation by node1 towards node2, TTL one lower inside
      DecodedFrame atUnderlay =
          decoded(
              vxlanFrame(
                  "203.0.113.11",
                  "203.0.113.12",
                  30000 + id,
                  4097,
                  ethernet(
                      CLIENT_MAC,
                      TASK_MAC,
                      ETHERTYPE_IPV4,
                      ipv4Udp(
                          "10.0.1.3",
                          "10.0.1.4",
                          id,
                          63,
                          40000,
                          53,
                          new byte[] {1, 2, 3, (byte) id}))));
      long fingerprint = PacketFingerprint.of(atBridge);
      assertThat(PacketFingerprint.of(atUnderlay)).isEqualTo(fingerprint);

      SamplingReason reason = policy.decide(fingerprint, atBridge);
      assertThat(policy.decide(fingerprint, atUnderlay)).isEqualTo(reason);
      if (reason != SamplingReason.SAMPLING_REASON_UNSPECIFIED) {
        kept++;
      }
    }
    assertThat(kept).as("about 10% of 2000 kept").isBetween(120, 280);
  }

  @Test
  void decide_manyRandomFingerprints_keepsTheConfiguredFraction() {
    DecodedFrame udp = decoded(udpAtBridge(1));
    SplittableRandom random = new SplittableRandom(42);
    for (int divisor : new int[] {100, 10, 2}) {
      double fraction = 1.0 / divisor;
      SamplingPolicy policy =
          policy(CaptureConfig.newBuilder().setSampleBelow(Long.divideUnsigned(-1L, divisor)));
      int kept = 0;
      int n = 1_000_000;
      for (int i = 0; i < n; i++) {
        if (policy.decide(random.nextLong(), udp) == SamplingReason.SAMPLING_REASON_HASH) {
          kept++;
        }
      }
      assertThat((double) kept / n)
          .as("kept fraction for %s", fraction)
          .isCloseTo(
              fraction, org.assertj.core.data.Offset.offset(Math.max(0.001, fraction * 0.02)));
    }
  }

  @Test
  void decide_default_keepsAboutOnePercent() {
    DecodedFrame udp = decoded(udpAtBridge(1));
    SplittableRandom random = new SplittableRandom(7);
    int kept = 0;
    for (int i = 0; i < 1_000_000; i++) {
      if (SamplingPolicy.DEFAULT.decide(random.nextLong(), udp)
          != SamplingReason.SAMPLING_REASON_UNSPECIFIED) {
        kept++;
      }
    }
    assertThat(kept).isBetween(9_500, 10_500);
    assertThat(SamplingPolicy.DEFAULT.snapLength()).isEqualTo(128);
  }

  @Test
  void decide_tcpSynFinRst_alwaysKeptEvenWithNothingSampled() {
    SamplingPolicy none = policy(CaptureConfig.newBuilder().setSampleBelow(0));
    for (int flags : new int[] {TCP_SYN, TCP_SYN | TCP_ACK, TCP_FIN | TCP_ACK, TCP_RST}) {
      DecodedFrame f =
          decoded(
              ethernet(
                  CLIENT_MAC,
                  TASK_MAC,
                  ETHERTYPE_IPV4,
                  ipv4Tcp("10.0.1.3", "10.0.1.4", 1, 64, 40000, 80, 1, 0, flags, new byte[0])));
      assertThat(none.decide(PacketFingerprint.of(f), f))
          .as("flags %x", flags)
          .isEqualTo(SamplingReason.SAMPLING_REASON_TCP_CONTROL);
    }
    DecodedFrame plainAck =
        decoded(
            ethernet(
                CLIENT_MAC,
                TASK_MAC,
                ETHERTYPE_IPV4,
                ipv4Tcp("10.0.1.3", "10.0.1.4", 1, 64, 40000, 80, 1, 1, TCP_ACK, new byte[0])));
    assertThat(none.decide(PacketFingerprint.of(plainAck), plainAck))
        .isEqualTo(SamplingReason.SAMPLING_REASON_UNSPECIFIED);
  }

  @Test
  void decide_sampleAll_keepsEveryPacket() {
    SamplingPolicy all = policy(CaptureConfig.newBuilder().setSampleAll(true));
    DecodedFrame udp = decoded(udpAtBridge(1));

    assertThat(all.decide(-1L, udp)).isEqualTo(SamplingReason.SAMPLING_REASON_HASH);
    assertThat(all.decide(0L, udp)).isEqualTo(SamplingReason.SAMPLING_REASON_HASH);
  }

  @Test
  void decide_traceFilterMatch_keptWhateverTheFingerprint() {
    SamplingPolicy traced =
        policy(
            CaptureConfig.newBuilder()
                .setSampleBelow(0)
                .addTraceFilters(TraceFilter.newBuilder().setId("dns").addPorts(53)));
    DecodedFrame dns = decoded(udpAtBridge(1));
    DecodedFrame other =
        decoded(
            ethernet(
                CLIENT_MAC,
                TASK_MAC,
                ETHERTYPE_IPV4,
                ipv4Udp("10.0.1.3", "10.0.1.4", 1, 64, 40000, 5000, new byte[4])));

    assertThat(traced.decide(PacketFingerprint.of(dns), dns))
        .isEqualTo(SamplingReason.SAMPLING_REASON_TRACE_FILTER);
    assertThat(traced.decide(PacketFingerprint.of(other), other))
        .isEqualTo(SamplingReason.SAMPLING_REASON_UNSPECIFIED);
  }

  @Test
  void from_snapLengthZero_usesTheDefault128() {
    assertThat(policy(CaptureConfig.newBuilder()).snapLength()).isEqualTo(128);
    assertThat(policy(CaptureConfig.newBuilder().setSnapLength(256)).snapLength()).isEqualTo(256);
  }
}

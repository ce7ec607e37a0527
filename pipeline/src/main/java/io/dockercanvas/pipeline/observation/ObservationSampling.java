package io.dockercanvas.pipeline.observation;

import io.dockercanvas.pipeline.decode.DecodedFrame;
import io.dockercanvas.pipeline.decode.Transport;
import io.dockercanvas.proto.v1.CaptureConfig;
import io.dockercanvas.proto.v1.SamplingReason;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Which packets become observations. The decision depends only on the packet itself, so every point
 * on every node keeps the same packets and journeys have no holes: TCP SYN/FIN/RST always, and the
 * packets whose fingerprint, read unsigned, falls below {@code sampleBelow} (all of them with
 * {@code sampleAll}). The collector's trace filters are not applied here yet. A TCP header cut
 * before its flags (a small snap length on the underlay) is sampled by fingerprint only: flags that
 * were not captured cannot make it a control packet, so where that matters such points need
 * sampleAll or the flags captured.
 */
public record ObservationSampling(boolean sampleAll, long sampleBelow) {

  public static final ObservationSampling ALL = new ObservationSampling(true, 0);

  private static final int TCP_CONTROL_FLAGS = 0x07; // FIN, SYN, RST

  /** Keep a fraction (0..1] of all packets by fingerprint (plus TCP control packets). */
  public static ObservationSampling ofFraction(double fraction) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("sample fraction must be in (0, 1], got " + fraction);
    }
    if (fraction == 1) {
      return ALL;
    }
    // fraction of 2^64, as an unsigned long
    return new ObservationSampling(
        false,
        BigDecimal.valueOf(fraction)
            .multiply(new BigDecimal(BigInteger.ONE.shiftLeft(64)))
            .toBigInteger()
            .longValue());
  }

  public static ObservationSampling from(CaptureConfig config) {
    return new ObservationSampling(config.getSampleAll(), config.getSampleBelow());
  }

  /**
   * Why the packet is kept, or {@link SamplingReason#SAMPLING_REASON_UNSPECIFIED} when it is not.
   */
  public SamplingReason reason(long fingerprint, DecodedFrame frame) {
    if (frame.transport() == Transport.TCP && (frame.tcpFlags() & TCP_CONTROL_FLAGS) != 0) {
      return SamplingReason.SAMPLING_REASON_TCP_CONTROL;
    }
    if (sampleAll || Long.compareUnsigned(fingerprint, sampleBelow) < 0) {
      return SamplingReason.SAMPLING_REASON_HASH;
    }
    return SamplingReason.SAMPLING_REASON_UNSPECIFIED;
  }
}

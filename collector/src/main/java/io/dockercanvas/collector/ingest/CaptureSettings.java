package io.dockercanvas.collector.ingest;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * What every agent captures and keeps; the same for all so sampling stays consistent across nodes.
 *
 * @param sampleBelow keep a packet when its fingerprint, unsigned, is below this (ignored with
 *     sampleAll)
 * @param snapLength bytes of each sampled frame to send; 0 = the agent's default
 */
public record CaptureSettings(
    long revision,
    long sampleBelow,
    boolean sampleAll,
    int snapLength,
    List<TraceFilter> traceFilters,
    int extraDataPathPort) {

  public CaptureSettings {
    traceFilters = List.copyOf(traceFilters);
    if (snapLength < 0) {
      throw new IllegalArgumentException("snap length must not be negative, got " + snapLength);
    }
  }

  /** Keep a fraction (0..1] of all packets by fingerprint, plus TCP control packets. */
  public static CaptureSettings sampling(double fraction, int snapLength) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("sample fraction must be in (0, 1], got " + fraction);
    }
    if (fraction == 1) {
      return new CaptureSettings(1, 0, true, snapLength, List.of(), 0);
    }
    // fraction of 2^64, as an unsigned long
    long below =
        BigDecimal.valueOf(fraction)
            .multiply(new BigDecimal(BigInteger.ONE.shiftLeft(64)))
            .toBigInteger()
            .longValue();
    return new CaptureSettings(1, below, false, snapLength, List.of(), 0);
  }

  public CaptureSettings next(List<TraceFilter> filters) {
    return new CaptureSettings(
        revision + 1, sampleBelow, sampleAll, snapLength, filters, extraDataPathPort);
  }

  /**
   * Packets to keep whatever the sampling; unset criteria match all.
   *
   * @param bpf a tcpdump expression the captured frame must match; empty for none
   */
  public record TraceFilter(
      String id,
      List<String> cidrs,
      List<Integer> ports,
      List<Integer> protocols,
      List<Integer> vnis,
      String bpf) {

    public TraceFilter {
      cidrs = List.copyOf(cidrs);
      ports = List.copyOf(ports);
      protocols = List.copyOf(protocols);
      vnis = List.copyOf(vnis);
      bpf = bpf == null ? "" : bpf;
    }
  }
}

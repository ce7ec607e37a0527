package io.dockercanvas.pipeline.observation;

import io.dockercanvas.pipeline.decode.DecodedFrame;
import io.dockercanvas.proto.v1.CaptureConfig;
import io.dockercanvas.proto.v1.SamplingReason;

/**
 * What every capture point keeps, the same on every node because the collector pushes one config to
 * all agents: trace-filter matches, TCP SYN/FIN/RST, and the fingerprint-hash fraction. Never a
 * local counter.
 *
 * @param snapLength bytes of each sampled frame sent for pcap export
 */
public record SamplingPolicy(
    long revision, ObservationSampling sampling, TraceFilters traceFilters, int snapLength) {

  /**
   * The live default: 1% of packets by fingerprint hash, plus every TCP SYN/FIN/RST and every
   * packet of a traced flow. deploy/stack.yml runs the collector with the same {@code --sample},
   * and the agent's cost benchmark (agent/bench/cost.sh, capture-bench) measures this policy.
   */
  public static final double DEFAULT_FRACTION = 0.01;

  /** Before the collector said anything: {@link #DEFAULT_FRACTION}, 128-byte heads. */
  public static final SamplingPolicy DEFAULT =
      new SamplingPolicy(
          0,
          ObservationSampling.ofFraction(DEFAULT_FRACTION),
          TraceFilters.NONE,
          ObservationMapper.DEFAULT_SNAP_LENGTH);

  public static SamplingPolicy from(CaptureConfig config) {
    int snap =
        config.getSnapLength() > 0 ? config.getSnapLength() : ObservationMapper.DEFAULT_SNAP_LENGTH;
    return new SamplingPolicy(
        config.getRevision(),
        ObservationSampling.from(config),
        TraceFilters.of(config.getTraceFiltersList()),
        snap);
  }

  /** The same policy with the trace filters' tcpdump expressions compiled (the agent's libpcap). */
  public SamplingPolicy withBpf(io.dockercanvas.pipeline.bpf.BpfCompiler compiler) {
    return new SamplingPolicy(revision, sampling, traceFilters.withBpf(compiler), snapLength);
  }

  /** The reason to keep the frame, UNSPECIFIED to count it in the flow table only. */
  public SamplingReason decide(long fingerprint, DecodedFrame frame) {
    if (!traceFilters.isEmpty() && traceFilters.match(frame) != null) {
      return SamplingReason.SAMPLING_REASON_TRACE_FILTER;
    }
    return sampling.reason(fingerprint, frame);
  }
}

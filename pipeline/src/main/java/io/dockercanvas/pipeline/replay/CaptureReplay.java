package io.dockercanvas.pipeline.replay;

import io.dockercanvas.pipeline.observation.ObservationMapper;
import io.dockercanvas.pipeline.observation.ObservationSampling;
import io.dockercanvas.pipeline.observation.SamplingPolicy;
import io.dockercanvas.pipeline.observation.TraceFilters;
import io.dockercanvas.pipeline.pcapfile.CaptureFiles;
import io.dockercanvas.pipeline.pcapfile.CapturedFrame;
import io.dockercanvas.pipeline.pcapfile.FrameSource;
import io.dockercanvas.proto.v1.CaptureConfig;
import java.io.IOException;
import java.time.Duration;

/**
 * The agent pipeline fed from recorded files instead of live handles: each capture is decoded,
 * fingerprinted and sampled as live capture would, and each node's observations go to the collector
 * on that node's own agent stream (Hello, TopologySnapshot, then ObservationBatches in capture-time
 * order). {@link #connect} opens the streams; a session then plays the recording once per {@link
 * ReplaySession#play}.
 */
public final class CaptureReplay {

  /**
   * Observations are batched per slice of recorded time, as a live agent batches per flush
   * interval.
   */
  public static final Duration DEFAULT_BATCH_SPAN = Duration.ofMillis(100);

  static final int MAX_BATCH = 512;

  private final ReplayInput input;
  private final long batchSpanNs;

  /**
   * Every packet until the collector's config says otherwise: a recording is small, and nothing is
   * lost.
   */
  private volatile SamplingPolicy sampling =
      new SamplingPolicy(
          0, ObservationSampling.ALL, TraceFilters.NONE, ObservationMapper.DEFAULT_SNAP_LENGTH);

  public CaptureReplay(ReplayInput input) {
    this(input, DEFAULT_BATCH_SPAN);
  }

  public CaptureReplay(ReplayInput input, Duration batchSpan) {
    if (batchSpan.isNegative() || batchSpan.isZero()) {
      throw new IllegalArgumentException("batch span must be positive");
    }
    this.input = input;
    this.batchSpanNs = batchSpan.toNanos();
  }

  public ReplayInput input() {
    return input;
  }

  /** Opens every capture once, so a missing or foreign file is refused before anything is sent. */
  public void checkReadable() throws IOException {
    for (CaptureSpec spec : input.captures()) {
      CaptureReader.open(spec).close();
    }
  }

  /** First and last frame time over all captures (reads them through). */
  public TimeRange timeRange() throws IOException {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    CapturedFrame record = new CapturedFrame();
    for (CaptureSpec spec : input.captures()) {
      try (FrameSource source = CaptureFiles.open(spec.file())) {
        while (source.next(record)) {
          first = Math.min(first, record.timestampNanos());
          last = Math.max(last, record.timestampNanos());
        }
      }
    }
    return first > last ? new TimeRange(0, 0) : new TimeRange(first, last);
  }

  /**
   * Applies the collector's capture config, as a live agent does: sampling, trace filters, snap
   * length.
   */
  public void useCaptureConfig(CaptureConfig config) {
    sampling = SamplingPolicy.from(config);
  }

  /** Opens one agent stream per node and reports each node's identity and topology. */
  public ReplaySession connect(AgentConnector connector) throws IOException {
    return ReplaySession.open(this, connector);
  }

  SamplingPolicy sampling() {
    return sampling;
  }

  long batchSpanNs() {
    return batchSpanNs;
  }
}

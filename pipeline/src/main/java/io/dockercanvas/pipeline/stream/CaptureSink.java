package io.dockercanvas.pipeline.stream;

import io.dockercanvas.pipeline.flow.FlowSummary;
import io.dockercanvas.proto.v1.ObservationPoint;
import io.dockercanvas.proto.v1.PacketObservation;

/** Where capture threads hand what they saw; implementations are bounded and must never block. */
public interface CaptureSink {

  /**
   * A sampled packet. Returns false when it was dropped (and counted) because the queue is full.
   */
  boolean observation(PacketObservation observation);

  /** A flow of {@code point} that changed since the last report. */
  void flow(ObservationPoint point, FlowSummary flow);

  /** Frames captured at a point (for the running totals). */
  void captured(long frames);

  /** Packets the kernel dropped before the agent read them, since the last report. */
  void kernelDropped(ObservationPoint point, long dropped, long droppedByInterface);

  /** Frames that did not decode to an IP packet's headers (truncated, malformed). */
  void malformed(ObservationPoint point, long frames);

  /** Flows not tracked because the point's flow table was full, since the last report. */
  void flowsUntracked(long flows);
}

package io.dockercanvas.collector.journey;

/**
 * Whether a capture point lost packets in the kernel around a time: a packet missing there may just
 * not have been captured, so no STOPPED verdict rests on that point.
 */
public interface CaptureHealth {

  /**
   * @param timestampNs a capture time of the packet, nanoseconds since the epoch
   */
  boolean kernelDropsAround(PathPoint point, long timestampNs);

  /** Offline captures and agents that reported no drops. */
  static CaptureHealth healthy() {
    return (point, timestampNs) -> false;
  }
}

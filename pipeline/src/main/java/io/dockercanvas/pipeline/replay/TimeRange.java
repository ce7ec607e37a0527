package io.dockercanvas.pipeline.replay;

/** First and last capture time of a recording, epoch nanoseconds. */
public record TimeRange(long firstNs, long lastNs) {

  public long spanNs() {
    return Math.max(0, lastNs - firstNs);
  }
}

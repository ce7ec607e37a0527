package io.dockercanvas.pipeline.replay;

import java.time.Instant;

/**
 * How a replay pass plays time.
 *
 * @param speed recorded time per wall time (1 = real time, 2 = twice as fast); 0 = as fast as the
 *     collector takes it
 * @param restamp move every timestamp by one offset so the recording looks like it happens now; the
 *     spacing between packets (so every latency) stays as recorded
 * @param firstPacketAtNs with restamp: the epoch time the first packet gets, or {@link
 *     #AT_PASS_START}
 */
public record Pacing(double speed, boolean restamp, long firstPacketAtNs) {

  /** The first packet is stamped with the wall clock when the pass starts. */
  public static final long AT_PASS_START = -1;

  public Pacing {
    if (!(speed >= 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException(
          "speed must be a positive number (or 0 for as fast as possible), got " + speed);
    }
  }

  /** As fast as possible with the recorded timestamps: offline stitching. */
  public static Pacing asRecorded() {
    return new Pacing(0, false, 0);
  }

  /**
   * Real time scaled by {@code speed}, the first packet stamped "now": a replay that looks live.
   */
  public static Pacing live(double speed) {
    return new Pacing(speed, true, AT_PASS_START);
  }

  /**
   * As fast as possible, stamped so the recording ends now: fills a page with recent journeys at
   * once.
   */
  public static Pacing catchUpEndingNow(TimeRange recording) {
    return new Pacing(0, true, nowNs() - recording.spanNs());
  }

  static long nowNs() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}

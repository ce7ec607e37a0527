package io.dockercanvas.collector.journey;

import java.time.Duration;

/**
 * @param windowNs how long after its first observation arrives a packet's group stays open for more
 *     (agents batch, so this covers batching delay, not path latency)
 * @param maxOpenPackets bound on packets waiting in the window; the oldest closes early beyond it
 * @param maxObservationsPerPacket bound on one group; more are counted and dropped
 * @param sharedClock all observations were stamped by one clock (offline captures on one machine)
 */
public record StitcherConfig(
    long windowNs, int maxOpenPackets, int maxObservationsPerPacket, boolean sharedClock) {

  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(1);

  public StitcherConfig {
    if (windowNs <= 0) {
      throw new IllegalArgumentException("window must be positive, got " + windowNs + " ns");
    }
    if (maxOpenPackets < 1 || maxObservationsPerPacket < 1) {
      throw new IllegalArgumentException("stitcher bounds must be at least 1");
    }
  }

  public static StitcherConfig defaults() {
    return withWindow(DEFAULT_WINDOW);
  }

  public static StitcherConfig withWindow(Duration window) {
    return new StitcherConfig(window.toNanos(), 65_536, 64, false);
  }

  public StitcherConfig withSharedClock(boolean shared) {
    return new StitcherConfig(windowNs, maxOpenPackets, maxObservationsPerPacket, shared);
  }

  public StitcherConfig withMaxOpenPackets(int max) {
    return new StitcherConfig(windowNs, max, maxObservationsPerPacket, sharedClock);
  }
}

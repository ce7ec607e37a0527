package io.dockercanvas.collector.journey;

import java.util.List;

/**
 * Whether a packet's observations so far reach the last point of its expected path (from the
 * topology), so its journey closes at once instead of when its window ends. Called by the
 * stitcher's ticker with the hops in path order; must not block.
 */
@FunctionalInterface
public interface PathEnd {

  boolean reached(List<Observation> inPathOrder);

  /** Knows no expected path: every journey closes when its window ends. */
  static PathEnd unknown() {
    return soFar -> false;
  }
}

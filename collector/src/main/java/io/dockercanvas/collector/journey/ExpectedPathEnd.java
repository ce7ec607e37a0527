package io.dockercanvas.collector.journey;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A packet's journey is over once it was seen at the last captured point of its expected path and
 * at every captured point before it: no later point would see it, and no earlier one is still on
 * its way from a slower agent (the halves of a journey come from different agents, in any order).
 */
public final class ExpectedPathEnd implements PathEnd {

  private final ExpectedPaths paths;
  private final Supplier<CaptureCoverage> coverage;

  public ExpectedPathEnd(ExpectedPaths paths, Supplier<CaptureCoverage> coverage) {
    this.paths = paths;
    this.coverage = coverage;
  }

  @Override
  public boolean reached(List<Observation> inPathOrder) {
    CaptureCoverage captured = coverage.get();
    Optional<ExpectedPath> path = paths.of(inPathOrder, captured);
    if (path.isEmpty()) {
      return false;
    }
    List<PathPoint> covered = path.get().covered(captured);
    if (covered.isEmpty()) {
      return false;
    }
    for (PathPoint point : covered) {
      if (!seenAt(point, inPathOrder)) {
        return false;
      }
    }
    return true;
  }

  private static boolean seenAt(PathPoint point, List<Observation> hops) {
    for (Observation o : hops) {
      if (o.node().equals(point.node()) && o.point().name().equals(point.point())) {
        return true;
      }
    }
    return false;
  }
}

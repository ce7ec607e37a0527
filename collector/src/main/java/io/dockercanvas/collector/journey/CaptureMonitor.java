package io.dockercanvas.collector.journey;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The collector's view of capture coverage and health. Live, a node's points are those its agent
 * reports capturing ({@code CapturePoints}); for an agent that does not report them, the points
 * that have seen a packet while it is connected. Kernel drops come from the agents' per-point loss
 * reports. Offline, coverage is fixed to the capture files given.
 */
public final class CaptureMonitor implements CaptureHealth {

  /** Drop intervals kept per point; older ones are forgotten. */
  private static final int INTERVALS_KEPT = 64;

  private static final long SECOND_NS = 1_000_000_000L;

  private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> reported = new ConcurrentHashMap<>();
  private final Map<PathPoint, Deque<long[]>> drops = new HashMap<>();
  private volatile CaptureCoverage fixed;
  private volatile CaptureCoverage snapshot = CaptureCoverage.none();
  private volatile boolean changed;

  /** Offline: exactly these points are captured, whatever they saw. */
  public void fix(CaptureCoverage coverage) {
    this.fixed = coverage;
  }

  /** Learns the points a journey was seen at. */
  public void saw(Journey journey) {
    for (Hop hop : journey.hops()) {
      if (seen.computeIfAbsent(hop.node(), n -> ConcurrentHashMap.newKeySet()).add(hop.point())) {
        changed = true;
      }
    }
  }

  /** The node's agent says it captures exactly these points (canonical names) from now on. */
  public void captures(String node, Collection<String> points) {
    reported.put(node, Set.copyOf(points));
    changed = true;
  }

  /** The node's agent went away: its points are no longer captured. */
  public void disconnected(String node) {
    boolean had = seen.remove(node) != null;
    if (reported.remove(node) != null || had) {
      changed = true;
    }
  }

  /** The capture at a point dropped packets in the kernel between two times (epoch ns). */
  public synchronized void kernelDrops(String node, String point, long firstNs, long lastNs) {
    Deque<long[]> intervals =
        drops.computeIfAbsent(new PathPoint(node, point), p -> new ArrayDeque<>());
    intervals.addLast(new long[] {firstNs, Math.max(firstNs, lastNs)});
    if (intervals.size() > INTERVALS_KEPT) {
      intervals.removeFirst();
    }
  }

  @Override
  public synchronized boolean kernelDropsAround(PathPoint point, long timestampNs) {
    Deque<long[]> intervals = drops.get(point);
    if (intervals == null) {
      return false;
    }
    for (long[] interval : intervals) {
      if (timestampNs >= interval[0] - SECOND_NS && timestampNs <= interval[1] + SECOND_NS) {
        return true;
      }
    }
    return false;
  }

  public CaptureCoverage coverage() {
    CaptureCoverage given = fixed;
    if (given != null) {
      return given;
    }
    if (changed) {
      changed = false;
      Map<String, Set<String>> copy = new HashMap<>();
      seen.forEach((node, points) -> copy.put(node, new TreeSet<>(points)));
      copy.putAll(reported); // a reported list is the truth; points seen are the fallback
      snapshot = new CaptureCoverage(copy);
    }
    return snapshot;
  }
}

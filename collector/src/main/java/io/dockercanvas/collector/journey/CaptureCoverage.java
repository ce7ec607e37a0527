package io.dockercanvas.collector.journey;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which points are being captured, per node: a point nobody captures can't be "missed". Live, the
 * agents' reported capture points; offline, the capture files given.
 */
public record CaptureCoverage(Map<String, Set<String>> pointsByNode) {

  public CaptureCoverage {
    Map<String, Set<String>> copy = new TreeMap<>();
    pointsByNode.forEach((node, points) -> copy.put(node, Set.copyOf(points)));
    pointsByNode = Map.copyOf(copy);
  }

  public static CaptureCoverage none() {
    return new CaptureCoverage(Map.of());
  }

  public boolean captures(PathPoint point) {
    return pointsByNode.getOrDefault(point.node(), Set.of()).contains(point.point());
  }

  /** The node's captured points, sorted. */
  public java.util.List<String> points(String node) {
    return new TreeSet<>(pointsByNode.getOrDefault(node, Set.of())).stream().toList();
  }

  /** Some capture runs on this node (an agent is connected, or a capture file was given). */
  public boolean covers(String node) {
    return !pointsByNode.getOrDefault(node, Set.of()).isEmpty();
  }

  /** The node's underlay NIC point as captured, else {@code eth0}. */
  public String nicOf(String node) {
    return new TreeSet<>(pointsByNode.getOrDefault(node, Set.of()))
        .stream()
            .filter(p -> ObservationPoint.parse(p).kind() == PointKind.UNDERLAY_NIC)
            .findFirst()
            .orElse("eth0");
  }

  /** This coverage plus one more captured point. */
  public CaptureCoverage with(PathPoint point) {
    Map<String, Set<String>> more = new TreeMap<>();
    pointsByNode.forEach((node, points) -> more.put(node, new TreeSet<>(points)));
    more.computeIfAbsent(point.node(), n -> new TreeSet<>()).add(point.point());
    return new CaptureCoverage(more);
  }
}

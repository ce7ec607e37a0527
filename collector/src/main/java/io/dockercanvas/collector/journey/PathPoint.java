package io.dockercanvas.collector.journey;

import java.util.Objects;

/** One observation point of one node, as a place on a packet's path: {@code node2:eth0}. */
public record PathPoint(String node, String point) {

  public PathPoint {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(point, "point");
  }

  public static PathPoint of(Observation o) {
    return new PathPoint(o.node(), o.point().name());
  }

  @Override
  public String toString() {
    return node + ":" + point;
  }
}

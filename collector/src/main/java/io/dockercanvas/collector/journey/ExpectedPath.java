package io.dockercanvas.collector.journey;

import java.util.List;
import java.util.Objects;

/**
 * The points a packet must cross, in order, from where it entered the swarm's data path to where it
 * is going, whether or not anyone captures them; {@link #covered} keeps the captured ones.
 *
 * @param route which of Docker's paths this is
 * @param points every point, in path order, source first
 */
public record ExpectedPath(Route route, List<PathPoint> points) {

  /** Docker's data paths the model knows. */
  public enum Route {
    /** Container to container on one node, through the network's bridge. */
    LOCAL_BRIDGE,
    /** Container to container on two nodes: br0, vxlan0, the underlay, vxlan0, br0. */
    OVERLAY,
    /** A port published in host mode: the node's NIC, docker_gwbridge, the task (and back). */
    PUBLISHED_HOST_MODE,
    /**
     * A port published through the routing mesh: NIC, docker_gwbridge, ingress_sbox, the ingress
     * overlay to the task's node.
     */
    ROUTING_MESH,
    /** Between hosts on the underlay only (node to node, outside client to a node). */
    UNDERLAY
  }

  public ExpectedPath {
    Objects.requireNonNull(route, "route");
    points = List.copyOf(points);
    if (points.isEmpty()) {
      throw new IllegalArgumentException("an expected path has at least one point");
    }
  }

  /** The points somebody captures (or that saw this packet), in path order. */
  public List<PathPoint> covered(CaptureCoverage coverage) {
    return points.stream().filter(coverage::captures).toList();
  }

  public PathPoint destination() {
    return points.get(points.size() - 1);
  }

  public int indexOf(PathPoint point) {
    return points.indexOf(point);
  }

  @Override
  public String toString() {
    return route + " " + points;
  }
}

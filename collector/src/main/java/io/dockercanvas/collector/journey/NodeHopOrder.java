package io.dockercanvas.collector.journey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Orders one node's observations of a packet along the node's data path. All places a packet visits on
 * a node lie on one path of {@link NodePathTree}; the two places farthest apart are its ends. Which end
 * came first is read from addresses (the encapsulating node is the outer source, the decapsulating node
 * the outer destination; a plain packet on the NIC addressed to the node is arriving), and only when
 * nothing says so from the ends' timestamps. Timestamps then only break ties between equal places.
 */
final class NodeHopOrder {

  private NodeHopOrder() {}

  static List<Observation> order(String node, List<Observation> observations, PathTopology topology) {
    int n = observations.size();
    if (n <= 1) {
      return List.copyOf(observations);
    }
    NodePathTree tree = new NodePathTree(node, observations, topology);
    List<List<String>> places = new ArrayList<>(n);
    observations.forEach(o -> places.add(tree.lineage(o)));

    int endA = 0;
    int endB = 0;
    int widest = -1;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        int d = NodePathTree.distance(places.get(i), places.get(j));
        if (d > widest) {
          widest = d;
          endA = i;
          endB = j;
        }
      }
    }
    int start = firstEnd(node, observations.get(endA), observations.get(endB), topology) ? endA : endB;

    List<String> startPlace = places.get(start);
    List<Integer> indexes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      indexes.add(i);
    }
    indexes.sort(Comparator
        .<Integer>comparingInt(i -> NodePathTree.distance(startPlace, places.get(i)))
        .thenComparingLong(i -> observations.get(i).timestampNs()));
    return indexes.stream().map(observations::get).toList();
  }

  /** True when {@code a} is where the packet entered this node's path, rather than {@code b}. */
  private static boolean firstEnd(String node, Observation a, Observation b, PathTopology topology) {
    int evidence = entryEvidence(node, a, topology) - entryEvidence(node, b, topology);
    if (evidence != 0) {
      return evidence > 0;
    }
    return a.timestampNs() <= b.timestampNs();
  }

  /** +1: the packet was arriving at this node here; -1: it was leaving; 0: nothing says. */
  static int entryEvidence(String node, Observation o, PathTopology topology) {
    String src;
    String dst;
    if (o.encapsulated()) {
      src = o.vxlan().outerSrc();
      dst = o.vxlan().outerDst();
    } else if (ObservationPoint.parse(o.point()).kind() == PointKind.UNDERLAY_NIC) {
      src = o.headers().src();
      dst = o.headers().dst();
    } else {
      return 0;
    }
    if (isNode(node, topology.nodeOfAddress(dst))) {
      return 1;
    }
    return isNode(node, topology.nodeOfAddress(src)) ? -1 : 0;
  }

  private static boolean isNode(String node, Optional<String> owner) {
    return owner.isPresent() && owner.get().equals(node);
  }
}

package io.dockercanvas.collector.journey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Orders one node's observations of a packet along the node's data path. All places a packet visits
 * on a node lie on one path of {@link NodePathTree}; the two places farthest apart are its ends.
 * Which end came first is read from addresses in every observation of the packet, this node's and
 * the others': the node that is a tunnel's outer source sent the packet into it from its VTEP, the
 * outer destination took it out there; a plain packet on a NIC addressed to the node came in at the
 * node's NIC, one from the node's address left there. Only when nothing says so do the ends'
 * timestamps decide (taps within a node are not stamped in path order: vxlan0 is often stamped
 * before br0 on the way out). Timestamps then only break ties between equal places.
 */
final class NodeHopOrder {

  private NodeHopOrder() {}

  /**
   * @param observations this node's observations of the packet
   * @param packet every observation of the packet, on all nodes
   */
  static List<Observation> order(
      String node,
      List<Observation> observations,
      List<Observation> packet,
      PathTopology topology) {
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
    Crossings crossings = Crossings.of(node, packet, tree, topology);
    int start =
        crossings
                .firstEnd(places.get(endA), places.get(endB))
                .orElse(
                    observations.get(endA).timestampNs() <= observations.get(endB).timestampNs())
            ? endA
            : endB;

    List<String> startPlace = places.get(start);
    List<Integer> indexes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      indexes.add(i);
    }
    indexes.sort(
        Comparator.<Integer>comparingInt(i -> NodePathTree.distance(startPlace, places.get(i)))
            .thenComparingLong(i -> observations.get(i).timestampNs()));
    return indexes.stream().map(observations::get).toList();
  }

  /**
   * Where the packet came into this node's path and where it left it, as far as addresses prove it.
   */
  private record Crossings(Set<List<String>> entries, Set<List<String>> exits) {

    static Crossings of(
        String node, List<Observation> packet, NodePathTree tree, PathTopology topology) {
      Set<List<String>> entries = new HashSet<>();
      Set<List<String>> exits = new HashSet<>();
      for (Observation o : packet) {
        if (o.encapsulated()) {
          Optional<List<String>> tunnel = tree.tunnelEnd(o.vxlan().vni());
          if (tunnel.isPresent()) {
            addIf(owns(node, o.vxlan().outerDst(), topology), entries, tunnel.get());
            addIf(owns(node, o.vxlan().outerSrc(), topology), exits, tunnel.get());
          }
        } else if (o.point().kind() == PointKind.UNDERLAY_NIC) {
          addIf(owns(node, o.headers().dst(), topology), entries, NodePathTree.nic());
          addIf(owns(node, o.headers().src(), topology), exits, NodePathTree.nic());
        }
      }
      return new Crossings(entries, exits);
    }

    /**
     * Empty when nothing tells (no crossing known, or two different ones), else whether {@code a}
     * is first.
     */
    Optional<Boolean> firstEnd(List<String> a, List<String> b) {
      if (entries.size() == 1) {
        List<String> entry = entries.iterator().next();
        int d = NodePathTree.distance(entry, a) - NodePathTree.distance(entry, b);
        if (d != 0) {
          return Optional.of(d < 0);
        }
      }
      if (exits.size() == 1) {
        List<String> exit = exits.iterator().next();
        int d = NodePathTree.distance(exit, a) - NodePathTree.distance(exit, b);
        if (d != 0) {
          return Optional.of(d > 0);
        }
      }
      return Optional.empty();
    }

    private static void addIf(boolean condition, Set<List<String>> places, List<String> place) {
      if (condition) {
        places.add(place);
      }
    }

    private static boolean owns(String node, String address, PathTopology topology) {
      return topology.nodeOfAddress(address).filter(node::equals).isPresent();
    }
  }
}

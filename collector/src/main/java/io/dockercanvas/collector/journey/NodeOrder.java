package io.dockercanvas.collector.journey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Orders the nodes a packet visited. VXLAN headers say it: the outer source's node sent the packet to the
 * outer destination's node, and a capture point that is neither (an underlay bridge) lies between them.
 * A plain packet on a node's NIC addressed to the node entered the cluster there; seen on another NIC (a
 * client's) on its way to a node, it was there first. Clocks of different nodes disagree, so timestamps only
 * order nodes that no such evidence relates.
 */
final class NodeOrder {

  private NodeOrder() {}

  static List<String> order(Map<String, List<Observation>> byNode, PathTopology topology) {
    Map<String, Set<String>> successors = new LinkedHashMap<>();
    Map<String, Integer> predecessorCount = new HashMap<>();
    byNode.keySet().forEach(node -> {
      successors.put(node, new HashSet<>());
      predecessorCount.put(node, 0);
    });
    byNode.forEach((node, observations) -> {
      for (Observation o : observations) {
        if (!o.encapsulated()) {
          continue;
        }
        Optional<String> sender = topology.nodeOfAddress(o.vxlan().outerSrc()).filter(byNode::containsKey);
        Optional<String> receiver = topology.nodeOfAddress(o.vxlan().outerDst()).filter(byNode::containsKey);
        sender.ifPresent(s -> link(s, node, successors, predecessorCount));
        receiver.ifPresent(r -> link(node, r, successors, predecessorCount));
        sender.ifPresent(s -> receiver.ifPresent(r -> link(s, r, successors, predecessorCount)));
      }
    });
    // a plain packet on a NIC addressed to another node is on its way there (from another node: came from it)
    byNode.forEach((node, observations) -> {
      for (Observation o : observations) {
        if (!o.encapsulated() && ObservationPoint.parse(o.point()).kind() == PointKind.UNDERLAY_NIC) {
          topology.nodeOfAddress(o.headers().dst()).filter(byNode::containsKey)
              .ifPresent(d -> link(node, d, successors, predecessorCount));
          topology.nodeOfAddress(o.headers().src()).filter(byNode::containsKey)
              .ifPresent(s -> link(s, node, successors, predecessorCount));
        }
      }
    });
    // a plain packet on a node's NIC addressed to that node entered the cluster there (leaving: the reverse)
    byNode.forEach((node, observations) -> {
      int entering = 0;
      int leaving = 0;
      for (Observation o : observations) {
        if (!o.encapsulated()) {
          int evidence = NodeHopOrder.entryEvidence(node, o, topology);
          entering += evidence > 0 ? 1 : 0;
          leaving += evidence < 0 ? 1 : 0;
        }
      }
      for (String other : byNode.keySet()) {
        // unless the other is already known to be upstream (an outside client's NIC) or downstream
        if (entering > 0 && leaving == 0 && !successors.get(other).contains(node)) {
          link(node, other, successors, predecessorCount);
        } else if (leaving > 0 && entering == 0 && !successors.get(node).contains(other)) {
          link(other, node, successors, predecessorCount);
        }
      }
    });

    // Kahn's topological sort; among nodes free to go next, the one with the earliest capture goes first
    List<String> ordered = new ArrayList<>(byNode.size());
    Set<String> remaining = new HashSet<>(byNode.keySet());
    while (!remaining.isEmpty()) {
      String next = earliest(remaining, byNode, n -> predecessorCount.get(n) == 0);
      if (next == null) {
        next = earliest(remaining, byNode, n -> true); // contradicting evidence: fall back to time
      }
      remaining.remove(next);
      ordered.add(next);
      for (String successor : successors.get(next)) {
        predecessorCount.merge(successor, -1, Integer::sum);
      }
    }
    return ordered;
  }

  private static void link(String from, String to, Map<String, Set<String>> successors, Map<String, Integer> counts) {
    if (!from.equals(to) && successors.get(from).add(to)) {
      counts.merge(to, 1, Integer::sum);
    }
  }

  private static String earliest(Set<String> candidates, Map<String, List<Observation>> byNode,
      Predicate<String> eligible) {
    String best = null;
    long bestTime = Long.MAX_VALUE;
    for (String node : candidates) {
      if (!eligible.test(node)) {
        continue;
      }
      long time = byNode.get(node).stream().mapToLong(Observation::timestampNs).min().orElse(Long.MAX_VALUE);
      if (best == null || time < bestTime || (time == bestTime && node.compareTo(best) < 0)) {
        best = node;
        bestTime = time;
      }
    }
    return best;
  }
}

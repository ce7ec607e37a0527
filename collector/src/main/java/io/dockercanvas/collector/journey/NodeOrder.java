package io.dockercanvas.collector.journey;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Orders the nodes a packet visited, from the addresses in its observations:
 *
 * <ol>
 *   <li>VXLAN headers: the outer source's node sent the packet to the outer destination's node, and
 *       a capture point that is neither (an underlay bridge) lies between them.
 *   <li>A plain packet on a NIC (any node's, or a pseudo-node's such as an underlay bridge or an
 *       outside client) came from the node owning its source address and goes to the node owning
 *       its destination. Pseudo-nodes are ordered this way too when their address is known ({@code
 *       --node-address outside=198.51.100.100}): a reply to the outside client then ends there.
 *   <li>A node that took the packet in at its NIC, addressed to itself, and carried it past the NIC
 *       came into the cluster there: it goes before the nodes nothing above relates to it (overlay
 *       points without an underlay capture between them); leaving at the NIC, after them.
 * </ol>
 *
 * Clocks of different nodes disagree, so timestamps only order nodes that no such evidence relates.
 */
final class NodeOrder {

  private NodeOrder() {}

  static List<String> order(Map<String, List<Observation>> byNode, PathTopology topology) {
    Map<String, Set<String>> successors = new LinkedHashMap<>();
    byNode.keySet().forEach(node -> successors.put(node, new HashSet<>()));
    byNode.forEach(
        (node, observations) -> {
          for (Observation o : observations) {
            if (o.encapsulated()) {
              Optional<String> sender = owner(o.vxlan().outerSrc(), byNode, topology);
              Optional<String> receiver = owner(o.vxlan().outerDst(), byNode, topology);
              sender.ifPresent(s -> link(s, node, successors));
              receiver.ifPresent(r -> link(node, r, successors));
              sender.ifPresent(s -> receiver.ifPresent(r -> link(s, r, successors)));
            } else if (o.point().kind() == PointKind.UNDERLAY_NIC) {
              owner(o.headers().src(), byNode, topology).ifPresent(s -> link(s, node, successors));
              owner(o.headers().dst(), byNode, topology).ifPresent(d -> link(node, d, successors));
            }
          }
        });

    Map<String, Integer> crossings = new HashMap<>();
    byNode.keySet().forEach(node -> crossings.put(node, nicCrossing(node, byNode, topology)));
    Map<String, Set<String>> related = new HashMap<>();
    byNode.keySet().forEach(node -> related.put(node, reachable(node, successors)));
    byNode.forEach(
        (node, observations) -> {
          int crossing = crossings.get(node);
          if (crossing == 0 || observations.stream().allMatch(NodeOrder::plainAtNic)) {
            return; // no crossing, or the packet ended (or started) on this node's NIC: its address
            // tells all
          }
          for (String other : byNode.keySet()) {
            if (crossings.get(other) != 0
                || related.get(node).contains(other)
                || related.get(other).contains(node)) {
              continue;
            }
            if (crossing > 0) {
              link(node, other, successors);
            } else {
              link(other, node, successors);
            }
          }
        });

    // Kahn's topological sort; among nodes free to go next, the one with the earliest capture goes
    // first
    Map<String, Integer> predecessorCount = new HashMap<>();
    byNode.keySet().forEach(node -> predecessorCount.put(node, 0));
    successors
        .values()
        .forEach(next -> next.forEach(s -> predecessorCount.merge(s, 1, Integer::sum)));
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

  /**
   * +1: a plain packet on a NIC was addressed to this node (it came in at the node's NIC); -1: it
   * came from the node's address (it left there); 0: neither, or both.
   */
  private static int nicCrossing(
      String node, Map<String, List<Observation>> byNode, PathTopology topology) {
    boolean in = false;
    boolean out = false;
    for (List<Observation> observations : byNode.values()) {
      for (Observation o : observations) {
        if (plainAtNic(o)) {
          in |= topology.nodeOfAddress(o.headers().dst()).filter(node::equals).isPresent();
          out |= topology.nodeOfAddress(o.headers().src()).filter(node::equals).isPresent();
        }
      }
    }
    return in == out ? 0 : in ? 1 : -1;
  }

  private static boolean plainAtNic(Observation o) {
    return !o.encapsulated() && o.point().kind() == PointKind.UNDERLAY_NIC;
  }

  private static Optional<String> owner(
      String address, Map<String, List<Observation>> byNode, PathTopology topology) {
    return topology.nodeOfAddress(address).filter(byNode::containsKey);
  }

  private static void link(String from, String to, Map<String, Set<String>> successors) {
    if (!from.equals(to)) {
      successors.get(from).add(to);
    }
  }

  private static Set<String> reachable(String from, Map<String, Set<String>> successors) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(successors.get(from));
    while (!todo.isEmpty()) {
      String node = todo.pop();
      if (seen.add(node)) {
        todo.addAll(successors.get(node));
      }
    }
    return seen;
  }

  private static String earliest(
      Set<String> candidates, Map<String, List<Observation>> byNode, Predicate<String> eligible) {
    String best = null;
    long bestTime = Long.MAX_VALUE;
    for (String node : candidates) {
      if (!eligible.test(node)) {
        continue;
      }
      long time =
          byNode.get(node).stream()
              .mapToLong(Observation::timestampNs)
              .min()
              .orElse(Long.MAX_VALUE);
      if (best == null || time < bestTime || (time == bestTime && node.compareTo(best) < 0)) {
        best = node;
        bestTime = time;
      }
    }
    return best;
  }
}

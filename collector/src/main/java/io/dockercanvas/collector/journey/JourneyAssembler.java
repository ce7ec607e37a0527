package io.dockercanvas.collector.journey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the observations of one packet into a journey: nodes in VXLAN order, hops in path order,
 * rewrites named for the packet's direction in its connection. Packets of a connection must come in
 * the order they were sent (the stitcher closes them in arrival order) for a reply to find its
 * request.
 */
final class JourneyAssembler {

  private final PathTopology topology;
  private final RewriteDetector rewrites;
  private final JourneyLabels labels;
  private final ConnectionDirections directions =
      new ConnectionDirections(ConnectionDirections.DEFAULT_CAPACITY);
  private final boolean sharedClock;

  /**
   * @param sharedClock every node was stamped by one clock (captures recorded on one machine), so
   *     latencies across nodes are meaningful too
   */
  JourneyAssembler(PathTopology topology, boolean sharedClock) {
    this.topology = topology;
    this.rewrites = new RewriteDetector(topology);
    this.labels = new JourneyLabels(topology);
    this.sharedClock = sharedClock;
  }

  Journey assemble(long id, long fingerprint, List<Observation> observations, boolean complete) {
    return assemble(id, fingerprint, observations, complete, isReply(observations));
  }

  /**
   * Whether this packet goes against its connection's original direction. Remembers the packet's
   * connection: call it in the order packets were sent (the stitcher's arrival order).
   */
  boolean isReply(List<Observation> observations) {
    return directions.isReply(observations);
  }

  /** A journey for a packet whose direction is known ({@link #isReply}); thread-safe. */
  Journey assemble(
      long id, long fingerprint, List<Observation> observations, boolean complete, boolean reply) {
    Map<String, List<Observation>> byNode = new LinkedHashMap<>();
    for (Observation o : observations) {
      byNode.computeIfAbsent(visit(o), n -> new ArrayList<>()).add(o);
    }
    List<Observation> ordered = new ArrayList<>(observations.size());
    for (String visit : NodeOrder.order(byNode, topology)) {
      String node = byNode.get(visit).get(0).node();
      ordered.addAll(NodeHopOrder.order(node, byNode.get(visit), observations, topology));
    }

    List<Hop> hops = new ArrayList<>(ordered.size());
    Observation previous = null;
    for (Observation current : ordered) {
      if (previous == null) {
        hops.add(new Hop(current, rewrites.atFirstHop(current), Hop.LATENCY_UNKNOWN));
      } else {
        hops.add(
            new Hop(
                current, rewrites.between(previous, current, reply), latency(previous, current)));
      }
      previous = current;
    }
    LoadBalancerNames.explain(hops, topology);
    return new Journey(
        id, fingerprint, hops, labels.networks(ordered), labels.services(ordered), null, complete);
  }

  /** Marks the tunnelled visit of a node that sees a packet twice; no node name contains it. */
  private static final String TUNNELLED_VISIT = "\u0000vxlan";

  /**
   * Which visit of its node an observation belongs to. A swarm node's hops are one visit. An
   * underlay bridge (a capture point with no address of its own, like the lab's cvlab0) sees a
   * routing-mesh packet twice: plain on its way to the node that publishes the port, then
   * encapsulated between that node and the task's: the two are ordered as two visits.
   */
  private String visit(Observation o) {
    return o.encapsulated() && !topology.hasAddress(o.node())
        ? o.node() + TUNNELLED_VISIT
        : o.node();
  }

  private long latency(Observation previous, Observation current) {
    if (!sharedClock && !previous.node().equals(current.node())) {
      return Hop.LATENCY_UNKNOWN;
    }
    return Math.max(0, current.timestampNs() - previous.timestampNs());
  }
}

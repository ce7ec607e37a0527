package io.dockercanvas.collector.journey;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts the IPVS choice on a journey's hops: on the hops inside the namespace that made it
 * (ingress_sbox, lb_...), or, when that namespace was not captured, on the first hop whose tuple
 * its connection table has.
 *
 * <p>A journey is assembled when its packet has been seen, and the agent reads the connection table
 * every 2 s: a connection's first packet can be assembled before its node's table reached the
 * collector. So the outputs (REST, Observer) ask again for a journey that has no choice yet.
 */
public final class LoadBalancerNames {

  private LoadBalancerNames() {}

  /**
   * Sets the choice on {@code hops} in place; true when one was found. The connection table says it
   * for any hop of the connection; else a DNAT between two hops of one node to a real server of a
   * service there says it (the table forgets a connection 2 minutes after it closed).
   */
  static boolean explain(List<Hop> hops, PathTopology topology) {
    for (int i = 0; i < hops.size(); i++) {
      Hop hop = hops.get(i);
      Optional<LoadBalancing> decision =
          topology.loadBalancing(hop.node(), hop.observation().headers());
      if (decision.isPresent()) {
        place(hops, i, decision.get());
        return true;
      }
    }
    for (int i = 1; i < hops.size(); i++) {
      Hop before = hops.get(i - 1);
      Hop after = hops.get(i);
      if (!after.has(RewriteKind.DNAT) || !before.node().equals(after.node())) {
        continue;
      }
      Optional<LoadBalancing> decision =
          topology.loadBalancingOfRewrite(
              after.node(), before.observation().headers(), after.observation().headers());
      if (decision.isPresent()) {
        place(hops, i - 1, decision.get());
        return true;
      }
    }
    return false;
  }

  /** On the hops inside the balancing namespace, else on the hop that was sent to the service. */
  private static void place(List<Hop> hops, int matched, LoadBalancing lb) {
    boolean inside = false;
    for (int j = 0; j < hops.size(); j++) {
      Hop h = hops.get(j);
      if (h.node().equals(lb.node()) && h.observation().point().owner().equals(lb.namespace())) {
        hops.set(j, h.withLoadBalancing(lb));
        inside = true;
      }
    }
    if (!inside) {
      hops.set(matched, hops.get(matched).withLoadBalancing(lb));
    }
  }

  /** The journey with its IPVS choice named, if it had none and the topology now knows it. */
  public static Journey explain(Journey journey, PathTopology topology) {
    if (journey.hops().stream().anyMatch(h -> h.loadBalanced().isPresent())) {
      return journey;
    }
    List<Hop> hops = new ArrayList<>(journey.hops());
    if (!explain(hops, topology)) {
      return journey;
    }
    return new Journey(
        journey.id(),
        journey.fingerprint(),
        hops,
        journey.networks(),
        journey.services(),
        journey.verdict(),
        journey.complete(),
        journey.trafficClass());
  }
}

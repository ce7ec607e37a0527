package io.dockercanvas.collector.journey;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads what happened between two consecutive hops from their header differences. Direction-neutral: on a
 * reply, conntrack's un-DNAT changes the source and shows as SNAT, its un-SNAT as DNAT.
 */
final class RewriteDetector {

  private final PathTopology topology;

  RewriteDetector(PathTopology topology) {
    this.topology = topology;
  }

  List<Rewrite> between(Observation previous, Observation current) {
    List<Rewrite> rewrites = new ArrayList<>(2);
    IpHeaders before = previous.headers();
    IpHeaders after = current.headers();
    boolean crossedNodes = !previous.node().equals(current.node());

    if (!previous.encapsulated() && current.encapsulated()) {
      rewrites.add(new Rewrite(RewriteKind.ENCAP, pair(before), current.vxlan().describe(), current.vxlan().vni()));
    } else if (previous.encapsulated() && !current.encapsulated()) {
      rewrites.add(new Rewrite(RewriteKind.DECAP, previous.vxlan().describe(), pair(after), previous.vxlan().vni()));
    } else if (!previous.encapsulated() && crossedNodes) {
      // no underlay capture between two nodes: the packet still went through both VTEPs
      int vni = vniOfPoint(previous);
      rewrites.add(new Rewrite(RewriteKind.ENCAP, pair(before), "", vni));
      rewrites.add(new Rewrite(RewriteKind.DECAP, "", pair(after), vni));
    }

    if (!before.dst().equals(after.dst())) {
      rewrites.add(Rewrite.of(RewriteKind.DNAT, before.dstEndpoint(), after.dstEndpoint()));
    } else if (before.dstPort() != after.dstPort()) {
      rewrites.add(Rewrite.of(RewriteKind.REDIRECT, before.dstEndpoint(), after.dstEndpoint()));
    }
    if (!before.src().equals(after.src()) || before.srcPort() != after.srcPort()) {
      rewrites.add(Rewrite.of(RewriteKind.SNAT, before.srcEndpoint(), after.srcEndpoint()));
    }

    boolean plainOnOneNode = !crossedNodes && !previous.encapsulated() && !current.encapsulated();
    if (rewrites.isEmpty() && plainOnOneNode && before.ttl() == after.ttl()) {
      rewrites.add(Rewrite.of(RewriteKind.BRIDGE, "", ""));
    }
    return rewrites;
  }

  private int vniOfPoint(Observation observation) {
    String network = ObservationPoint.parse(observation.point()).network();
    return network.isEmpty() ? 0 : topology.vniOf(network).orElse(0);
  }

  private static String pair(IpHeaders headers) {
    return headers.srcEndpoint() + " → " + headers.dstEndpoint();
  }
}

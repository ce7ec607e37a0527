package io.dockercanvas.collector.journey;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads what happened between two consecutive hops from their header differences. A changed
 * destination is DNAT on a request and un-SNAT on a reply (conntrack putting back what the
 * request's SNAT replaced); a changed source is SNAT on a request and un-DNAT on a reply. {@link
 * ConnectionDirections} tells which.
 */
final class RewriteDetector {

  private final PathTopology topology;

  RewriteDetector(PathTopology topology) {
    this.topology = topology;
  }

  /**
   * A journey whose first observation is already encapsulated (only the underlay was captured
   * upstream) was wrapped by a VTEP before that point: show the ENCAP there, or the journey would
   * read as if it started inside the tunnel.
   */
  List<Rewrite> atFirstHop(Observation first) {
    if (!first.encapsulated()) {
      return List.of();
    }
    VxlanHeaders vxlan = first.vxlan();
    return List.of(new Rewrite(RewriteKind.ENCAP, outerChanges(vxlan, false), vxlan.vni()));
  }

  /**
   * @param reply the packet goes against its connection's original direction
   */
  List<Rewrite> between(Observation previous, Observation current, boolean reply) {
    List<Rewrite> rewrites = new ArrayList<>(2);
    IpHeaders before = previous.headers();
    IpHeaders after = current.headers();
    boolean crossedNodes = !previous.node().equals(current.node());

    if (!previous.encapsulated() && current.encapsulated()) {
      VxlanHeaders vxlan = current.vxlan();
      rewrites.add(new Rewrite(RewriteKind.ENCAP, outerChanges(vxlan, false), vxlan.vni()));
    } else if (previous.encapsulated() && !current.encapsulated()) {
      VxlanHeaders vxlan = previous.vxlan();
      rewrites.add(new Rewrite(RewriteKind.DECAP, outerChanges(vxlan, true), vxlan.vni()));
    } else if (!previous.encapsulated()
        && crossedNodes
        && onOverlay(previous)
        && onOverlay(current)) {
      // no underlay capture between two nodes' overlay points: the packet still went through both
      // VTEPs
      int vni = vniOfPoint(previous);
      rewrites.add(new Rewrite(RewriteKind.ENCAP, List.of(), vni));
      rewrites.add(new Rewrite(RewriteKind.DECAP, List.of(), vni));
    }

    String l4 = "inner." + transportName(after.protocol());
    if (!before.dst().equals(after.dst())) {
      rewrites.add(
          new Rewrite(
              reply ? RewriteKind.UN_SNAT : RewriteKind.DNAT,
              changes(
                  "inner.ip.dst",
                  before.dst(),
                  after.dst(),
                  l4 + ".dst_port",
                  before.dstPort(),
                  after.dstPort()),
              0));
    } else if (before.dstPort() != after.dstPort()) {
      rewrites.add(
          Rewrite.of(
              reply ? RewriteKind.UN_SNAT : RewriteKind.REDIRECT,
              port(l4 + ".dst_port", before.dstPort(), after.dstPort())));
    }
    if (!before.src().equals(after.src()) || before.srcPort() != after.srcPort()) {
      rewrites.add(
          new Rewrite(
              reply ? RewriteKind.UN_DNAT : RewriteKind.SNAT,
              changes(
                  "inner.ip.src",
                  before.src(),
                  after.src(),
                  l4 + ".src_port",
                  before.srcPort(),
                  after.srcPort()),
              0));
    }

    boolean plainOnOneNode = !crossedNodes && !previous.encapsulated() && !current.encapsulated();
    if (rewrites.isEmpty() && plainOnOneNode && before.ttl() == after.ttl()) {
      rewrites.add(Rewrite.of(RewriteKind.BRIDGE));
    }
    return rewrites;
  }

  private static List<FieldChange> outerChanges(VxlanHeaders vxlan, boolean removed) {
    List<FieldChange> changes = new ArrayList<>(5);
    changes.add(appearing("outer.ip.src", vxlan.outerSrc(), removed));
    changes.add(appearing("outer.ip.dst", vxlan.outerDst(), removed));
    changes.add(appearing("outer.udp.src_port", Integer.toString(vxlan.outerSrcPort()), removed));
    changes.add(appearing("outer.udp.dst_port", Integer.toString(vxlan.outerDstPort()), removed));
    changes.add(appearing("outer.vni", Integer.toString(vxlan.vni()), removed));
    return changes;
  }

  private static FieldChange appearing(String field, String value, boolean removed) {
    return removed ? new FieldChange(field, value, "") : new FieldChange(field, "", value);
  }

  private static List<FieldChange> changes(
      String ipField,
      String ipBefore,
      String ipAfter,
      String portField,
      int portBefore,
      int portAfter) {
    List<FieldChange> changes = new ArrayList<>(2);
    if (!ipBefore.equals(ipAfter)) {
      changes.add(new FieldChange(ipField, ipBefore, ipAfter));
    }
    if (portBefore != portAfter) {
      changes.add(port(portField, portBefore, portAfter));
    }
    return changes;
  }

  private static FieldChange port(String field, int before, int after) {
    return new FieldChange(field, Integer.toString(before), Integer.toString(after));
  }

  private static String transportName(int protocol) {
    return switch (protocol) {
      case IpHeaders.TCP -> "tcp";
      case IpHeaders.UDP -> "udp";
      default -> "icmp";
    };
  }

  /**
   * Plain NICs and docker_gwbridge carry unencapsulated traffic between machines (a client and a
   * node).
   */
  private static boolean onOverlay(Observation observation) {
    PointKind kind = observation.point().kind();
    return kind != PointKind.UNDERLAY_NIC && kind != PointKind.GATEWAY_BRIDGE;
  }

  private int vniOfPoint(Observation observation) {
    String network = observation.point().network();
    return network.isEmpty() ? 0 : topology.vniOf(network).orElse(0);
  }
}

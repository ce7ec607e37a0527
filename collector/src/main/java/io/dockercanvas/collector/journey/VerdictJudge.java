package io.dockercanvas.collector.journey;

import io.dockercanvas.collector.journey.JourneyVerdict.Answer;
import io.dockercanvas.collector.journey.JourneyVerdict.State;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Gives a journey its verdict by walking its {@link ExpectedPath} over the captured points: the
 * last one that saw the packet and the next one that should have. Runs once per journey at
 * assembly, outside the stitcher's lock; holds no state between journeys (request/reply pairing is
 * {@link AnswerPairing}'s).
 */
public final class VerdictJudge {

  /** Docker's overlay MTU: a 1500-byte underlay minus the 50 bytes of VXLAN encapsulation. */
  static final int OVERLAY_MTU = 1450;

  /**
   * An inner packet this large leaves too little room when any link on the path has a smaller MTU:
   * a large packet lost where small ones pass is the MTU black-hole signature.
   */
  static final int LARGE_PACKET = 1400;

  private static final int ETHERNET_HEADER = 14;
  private static final int VXLAN_OVERHEAD = 50;

  private final PathTopology topology;
  private final ExpectedPaths paths;
  private final Supplier<CaptureCoverage> coverage;
  private final CaptureHealth health;

  public VerdictJudge(
      PathTopology topology, Supplier<CaptureCoverage> coverage, CaptureHealth health) {
    this.topology = topology;
    this.paths = new ExpectedPaths(topology);
    this.coverage = coverage;
    this.health = health;
  }

  /** The verdict, or empty for control-plane traffic (never judged, never a problem). */
  public Optional<JourneyVerdict> judge(Journey journey) {
    if (!journey.trafficClass().judged()) {
      return Optional.empty();
    }
    return Optional.of(withAnswerCause(journey, pathVerdict(journey)));
  }

  private JourneyVerdict pathVerdict(Journey journey) {
    List<Observation> hops = journey.hops().stream().map(Hop::observation).toList();
    CaptureCoverage captured = coverage.get();
    Optional<ExpectedPath> expected = paths.of(hops, captured);
    if (expected.isEmpty()) {
      return unknown(
          null,
          null,
          StopCause.NO_EXPECTED_PATH,
          facts("src", first(journey).srcEndpoint(), "dst", last(journey).dstEndpoint()));
    }
    Map<PathPoint, Observation> seen = new LinkedHashMap<>();
    hops.forEach(o -> seen.putIfAbsent(PathPoint.of(o), o));
    List<PathPoint> points = expected.get().points();
    int lastSeen = -1;
    for (int i = 0; i < points.size(); i++) {
      if (seen.containsKey(points.get(i))) {
        lastSeen = i;
      }
    }
    if (lastSeen < 0) {
      return unknown(
          null,
          null,
          StopCause.NO_EXPECTED_PATH,
          facts("expected", points.toString(), "seen", journey.path().toString()));
    }
    PathPoint last = points.get(lastSeen);
    Observation lastObservation = seen.get(last);
    for (int i = lastSeen + 1; i < points.size(); i++) {
      PathPoint next = points.get(i);
      if (!captured.captures(next)) {
        continue;
      }
      if (health.kernelDropsAround(next, lastObservation.timestampNs())) {
        return unknown(
            last, next, StopCause.KERNEL_DROPS, facts("node", next.node(), "point", next.point()));
      }
      Map<String, String> facts = new LinkedHashMap<>();
      StopCause cause = stopCause(journey, lastObservation, next, facts);
      return new JourneyVerdict(State.STOPPED, last, next, cause, facts, Answer.NOT_A_REQUEST);
    }
    PathPoint destination = expected.get().destination();
    if (!last.node().equals(destination.node())) {
      PathPoint unseen = points.get(lastSeen + 1);
      return unknown(
          last,
          null,
          StopCause.NO_COVERAGE,
          facts(
              "node",
              unseen.node(),
              "point",
              unseen.point(),
              "destination",
              destination.toString()));
    }
    return JourneyVerdict.delivered(last);
  }

  /**
   * Names the cause of a stop between {@code last} (seen) and {@code next} (captured, not seen),
   * from where they are and what the packet looked like at the last point.
   */
  private StopCause stopCause(
      Journey journey, Observation last, PathPoint next, Map<String, String> facts) {
    ObservationPoint from = last.point();
    ObservationPoint to = ObservationPoint.parse(next.point());
    boolean sameNode = last.node().equals(next.node());
    int length = innerLength(journey);
    boolean beforeDecap =
        !(sameNode && to.kind() == PointKind.SANDBOX)
            && !(sameNode && to.kind() == PointKind.OVERLAY_BRIDGE && last.encapsulated());
    boolean arrived = last.encapsulated() && sameNode; // on the receiving NIC: past the underlay
    if (from.kind() == PointKind.OVERLAY_VTEP
        && !last.encapsulated()
        && sameNode
        && to.kind() == PointKind.UNDERLAY_NIC
        && length <= OVERLAY_MTU) {
      // tcpdump on vxlan0 sees the frame go out before the driver finds no VTEP for its MAC; one
      // that fits the overlay MTU and never shows up encapsulated had nowhere to be sent
      facts.put("node", last.node());
      facts.put("network", from.network());
      facts.put("dst", last.headers().dst());
      facts.put("length", Integer.toString(length));
      return StopCause.NO_FDB_ENTRY;
    }
    if (length >= LARGE_PACKET && beforeDecap && !arrived && crossesVxlan(from, to, last)) {
      facts.put("node", last.node());
      facts.put("length", Integer.toString(length));
      facts.put("overlay_mtu", Integer.toString(OVERLAY_MTU));
      facts.put("next", next.toString());
      return StopCause.MTU_EXCEEDED;
    }
    if (last.encapsulated() && !sameNode && to.kind() == PointKind.UNDERLAY_NIC) {
      facts.put("from_node", last.node());
      facts.put("to_node", next.node());
      facts.put("outer_dst", last.vxlan().outerDst() + ":" + last.vxlan().outerDstPort());
      facts.put("vni", Integer.toString(last.vxlan().vni()));
      return StopCause.VXLAN_DROPPED_BETWEEN_NODES;
    }
    if (last.encapsulated() && sameNode && to.kind() == PointKind.OVERLAY_VTEP) {
      facts.put("node", last.node());
      facts.put("outer_src", last.vxlan().outerSrc());
      facts.put("vni", Integer.toString(last.vxlan().vni()));
      topology.nodeOfAddress(last.vxlan().outerSrc()).ifPresent(n -> facts.put("from_node", n));
      return StopCause.DROPPED_BEFORE_DECAP;
    }
    if (from.kind() == PointKind.OVERLAY_BRIDGE && to.kind() == PointKind.OVERLAY_VTEP) {
      facts.put("node", last.node());
      facts.put("network", from.network());
      facts.put("dst", last.headers().dst());
      return StopCause.NO_FDB_ENTRY;
    }
    if (from.kind() == PointKind.GATEWAY_BRIDGE && to.kind() == PointKind.SANDBOX) {
      facts.put("node", last.node());
      facts.put("published", first(journey).dstEndpoint());
      facts.put("dnat_to", last.headers().dstEndpoint());
      facts.put("next", next.point());
      return StopCause.PUBLISHED_PORT_NOT_DELIVERED;
    }
    facts.put("last", last.node() + ":" + last.point());
    facts.put("next", next.toString());
    return StopCause.LOST_BETWEEN_POINTS;
  }

  /** Between leaving a container and the receiving node's VTEP: the stretch VXLAN carries. */
  private static boolean crossesVxlan(
      ObservationPoint from, ObservationPoint to, Observation last) {
    return last.encapsulated()
        || to.kind() == PointKind.OVERLAY_VTEP
        || to.kind() == PointKind.UNDERLAY_NIC
        || (from.kind() == PointKind.OVERLAY_VTEP);
  }

  /** A reply that refuses (RST, ICMP port unreachable) or reports a smaller MTU says so. */
  private static JourneyVerdict withAnswerCause(Journey journey, JourneyVerdict verdict) {
    if (verdict.state() != State.DELIVERED) {
      return verdict;
    }
    IpHeaders h = first(journey);
    if (h.protocol() == IpHeaders.TCP && (h.tcpFlags() & 0x04) != 0) {
      return verdict.withCause(
          StopCause.RESET_BY_DESTINATION,
          facts("from", h.srcEndpoint(), "to", last(journey).dstEndpoint()));
    }
    Optional<Icmp> icmp = Icmp.of(journey);
    if (icmp.isPresent() && icmp.get().type() == Icmp.UNREACHABLE) {
      if (icmp.get().code() == Icmp.PORT_UNREACHABLE) {
        return verdict.withCause(
            StopCause.NO_LISTENER, facts("host", h.src(), "to", last(journey).dst()));
      }
      if (icmp.get().code() == Icmp.FRAGMENTATION_NEEDED) {
        return verdict.withCause(
            StopCause.MTU_EXCEEDED,
            facts(
                "reported_by",
                h.src(),
                "next_hop_mtu",
                Integer.toString(icmp.get().nextHopMtu()),
                "to",
                last(journey).dst()));
      }
    }
    return verdict;
  }

  /** The packet's IP length where it was seen plain, else encapsulated; 0 when unknown. */
  static int innerLength(Journey journey) {
    int encapsulated = 0;
    for (Hop hop : journey.hops()) {
      Observation o = hop.observation();
      if (o.linkType() != Observation.LINKTYPE_ETHERNET) {
        continue;
      }
      if (!o.encapsulated()) {
        return o.frameLength() - ETHERNET_HEADER;
      }
      encapsulated = o.frameLength() - ETHERNET_HEADER - VXLAN_OVERHEAD;
    }
    return Math.max(0, encapsulated);
  }

  private static JourneyVerdict unknown(
      PathPoint last, PathPoint next, StopCause cause, Map<String, String> facts) {
    return new JourneyVerdict(State.UNKNOWN, last, next, cause, facts, Answer.NOT_A_REQUEST);
  }

  private static IpHeaders first(Journey journey) {
    return journey.first().observation().headers();
  }

  private static IpHeaders last(Journey journey) {
    return journey.hops().get(journey.hops().size() - 1).observation().headers();
  }

  private static Map<String, String> facts(String... keysAndValues) {
    Map<String, String> facts = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      facts.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return facts;
  }
}

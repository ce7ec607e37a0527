package io.dockercanvas.collector.observer;

import io.dockercanvas.collector.journey.FieldChange;
import io.dockercanvas.collector.journey.Hop;
import io.dockercanvas.collector.journey.IpHeaders;
import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.journey.JourneyVerdict;
import io.dockercanvas.collector.journey.LoadBalancing;
import io.dockercanvas.collector.journey.Observation;
import io.dockercanvas.collector.journey.ObservationPoint;
import io.dockercanvas.collector.journey.PathPoint;
import io.dockercanvas.collector.journey.Rewrite;
import io.dockercanvas.collector.journey.RewriteKind;
import io.dockercanvas.collector.journey.StopCause;
import io.dockercanvas.collector.journey.TrafficClass;
import io.dockercanvas.collector.journey.VxlanHeaders;
import io.dockercanvas.proto.v1.Headers;
import io.dockercanvas.proto.v1.PacketObservation;
import io.dockercanvas.proto.v1.VerdictState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Journeys back from the public API: contract messages to domain records, the inverse of {@link
 * JourneyMessages}. A client of the Observer ({@code canvas observe}) uses it to apply the
 * collector's own filters to journeys read from a file and to write them as pcapng with the hops'
 * frame heads. Enum values this build does not know are rejected naming the journey.
 */
public final class JourneyRecords {

  private JourneyRecords() {}

  /**
   * @throws IllegalArgumentException when the message is not a journey this build can read (no
   *     hops, a hop without point or inner IP, an unknown enum value)
   */
  public static Journey journey(io.dockercanvas.proto.v1.Journey j) {
    long id;
    try {
      id = Long.parseLong(j.getId());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("journey id '" + j.getId() + "' is not a number");
    }
    if (j.getHopsCount() == 0) {
      throw new IllegalArgumentException("journey " + j.getId() + " has no hops");
    }
    List<Hop> hops = new ArrayList<>(j.getHopsCount());
    Observation previous = null;
    for (io.dockercanvas.proto.v1.Hop h : j.getHopsList()) {
      Observation o = observation(j.getId(), h.getObservation());
      List<Rewrite> rewrites = new ArrayList<>(h.getRewritesCount());
      h.getRewritesList().forEach(r -> rewrites.add(rewrite(j.getId(), r)));
      hops.add(
          new Hop(
              o,
              rewrites,
              latency(h, previous, o),
              h.hasLoadBalancing() ? loadBalancing(h.getLoadBalancing()) : null));
      previous = o;
    }
    TrafficClass trafficClass =
        j.getTrafficClass() == io.dockercanvas.proto.v1.TrafficClass.TRAFFIC_CLASS_UNSPECIFIED
            ? null
            : TrafficClass.valueOf(name(j.getId(), j.getTrafficClass(), "TRAFFIC_CLASS_"));
    JourneyVerdict verdict = j.hasVerdict() ? verdict(j.getId(), j.getVerdict()) : null;
    return trafficClass == null
        ? new Journey(
            id,
            j.getFingerprint(),
            hops,
            j.getNetworkNamesList(),
            j.getServiceNamesList(),
            verdict,
            j.getComplete())
        : new Journey(
            id,
            j.getFingerprint(),
            hops,
            j.getNetworkNamesList(),
            j.getServiceNamesList(),
            verdict,
            j.getComplete(),
            trafficClass);
  }

  private static LoadBalancing loadBalancing(io.dockercanvas.proto.v1.LoadBalancing lb) {
    return new LoadBalancing(
        lb.getNodeId(),
        lb.getNamespace(),
        lb.getVip(),
        Integer.toUnsignedLong(lb.getFwmark()),
        lb.getVirtualAddress(),
        lb.getVirtualPort(),
        lb.getChosenAddress(),
        lb.getChosenPort(),
        lb.getTask(),
        lb.getTaskNodeId(),
        lb.getScheduler(),
        lb.getBackends());
  }

  /** The hop's latency as the domain keeps it: only between hops of one node's clock. */
  private static long latency(
      io.dockercanvas.proto.v1.Hop h, Observation previous, Observation current) {
    if (previous == null || !h.hasSincePrevious() || !previous.node().equals(current.node())) {
      return Hop.LATENCY_UNKNOWN;
    }
    long ns = h.getSincePrevious().getSeconds() * 1_000_000_000L + h.getSincePrevious().getNanos();
    return Math.max(0, ns);
  }

  static Observation observation(String journey, PacketObservation p) {
    if (p.getPoint().getName().isEmpty() || !p.hasInner() || !p.getInner().hasIp()) {
      throw new IllegalArgumentException(
          "journey " + journey + ": a hop without point name or inner IP headers");
    }
    VxlanHeaders vxlan = null;
    if (p.hasOuter()) {
      var outer = p.getOuter();
      vxlan =
          new VxlanHeaders(
              outer.getIp().getSrc(),
              outer.getIp().getDst(),
              outer.getUdp().getSrcPort(),
              outer.getUdp().getDstPort(),
              outer.getVni());
    }
    return new Observation(
        p.getPoint().getNodeId(),
        ObservationPoint.parse(p.getPoint().getName()),
        p.getTsNs(),
        p.getFingerprint(),
        headers(p.getInner()),
        vxlan,
        p.getFrameHead(),
        p.getOrigLen(),
        p.getLinkTypeValue());
  }

  private static IpHeaders headers(Headers h) {
    var ip = h.getIp();
    int srcPort = 0;
    int dstPort = 0;
    int flags = 0;
    switch (h.getL4Case()) {
      case TCP -> {
        srcPort = h.getTcp().getSrcPort();
        dstPort = h.getTcp().getDstPort();
        flags = h.getTcp().getFlags();
      }
      case UDP -> {
        srcPort = h.getUdp().getSrcPort();
        dstPort = h.getUdp().getDstPort();
      }
      default -> {}
    }
    return new IpHeaders(
        ip.getSrc(),
        ip.getDst(),
        srcPort,
        dstPort,
        ip.getProtocol(),
        ip.getId(),
        ip.getTtl(),
        flags);
  }

  private static Rewrite rewrite(String journey, io.dockercanvas.proto.v1.Rewrite r) {
    List<FieldChange> changes = new ArrayList<>(r.getChangesCount());
    r.getChangesList()
        .forEach(c -> changes.add(new FieldChange(c.getField(), c.getBefore(), c.getAfter())));
    return new Rewrite(
        RewriteKind.valueOf(name(journey, r.getKind(), "REWRITE_KIND_")), changes, r.getVni());
  }

  static JourneyVerdict verdict(String journey, io.dockercanvas.proto.v1.JourneyVerdict v) {
    Map<String, String> facts = new LinkedHashMap<>();
    v.getFactsList().forEach(f -> facts.put(f.getName(), f.getValue()));
    StopCause cause =
        v.getCause() == io.dockercanvas.proto.v1.StopCause.STOP_CAUSE_UNSPECIFIED
            ? StopCause.NONE
            : StopCause.valueOf(name(journey, v.getCause(), "STOP_CAUSE_"));
    JourneyVerdict.Answer answer =
        v.getAnswer() == VerdictState.VERDICT_STATE_UNSPECIFIED
            ? JourneyVerdict.Answer.NOT_A_REQUEST
            : JourneyVerdict.Answer.valueOf(name(journey, v.getAnswer(), "VERDICT_STATE_"));
    return new JourneyVerdict(
        JourneyVerdict.State.valueOf(name(journey, v.getState(), "VERDICT_STATE_")),
        point(v.getLastPoint()),
        point(v.getExpectedNext()),
        cause,
        facts,
        answer);
  }

  /** "node2:eth0"; a point name may hold ':' of its own only after the node's. */
  private static PathPoint point(String text) {
    if (text.isEmpty()) {
      return null;
    }
    int colon = text.indexOf(':');
    return colon < 0
        ? new PathPoint("", text)
        : new PathPoint(text.substring(0, colon), text.substring(colon + 1));
  }

  private static String name(
      String journey, com.google.protobuf.ProtocolMessageEnum value, String prefix) {
    String name = value instanceof Enum<?> e ? e.name() : String.valueOf(value);
    if (!name.startsWith(prefix)) {
      throw new IllegalArgumentException(
          "journey " + journey + ": " + name + " is not a known " + prefix + "* value");
    }
    return name.substring(prefix.length());
  }
}

package io.dockercanvas.collector.observer;

import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.dockercanvas.collector.journey.Hop;
import io.dockercanvas.collector.journey.IpHeaders;
import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.journey.JourneyVerdict;
import io.dockercanvas.collector.journey.LoadBalancing;
import io.dockercanvas.collector.journey.Observation;
import io.dockercanvas.collector.journey.ObservationPoint;
import io.dockercanvas.collector.journey.Rewrite;
import io.dockercanvas.collector.journey.StopCause;
import io.dockercanvas.collector.journey.TrafficClass;
import io.dockercanvas.proto.v1.Encapsulation;
import io.dockercanvas.proto.v1.FieldChange;
import io.dockercanvas.proto.v1.Headers;
import io.dockercanvas.proto.v1.ICMP;
import io.dockercanvas.proto.v1.IP;
import io.dockercanvas.proto.v1.IpVersion;
import io.dockercanvas.proto.v1.ObservationPointKind;
import io.dockercanvas.proto.v1.PacketObservation;
import io.dockercanvas.proto.v1.RewriteKind;
import io.dockercanvas.proto.v1.TCP;
import io.dockercanvas.proto.v1.UDP;
import io.dockercanvas.proto.v1.VerdictFact;
import io.dockercanvas.proto.v1.VerdictState;

/**
 * Journeys out of every public API: domain records to the contract's {@code Journey} message, the
 * one shape of gRPC, REST, the WebSocket stream and {@code journeys --json}. JSON is the proto's
 * JSON mapping with proto field names: enums by full name (VERDICT_STATE_STOPPED), 64-bit numbers
 * as strings, default values (false, 0, "") left out.
 */
public final class JourneyMessages {

  private static final JsonFormat.Printer JSON =
      JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private JourneyMessages() {}

  /** The journey in the proto's JSON mapping, on one line. */
  public static String json(Journey journey) {
    return json(journey(journey));
  }

  /** The message in the proto's JSON mapping, on one line, as every JSON journey output prints. */
  public static String json(com.google.protobuf.MessageOrBuilder message) {
    try {
      return JSON.print(message);
    } catch (InvalidProtocolBufferException e) {
      // only Any with an unknown type fails to print; the contract's journeys have none
      throw new IllegalStateException(e);
    }
  }

  /**
   * A journey read back from its JSON (REST, stream or {@code journeys --json}); fields unknown to
   * this version are skipped.
   */
  public static io.dockercanvas.proto.v1.Journey parse(String json)
      throws InvalidProtocolBufferException {
    var builder = io.dockercanvas.proto.v1.Journey.newBuilder();
    PARSER.merge(json, builder);
    return builder.build();
  }

  public static io.dockercanvas.proto.v1.Journey journey(Journey journey) {
    var out =
        io.dockercanvas.proto.v1.Journey.newBuilder()
            .setId(Long.toString(journey.id()))
            .setFingerprint(journey.fingerprint())
            .addAllNetworkNames(journey.networks())
            .addAllServiceNames(journey.services())
            .setComplete(journey.complete())
            .setTrafficClass(trafficClass(journey.trafficClass()));
    Hop previous = null;
    for (Hop hop : journey.hops()) {
      var h =
          io.dockercanvas.proto.v1.Hop.newBuilder().setObservation(observation(hop.observation()));
      hop.rewrites().forEach(r -> h.addRewrites(rewrite(r)));
      hop.loadBalanced().ifPresent(lb -> h.setLoadBalancing(loadBalancing(lb)));
      if (previous != null) {
        // raw difference, as the contract says: across nodes it includes their clock offset
        long ns = hop.timestampNs() - previous.timestampNs();
        h.setSincePrevious(
            Duration.newBuilder()
                .setSeconds(ns / 1_000_000_000L)
                .setNanos((int) (ns % 1_000_000_000L)));
      }
      out.addHops(h);
      previous = hop;
    }
    journey.judged().ifPresent(v -> out.setVerdict(verdict(v)));
    return out.build();
  }

  public static io.dockercanvas.proto.v1.TrafficClass trafficClass(TrafficClass c) {
    return io.dockercanvas.proto.v1.TrafficClass.valueOf("TRAFFIC_CLASS_" + c.name());
  }

  public static io.dockercanvas.proto.v1.JourneyVerdict verdict(JourneyVerdict v) {
    var out =
        io.dockercanvas.proto.v1.JourneyVerdict.newBuilder()
            .setState(VerdictState.valueOf("VERDICT_STATE_" + v.state().name()))
            .setLastPoint(v.lastPoint() == null ? "" : v.lastPoint().toString())
            .setExpectedNext(v.expectedNext() == null ? "" : v.expectedNext().toString())
            .setCause(
                v.cause() == StopCause.NONE
                    ? io.dockercanvas.proto.v1.StopCause.STOP_CAUSE_UNSPECIFIED
                    : io.dockercanvas.proto.v1.StopCause.valueOf("STOP_CAUSE_" + v.cause().name()))
            .setReason(v.reason())
            .setProblem(v.problem());
    v.facts()
        .forEach(
            (name, value) -> out.addFacts(VerdictFact.newBuilder().setName(name).setValue(value)));
    if (v.answer() != JourneyVerdict.Answer.NOT_A_REQUEST) {
      out.setAnswer(VerdictState.valueOf("VERDICT_STATE_" + v.answer().name()));
    }
    return out.build();
  }

  static PacketObservation observation(Observation o) {
    var point =
        io.dockercanvas.proto.v1.ObservationPoint.newBuilder()
            .setNodeId(o.node())
            .setName(o.point().name())
            .setKind(pointKind(o.point()));
    PacketObservation.Builder p =
        PacketObservation.newBuilder()
            .setPoint(point)
            .setTsNs(o.timestampNs())
            .setCaplen(o.frame().size())
            .setOrigLen(o.frameLength())
            .setInner(headers(o.headers()))
            .setFingerprint(o.fingerprint())
            .setFrameHead(o.frame())
            .setLinkTypeValue(o.linkType());
    if (o.encapsulated()) {
      var v = o.vxlan();
      p.setOuter(
          Encapsulation.newBuilder()
              .setVni(v.vni())
              .setIp(
                  IP.newBuilder()
                      .setVersion(version(v.outerSrc()))
                      .setSrc(v.outerSrc())
                      .setDst(v.outerDst())
                      .setProtocol(17))
              .setUdp(UDP.newBuilder().setSrcPort(v.outerSrcPort()).setDstPort(v.outerDstPort())));
    }
    return p.build();
  }

  private static Headers headers(IpHeaders h) {
    Headers.Builder headers =
        Headers.newBuilder()
            .setIp(
                IP.newBuilder()
                    .setVersion(version(h.src()))
                    .setSrc(h.src())
                    .setDst(h.dst())
                    .setId(h.ipId())
                    .setTtl(h.ttl())
                    .setProtocol(h.protocol()));
    switch (h.protocol()) {
      case IpHeaders.TCP ->
          headers.setTcp(
              TCP.newBuilder()
                  .setSrcPort(h.srcPort())
                  .setDstPort(h.dstPort())
                  .setFlags(h.tcpFlags()));
      case IpHeaders.UDP ->
          headers.setUdp(UDP.newBuilder().setSrcPort(h.srcPort()).setDstPort(h.dstPort()));
      case IpHeaders.ICMP, 58 -> headers.setIcmp(ICMP.newBuilder().setV6(h.protocol() == 58));
      default -> {}
    }
    return headers.build();
  }

  static io.dockercanvas.proto.v1.LoadBalancing loadBalancing(LoadBalancing lb) {
    return io.dockercanvas.proto.v1.LoadBalancing.newBuilder()
        .setNodeId(lb.node())
        .setNamespace(lb.namespace())
        .setVip(lb.vip())
        .setFwmark((int) lb.fwmark())
        .setVirtualAddress(lb.virtualAddress())
        .setVirtualPort(lb.virtualPort())
        .setChosenAddress(lb.chosenAddress())
        .setChosenPort(lb.chosenPort())
        .setTask(lb.task())
        .setTaskNodeId(lb.taskNode())
        .setScheduler(lb.scheduler())
        .setBackends(lb.backends())
        .setSummary(lb.summary())
        .build();
  }

  private static io.dockercanvas.proto.v1.Rewrite rewrite(Rewrite r) {
    var out =
        io.dockercanvas.proto.v1.Rewrite.newBuilder()
            .setKind(RewriteKind.valueOf("REWRITE_KIND_" + r.kind().name()))
            .setVni(r.vni());
    r.changes()
        .forEach(
            c ->
                out.addChanges(
                    FieldChange.newBuilder()
                        .setField(c.field())
                        .setBefore(c.before())
                        .setAfter(c.after())));
    return out.build();
  }

  static ObservationPointKind pointKind(ObservationPoint point) {
    return switch (point.kind()) {
      case UNDERLAY_NIC -> ObservationPointKind.OBSERVATION_POINT_KIND_UNDERLAY;
      case GATEWAY_BRIDGE -> ObservationPointKind.OBSERVATION_POINT_KIND_GWBRIDGE;
      case OVERLAY_BRIDGE -> ObservationPointKind.OBSERVATION_POINT_KIND_OVERLAY_BRIDGE;
      case OVERLAY_VTEP -> ObservationPointKind.OBSERVATION_POINT_KIND_OVERLAY_VXLAN;
      case SANDBOX ->
          point.owner().equals(ObservationPoint.INGRESS_SANDBOX)
              ? ObservationPointKind.OBSERVATION_POINT_KIND_INGRESS_SBOX
              : point.owner().startsWith("lb_")
                  ? ObservationPointKind.OBSERVATION_POINT_KIND_LOAD_BALANCER
                  : ObservationPointKind.OBSERVATION_POINT_KIND_CONTAINER;
    };
  }

  private static IpVersion version(String address) {
    return address.indexOf(':') >= 0 ? IpVersion.IP_VERSION_IPV6 : IpVersion.IP_VERSION_IPV4;
  }
}

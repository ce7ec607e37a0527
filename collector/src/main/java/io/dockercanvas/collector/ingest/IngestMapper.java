package io.dockercanvas.collector.ingest;

import com.google.protobuf.Timestamp;
import io.dockercanvas.collector.flow.Flow;
import io.dockercanvas.collector.journey.IpHeaders;
import io.dockercanvas.collector.journey.Observation;
import io.dockercanvas.collector.journey.VxlanHeaders;
import io.dockercanvas.collector.store.LostEvent;
import io.dockercanvas.proto.v1.CaptureConfig;
import io.dockercanvas.proto.v1.FlowRecord;
import io.dockercanvas.proto.v1.Headers;
import io.dockercanvas.proto.v1.PacketObservation;
import io.dockercanvas.proto.v1.TraceFilter;
import java.time.Instant;

/**
 * The ingest boundary for packets, flows, losses and capture config: contract messages in, domain
 * records out (and capture settings out as contract messages). Topology has its own mapper.
 * Malformed messages are rejected with an {@link IllegalArgumentException} saying what is missing;
 * the caller counts them.
 */
final class IngestMapper {

  private IngestMapper() {}

  /**
   * An observation; the node is the agent's (from its Hello), not whatever the point claims. The
   * frame head stays the message's own immutable bytes.
   */
  static Observation observation(String nodeId, PacketObservation o, IngestStrings strings) {
    String pointName = o.getPoint().getName();
    if (pointName.isEmpty()) {
      throw new IllegalArgumentException("observation without point.name");
    }
    if (!o.hasInner() || !o.getInner().hasIp()) {
      throw new IllegalArgumentException(
          "observation at " + o.getPoint().getName() + " without inner.ip");
    }
    VxlanHeaders vxlan = null;
    if (o.hasOuter()) {
      var outer = o.getOuter();
      vxlan =
          new VxlanHeaders(
              strings.address(outer.getIp().getSrc()),
              strings.address(outer.getIp().getDst()),
              outer.getUdp().getSrcPort(),
              outer.getUdp().getDstPort(),
              outer.getVni());
    }
    return new Observation(
        nodeId,
        strings.point(pointName),
        o.getTsNs(),
        o.getFingerprint(),
        headers(o.getInner(), strings),
        vxlan,
        o.getFrameHead(),
        o.getOrigLen(),
        o.getLinkTypeValue());
  }

  static IpHeaders headers(Headers h, IngestStrings strings) {
    var ip = h.getIp();
    int srcPort = 0;
    int dstPort = 0;
    int tcpFlags = 0;
    switch (h.getL4Case()) {
      case TCP -> {
        srcPort = h.getTcp().getSrcPort();
        dstPort = h.getTcp().getDstPort();
        tcpFlags = h.getTcp().getFlags();
      }
      case UDP -> {
        srcPort = h.getUdp().getSrcPort();
        dstPort = h.getUdp().getDstPort();
      }
      default -> {}
    }
    return new IpHeaders(
        strings.address(ip.getSrc()),
        strings.address(ip.getDst()),
        srcPort,
        dstPort,
        ip.getProtocol(),
        ip.getId(),
        ip.getTtl(),
        tcpFlags);
  }

  static Flow flow(String nodeId, FlowRecord f) {
    if (f.getPoint().getName().isEmpty()) {
      throw new IllegalArgumentException("flow record without point.name");
    }
    return new Flow(
        nodeId,
        f.getPoint().getName(),
        f.getSrcIp(),
        f.getDstIp(),
        f.getSrcPort(),
        f.getDstPort(),
        f.getProtocolValue(),
        f.getVni(),
        f.getOuterSrcIp(),
        f.getOuterDstIp(),
        f.getPackets(),
        f.getBytes(),
        f.getFirstSeenNs(),
        f.getLastSeenNs(),
        f.getTcpFlagsSeen(),
        f.getEnded());
  }

  /** A loss an agent reported; enum values the collector does not know become UNSPECIFIED. */
  static LostEvent lostEvent(String nodeId, io.dockercanvas.proto.v1.LostEvent e) {
    LostEvent.Source source =
        e.getSourceValue() >= 0 && e.getSourceValue() < LostEvent.Source.values().length
            ? LostEvent.Source.values()[e.getSourceValue()]
            : LostEvent.Source.UNSPECIFIED;
    LostEvent.Reason reason =
        e.getReasonValue() >= 0 && e.getReasonValue() < LostEvent.Reason.values().length
            ? LostEvent.Reason.values()[e.getReasonValue()]
            : LostEvent.Reason.UNSPECIFIED;
    return new LostEvent(
        source,
        reason,
        nodeId,
        e.getPoint().getName(),
        e.getCount(),
        e.hasFirst() ? instant(e.getFirst()) : null,
        e.hasLast() ? instant(e.getLast()) : null,
        e.getDetail());
  }

  static CaptureConfig captureConfig(CaptureSettings s) {
    CaptureConfig.Builder config =
        CaptureConfig.newBuilder()
            .setRevision(s.revision())
            .setSampleBelow(s.sampleBelow())
            .setSampleAll(s.sampleAll())
            .setSnapLength(s.snapLength())
            .setExtraDataPathPort(s.extraDataPathPort());
    for (CaptureSettings.TraceFilter f : s.traceFilters()) {
      TraceFilter.Builder filter =
          TraceFilter.newBuilder()
              .setId(f.id())
              .addAllCidrs(f.cidrs())
              .addAllPorts(f.ports())
              .addAllVnis(f.vnis())
              .setBpf(f.bpf());
      f.protocols().forEach(filter::addProtocolsValue);
      config.addTraceFilters(filter);
    }
    return config.build();
  }

  static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}

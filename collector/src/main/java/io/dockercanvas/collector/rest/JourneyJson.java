package io.dockercanvas.collector.rest;

import io.dockercanvas.collector.journey.FieldChange;
import io.dockercanvas.collector.journey.Hop;
import io.dockercanvas.collector.journey.IpHeaders;
import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.journey.JourneyVerdict;
import io.dockercanvas.collector.journey.Observation;
import io.dockercanvas.collector.journey.Rewrite;
import io.dockercanvas.collector.journey.VxlanHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A journey as the page reads it: {@code {id, fp, networks, services, complete, hops: [{node,
 * point, ts_ns, latency_ns, rewrites: [{kind, before, after, vni, changes}], vni, src, dst, sport,
 * dport, proto, ttl, ip_id, tcp_flags, outer}], traffic_class}}; {@code traffic_class} is the
 * contract's enum name (TRAFFIC_CLASS_DATA, _CONTROL, _DNS, _OVERLAY_CONTROL). {@code fp} is 16 hex
 * digits; {@code ts_ns} an exact integer (the page parses it losslessly); {@code latency_ns} null
 * where unknown (first hop, another node's clock); a rewrite's before/after are endpoints
 * ("203.0.113.11:8001") or the outer headers for ENCAP/DECAP. A rewrite's kind is DNAT, SNAT,
 * ENCAP, DECAP, BRIDGE, REDIRECT, or on a reply UN_SNAT (destination put back) and UN_DNAT (source
 * put back): conntrack reversing the request's NAT. {@code complete} is false on a progressive
 * update of a journey still being stitched; the final journey with the same id replaces it.
 */
public final class JourneyJson {

  private JourneyJson() {}

  public static JsonObject journey(Journey journey) {
    JsonArray hops = new JsonArray();
    Observation previous = null;
    for (Hop hop : journey.hops()) {
      hops.add(hop(hop, previous));
      previous = hop.observation();
    }
    return new JsonObject()
        .put("id", Long.toString(journey.id()))
        .put("fp", String.format("%016x", journey.fingerprint()))
        .put("networks", new JsonArray(journey.networks()))
        .put("services", new JsonArray(journey.services()))
        .put("complete", journey.complete())
        .put("traffic_class", "TRAFFIC_CLASS_" + journey.trafficClass().name())
        .put("hops", hops)
        .put("verdict", journey.judged().map(JourneyJson::verdict).orElse(null));
  }

  /**
   * {@code state} DELIVERED / STOPPED / UNKNOWN, {@code last_point} and {@code expected_next} as
   * "node:point", {@code cause} (StopCause name, NONE when none), {@code facts}, {@code reason},
   * and {@code answer} ANSWERED / UNANSWERED for requests (null otherwise).
   */
  public static JsonObject verdict(JourneyVerdict v) {
    JsonObject facts = new JsonObject();
    v.facts().forEach(facts::put);
    return new JsonObject()
        .put("state", v.state().name())
        .put("last_point", v.lastPoint() == null ? null : v.lastPoint().toString())
        .put("expected_next", v.expectedNext() == null ? null : v.expectedNext().toString())
        .put("cause", v.cause().name())
        .put("facts", facts)
        .put("reason", v.reason())
        .put("answer", v.answer() == JourneyVerdict.Answer.NOT_A_REQUEST ? null : v.answer().name())
        .put("problem", v.problem());
  }

  private static JsonObject hop(Hop hop, Observation previous) {
    Observation o = hop.observation();
    IpHeaders h = o.headers();
    JsonArray rewrites = new JsonArray();
    hop.rewrites().forEach(r -> rewrites.add(rewrite(r, previous, o)));
    return new JsonObject()
        .put("node", o.node())
        .put("point", o.point().name())
        .put("ts_ns", o.timestampNs())
        .put("latency_ns", hop.latencyNs() == Hop.LATENCY_UNKNOWN ? null : hop.latencyNs())
        .put("rewrites", rewrites)
        .put("vni", o.encapsulated() ? o.vxlan().vni() : 0)
        .put("src", h.src())
        .put("dst", h.dst())
        .put("sport", h.srcPort())
        .put("dport", h.dstPort())
        .put("proto", protocolName(h.protocol()))
        .put("ttl", h.ttl())
        .put("ip_id", h.ipId())
        .put("tcp_flags", h.tcpFlags())
        .put("outer", o.encapsulated() ? outer(o.vxlan()) : null);
  }

  private static JsonObject rewrite(Rewrite r, Observation previous, Observation current) {
    String before = "";
    String after = "";
    if (previous != null) {
      switch (r.kind()) {
        case DNAT, REDIRECT, UN_SNAT -> {
          before = previous.headers().dstEndpoint();
          after = current.headers().dstEndpoint();
        }
        case SNAT, UN_DNAT -> {
          before = previous.headers().srcEndpoint();
          after = current.headers().srcEndpoint();
        }
        case ENCAP -> after = current.encapsulated() ? current.vxlan().describe() : "";
        case DECAP -> before = previous.encapsulated() ? previous.vxlan().describe() : "";
        case BRIDGE -> {}
      }
    }
    JsonArray changes = new JsonArray();
    for (FieldChange c : r.changes()) {
      changes.add(
          new JsonObject()
              .put("field", c.field())
              .put("before", c.before())
              .put("after", c.after()));
    }
    return new JsonObject()
        .put("kind", r.kind().name())
        .put("before", before)
        .put("after", after)
        .put("vni", r.vni())
        .put("changes", changes);
  }

  private static JsonObject outer(VxlanHeaders v) {
    return new JsonObject()
        .put("src", v.outerSrc())
        .put("dst", v.outerDst())
        .put("sport", v.outerSrcPort())
        .put("dport", v.outerDstPort())
        .put("vni", v.vni());
  }

  static String protocolName(int protocol) {
    return switch (protocol) {
      case 1 -> "ICMP";
      case 6 -> "TCP";
      case 17 -> "UDP";
      case 58 -> "ICMPV6";
      case 132 -> "SCTP";
      default -> Integer.toString(protocol);
    };
  }
}

package io.dockercanvas.collector.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import io.dockercanvas.collector.observer.JourneyMessages;
import io.dockercanvas.proto.v1.Hop;
import io.dockercanvas.proto.v1.Journey;
import io.dockercanvas.proto.v1.PacketObservation;
import io.dockercanvas.proto.v1.Rewrite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Tests' reading of JSON journeys (REST, stream, {@code journeys --json}): parsed back into the
 * contract's message by protobuf-java-util, so a field the wire lost or renamed fails the parse or
 * the assertion, not a lenient lookup.
 */
public final class WireJourneys {

  private WireJourneys() {}

  public static Journey parse(String json) {
    try {
      return JourneyMessages.parse(json);
    } catch (InvalidProtocolBufferException e) {
      throw new UncheckedIOException("not a journey in the proto's JSON mapping: " + json, e);
    }
  }

  public static Journey parse(JsonObject json) {
    return parse(json.encode());
  }

  /** One journey per non-blank line ({@code journeys --json}). */
  public static List<Journey> lines(String text) {
    return text.lines().filter(l -> !l.isBlank()).map(WireJourneys::parse).toList();
  }

  /** The journeys of a REST page or a stream frame: {@code {"journeys": [...]}}. */
  public static List<Journey> page(JsonObject body) {
    JsonArray list = body.getJsonArray("journeys");
    List<Journey> journeys = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      journeys.add(parse(list.getJsonObject(i)));
    }
    return journeys;
  }

  public static List<Journey> page(String body) {
    return page(new JsonObject(body));
  }

  public static String node(Hop hop) {
    return hop.getObservation().getPoint().getNodeId();
  }

  public static String point(Hop hop) {
    return hop.getObservation().getPoint().getName();
  }

  public static long tsNs(Hop hop) {
    return hop.getObservation().getTsNs();
  }

  public static String src(Hop hop) {
    return hop.getObservation().getInner().getIp().getSrc();
  }

  public static String dst(Hop hop) {
    return hop.getObservation().getInner().getIp().getDst();
  }

  public static int sport(Hop hop) {
    var inner = hop.getObservation().getInner();
    return inner.hasTcp()
        ? inner.getTcp().getSrcPort()
        : inner.hasUdp() ? inner.getUdp().getSrcPort() : 0;
  }

  public static int dport(Hop hop) {
    var inner = hop.getObservation().getInner();
    return inner.hasTcp()
        ? inner.getTcp().getDstPort()
        : inner.hasUdp() ? inner.getUdp().getDstPort() : 0;
  }

  public static int tcpFlags(Hop hop) {
    return hop.getObservation().getInner().getTcp().getFlags();
  }

  public static int ipId(Hop hop) {
    return hop.getObservation().getInner().getIp().getId();
  }

  /** The VXLAN VNI when encapsulated at this hop, else 0. */
  public static int vni(Hop hop) {
    return hop.getObservation().hasOuter() ? hop.getObservation().getOuter().getVni() : 0;
  }

  /** The outer source address when encapsulated at this hop, else null. */
  public static String outerSrc(Hop hop) {
    return hop.getObservation().hasOuter()
        ? hop.getObservation().getOuter().getIp().getSrc()
        : null;
  }

  public static String outerDst(Hop hop) {
    return hop.getObservation().hasOuter()
        ? hop.getObservation().getOuter().getIp().getDst()
        : null;
  }

  /** "node" + separator + "point" of every hop. */
  public static List<String> points(Journey journey, String separator) {
    return journey.getHopsList().stream().map(h -> node(h) + separator + point(h)).toList();
  }

  /** Rewrite kinds without their enum prefix: DNAT, SNAT, ENCAP, ... */
  public static List<String> kinds(Hop hop) {
    return hop.getRewritesList().stream().map(WireJourneys::kind).toList();
  }

  /** The kinds of all hops' rewrites, in order. */
  public static List<String> kinds(Journey journey) {
    return journey.getHopsList().stream().flatMap(h -> kinds(h).stream()).toList();
  }

  public static String kind(Rewrite rewrite) {
    return rewrite.getKind().name().replaceFirst("^REWRITE_KIND_", "");
  }

  /**
   * The endpoint a NAT rewrite of hop {@code hop} changed, before it ("203.0.113.11:8001"), from
   * the previous hop's headers; "" for other kinds.
   */
  public static String before(Journey journey, int hop, int rewrite) {
    return endpoint(journey, hop, rewrite, hop - 1);
  }

  public static String after(Journey journey, int hop, int rewrite) {
    return endpoint(journey, hop, rewrite, hop);
  }

  private static String endpoint(Journey journey, int hop, int rewrite, int at) {
    if (hop == 0) {
      return "";
    }
    PacketObservation o = journey.getHops(at).getObservation();
    Hop h = journey.getHops(at);
    return switch (kind(journey.getHops(hop).getRewrites(rewrite))) {
      case "DNAT", "REDIRECT", "UN_SNAT" -> endpoint(dst(h), dport(h), o);
      case "SNAT", "UN_DNAT" -> endpoint(src(h), sport(h), o);
      default -> "";
    };
  }

  private static String endpoint(String address, int port, PacketObservation o) {
    if (!o.getInner().hasTcp() && !o.getInner().hasUdp()) {
      return address;
    }
    return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
  }
}

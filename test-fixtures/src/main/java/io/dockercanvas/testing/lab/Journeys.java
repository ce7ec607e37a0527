package io.dockercanvas.testing.lab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading a journey of /api/v1/journeys, the stream or {@code journeys --json}: the proto's JSON
 * mapping of docker_canvas.v1.Journey with proto field names ({@code hops[].observation.point
 * .node_id}, {@code ts_ns} and {@code fingerprint} as strings, enums by full name, default values
 * left out).
 */
public final class Journeys {

  private Journeys() {}

  public static List<String> points(JsonNode journey) {
    List<String> points = new ArrayList<>();
    for (JsonNode hop : journey.path("hops")) {
      points.add(node(hop) + " " + point(hop));
    }
    return points;
  }

  public static JsonNode hopAt(JsonNode journey, String node, String point) {
    for (JsonNode hop : journey.path("hops")) {
      if (node.equals(node(hop)) && point.equals(point(hop))) {
        return hop;
      }
    }
    throw new AssertionError("no hop at " + node + " " + point + " in " + journey);
  }

  /** Rewrite kinds of every hop without their enum prefix: DNAT, SNAT, ENCAP, DECAP, ... */
  public static List<String> rewriteKinds(JsonNode journey) {
    List<String> kinds = new ArrayList<>();
    for (JsonNode hop : journey.path("hops")) {
      hop.path("rewrites").forEach(r -> kinds.add(strip(r.path("kind").asText(), "REWRITE_KIND_")));
    }
    return kinds;
  }

  public static List<String> rewriteKinds(JsonNode journey, JsonNode hop) {
    List<String> kinds = new ArrayList<>();
    hop.path("rewrites").forEach(r -> kinds.add(strip(r.path("kind").asText(), "REWRITE_KIND_")));
    return kinds;
  }

  /** The fingerprint as on the wire (a decimal string: fixed64). */
  public static String fingerprint(JsonNode journey) {
    return journey.path("fingerprint").asText();
  }

  public static String node(JsonNode hop) {
    return hop.path("observation").path("point").path("node_id").asText();
  }

  public static String point(JsonNode hop) {
    return hop.path("observation").path("point").path("name").asText();
  }

  /** Capture time in ns (int64: a string on the wire). */
  public static long tsNs(JsonNode hop) {
    return Long.parseLong(hop.path("observation").path("ts_ns").asText("0"));
  }

  public static String src(JsonNode hop) {
    return inner(hop).path("ip").path("src").asText();
  }

  public static String dst(JsonNode hop) {
    return inner(hop).path("ip").path("dst").asText();
  }

  public static int sport(JsonNode hop) {
    return l4(hop).path("src_port").asInt();
  }

  public static int dport(JsonNode hop) {
    return l4(hop).path("dst_port").asInt();
  }

  /** "tcp", "udp", "icmp", or the IP protocol number. */
  public static String proto(JsonNode hop) {
    JsonNode inner = inner(hop);
    for (String l4 : List.of("tcp", "udp", "icmp")) {
      if (inner.has(l4)) {
        return l4;
      }
    }
    return inner.path("ip").path("protocol").asText("0");
  }

  public static int tcpFlags(JsonNode hop) {
    return inner(hop).path("tcp").path("flags").asInt();
  }

  /**
   * The VXLAN headers where the packet was encapsulated at this hop: {ip, udp, vni}; missing
   * otherwise.
   */
  public static JsonNode outer(JsonNode hop) {
    return hop.path("observation").path("outer");
  }

  /**
   * An enum value without its prefix: strip("VERDICT_STATE_STOPPED", "VERDICT_STATE_") is STOPPED.
   */
  public static String strip(String value, String prefix) {
    return value.startsWith(prefix) ? value.substring(prefix.length()) : value;
  }

  private static JsonNode inner(JsonNode hop) {
    return hop.path("observation").path("inner");
  }

  private static JsonNode l4(JsonNode hop) {
    JsonNode inner = inner(hop);
    return inner.has("tcp") ? inner.path("tcp") : inner.path("udp");
  }
}

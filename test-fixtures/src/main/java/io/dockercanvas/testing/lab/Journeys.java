package io.dockercanvas.testing.lab;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reading a journey of /api/v1/journeys: its hops as "node point", one hop, the rewrites. */
public final class Journeys {

  private Journeys() {}

  public static List<String> points(JsonNode journey) {
    List<String> points = new ArrayList<>();
    for (JsonNode hop : journey.path("hops")) {
      points.add(hop.path("node").asText() + " " + hop.path("point").asText());
    }
    return points;
  }

  public static JsonNode hopAt(JsonNode journey, String node, String point) {
    for (JsonNode hop : journey.path("hops")) {
      if (node.equals(hop.path("node").asText()) && point.equals(hop.path("point").asText())) {
        return hop;
      }
    }
    throw new AssertionError("no hop at " + node + " " + point + " in " + journey);
  }

  public static List<String> rewriteKinds(JsonNode journey) {
    List<String> kinds = new ArrayList<>();
    for (JsonNode hop : journey.path("hops")) {
      hop.path("rewrites").forEach(rewrite -> kinds.add(rewrite.path("kind").asText()));
    }
    return kinds;
  }
}

package io.dockercanvas.collector.lab;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Reading a journey of /api/v1/journeys: its hops as "node point", one hop, the rewrites. */
public final class JourneyHops {

  private JourneyHops() {}

  public static List<String> points(JsonObject journey) {
    List<String> points = new ArrayList<>();
    for (int i = 0; i < journey.getJsonArray("hops").size(); i++) {
      JsonObject hop = journey.getJsonArray("hops").getJsonObject(i);
      points.add(hop.getString("node") + " " + hop.getString("point"));
    }
    return points;
  }

  public static JsonObject hopAt(JsonObject journey, String node, String point) {
    for (int i = 0; i < journey.getJsonArray("hops").size(); i++) {
      JsonObject hop = journey.getJsonArray("hops").getJsonObject(i);
      if (node.equals(hop.getString("node")) && point.equals(hop.getString("point"))) {
        return hop;
      }
    }
    throw new AssertionError("no hop at " + node + " " + point + " in " + journey.encode());
  }

  public static List<String> rewriteKinds(JsonObject journey) {
    List<String> kinds = new ArrayList<>();
    journey.getJsonArray("hops").forEach(h -> ((JsonObject) h).getJsonArray("rewrites")
        .forEach(r -> kinds.add(((JsonObject) r).getString("kind"))));
    return kinds;
  }
}

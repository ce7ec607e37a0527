package io.dockercanvas.collector.cli;

import io.dockercanvas.proto.v1.Journey;
import io.dockercanvas.proto.v1.JourneyVerdict;
import io.dockercanvas.proto.v1.VerdictState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Journeys with a problem verdict (as the REST API sends them), grouped by cause and place into
 * lines a person acts on: "node2: 37 VXLAN packets from node1 never arrived — UDP 4789 blocked?".
 */
final class Problems {

  /** One group: where, what, how many journeys, said in words. */
  record Problem(String place, String cause, long count, String text) {}

  private Problems() {}

  static List<Problem> group(List<Journey> journeys) {
    Map<List<String>, List<JourneyVerdict>> groups = new LinkedHashMap<>();
    for (Journey journey : journeys) {
      JourneyVerdict verdict = journey.getVerdict();
      if (!journey.hasVerdict() || !verdict.getProblem()) {
        continue;
      }
      groups.computeIfAbsent(key(verdict), k -> new ArrayList<>()).add(verdict);
    }
    List<Problem> problems = new ArrayList<>();
    groups.forEach(
        (key, verdicts) ->
            problems.add(
                new Problem(key.get(0), key.get(1), verdicts.size(), text(key, verdicts.size()))));
    problems.sort(Comparator.comparing(Problem::count).reversed().thenComparing(Problem::place));
    return problems;
  }

  /** [place, cause, detail]: the facts that tell groups apart. */
  private static List<String> key(JourneyVerdict v) {
    Facts f = new Facts(v);
    String cause = v.getCause().name().replaceFirst("^STOP_CAUSE_", "");
    String next = v.getExpectedNext();
    String nextNode = next.isEmpty() ? "" : next.substring(0, next.indexOf(':'));
    if (v.getState() != VerdictState.VERDICT_STATE_STOPPED) {
      return switch (cause) {
        case "RESET_BY_DESTINATION" -> keyOf(host(f.getString("from")), cause, f.getString("to"));
        case "NO_LISTENER" -> keyOf(f.getString("host"), cause, "");
        case "MTU_EXCEEDED" ->
            keyOf(f.getString("reported_by"), cause, f.getString("next_hop_mtu"));
        default -> keyOf(nextNode.isEmpty() ? lastNode(v) : nextNode, "UNANSWERED", "");
      };
    }
    return switch (cause) {
      case "VXLAN_DROPPED_BETWEEN_NODES" ->
          keyOf(f.getString("to_node"), cause, f.getString("from_node"));
      case "DROPPED_BEFORE_DECAP" ->
          keyOf(f.getString("node"), cause, f.getString("from_node", f.getString("outer_src")));
      case "MTU_EXCEEDED", "NO_FDB_ENTRY" -> keyOf(f.getString("node"), cause, next);
      case "PUBLISHED_PORT_NOT_DELIVERED" ->
          keyOf(f.getString("node"), cause, f.getString("published"));
      default -> keyOf(nextNode, cause, v.getLastPoint() + " → " + next);
    };
  }

  private static List<String> keyOf(String place, String cause, String detail) {
    return java.util.Arrays.asList(
        place == null || place.isEmpty() ? "?" : place, cause, detail == null ? "" : detail);
  }

  private static String text(List<String> key, long n) {
    String place = key.get(0);
    String detail = key.get(2);
    String packets = n + (n == 1 ? " packet" : " packets");
    String what =
        switch (key.get(1)) {
          case "VXLAN_DROPPED_BETWEEN_NODES" ->
              n
                  + " VXLAN "
                  + (n == 1 ? "packet" : "packets")
                  + " from "
                  + detail
                  + " never arrived — UDP 4789 blocked between the nodes?";
          case "DROPPED_BEFORE_DECAP" ->
              packets
                  + " arrived encapsulated from "
                  + detail
                  + " but were dropped before decapsulation — firewall on UDP 4789 (INPUT)?";
          case "MTU_EXCEEDED" ->
              detail != null && detail.matches("\\d+")
                  ? packets
                      + " 'fragmentation needed' (next-hop MTU "
                      + detail
                      + ") — MTU too small"
                  : packets
                      + " larger than the overlay MTU never got past "
                      + detail
                      + " — MTU black hole on the underlay?";
          case "NO_FDB_ENTRY" ->
              packets + " never left the overlay bridge for " + detail + " — missing FDB entry?";
          case "PUBLISHED_PORT_NOT_DELIVERED" ->
              packets
                  + " to published port "
                  + detail
                  + " were DNAT'ed on docker_gwbridge but never reached the task";
          case "RESET_BY_DESTINATION" -> n + " connections reset (TCP RST) towards " + detail;
          case "NO_LISTENER" -> packets + " answered 'port unreachable' — nothing listens there";
          case "UNANSWERED" -> n + (n == 1 ? " request" : " requests") + " got no reply in time";
          default -> packets + " lost between " + detail;
        };
    return place + ": " + what;
  }

  private static String lastNode(JourneyVerdict v) {
    String last = v.getLastPoint();
    return last.isEmpty() ? "?" : last.substring(0, last.indexOf(':'));
  }

  /** A verdict's facts by name; null for one it does not have. */
  private record Facts(JourneyVerdict v) {

    String getString(String name) {
      return getString(name, null);
    }

    String getString(String name, String otherwise) {
      return v.getFactsList().stream()
          .filter(f -> f.getName().equals(name))
          .map(io.dockercanvas.proto.v1.VerdictFact::getValue)
          .findFirst()
          .orElse(otherwise);
    }
  }

  private static String host(String endpoint) {
    if (endpoint == null) {
      return "?";
    }
    int colon = endpoint.lastIndexOf(':');
    return colon > 0 && endpoint.indexOf(':') == colon ? endpoint.substring(0, colon) : endpoint;
  }
}

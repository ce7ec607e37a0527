package io.dockercanvas.collector.journey;

import java.util.Map;

/** Says a verdict in words a person understands, from its cause and facts only. */
final class VerdictReasons {

  private VerdictReasons() {}

  static String text(JourneyVerdict v) {
    Map<String, String> f = v.facts();
    String where = v.lastPoint() == null ? "" : "last seen at " + v.lastPoint();
    String text =
        switch (v.cause()) {
          case NONE ->
              v.state() == JourneyVerdict.State.DELIVERED
                  ? "delivered: reached " + v.lastPoint()
                  : where;
          case VXLAN_DROPPED_BETWEEN_NODES ->
              "encapsulated on "
                  + f.get("from_node")
                  + " towards "
                  + f.get("outer_dst")
                  + " (vni "
                  + f.get("vni")
                  + "), never reached "
                  + f.get("to_node")
                  + "'s "
                  + v.expectedNext().point()
                  + " although "
                  + f.get("to_node")
                  + "'s agent was capturing: dropped between the nodes — is UDP 4789 open on "
                  + f.get("to_node")
                  + "?";
          case DROPPED_BEFORE_DECAP ->
              "arrived encapsulated on "
                  + f.get("node")
                  + " from "
                  + f.getOrDefault("from_node", f.get("outer_src"))
                  + " (vni "
                  + f.get("vni")
                  + ") but never reached "
                  + v.expectedNext().point()
                  + ": dropped on "
                  + f.get("node")
                  + " before decapsulation — a firewall (INPUT, UDP 4789) or a missing VNI there?";
          case MTU_EXCEEDED ->
              f.containsKey("next_hop_mtu")
                  ? f.get("reported_by")
                      + " answered 'fragmentation needed' (next-hop MTU "
                      + f.get("next_hop_mtu")
                      + ") to "
                      + f.get("to")
                      + ": the path's MTU is smaller than the packets sent"
                  : "a "
                      + f.get("length")
                      + "-byte packet on "
                      + f.get("node")
                      + " never reached "
                      + f.get("next")
                      + ": too large once encapsulated (overlay MTU "
                      + f.get("overlay_mtu")
                      + ") — an MTU black hole on the underlay?";
          case NO_FDB_ENTRY ->
              (f.containsKey("length")
                      ? "out of "
                          + f.get("node")
                          + "'s "
                          + f.get("network")
                          + " vxlan0 but never encapsulated on its "
                          + v.expectedNext().point()
                      : "on "
                          + f.get("node")
                          + "'s "
                          + f.get("network")
                          + " bridge but never on its vxlan0")
                  + ": no forwarding entry for "
                  + f.get("dst")
                  + "'s VTEP (stale or missing FDB entry, unknown peer)";
          case PUBLISHED_PORT_NOT_DELIVERED ->
              "published port "
                  + f.get("published")
                  + " was DNAT'ed to "
                  + f.get("dnat_to")
                  + " on "
                  + f.get("node")
                  + "'s docker_gwbridge but never reached "
                  + f.get("next")
                  + ": dropped between docker_gwbridge and the task";
          case RESET_BY_DESTINATION ->
              "delivered: " + f.get("from") + " reset the connection (TCP RST) to " + f.get("to");
          case NO_LISTENER ->
              "delivered: "
                  + f.get("host")
                  + " answered 'port unreachable' to "
                  + f.get("to")
                  + ": nothing listens on that port";
          case LOST_BETWEEN_POINTS ->
              "seen at "
                  + f.get("last")
                  + ", never at "
                  + f.get("next")
                  + " although it was captured";
          case NO_COVERAGE ->
              "unknown: "
                  + where
                  + "; nothing captures "
                  + f.get("node")
                  + ":"
                  + f.get("point")
                  + " on the way to "
                  + f.get("destination")
                  + " (no agent there?)";
          case KERNEL_DROPS ->
              "unknown: "
                  + where
                  + "; the capture at "
                  + f.get("node")
                  + ":"
                  + f.get("point")
                  + " dropped packets in the kernel at that time";
          case NO_EXPECTED_PATH -> "unknown: the topology does not say where this packet was going";
        };
    return switch (v.answer()) {
      case NOT_A_REQUEST -> text;
      case ANSWERED -> text + "; answered";
      case UNANSWERED -> text + "; no reply within the window";
    };
  }
}

package io.dockercanvas.collector.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.dockercanvas.proto.v1.GetJourneysResponse;
import io.dockercanvas.proto.v1.Hop;
import io.dockercanvas.proto.v1.Journey;
import io.dockercanvas.proto.v1.JourneyVerdict;
import io.dockercanvas.proto.v1.LostEvent;
import io.dockercanvas.proto.v1.NodeStatusEvent;
import io.dockercanvas.proto.v1.PacketObservation;
import io.dockercanvas.proto.v1.Rewrite;
import io.dockercanvas.proto.v1.StopCause;
import io.dockercanvas.proto.v1.TrafficClass;
import io.dockercanvas.proto.v1.VerdictState;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * What {@code observe} prints for each item of the GetJourneys stream. compact: one line per
 * journey; table: the same fields in aligned columns (aligned over everything received, or with
 * fixed widths while following); json: each Journey in the proto's JSON mapping; jsonpb: each
 * GetJourneysResponse so, lost events and node status included. Lost events and node status go to
 * stderr in the text and json formats: never dropped silently.
 */
final class ObserveOutput {

  enum Format {
    COMPACT,
    TABLE,
    JSON,
    JSONPB
  }

  static final JsonFormat.Printer JSON =
      JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();

  private static final String[] HEADER = {
    "TIME", "ID", "CLASS", "SOURCE", "DESTINATION", "PROTO", "HOPS", "PATH", "REWRITES", "VERDICT"
  };
  // while following nothing can wait for the widest row
  private static final int[] FOLLOW_WIDTHS = {27, 6, 7, 21, 21, 9, 4, 40, 24, 0};
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final Format format;
  private final boolean follow;
  private final PrintWriter out;
  private final PrintWriter err;
  private final List<String[]> rows = new ArrayList<>();
  private boolean headerPrinted;

  ObserveOutput(Format format, boolean follow, PrintWriter out, PrintWriter err) {
    this.format = format;
    this.follow = follow;
    this.out = out;
    this.err = err;
  }

  /** One item of the stream, printed in the chosen format. */
  void print(GetJourneysResponse item) {
    switch (item.getResponseTypesCase()) {
      case JOURNEY -> journey(item, item.getJourney(), false);
      case JOURNEY_UPDATE -> journey(item, item.getJourneyUpdate().getJourney(), true);
      case LOST_EVENTS -> event(item, lost(item.getLostEvents()));
      case NODE_STATUS -> event(item, nodeStatus(item.getNodeStatus()));
      default -> {} // an item kind this build does not know
    }
  }

  /** Prints what was held back for alignment. */
  void finish() {
    if (format == Format.TABLE && !rows.isEmpty()) {
      int[] widths = new int[HEADER.length];
      for (String[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          widths[i] = Math.max(widths[i], row[i].length());
        }
      }
      rows.forEach(r -> out.println(line(r, widths)));
      rows.clear();
    }
    out.flush();
    err.flush();
  }

  private void journey(GetJourneysResponse item, Journey j, boolean partial) {
    switch (format) {
      case JSONPB -> out.println(json(item));
      case JSON -> out.println(json(j));
      case COMPACT -> out.println(compact(j, partial));
      case TABLE -> row(cells(j, partial));
    }
    if (follow) {
      out.flush();
    }
  }

  private void event(GetJourneysResponse item, String text) {
    if (format == Format.JSONPB) {
      out.println(json(item));
    } else {
      err.println(text);
    }
    if (follow) {
      out.flush();
      err.flush();
    }
  }

  private void row(String[] cells) {
    if (!follow) {
      if (rows.isEmpty()) {
        rows.add(HEADER);
      }
      rows.add(cells);
      return;
    }
    if (!headerPrinted) {
      out.println(line(HEADER, FOLLOW_WIDTHS));
      headerPrinted = true;
    }
    out.println(line(cells, FOLLOW_WIDTHS));
  }

  private static String line(String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      line.append(cells[i]);
      if (i < cells.length - 1) {
        line.append(" ".repeat(Math.max(1, widths[i] - cells[i].length() + 2)));
      }
    }
    return line.toString().stripTrailing();
  }

  static String json(MessageOrBuilder message) {
    try {
      return JSON.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + message.getClass().getSimpleName(), e);
    }
  }

  /**
   * "2026-12-05T09:12:01.123456Z #17 TCP 10.0.1.3:41234 → 10.0.1.5:80 [SYN] 9 hops node1:eth0 →
   * node2:db/eth0 (node1,node2) ENCAP 4097,DECAP 4097 DELIVERED ANSWERED".
   */
  static String compact(Journey j, boolean partial) {
    String[] c = cells(j, partial);
    StringJoiner line = new StringJoiner("  ");
    line.add(c[0]).add("#" + c[1] + (partial ? " (so far)" : ""));
    if (!c[2].equals("data")) {
      line.add("[" + c[2] + "]");
    }
    line.add(c[5] + " " + c[3] + " → " + c[4] + flags(first(j)));
    line.add(c[6] + (c[6].equals("1") ? " hop " : " hops ") + c[7]);
    if (!c[8].isEmpty()) {
      line.add(c[8]);
    }
    if (!c[9].isEmpty()) {
      line.add(c[9]);
    }
    return line.toString();
  }

  /** TIME, ID, CLASS, SOURCE, DESTINATION, PROTO, HOPS, PATH, REWRITES, VERDICT. */
  static String[] cells(Journey j, boolean partial) {
    PacketObservation first = first(j);
    long earliest =
        j.getHopsList().stream().mapToLong(h -> h.getObservation().getTsNs()).min().orElse(0);
    Set<String> nodes = new LinkedHashSet<>();
    j.getHopsList().forEach(h -> nodes.add(h.getObservation().getPoint().getNodeId()));
    String path =
        j.getHopsCount() == 0
            ? ""
            : point(j.getHops(0))
                + (j.getHopsCount() > 1 ? " → " + point(j.getHops(j.getHopsCount() - 1)) : "")
                + (nodes.size() > 1 ? " (" + String.join(",", nodes) + ")" : "");
    StringJoiner rewrites = new StringJoiner(",");
    for (Hop h : j.getHopsList()) {
      for (Rewrite r : h.getRewritesList()) {
        rewrites.add(rewrite(r));
      }
    }
    return new String[] {
      TIME.format(Instant.ofEpochSecond(0, earliest)),
      j.getId() + (partial ? "…" : ""),
      trafficClass(j.getTrafficClass()),
      endpoint(first, true),
      endpoint(first, false),
      protocol(first.getInner().getIp().getProtocol()),
      Integer.toString(j.getHopsCount()),
      path,
      rewrites.toString(),
      j.hasVerdict() ? verdict(j.getVerdict()) : ""
    };
  }

  private static PacketObservation first(Journey j) {
    return j.getHopsCount() == 0
        ? PacketObservation.getDefaultInstance()
        : j.getHops(0).getObservation();
  }

  private static String point(Hop h) {
    return h.getObservation().getPoint().getNodeId()
        + ":"
        + h.getObservation().getPoint().getName();
  }

  private static String endpoint(PacketObservation o, boolean source) {
    var inner = o.getInner();
    String address = source ? inner.getIp().getSrc() : inner.getIp().getDst();
    int port =
        switch (inner.getL4Case()) {
          case TCP -> source ? inner.getTcp().getSrcPort() : inner.getTcp().getDstPort();
          case UDP -> source ? inner.getUdp().getSrcPort() : inner.getUdp().getDstPort();
          default -> -1;
        };
    if (port < 0) {
      return address;
    }
    return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
  }

  private static String flags(PacketObservation o) {
    if (!o.getInner().hasTcp()) {
      return "";
    }
    int bits = o.getInner().getTcp().getFlags();
    StringJoiner flags = new StringJoiner(",", " [", "]");
    String[] names = {"FIN", "SYN", "RST", "PSH", "ACK"};
    for (int bit = 0; bit < names.length; bit++) {
      if ((bits & (1 << bit)) != 0) {
        flags.add(names[bit]);
      }
    }
    return flags.toString();
  }

  static String protocol(int protocol) {
    return switch (protocol) {
      case 6 -> "TCP";
      case 17 -> "UDP";
      case 1 -> "ICMP";
      case 58 -> "ICMPv6";
      case 132 -> "SCTP";
      default -> "IP/" + protocol;
    };
  }

  private static String rewrite(Rewrite r) {
    String kind =
        r.getKind().name().startsWith("REWRITE_KIND_")
            ? r.getKind().name().substring("REWRITE_KIND_".length())
            : "REWRITE_" + r.getKindValue();
    return (r.getKind() == io.dockercanvas.proto.v1.RewriteKind.REWRITE_KIND_ENCAP
                || r.getKind() == io.dockercanvas.proto.v1.RewriteKind.REWRITE_KIND_DECAP)
            && r.getVni() != 0
        ? kind + " " + r.getVni()
        : kind;
  }

  private static String trafficClass(TrafficClass c) {
    return c == TrafficClass.TRAFFIC_CLASS_UNSPECIFIED || c == TrafficClass.UNRECOGNIZED
        ? "?"
        : c.name().substring("TRAFFIC_CLASS_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** "STOPPED after node1:eth0 (VXLAN_DROPPED_BETWEEN_NODES)", "DELIVERED ANSWERED". */
  static String verdict(JourneyVerdict v) {
    StringBuilder text = new StringBuilder(state(v.getState()));
    if (v.getState() == VerdictState.VERDICT_STATE_STOPPED && !v.getLastPoint().isEmpty()) {
      text.append(" after ").append(v.getLastPoint());
    }
    if (v.getAnswer() != VerdictState.VERDICT_STATE_UNSPECIFIED) {
      text.append(' ').append(state(v.getAnswer()));
    }
    if (v.getCause() != StopCause.STOP_CAUSE_UNSPECIFIED) {
      text.append(" (")
          .append(
              v.getCause() == StopCause.UNRECOGNIZED
                  ? "cause " + v.getCauseValue()
                  : v.getCause().name().substring("STOP_CAUSE_".length()))
          .append(')');
    }
    return text.toString();
  }

  private static String state(VerdictState s) {
    return s == VerdictState.UNRECOGNIZED ? "?" : s.name().substring("VERDICT_STATE_".length());
  }

  /** "lost: 12 events at node2 eth0 (AGENT_CAPTURE, KERNEL_DROP): detail". */
  static String lost(LostEvent e) {
    StringBuilder text = new StringBuilder("lost: ").append(e.getCount()).append(" events");
    if (!e.getNodeId().isEmpty()) {
      text.append(" at ").append(e.getNodeId());
    }
    if (!e.getPoint().getName().isEmpty()) {
      text.append(' ').append(e.getPoint().getName());
    }
    text.append(" (")
        .append(e.getSource().name().replace("LOST_EVENT_SOURCE_", ""))
        .append(", ")
        .append(e.getReason().name().replace("LOST_REASON_", ""))
        .append(')');
    if (!e.getDetail().isEmpty()) {
      text.append(": ").append(e.getDetail());
    }
    return text.toString();
  }

  /** "node status: node2 DISCONNECTED (stream reset)". */
  static String nodeStatus(NodeStatusEvent e) {
    return "node status: "
        + String.join(",", e.getNodeIdsList())
        + " "
        + e.getState().name().replace("NODE_STATE_", "")
        + (e.getMessage().isEmpty() ? "" : " (" + e.getMessage() + ")");
  }
}

package io.dockercanvas.collector.cli;

import io.dockercanvas.collector.journey.Hop;
import io.dockercanvas.collector.journey.IpHeaders;
import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.journey.JourneyVerdict;
import io.dockercanvas.collector.journey.Observation;
import io.dockercanvas.collector.journey.RewriteText;
import io.dockercanvas.collector.journey.StopCause;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * A journey as a readable block for the terminal: a title with the packet and when it was first
 * seen, then one row per hop with node, point, time since the previous hop, VNI, addresses (outer
 * ones when encapsulated) and the rewrites since the previous hop; on a reply, conntrack's reversal
 * of the request's NAT reads "un-SNAT" (destination put back) and "un-DNAT" (source put back).
 */
final class JourneyTable {

  private static final String[] HEADER = {
    "#", "node", "point", "+time", "vni", "addresses", "outer", "rewrites"
  };

  private JourneyTable() {}

  static String format(Journey journey) {
    Hop first = journey.first();
    IpHeaders h = first.observation().headers();
    StringBuilder text = new StringBuilder();
    text.append("journey ")
        .append(journey.id())
        .append("  ")
        .append(protocol(h.protocol()))
        .append(' ')
        .append(h.srcEndpoint())
        .append(" → ")
        .append(h.dstEndpoint())
        .append(tcpFlags(h))
        .append("  ")
        .append(journey.hops().size())
        .append(journey.hops().size() == 1 ? " hop" : " hops")
        .append("  at ")
        .append(Instant.ofEpochSecond(0, first.timestampNs()))
        .append(String.format("  fp %016x", journey.fingerprint()));
    if (!journey.networks().isEmpty() || !journey.services().isEmpty()) {
      StringJoiner labels = new StringJoiner(", ", "  (", ")");
      journey.networks().forEach(labels::add);
      journey.services().forEach(s -> labels.add("service " + s));
      text.append(labels);
    }
    text.append('\n');

    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    Observation previous = null;
    int number = 1;
    for (Hop hop : journey.hops()) {
      Observation o = hop.observation();
      rows.add(
          new String[] {
            Integer.toString(number++),
            o.node(),
            o.point().name(),
            delta(hop, previous == null),
            o.encapsulated() ? Integer.toString(o.vxlan().vni()) : "",
            o.headers().srcEndpoint() + " → " + o.headers().dstEndpoint(),
            o.encapsulated() ? o.vxlan().outerSrc() + " → " + o.vxlan().outerDst() : "",
            RewriteText.of(hop, previous)
          });
      previous = o;
    }
    appendColumns(text, rows);
    loadBalancingLine(journey).ifPresent(line -> text.append(line).append('\n'));
    journey.judged().ifPresent(v -> text.append(verdictLine(v)).append('\n'));
    return text.toString();
  }

  /** " load balancer (hops 4, 5): IPVS in ingress_sbox: fwmark 256 (...) -> ...". */
  static Optional<String> loadBalancingLine(Journey journey) {
    StringJoiner hops = new StringJoiner(", ");
    String summary = null;
    for (int i = 0; i < journey.hops().size(); i++) {
      var lb = journey.hops().get(i).loadBalanced();
      if (lb.isPresent()) {
        hops.add(Integer.toString(i + 1));
        summary = lb.get().summary();
      }
    }
    return summary == null
        ? Optional.empty()
        : Optional.of("  load balancer (hop " + hops + "): " + summary);
  }

  /** "STOPPED at node1:eth0, expected next node2:eth0 (VXLAN_DROPPED_BETWEEN_NODES): reason". */
  static String verdictLine(JourneyVerdict v) {
    StringBuilder line = new StringBuilder("  verdict: ").append(v.state());
    if (v.state() == JourneyVerdict.State.STOPPED) {
      line.append(" after ")
          .append(v.lastPoint())
          .append(", expected next ")
          .append(v.expectedNext());
    }
    if (v.answer() != JourneyVerdict.Answer.NOT_A_REQUEST) {
      line.append(", ").append(v.answer());
    }
    if (v.cause() != StopCause.NONE) {
      line.append(" (").append(v.cause()).append(')');
    }
    return line.append(" — ").append(v.reason()).toString();
  }

  /**
   * Left-aligned columns (the hop number right-aligned); VNI and outer only when some hop was
   * encapsulated.
   */
  private static void appendColumns(StringBuilder text, List<String[]> rows) {
    boolean tunnelled = rows.stream().skip(1).anyMatch(r -> !r[6].isEmpty());
    int[] widths = new int[HEADER.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(" ");
      for (int i = 0; i < row.length; i++) {
        if (!tunnelled && (i == 4 || i == 6)) {
          continue;
        }
        int pad = widths[i] - row[i].length();
        line.append(' ')
            .append(i == 0 ? " ".repeat(pad) + row[i] : row[i] + " ".repeat(pad))
            .append(' ');
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
  }

  private static String delta(Hop hop, boolean first) {
    if (first) {
      return "-";
    }
    if (hop.latencyNs() == Hop.LATENCY_UNKNOWN) {
      return "?"; // another node's clock
    }
    long ns = hop.latencyNs();
    if (ns < 1_000) {
      return "+" + ns + " ns";
    }
    if (ns < 1_000_000) {
      return String.format("+%.1f µs", ns / 1e3);
    }
    return String.format("+%.2f ms", ns / 1e6);
  }

  private static String protocol(int protocol) {
    return switch (protocol) {
      case IpHeaders.TCP -> "TCP";
      case IpHeaders.UDP -> "UDP";
      case IpHeaders.ICMP -> "ICMP";
      case 58 -> "ICMPv6";
      default -> "IP proto " + protocol;
    };
  }

  private static String tcpFlags(IpHeaders h) {
    if (h.protocol() != IpHeaders.TCP) {
      return "";
    }
    StringJoiner flags = new StringJoiner(",", " [", "]");
    String[] names = {"FIN", "SYN", "RST", "PSH", "ACK"};
    for (int bit = 0; bit < names.length; bit++) {
      if ((h.tcpFlags() & (1 << bit)) != 0) {
        flags.add(names[bit]);
      }
    }
    return flags.toString();
  }
}

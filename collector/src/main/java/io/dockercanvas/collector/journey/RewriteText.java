package io.dockercanvas.collector.journey;

import java.util.StringJoiner;

/**
 * A hop's rewrites in words, the same in `journeys` text output and in pcapng packet comments:
 * "DNAT 172.18.0.2:8001 → 10.0.0.5:80", "ENCAP vni 4097", and on a reply "un-SNAT ... (reply:
 * conntrack reverses the request's NAT)".
 */
public final class RewriteText {

  private RewriteText() {}

  /** "" for the first hop or a hop without rewrites. */
  public static String of(Hop hop, Observation previous) {
    if (previous == null || hop.rewrites().isEmpty()) {
      return "";
    }
    StringJoiner text = new StringJoiner("; ");
    Observation current = hop.observation();
    String destination = previous.headers().dstEndpoint() + " → " + current.headers().dstEndpoint();
    String source = previous.headers().srcEndpoint() + " → " + current.headers().srcEndpoint();
    boolean reversesNat = false;
    for (Rewrite r : hop.rewrites()) {
      reversesNat |= r.kind() == RewriteKind.UN_SNAT || r.kind() == RewriteKind.UN_DNAT;
      text.add(
          switch (r.kind()) {
            case DNAT -> "DNAT " + destination;
            case SNAT -> "SNAT " + source;
            case REDIRECT ->
                "REDIRECT port "
                    + previous.headers().dstPort()
                    + " → "
                    + current.headers().dstPort();
            case ENCAP -> "ENCAP vni " + r.vni();
            case DECAP -> "DECAP vni " + r.vni();
            case BRIDGE -> "BRIDGE";
            case UN_SNAT -> "un-SNAT " + destination;
            case UN_DNAT -> "un-DNAT " + source;
          });
    }
    // a learner would read a bare "un-SNAT" as a NAT of its own: say it is the request's, reversed
    return text + (reversesNat ? " (reply: conntrack reverses the request's NAT)" : "");
  }
}

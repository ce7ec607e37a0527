package io.dockercanvas.collector.journey;

import java.util.Objects;

/**
 * One rewrite between two hops, with what changed: for DNAT/SNAT/REDIRECT the endpoint before and after,
 * for ENCAP/DECAP the inner pair and the outer headers. {@code vni} is 0 unless ENCAP/DECAP (and 0 when a
 * crossing was inferred without the VNI being known).
 */
public record Rewrite(RewriteKind kind, String before, String after, int vni) {

  public Rewrite {
    Objects.requireNonNull(kind, "kind");
    before = before == null ? "" : before;
    after = after == null ? "" : after;
  }

  public static Rewrite of(RewriteKind kind, String before, String after) {
    return new Rewrite(kind, before, after, 0);
  }

  @Override
  public String toString() {
    String change = before.isEmpty() && after.isEmpty() ? "" : " " + before + " → " + after;
    return kind + change + (vni != 0 ? " vni " + vni : "");
  }
}

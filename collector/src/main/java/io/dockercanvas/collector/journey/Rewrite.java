package io.dockercanvas.collector.journey;

import java.util.List;
import java.util.Objects;

/**
 * One rewrite between two hops and the header fields it changed. {@code vni} is set for ENCAP/DECAP
 * (0 when a crossing was inferred and the network's VNI is unknown).
 */
public record Rewrite(RewriteKind kind, List<FieldChange> changes, int vni) {

  public Rewrite {
    Objects.requireNonNull(kind, "kind");
    changes = List.copyOf(changes);
  }

  public static Rewrite of(RewriteKind kind, FieldChange... changes) {
    return new Rewrite(kind, List.of(changes), 0);
  }

  @Override
  public String toString() {
    return kind + (changes.isEmpty() ? "" : " " + changes) + (vni != 0 ? " vni " + vni : "");
  }
}

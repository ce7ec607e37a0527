package io.dockercanvas.collector.journey;

/**
 * One header field before and after a rewrite. Fields are named as in the contract's
 * PacketObservation: "inner.ip.dst", "inner.tcp.dst_port", "outer.ip.src", "outer.vni". Empty where
 * the field did not exist.
 */
public record FieldChange(String field, String before, String after) {

  @Override
  public String toString() {
    return field + " " + before + " → " + after;
  }
}

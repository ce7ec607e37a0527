package io.dockercanvas.collector.journey;

import java.util.Objects;

/**
 * Outer headers of a VXLAN-encapsulated packet: underlay addresses (the VTEPs), UDP ports and the
 * VNI.
 */
public record VxlanHeaders(
    String outerSrc, String outerDst, int outerSrcPort, int outerDstPort, int vni) {

  public VxlanHeaders {
    Objects.requireNonNull(outerSrc, "outerSrc");
    Objects.requireNonNull(outerDst, "outerDst");
  }

  /** "src:port → dst:port vni N", for rewrites and logs. */
  public String describe() {
    return outerSrc + ":" + outerSrcPort + " → " + outerDst + ":" + outerDstPort + " vni " + vni;
  }
}

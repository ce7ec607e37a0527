package io.dockercanvas.collector.journey;

import java.util.Objects;

/**
 * A canonical observation point name, parsed. The agent and offline captures use the same names:
 * {@code eth0} (underlay NIC by its name), {@code docker_gwbridge}, {@code ingress_sbox/<if>},
 * {@code <network>/vxlan0}, {@code <network>/br0}, {@code <container>/<if>}.
 *
 * @param owner the network (br0, vxlan0) or sandbox/container (SANDBOX) name; empty otherwise
 * @param iface the interface name
 */
public record ObservationPoint(String name, PointKind kind, String owner, String iface) {

  public static final String GATEWAY_BRIDGE = "docker_gwbridge";
  public static final String INGRESS_SANDBOX = "ingress_sbox";
  static final String OVERLAY_BRIDGE = "br0";
  static final String OVERLAY_VTEP = "vxlan0";

  public ObservationPoint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
  }

  /** Parses a canonical name; rejects empty parts with a message naming the bad point. */
  public static ObservationPoint parse(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("observation point: empty name");
    }
    int slash = name.indexOf('/');
    if (slash < 0) {
      PointKind kind =
          name.equals(GATEWAY_BRIDGE) ? PointKind.GATEWAY_BRIDGE : PointKind.UNDERLAY_NIC;
      return new ObservationPoint(name, kind, "", name);
    }
    String owner = name.substring(0, slash);
    String iface = name.substring(slash + 1);
    if (owner.isEmpty() || iface.isEmpty() || iface.indexOf('/') >= 0) {
      throw new IllegalArgumentException(
          "observation point '"
              + name
              + "': expected <network>/br0, <network>/vxlan0 or <sandbox>/<interface>");
    }
    PointKind kind =
        switch (iface) {
          case OVERLAY_BRIDGE -> PointKind.OVERLAY_BRIDGE;
          case OVERLAY_VTEP -> PointKind.OVERLAY_VTEP;
          default -> PointKind.SANDBOX;
        };
    return new ObservationPoint(name, kind, owner, iface);
  }

  /** The overlay network of a br0/vxlan0 point, or empty. */
  public String network() {
    return kind == PointKind.OVERLAY_BRIDGE || kind == PointKind.OVERLAY_VTEP ? owner : "";
  }
}

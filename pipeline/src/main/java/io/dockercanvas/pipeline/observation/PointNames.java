package io.dockercanvas.pipeline.observation;

import io.dockercanvas.proto.v1.ObservationPoint;
import io.dockercanvas.proto.v1.ObservationPointKind;

/**
 * Canonical observation point names, the same for agent, collector, replay and page: {@code eth0}
 * (the underlay NIC by its own name), {@code docker_gwbridge}, {@code ingress_sbox/<if>}, {@code
 * <network>/vxlan0}, {@code <network>/br0}, {@code lb_<id>/<if>}, {@code <container>/<if>}. File
 * names cannot hold "/", so capture files and manifests write {@code __} instead; both spellings
 * are accepted.
 */
public final class PointNames {

  public static final String GATEWAY_BRIDGE = "docker_gwbridge";
  public static final String INGRESS_SANDBOX = "ingress_sbox";

  private PointNames() {}

  /**
   * The canonical spelling of a point name; a bad name is refused with a message saying what is
   * expected.
   */
  public static String canonical(String name) {
    String point = name == null ? "" : name.trim().replace("__", "/");
    int slash = point.indexOf('/');
    boolean bad =
        point.isEmpty()
            || point.indexOf(':') >= 0
            || point.indexOf('=') >= 0
            || slash == 0
            || slash == point.length() - 1
            || (slash >= 0 && point.indexOf('/', slash + 1) >= 0);
    if (bad) {
      throw new IllegalArgumentException(
          "observation point '"
              + name
              + "': expected an interface (eth0, "
              + "docker_gwbridge) or OWNER/INTERFACE (ingress_sbox/eth1, wordpress_net/vxlan0, web/eth0; "
              + "'__' may stand for '/')");
    }
    return point;
  }

  /** The interface part of a canonical name. */
  public static String interfaceName(String canonical) {
    return canonical.substring(canonical.indexOf('/') + 1);
  }

  /** Where on the overlay path a canonical point lies. */
  public static ObservationPointKind kind(String canonical) {
    int slash = canonical.indexOf('/');
    if (slash < 0) {
      return canonical.equals(GATEWAY_BRIDGE)
          ? ObservationPointKind.OBSERVATION_POINT_KIND_GWBRIDGE
          : ObservationPointKind.OBSERVATION_POINT_KIND_UNDERLAY;
    }
    String owner = canonical.substring(0, slash);
    String iface = canonical.substring(slash + 1);
    if (owner.equals(INGRESS_SANDBOX)) {
      return ObservationPointKind.OBSERVATION_POINT_KIND_INGRESS_SBOX;
    }
    if (iface.equals("vxlan0")) {
      return ObservationPointKind.OBSERVATION_POINT_KIND_OVERLAY_VXLAN;
    }
    if (iface.equals("br0")) {
      return ObservationPointKind.OBSERVATION_POINT_KIND_OVERLAY_BRIDGE;
    }
    return owner.startsWith("lb_")
        ? ObservationPointKind.OBSERVATION_POINT_KIND_LOAD_BALANCER
        : ObservationPointKind.OBSERVATION_POINT_KIND_CONTAINER;
  }

  /**
   * The contract's description of a point; {@code namespacePath} may be empty (a file says nothing
   * of it).
   */
  public static ObservationPoint point(String nodeId, String name, String namespacePath) {
    String canonical = canonical(name);
    return ObservationPoint.newBuilder()
        .setNodeId(nodeId)
        .setNamespacePath(namespacePath == null ? "" : namespacePath)
        .setInterfaceName(interfaceName(canonical))
        .setName(canonical)
        .setKind(kind(canonical))
        .build();
  }
}

package io.dockercanvas.collector.journey;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Places one node's observations of a packet on the node's data-path tree, so hops can be ordered
 * by where they are rather than by when they were stamped. Each place is a lineage: the chain of
 * places from a root.
 *
 * <pre>
 * nic ── docker_gwbridge ─┬─ ingress_sbox(gw side) ── ingress_sbox(overlay side) ── ingress/br0 ─┬─ ingress/vxlan0 ── wire
 *                         └─ container(gw side)                                                 └─ container(ingress side)
 * net/br0 ─┬─ net/vxlan0 ── wire      (a user overlay has its own root: nothing routes it to the host)
 *          └─ container / lb sandbox
 * </pre>
 *
 * An encapsulated observation at the NIC sits beyond its network's vxlan0 ("wire"): that is where
 * it went on the sender and where it came from on the receiver. Containers never forward, so they
 * are path ends.
 */
final class NodePathTree {

  private static final String NIC = "nic";
  private static final String GATEWAY = "gw";
  private static final String SANDBOX_GATEWAY_SIDE = "ingress_sbox:gw";
  private static final String SANDBOX_OVERLAY_SIDE = "ingress_sbox:overlay";

  private final String node;
  private final PathTopology topology;
  private final Set<String> overlaysSeen = new TreeSet<>();
  private final boolean gatewaySideSeen;

  NodePathTree(String node, List<Observation> observations, PathTopology topology) {
    this.node = node;
    this.topology = topology;
    boolean gateway = false;
    for (Observation o : observations) {
      ObservationPoint point = o.point();
      if (o.encapsulated()) {
        topology.networkOfVni(o.vxlan().vni()).ifPresent(overlaysSeen::add);
      } else if (!point.network().isEmpty()) {
        overlaysSeen.add(point.network());
      } else if (point.kind() != PointKind.SANDBOX) {
        gateway = true;
      }
    }
    this.gatewaySideSeen = gateway;
  }

  /** Tree distance between two places. */
  static int distance(List<String> a, List<String> b) {
    int common = 0;
    while (common < a.size() && common < b.size() && a.get(common).equals(b.get(common))) {
      common++;
    }
    return a.size() + b.size() - 2 * common;
  }

  List<String> lineage(Observation o) {
    ObservationPoint point = o.point();
    if (o.encapsulated()) {
      String network = networkOfVni(o.vxlan().vni());
      return append(vtep(network), "wire:" + network);
    }
    return switch (point.kind()) {
      case UNDERLAY_NIC -> List.of(NIC);
      case GATEWAY_BRIDGE -> List.of(NIC, GATEWAY);
      case OVERLAY_BRIDGE -> bridge(point.owner());
      case OVERLAY_VTEP -> vtep(point.owner());
      case SANDBOX -> sandbox(point);
    };
  }

  private List<String> sandbox(ObservationPoint point) {
    Optional<String> known = topology.networkOfInterface(node, point.owner(), point.iface());
    if (point.owner().equals(ObservationPoint.INGRESS_SANDBOX)) {
      // Docker's layout when the topology does not say: eth0 on the ingress overlay, eth1 on
      // docker_gwbridge
      String network =
          known.orElse(
              point.iface().equals("eth0")
                  ? topology.ingressNetwork()
                  : ObservationPoint.GATEWAY_BRIDGE);
      return network.equals(ObservationPoint.GATEWAY_BRIDGE)
          ? List.of(NIC, GATEWAY, SANDBOX_GATEWAY_SIDE)
          : List.of(NIC, GATEWAY, SANDBOX_GATEWAY_SIDE, SANDBOX_OVERLAY_SIDE);
    }
    String leaf = "sandbox:" + point.name();
    String network = known.orElseGet(this::guessContainerNetwork);
    if (network.equals(ObservationPoint.GATEWAY_BRIDGE)) {
      return List.of(NIC, GATEWAY, leaf);
    }
    // an unknown network makes the container a root of its own: still an end of the path, as it
    // should be
    return network.isEmpty() ? List.of(leaf) : append(bridge(network), leaf);
  }

  /**
   * Without topology: the one overlay this packet was seen on at this node, else the gateway side.
   */
  private String guessContainerNetwork() {
    if (overlaysSeen.size() == 1) {
      return overlaysSeen.iterator().next();
    }
    return overlaysSeen.isEmpty() && gatewaySideSeen ? ObservationPoint.GATEWAY_BRIDGE : "";
  }

  private List<String> bridge(String network) {
    String place = "br0:" + network;
    return network.equals(topology.ingressNetwork())
        ? List.of(NIC, GATEWAY, SANDBOX_GATEWAY_SIDE, SANDBOX_OVERLAY_SIDE, place)
        : List.of(place);
  }

  private List<String> vtep(String network) {
    return append(bridge(network), "vxlan0:" + network);
  }

  /**
   * The place just beyond this node's VTEP for a tunnel with this VNI; empty when its network is
   * unknown.
   */
  Optional<List<String>> tunnelEnd(int vni) {
    return knownNetworkOfVni(vni).map(network -> append(vtep(network), "wire:" + network));
  }

  static List<String> nic() {
    return List.of(NIC);
  }

  private String networkOfVni(int vni) {
    return knownNetworkOfVni(vni).orElse("vni:" + vni);
  }

  private Optional<String> knownNetworkOfVni(int vni) {
    // offline without topology: the only overlay named at this node is the one the VNI belongs to
    return topology
        .networkOfVni(vni)
        .or(
            () ->
                overlaysSeen.size() == 1
                    ? Optional.of(overlaysSeen.iterator().next())
                    : Optional.empty());
  }

  private static List<String> append(List<String> lineage, String place) {
    List<String> longer = new ArrayList<>(lineage.size() + 1);
    longer.addAll(lineage);
    longer.add(place);
    return longer;
  }
}

package io.dockercanvas.collector.journey;

import io.dockercanvas.collector.journey.ExpectedPath.Route;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Works out the {@link ExpectedPath} of a packet from what its observations say about where it
 * started and where it is going, and from the cluster topology: which container owns an address,
 * which network a sandbox interface is on, which node owns an underlay address.
 *
 * <ul>
 *   <li>from a container to a container on the same overlay and node: {@code c1/eth, net/br0,
 *       c2/eth}; on two nodes: {@code c1/eth, net/br0, net/vxlan0, eth0} then {@code eth0,
 *       net/vxlan0, net/br0, c2/eth} on the other node;
 *   <li>to a port published in host mode (this lab, no IPVS): {@code eth0, docker_gwbridge,
 *       task/eth1}, and back;
 *   <li>through the routing mesh: {@code eth0, docker_gwbridge, ingress_sbox/eth1,
 *       ingress_sbox/eth0, ingress/br0}, then over the ingress overlay to the task;
 *   <li>between hosts with known addresses (an outside client given by address): their NICs.
 * </ul>
 *
 * Points of capture-only pseudo-nodes without an address (an underlay bridge) are never expected:
 * nothing says which of them a packet crosses. Empty when the ends are not known (an address no
 * topology lists): no path is claimed then.
 */
public final class ExpectedPaths {

  private final PathTopology topology;

  public ExpectedPaths(PathTopology topology) {
    this.topology = topology;
  }

  /**
   * @param hops the packet's observations in path order (a journey's hops)
   * @param coverage names each node's NIC point
   */
  public Optional<ExpectedPath> of(List<Observation> hops, CaptureCoverage coverage) {
    if (hops.isEmpty()) {
      return Optional.empty();
    }
    Optional<Anchor> source = source(hops);
    if (source.isEmpty()) {
      return Optional.empty();
    }
    Optional<Anchor> destination = destination(hops, source.get());
    if (destination.isEmpty()) {
      return Optional.empty();
    }
    return new Builder(coverage).path(source.get(), destination.get(), hops);
  }

  /**
   * Where a packet starts: a container's interface, or a host's NIC (node, or a host known by its
   * address), or, for an unknown outside address, the NIC of the node it was sent to.
   */
  private Optional<Anchor> source(List<Observation> hops) {
    Observation first = hops.get(0);
    if (isContainer(first) && !first.encapsulated()) {
      Optional<Endpoint> at = containerAt(first, hops);
      if (at.isPresent()) {
        return Optional.of(Anchor.container(at.get()));
      }
    }
    String src = first.headers().src();
    Optional<Endpoint> owner = topology.endpointOf(src);
    if (owner.isPresent()) {
      return Optional.of(Anchor.container(owner.get()));
    }
    Optional<String> host = topology.nodeOfAddress(src);
    if (host.isPresent()) {
      return Optional.of(Anchor.host(host.get()));
    }
    return topology.nodeOfAddress(first.headers().dst()).map(Anchor::entry);
  }

  /**
   * Where it is going: the container owning its (translated) destination, the container a bridge
   * forwards it to (by the frame's MAC), the container where it was last seen, a host by address,
   * or out of the source's node.
   */
  private Optional<Anchor> destination(List<Observation> hops, Anchor source) {
    Observation last = hops.get(hops.size() - 1);
    String dst = last.headers().dst();
    Optional<Endpoint> owner = topology.endpointOf(dst);
    if (owner.isPresent()) {
      return Optional.of(Anchor.container(owner.get()));
    }
    if (isContainer(last)
        && !last.encapsulated()
        && !PathPoint.of(last).equals(source.point(null))) {
      Optional<Endpoint> at = containerAt(last, hops);
      if (at.isPresent()) {
        return Optional.of(Anchor.container(at.get()));
      }
    }
    Optional<Endpoint> bridged = bridgedTo(last);
    if (bridged.isPresent() && !bridged.get().point().equals(source.point(null))) {
      return Optional.of(Anchor.container(bridged.get()));
    }
    Optional<String> host = topology.nodeOfAddress(dst);
    if (host.isPresent()) {
      return Optional.of(Anchor.host(host.get()));
    }
    return source.endpoint() == null ? Optional.empty() : Optional.of(Anchor.exit(source.node()));
  }

  /** A frame on a bridge goes to the port with its destination MAC. */
  private Optional<Endpoint> bridgedTo(Observation o) {
    PointKind kind = o.point().kind();
    if (o.encapsulated()
        || (kind != PointKind.GATEWAY_BRIDGE && kind != PointKind.OVERLAY_BRIDGE)
        || o.linkType() != Observation.LINKTYPE_ETHERNET
        || o.frame().size() < 6) {
      return Optional.empty();
    }
    String mac = HexFormat.ofDelimiter(":").formatHex(o.frame().substring(0, 6).toByteArray());
    return topology.endpointOfMac(o.node(), mac);
  }

  private static boolean isContainer(Observation o) {
    ObservationPoint point = o.point();
    return point.kind() == PointKind.SANDBOX
        && !point.owner().equals(ObservationPoint.INGRESS_SANDBOX)
        && !point.owner().startsWith("lb_");
  }

  /**
   * The container interface of a sandbox observation, with its network: from the topology, else
   * from where else the packet was seen on that node (docker_gwbridge, or one overlay's br0).
   */
  private Optional<Endpoint> containerAt(Observation o, List<Observation> hops) {
    ObservationPoint point = o.point();
    Optional<String> network =
        topology
            .networkOfInterface(o.node(), point.owner(), point.iface())
            .or(() -> networkSeenOn(o.node(), hops));
    return network.map(n -> new Endpoint(o.node(), point.owner(), point.iface(), n));
  }

  private static Optional<String> networkSeenOn(String node, List<Observation> hops) {
    for (Observation o : hops) {
      if (o.node().equals(node) && !o.encapsulated()) {
        ObservationPoint point = o.point();
        if (point.kind() == PointKind.GATEWAY_BRIDGE) {
          return Optional.of(ObservationPoint.GATEWAY_BRIDGE);
        }
        if (point.kind() == PointKind.OVERLAY_BRIDGE || point.kind() == PointKind.OVERLAY_VTEP) {
          return Optional.of(point.network());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * One end of a path.
   *
   * @param endpoint the container interface; null for a host's NIC
   * @param outside the far end is beyond the node's NIC, not a capture point: entering from an
   *     unknown client, or leaving to one
   */
  private record Anchor(String node, Endpoint endpoint, boolean outside) {

    static Anchor container(Endpoint endpoint) {
      return new Anchor(endpoint.node(), endpoint, false);
    }

    static Anchor host(String node) {
      return new Anchor(node, null, false);
    }

    static Anchor entry(String node) {
      return new Anchor(node, null, true);
    }

    static Anchor exit(String node) {
      return new Anchor(node, null, true);
    }

    PathPoint point(String nic) {
      return endpoint == null ? new PathPoint(node, nic == null ? "" : nic) : endpoint.point();
    }

    boolean isHost() {
      return endpoint == null;
    }

    String network() {
      return endpoint == null ? "" : endpoint.network();
    }
  }

  /** Lays the points between two anchors out on Docker's per-node layout. */
  private final class Builder {

    private final CaptureCoverage coverage;
    private final List<PathPoint> points = new ArrayList<>();

    Builder(CaptureCoverage coverage) {
      this.coverage = coverage;
    }

    Optional<ExpectedPath> path(Anchor from, Anchor to, List<Observation> hops) {
      if (!from.isHost() && !to.isHost()) {
        return containers(from, to);
      }
      if (from.isHost() && to.isHost()) {
        if (from.node().equals(to.node())) {
          return Optional.empty();
        }
        add(nic(from.node()));
        add(nic(to.node()));
        return done(Route.UNDERLAY);
      }
      if (from.isHost()) {
        return intoContainer(from, to, hops);
      }
      return outOfContainer(from, to);
    }

    private Optional<ExpectedPath> containers(Anchor from, Anchor to) {
      String network = from.network();
      if (!network.equals(to.network())) {
        return Optional.empty();
      }
      if (network.equals(ObservationPoint.GATEWAY_BRIDGE)) {
        if (!from.node().equals(to.node())) {
          return Optional.empty();
        }
        add(from.point(null));
        add(gateway(from.node()));
        add(to.point(null));
        return done(Route.LOCAL_BRIDGE);
      }
      add(from.point(null));
      add(bridge(from.node(), network));
      if (from.node().equals(to.node())) {
        add(to.point(null));
        return done(Route.LOCAL_BRIDGE);
      }
      tunnel(from.node(), to.node(), network);
      add(to.point(null));
      return done(Route.OVERLAY);
    }

    /** From a host's NIC (or an outside client entering at a node's NIC) into a container. */
    private Optional<ExpectedPath> intoContainer(Anchor from, Anchor to, List<Observation> hops) {
      String entry = from.outside() ? from.node() : entryNode(from, to, hops);
      if (!from.outside() && !from.node().equals(entry)) {
        add(nic(from.node()));
      }
      String network = to.network();
      if (network.equals(ObservationPoint.GATEWAY_BRIDGE)) {
        if (!entry.equals(to.node())) {
          return Optional.empty();
        }
        add(nic(entry));
        add(gateway(entry));
        add(to.point(null));
        return done(Route.PUBLISHED_HOST_MODE);
      }
      if (!network.equals(topology.ingressNetwork())) {
        return Optional.empty();
      }
      add(nic(entry));
      add(gateway(entry));
      add(new PathPoint(entry, ObservationPoint.INGRESS_SANDBOX + "/eth1"));
      add(new PathPoint(entry, ObservationPoint.INGRESS_SANDBOX + "/eth0"));
      add(bridge(entry, network));
      if (!entry.equals(to.node())) {
        tunnel(entry, to.node(), network);
      }
      add(to.point(null));
      return done(Route.ROUTING_MESH);
    }

    /** From a container out through its node's NIC, to a host by address or to the outside. */
    private Optional<ExpectedPath> outOfContainer(Anchor from, Anchor to) {
      String network = from.network();
      if (!network.equals(ObservationPoint.GATEWAY_BRIDGE)) {
        return Optional.empty(); // routing-mesh replies leave by ingress_sbox: not modelled yet
      }
      add(from.point(null));
      add(gateway(from.node()));
      add(nic(from.node()));
      if (!to.outside() && !to.node().equals(from.node())) {
        add(nic(to.node()));
      }
      return done(Route.PUBLISHED_HOST_MODE);
    }

    /** The node a host's packet was addressed to (a published port there), else the container's. */
    private String entryNode(Anchor from, Anchor to, List<Observation> hops) {
      for (Observation o : hops) {
        Optional<String> addressed = topology.nodeOfAddress(o.headers().dst());
        if (addressed.isPresent() && !addressed.get().equals(from.node())) {
          return addressed.get();
        }
      }
      return to.node();
    }

    private void tunnel(String from, String to, String network) {
      add(new PathPoint(from, network + "/" + ObservationPoint.OVERLAY_VTEP));
      add(nic(from));
      add(nic(to));
      add(new PathPoint(to, network + "/" + ObservationPoint.OVERLAY_VTEP));
      add(bridge(to, network));
    }

    private PathPoint nic(String node) {
      return new PathPoint(node, coverage.nicOf(node));
    }

    private PathPoint gateway(String node) {
      return new PathPoint(node, ObservationPoint.GATEWAY_BRIDGE);
    }

    private PathPoint bridge(String node, String network) {
      return new PathPoint(node, network + "/" + ObservationPoint.OVERLAY_BRIDGE);
    }

    private void add(PathPoint point) {
      if (points.isEmpty() || !points.get(points.size() - 1).equals(point)) {
        points.add(point);
      }
    }

    private Optional<ExpectedPath> done(Route route) {
      return points.isEmpty() ? Optional.empty() : Optional.of(new ExpectedPath(route, points));
    }
  }
}

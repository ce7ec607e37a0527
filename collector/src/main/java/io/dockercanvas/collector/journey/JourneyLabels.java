package io.dockercanvas.collector.journey;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which overlay networks and services a journey touches: for filters and colour on the page. */
final class JourneyLabels {

  private final PathTopology topology;

  JourneyLabels(PathTopology topology) {
    this.topology = topology;
  }

  List<String> networks(List<Observation> hops) {
    Set<String> networks = new LinkedHashSet<>();
    for (Observation o : hops) {
      ObservationPoint point = o.point();
      if (o.encapsulated()) {
        topology.networkOfVni(o.vxlan().vni()).ifPresent(networks::add);
      } else if (!point.network().isEmpty()) {
        networks.add(point.network());
      } else if (point.kind() == PointKind.SANDBOX) {
        topology
            .networkOfInterface(o.node(), point.owner(), point.iface())
            .filter(n -> !n.equals(ObservationPoint.GATEWAY_BRIDGE))
            .ifPresent(networks::add);
      }
    }
    return List.copyOf(networks);
  }

  List<String> services(List<Observation> hops) {
    Set<String> services = new LinkedHashSet<>();
    for (Observation o : hops) {
      ObservationPoint point = o.point();
      if (point.kind() == PointKind.SANDBOX) {
        topology.serviceOfSandbox(o.node(), point.owner()).ifPresent(services::add);
      }
    }
    return List.copyOf(services);
  }
}

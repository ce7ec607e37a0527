package io.dockercanvas.collector.topology;

import io.dockercanvas.collector.journey.NodeAddresses;
import io.dockercanvas.collector.journey.ObservationPoint;
import io.dockercanvas.collector.store.IpRange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Copies what the stitcher needs out of a node's report into {@link NodeAddresses}: the node's underlay
 * and VTEP addresses, each overlay's VNI, which network each sandbox interface is on (by its addresses
 * and the networks' subnets) and which service each container serves.
 */
final class PathFacts {

  private PathFacts() {}

  static void record(NodeTopology topology, NodeAddresses facts) {
    String node = topology.node().id();
    facts.removeNode(node);
    if (!topology.node().advertiseAddress().isEmpty()) {
      facts.putAddress(node, topology.node().advertiseAddress());
    }
    for (NetworkInfo network : topology.networks()) {
      if (network.overlay()) {
        network.vnis().forEach(vni -> facts.putNetwork(network.name(), vni));
      }
      if (network.ingress()) {
        facts.ingressNetwork(network.name());
      }
    }
    Map<String, String> serviceByContainer = new HashMap<>();
    topology.containers().forEach(c -> serviceByContainer.put(c.id(), c.serviceName()));

    for (NetNamespace ns : topology.namespaces()) {
      for (NetNamespace.Interface iface : ns.interfaces()) {
        if (iface.vxlan() != null && !iface.vxlan().localAddress().isEmpty()) {
          facts.putAddress(node, iface.vxlan().localAddress());
        }
      }
      String sandbox = sandboxName(ns);
      if (sandbox.isEmpty()) {
        continue;
      }
      for (NetNamespace.Interface iface : ns.interfaces()) {
        networkOf(iface, topology.networks()).ifPresent(n -> facts.putInterface(node, sandbox, iface.name(), n));
      }
      String service = serviceByContainer.getOrDefault(ns.containerId(), "");
      if (!service.isEmpty()) {
        facts.putService(node, sandbox, service);
      }
    }
  }

  /** The first part of an observation point name inside this namespace, or "" for host and overlay ones. */
  static String sandboxName(NetNamespace ns) {
    return switch (ns.kind()) {
      case "ingress_sbox" -> ObservationPoint.INGRESS_SANDBOX;
      case "container" -> ns.containerName();
      case "load_balancer" -> ns.name();
      default -> "";
    };
  }

  private static Optional<String> networkOf(NetNamespace.Interface iface, List<NetworkInfo> networks) {
    for (String cidr : iface.addresses()) {
      String address = cidr.contains("/") ? cidr.substring(0, cidr.indexOf('/')) : cidr;
      for (NetworkInfo network : networks) {
        boolean gateway = network.name().equals(ObservationPoint.GATEWAY_BRIDGE);
        if (!network.overlay() && !gateway) {
          continue; // docker0 and other local bridges are not on the overlay path
        }
        for (NetworkInfo.Subnet subnet : network.subnets()) {
          if (inSubnet(subnet.cidr(), address)) {
            return Optional.of(gateway ? ObservationPoint.GATEWAY_BRIDGE : network.name());
          }
        }
      }
    }
    return Optional.empty();
  }

  private static boolean inSubnet(String cidr, String address) {
    try {
      return IpRange.parse(cidr).contains(address);
    } catch (IllegalArgumentException e) {
      return false; // an engine reporting a malformed subnet only loses this hint
    }
  }
}

package io.dockercanvas.collector.topology;

import io.dockercanvas.collector.journey.NodeAddresses;
import io.dockercanvas.collector.journey.ObservationPoint;
import io.dockercanvas.collector.store.IpRange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Copies what the stitcher needs out of a node's report into {@link NodeAddresses}: the node's
 * underlay and VTEP addresses, each overlay's VNI, which network each sandbox interface is on (by
 * its addresses and the networks' subnets, else by its MAC among the container's attachments) and
 * which service each container serves.
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
    Map<String, ContainerInfo> containers = new HashMap<>();
    topology.containers().forEach(c -> containers.put(c.id(), c));

    for (NetNamespace ns : topology.namespaces()) {
      for (NetNamespace.Interface iface : ns.interfaces()) {
        if (iface.vxlan() != null && !iface.vxlan().localAddress().isEmpty()) {
          facts.putAddress(node, iface.vxlan().localAddress());
        }
      }
      ContainerInfo container = containers.get(ns.containerId());
      List<Attachment> attachments = container == null ? List.of() : container.networks();
      String service = container == null ? "" : container.serviceName();
      for (String sandbox : sandboxNames(ns, service)) {
        for (NetNamespace.Interface iface : ns.interfaces()) {
          networkOf(iface, attachments, topology.networks())
              .ifPresent(n -> facts.putInterface(node, sandbox, iface.name(), n));
        }
        if (!service.isEmpty()) {
          facts.putService(node, sandbox, service);
        }
      }
    }
  }

  /**
   * The first part of the observation point names inside this namespace; none for host and overlay
   * ones. A task's container goes by its service's name in captures ({@code web/eth0}) and by its
   * own name ({@code web.1.p7uq...}) in the engine's lists: both are known.
   */
  static List<String> sandboxNames(NetNamespace ns, String service) {
    return switch (ns.kind()) {
      case INGRESS_SBOX -> List.of(ObservationPoint.INGRESS_SANDBOX);
      case CONTAINER ->
          Stream.of(ns.containerName(), service)
              .filter(name -> !name.isEmpty())
              .distinct()
              .toList();
      case LOAD_BALANCER -> List.of(ns.name());
      case HOST, OVERLAY, UNKNOWN -> List.of();
    };
  }

  /**
   * The network an interface is on: by its addresses, which the agent does not always record, else
   * by its MAC among the container's attachments (Docker gives each endpoint its own MAC).
   */
  private static Optional<String> networkOf(
      NetNamespace.Interface iface, List<Attachment> attachments, List<NetworkInfo> networks) {
    for (String cidr : iface.addresses()) {
      String address = cidr.contains("/") ? cidr.substring(0, cidr.indexOf('/')) : cidr;
      for (NetworkInfo network : networks) {
        if (onPath(network)) {
          for (NetworkInfo.Subnet subnet : network.subnets()) {
            if (inSubnet(subnet.cidr(), address)) {
              return Optional.of(network.name());
            }
          }
        }
      }
    }
    for (Attachment attachment : attachments) {
      if (!iface.mac().isEmpty() && iface.mac().equalsIgnoreCase(attachment.mac())) {
        return networks.stream()
            .filter(
                n ->
                    n.id().equals(attachment.networkId())
                        || n.name().equals(attachment.networkName()))
            .filter(PathFacts::onPath)
            .findFirst()
            .map(NetworkInfo::name);
      }
    }
    return Optional.empty();
  }

  /** Overlays and docker_gwbridge; docker0 and other local bridges are not on the overlay path. */
  private static boolean onPath(NetworkInfo network) {
    return network.overlay() || network.name().equals(ObservationPoint.GATEWAY_BRIDGE);
  }

  private static boolean inSubnet(String cidr, String address) {
    try {
      return IpRange.parse(cidr).contains(address);
    } catch (IllegalArgumentException e) {
      return false; // an engine reporting a malformed subnet only loses this hint
    }
  }
}

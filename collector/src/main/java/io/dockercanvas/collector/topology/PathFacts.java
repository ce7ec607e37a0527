package io.dockercanvas.collector.topology;

import io.dockercanvas.collector.journey.Endpoint;
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
      List<String> sandboxes = sandboxNames(ns, service);
      for (String sandbox : sandboxes) {
        for (NetNamespace.Interface iface : ns.interfaces()) {
          networkOf(iface, attachments, topology.networks())
              .ifPresent(n -> facts.putInterface(node, sandbox, iface.name(), n));
        }
        if (!service.isEmpty()) {
          facts.putService(node, sandbox, service);
        }
      }
      if (!sandboxes.isEmpty()) {
        recordEndpoints(node, pointName(sandboxes, service), ns, attachments, topology, facts);
      }
      if (!ns.ipvs().isEmpty()) {
        String name =
            ns.kind() == NetNamespace.Kind.INGRESS_SBOX
                ? ObservationPoint.INGRESS_SANDBOX
                : ns.name();
        facts.putIpvs(node, name, ns.kind() != NetNamespace.Kind.INGRESS_SBOX, ns.ipvs());
      }
    }
    recordTaskNames(node, topology, facts);
  }

  /**
   * "web.1" for the addresses of each task container this node runs: how an IPVS choice names its
   * backend. Docker names a task's container "<service>.<slot>.<task id>" (global services use the
   * node id for the slot).
   */
  private static void recordTaskNames(String node, NodeTopology topology, NodeAddresses facts) {
    for (ContainerInfo container : topology.containers()) {
      if (container.serviceName().isEmpty()) {
        continue;
      }
      String name = container.name();
      int lastDot = name.lastIndexOf('.');
      String task =
          name.startsWith(container.serviceName() + ".")
                  && lastDot > container.serviceName().length()
              ? name.substring(0, lastDot)
              : container.serviceName();
      for (Attachment attachment : container.networks()) {
        attachment.addresses().forEach(a -> facts.putTask(node, bare(a), task));
      }
    }
  }

  /** Captures name a task's sandbox by its service, any other container by its own name. */
  private static String pointName(List<String> sandboxes, String service) {
    return service.isEmpty() ? sandboxes.get(0) : service;
  }

  /**
   * Where packets to a sandbox's addresses end (its interface on each network) and which MAC leads
   * a bridge to it: the ends of the expected path.
   */
  private static void recordEndpoints(
      String node,
      String sandbox,
      NetNamespace ns,
      List<Attachment> attachments,
      NodeTopology topology,
      NodeAddresses facts) {
    for (NetNamespace.Interface iface : ns.interfaces()) {
      Optional<String> network =
          networkOf(iface, attachments, topology.networks())
              .or(() -> gatewayBridgePeer(iface, topology));
      if (network.isEmpty()) {
        continue;
      }
      Endpoint endpoint = new Endpoint(node, sandbox, iface.name(), network.get());
      if (!iface.mac().isEmpty()) {
        facts.putMac(iface.mac(), endpoint);
      }
      if (network.get().equals(ObservationPoint.GATEWAY_BRIDGE)) {
        continue; // docker_gwbridge addresses repeat on every node: only its MAC says which port
      }
      for (Attachment attachment : attachments) {
        if (attachment.networkName().equals(network.get())) {
          attachment.addresses().forEach(a -> facts.putEndpoint(bare(a), endpoint));
        }
      }
      iface.addresses().forEach(a -> facts.putEndpoint(bare(a), endpoint));
    }
  }

  /**
   * A container's veth whose peer in the host namespace is a port of docker_gwbridge: the interface
   * published ports come in by (its address is in no attachment).
   */
  private static Optional<String> gatewayBridgePeer(
      NetNamespace.Interface iface, NodeTopology topology) {
    if (iface.peerIndex() <= 0) {
      return Optional.empty();
    }
    return topology.namespaces().stream()
        .filter(ns -> ns.kind() == NetNamespace.Kind.HOST)
        .flatMap(ns -> ns.interfaces().stream())
        .filter(
            host ->
                host.index() == iface.peerIndex()
                    && ObservationPoint.GATEWAY_BRIDGE.equals(host.master()))
        .findFirst()
        .map(host -> ObservationPoint.GATEWAY_BRIDGE);
  }

  private static String bare(String cidr) {
    int slash = cidr.indexOf('/');
    return slash < 0 ? cidr : cidr.substring(0, slash);
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

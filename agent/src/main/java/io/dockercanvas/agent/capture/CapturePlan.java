package io.dockercanvas.agent.capture;

import io.dockercanvas.agent.discovery.DockerNetwork;
import io.dockercanvas.agent.discovery.DockerService;
import io.dockercanvas.agent.netns.NamespaceOwner;
import io.dockercanvas.agent.netns.NamespaceRole;
import io.dockercanvas.agent.netns.NetInterface;
import io.dockercanvas.agent.netns.ObservedNamespace;
import io.dockercanvas.agent.node.NodeState;
import io.dockercanvas.pipeline.observation.PointNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The observation points of a node and their kernel filters, derived from what the agent knows: the
 * underlay NIC ({@code udp port <data-path port>} plus published ports), {@code docker_gwbridge}
 * (published and target ports), every interface of {@code ingress_sbox}, {@code vxlan0} and {@code
 * br0} of each overlay namespace (IP traffic of the network's subnets), and every interface of each
 * container's namespace (its overlay {@code eth0} and its {@code docker_gwbridge} port {@code
 * eth1}: where a task answers, or where a published port never arrives).
 *
 * <p>Workers cannot list services, so they do not know the published ports: there the underlay
 * keeps all TCP except swarm control traffic (2377, 7946) and the gateway bridge keeps all IP
 * traffic.
 */
public final class CapturePlan {

  private static final String SWARM_CONTROL = "tcp and not port 2377 and not port 7946";

  private CapturePlan() {}

  public static List<CapturePoint> of(NodeState state) {
    List<CapturePoint> points = new ArrayList<>();
    List<DockerService.PublishedPort> published =
        state.docker() == null
            ? List.of()
            : state.docker().services().stream().flatMap(s -> s.ports().stream()).toList();
    boolean portsKnown = state.docker() != null && state.docker().node().isManager();
    if (!state.underlayInterface().isEmpty()
        && state.host().interfaceNamed(state.underlayInterface()).isPresent()) {
      points.add(
          host(
              state,
              state.underlayInterface(),
              underlayFilter(state.dataPathPort(), published, portsKnown)));
    }
    if (state.host().interfaceNamed(PointNames.GATEWAY_BRIDGE).isPresent()) {
      points.add(host(state, PointNames.GATEWAY_BRIDGE, gatewayFilter(published, portsKnown)));
    }
    state.namespaces().values().stream()
        .sorted(Comparator.comparing(ObservedNamespace::name))
        .forEach(
            ns -> {
              if (ns.role().kind() == NamespaceRole.Kind.INGRESS_SANDBOX) {
                for (NetInterface i : ns.inventory().interfaces()) {
                  if (!"loopback".equals(i.kind()) && i.up()) {
                    points.add(
                        inNamespace(
                            state,
                            ns,
                            PointNames.INGRESS_SANDBOX + "/" + i.name(),
                            i.name(),
                            "ip or ip6"));
                  }
                }
              } else if (ns.role().kind() == NamespaceRole.Kind.CONTAINER
                  && state.docker() != null) {
                containerName(ns, state)
                    .ifPresent(
                        owner -> {
                          for (NetInterface i : ns.inventory().interfaces()) {
                            if (!"loopback".equals(i.kind()) && i.up()) {
                              points.add(
                                  inNamespace(
                                      state,
                                      ns,
                                      owner + "/" + i.name(),
                                      i.name(),
                                      excluding(state, "ip or ip6")));
                            }
                          }
                        });
              } else if (ns.role().kind() == NamespaceRole.Kind.OVERLAY && state.docker() != null) {
                NamespaceOwner owner = NamespaceOwner.of(ns.name(), state.docker());
                Optional<DockerNetwork> network = owner.networkIn(state.docker());
                if (network.isPresent()) {
                  String filter = subnetFilter(network.get());
                  for (String device : List.of("vxlan0", "br0")) {
                    if (ns.inventory().interfaceNamed(device).isPresent()) {
                      points.add(
                          inNamespace(
                              state, ns, network.get().name() + "/" + device, device, filter));
                    }
                  }
                }
              }
            });
    return points;
  }

  /**
   * The owner part of a container's point names, as the collector's topology names it: a task's
   * container by its service ({@code web/eth1}), unless two tasks of the service run here, any
   * other container by its own name ({@code client/eth0}). Empty while discovery does not know the
   * container yet.
   */
  private static Optional<String> containerName(ObservedNamespace ns, NodeState state) {
    NamespaceOwner owner = NamespaceOwner.of(ns.name(), state.docker());
    if (owner.containerId().isEmpty() || owner.containerName().isEmpty()) {
      return Optional.empty();
    }
    String service = owner.serviceName();
    boolean alone =
        !service.isEmpty()
            && state.docker().containers().stream()
                    .filter(c -> service.equals(c.serviceName()))
                    .count()
                == 1;
    return Optional.of(alone ? service : owner.containerName());
  }

  static String underlayFilter(
      int dataPathPort, List<DockerService.PublishedPort> published, boolean portsKnown) {
    StringBuilder filter = new StringBuilder("udp port ").append(dataPathPort);
    if (!portsKnown) {
      return filter.append(" or (").append(SWARM_CONTROL).append(")").toString();
    }
    for (DockerService.PublishedPort port : sorted(published)) {
      filter.append(" or ").append(protocol(port)).append(" port ").append(port.publishedPort());
    }
    return filter.toString();
  }

  static String gatewayFilter(List<DockerService.PublishedPort> published, boolean portsKnown) {
    if (!portsKnown || published.isEmpty()) {
      return "ip or ip6";
    }
    TreeSet<String> terms = new TreeSet<>();
    for (DockerService.PublishedPort port : published) {
      terms.add(protocol(port) + " port " + port.publishedPort());
      terms.add(protocol(port) + " port " + port.targetPort());
    }
    return String.join(" or ", terms);
  }

  private static String subnetFilter(DockerNetwork network) {
    List<String> nets = network.subnets().stream().map(s -> "net " + s.cidr()).toList();
    return nets.isEmpty() ? "ip or ip6" : String.join(" or ", nets);
  }

  private static String protocol(DockerService.PublishedPort port) {
    return port.protocol().isEmpty() ? "tcp" : port.protocol().toLowerCase();
  }

  private static List<DockerService.PublishedPort> sorted(List<DockerService.PublishedPort> ports) {
    return ports.stream()
        .sorted(Comparator.comparingInt(DockerService.PublishedPort::publishedPort))
        .distinct()
        .toList();
  }

  private static CapturePoint host(NodeState state, String interfaceName, String filter) {
    return new CapturePoint(
        "",
        interfaceName,
        excluding(state, filter),
        PointNames.point(state.nodeId(), interfaceName, state.hostNamespacePath()));
  }

  private static CapturePoint inNamespace(
      NodeState state, ObservedNamespace ns, String name, String device, String filter) {
    return new CapturePoint(
        ns.name(), device, filter, PointNames.point(state.nodeId(), name, ns.file().toString()));
  }

  /**
   * The pcap expression matching the agent's own stream to the collector at {@code host:port}: that
   * host and port for an IPv4 address; only the port for a name, which the agent does not resolve
   * here.
   */
  public static String collectorExclusion(String host, int port) {
    return host.matches("[0-9.]+") ? "host " + host + " and tcp port " + port : "tcp port " + port;
  }

  /** Keeps the agent's own stream to the collector out of the host captures. */
  private static String excluding(NodeState state, String filter) {
    return state.excludedFilter().isEmpty()
        ? filter
        : "(" + filter + ") and not (" + state.excludedFilter() + ")";
  }
}

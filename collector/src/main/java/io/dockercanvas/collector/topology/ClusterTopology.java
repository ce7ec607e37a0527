package io.dockercanvas.collector.topology;

import io.dockercanvas.collector.store.FilterNames;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The cluster merged from every node's report. Managers first; services and tasks from managers.
 * {@code presences} says which nodes are gone (a node not in it is {@link NodePresence#UP}).
 */
public record ClusterTopology(
    List<NodeTopology> nodes,
    List<ClusterNetwork> networks,
    List<ServiceInfo> services,
    List<TaskInfo> tasks,
    List<VxlanTunnel> tunnels,
    Map<String, NodePresence> presences,
    Instant updatedAt) {

  public static final ClusterTopology EMPTY =
      new ClusterTopology(
          List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), Instant.EPOCH);

  public ClusterTopology {
    presences = Map.copyOf(presences);
    nodes = List.copyOf(nodes);
    networks = List.copyOf(networks);
    services = List.copyOf(services);
    tasks = List.copyOf(tasks);
    tunnels = List.copyOf(tunnels);
  }

  public NodePresence presenceOf(String nodeId) {
    return presences.getOrDefault(nodeId, NodePresence.UP);
  }

  /** What network and service names or ids in a filter stand for, in this topology. */
  public FilterNames filterNames() {
    return new FilterNames() {
      @Override
      public Set<String> networks(String nameOrId) {
        Set<String> names = new HashSet<>(Set.of(nameOrId));
        networks.stream()
            .map(ClusterNetwork::network)
            .filter(n -> n.id().equals(nameOrId))
            .forEach(n -> names.add(n.name()));
        return names;
      }

      @Override
      public Set<String> services(String nameOrId) {
        Set<String> names = new HashSet<>(Set.of(nameOrId));
        servicesNamed(nameOrId).forEach(s -> names.add(s.name()));
        return names;
      }

      @Override
      public List<String> taskAddresses(String serviceNameOrId) {
        Set<String> ids =
            servicesNamed(serviceNameOrId).map(ServiceInfo::id).collect(Collectors.toSet());
        // tasks come from managers only; every node reports its task containers with their labels
        Stream<Attachment> ofTasks =
            tasks.stream()
                .filter(t -> ids.contains(t.serviceId()))
                .flatMap(t -> t.networks().stream());
        Stream<Attachment> ofContainers =
            nodes.stream()
                .flatMap(n -> n.containers().stream())
                .filter(
                    c ->
                        ids.contains(c.serviceId())
                            || serviceNameOrId.equals(c.serviceName())
                            || serviceNameOrId.equals(c.serviceId()))
                .flatMap(c -> c.networks().stream());
        return Stream.concat(ofTasks, ofContainers)
            .flatMap(a -> a.addresses().stream())
            .distinct()
            .toList();
      }

      @Override
      public List<String> virtualIps(String serviceNameOrId) {
        return servicesNamed(serviceNameOrId)
            .flatMap(s -> s.virtualIps().stream())
            .flatMap(a -> a.addresses().stream())
            .toList();
      }

      private Stream<ServiceInfo> servicesNamed(String nameOrId) {
        return services.stream().filter(s -> s.name().equals(nameOrId) || s.id().equals(nameOrId));
      }
    };
  }

  /** A network once, with every node that has a namespace for it. */
  public record ClusterNetwork(NetworkInfo network, List<String> nodeIds) {

    public ClusterNetwork {
      nodeIds = List.copyOf(nodeIds);
    }
  }

  /** One direction of a tunnel: {@code localNodeId}'s vxlan0 sends to {@code remoteVtep}. */
  public record VxlanTunnel(
      String networkId,
      int vni,
      int port,
      String localNodeId,
      String localVtep,
      String remoteNodeId,
      String remoteVtep) {}
}

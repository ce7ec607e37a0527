package io.dockercanvas.collector.topology;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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

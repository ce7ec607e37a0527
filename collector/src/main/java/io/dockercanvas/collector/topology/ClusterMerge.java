package io.dockercanvas.collector.topology;

import io.dockercanvas.collector.topology.ClusterTopology.ClusterNetwork;
import io.dockercanvas.collector.topology.ClusterTopology.VxlanTunnel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges the nodes' reports into one cluster view: each overlay network once with the nodes it
 * spans, services and tasks from the managers, and the VXLAN tunnels the vxlan0 forwarding entries
 * point along.
 */
final class ClusterMerge {

  private ClusterMerge() {}

  static ClusterTopology merge(
      Collection<NodeTopology> reports, Map<String, NodePresence> states, Instant now) {
    List<NodeTopology> nodes = new ArrayList<>(reports);
    nodes.sort(
        Comparator.comparing((NodeTopology t) -> !t.node().manager())
            .thenComparing(t -> t.node().id()));
    return new ClusterTopology(
        nodes, networks(nodes), services(nodes), tasks(nodes), tunnels(nodes), states, now);
  }

  private static List<ClusterNetwork> networks(List<NodeTopology> nodes) {
    Map<String, NetworkInfo> definitions = new LinkedHashMap<>();
    Map<String, Set<String>> spans = new HashMap<>();
    for (NodeTopology t : nodes) {
      for (NetworkInfo network : t.networks()) {
        // engines describe a network with more or less detail (peers only where it is in use)
        definitions.merge(network.id(), network, (a, b) -> detail(b) > detail(a) ? b : a);
      }
      for (NetNamespace ns : t.namespaces()) {
        if (ns.kind() == NetNamespace.Kind.OVERLAY && !ns.networkId().isEmpty()) {
          spans.computeIfAbsent(ns.networkId(), id -> new LinkedHashSet<>()).add(t.node().id());
        }
      }
    }
    List<ClusterNetwork> merged = new ArrayList<>();
    definitions.forEach(
        (id, network) ->
            merged.add(new ClusterNetwork(network, List.copyOf(spans.getOrDefault(id, Set.of())))));
    return merged;
  }

  private static int detail(NetworkInfo network) {
    return network.vnis().size() + network.subnets().size() + network.peers().size();
  }

  private static List<ServiceInfo> services(List<NodeTopology> nodes) {
    Map<String, ServiceInfo> services = new LinkedHashMap<>();
    managersOldestFirst(nodes).forEach(t -> t.services().forEach(s -> services.put(s.id(), s)));
    return List.copyOf(services.values());
  }

  private static List<TaskInfo> tasks(List<NodeTopology> nodes) {
    Map<String, TaskInfo> tasks = new LinkedHashMap<>();
    managersOldestFirst(nodes).forEach(t -> t.tasks().forEach(task -> tasks.put(task.id(), task)));
    return List.copyOf(tasks.values());
  }

  /** The freshest manager report wins where managers disagree. */
  private static List<NodeTopology> managersOldestFirst(List<NodeTopology> nodes) {
    return nodes.stream()
        .filter(t -> t.node().manager())
        .sorted(Comparator.comparing(t -> t.takenAt() == null ? Instant.EPOCH : t.takenAt()))
        .toList();
  }

  private static List<VxlanTunnel> tunnels(List<NodeTopology> nodes) {
    Map<String, String> nodeByAddress = new HashMap<>();
    for (NodeTopology t : nodes) {
      nodeByAddress.put(t.node().advertiseAddress(), t.node().id());
    }
    Map<String, VxlanTunnel> tunnels = new LinkedHashMap<>();
    for (NodeTopology t : nodes) {
      for (NetNamespace ns : t.namespaces()) {
        for (NetNamespace.Interface iface : ns.interfaces()) {
          if (iface.vxlan() == null) {
            continue;
          }
          String local =
              iface.vxlan().localAddress().isEmpty()
                  ? t.node().advertiseAddress()
                  : iface.vxlan().localAddress();
          for (NetNamespace.FdbEntry entry : iface.fdb()) {
            if (entry.dst().isEmpty() || entry.dst().equals(local)) {
              continue;
            }
            // one tunnel per remote VTEP, however many MACs Docker programmed behind it
            String key = ns.networkId() + "|" + t.node().id() + "|" + entry.dst();
            tunnels.putIfAbsent(
                key,
                new VxlanTunnel(
                    ns.networkId(),
                    iface.vxlan().vni(),
                    iface.vxlan().port(),
                    t.node().id(),
                    local,
                    nodeByAddress.getOrDefault(entry.dst(), ""),
                    entry.dst()));
          }
        }
      }
    }
    return List.copyOf(tunnels.values());
  }
}

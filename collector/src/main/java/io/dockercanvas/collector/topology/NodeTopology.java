package io.dockercanvas.collector.topology;

import java.time.Instant;
import java.util.List;

/** Everything one agent reports about its node. Services and tasks come from managers only. */
public record NodeTopology(
    NodeInfo node,
    List<NetNamespace> namespaces,
    List<NetworkInfo> networks,
    List<ServiceInfo> services,
    List<TaskInfo> tasks,
    List<ContainerInfo> containers,
    Instant takenAt) {

  public NodeTopology {
    namespaces = List.copyOf(namespaces);
    networks = List.copyOf(networks);
    services = List.copyOf(services);
    tasks = List.copyOf(tasks);
    containers = List.copyOf(containers);
  }
}

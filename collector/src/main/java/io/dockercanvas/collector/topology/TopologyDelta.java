package io.dockercanvas.collector.topology;

import java.util.List;

/**
 * Changes to one node's topology since the previous revision. Upserts replace the entity with the
 * same key (namespace path, network/service/task/container id); removals name the key. {@code node}
 * is null when the node itself did not change.
 */
public record TopologyDelta(
    long revision,
    NodeInfo node,
    List<NetNamespace> upsertedNamespaces,
    List<String> removedNamespaces,
    List<NetworkInfo> upsertedNetworks,
    List<String> removedNetworks,
    List<ServiceInfo> upsertedServices,
    List<String> removedServices,
    List<TaskInfo> upsertedTasks,
    List<String> removedTasks,
    List<ContainerInfo> upsertedContainers,
    List<String> removedContainers) {}

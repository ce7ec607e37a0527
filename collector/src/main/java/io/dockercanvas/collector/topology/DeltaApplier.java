package io.dockercanvas.collector.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Applies a topology delta to a node's report: upserts replace by key, removals drop by key. */
final class DeltaApplier {

  private DeltaApplier() {}

  static NodeTopology apply(NodeTopology base, TopologyDelta delta, Instant now) {
    return new NodeTopology(
        delta.node() != null ? delta.node() : base.node(),
        merge(
            base.namespaces(),
            delta.upsertedNamespaces(),
            delta.removedNamespaces(),
            NetNamespace::path),
        merge(base.networks(), delta.upsertedNetworks(), delta.removedNetworks(), NetworkInfo::id),
        merge(base.services(), delta.upsertedServices(), delta.removedServices(), ServiceInfo::id),
        merge(base.tasks(), delta.upsertedTasks(), delta.removedTasks(), TaskInfo::id),
        merge(
            base.containers(),
            delta.upsertedContainers(),
            delta.removedContainers(),
            ContainerInfo::id),
        now);
  }

  private static <T> List<T> merge(
      List<T> base, List<T> upserts, List<String> removed, Function<T, String> key) {
    Map<String, T> byKey = new LinkedHashMap<>();
    base.forEach(item -> byKey.put(key.apply(item), item));
    upserts.forEach(item -> byKey.put(key.apply(item), item));
    Set<String> gone = new HashSet<>(removed);
    byKey.keySet().removeAll(gone);
    return new ArrayList<>(byKey.values());
  }
}

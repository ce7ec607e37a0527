package io.dockercanvas.pipeline.stream;

import io.dockercanvas.proto.v1.Node;
import io.dockercanvas.proto.v1.NodeTopology;
import io.dockercanvas.proto.v1.TopologyDelta;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The difference between two topology reports of one node, as the contract's {@link TopologyDelta}.
 */
public final class TopologyDeltas {

  private TopologyDeltas() {}

  /** Empty when nothing but the time stamps changed. */
  public static java.util.Optional<TopologyDelta> between(
      NodeTopology before, NodeTopology after, long revision) {
    TopologyDelta.Builder d = TopologyDelta.newBuilder().setRevision(revision);
    if (!withoutLastSeen(before.getNode()).equals(withoutLastSeen(after.getNode()))) {
      d.setNode(after.getNode());
    }
    diff(
        before.getNamespacesList(),
        after.getNamespacesList(),
        n -> n.getPath(),
        d::addUpsertedNamespaces,
        d::addRemovedNamespaces);
    diff(
        before.getNetworksList(),
        after.getNetworksList(),
        n -> n.getId(),
        d::addUpsertedNetworks,
        d::addRemovedNetworks);
    diff(
        before.getServicesList(),
        after.getServicesList(),
        s -> s.getId(),
        d::addUpsertedServices,
        d::addRemovedServices);
    diff(
        before.getTasksList(),
        after.getTasksList(),
        t -> t.getId(),
        d::addUpsertedTasks,
        d::addRemovedTasks);
    diff(
        before.getContainersList(),
        after.getContainersList(),
        c -> c.getId(),
        d::addUpsertedContainers,
        d::addRemovedContainers);
    TopologyDelta delta = d.build();
    return delta.equals(TopologyDelta.newBuilder().setRevision(revision).build())
        ? java.util.Optional.empty()
        : java.util.Optional.of(delta);
  }

  private static Node withoutLastSeen(Node node) {
    return node.toBuilder().clearLastSeen().build();
  }

  private static <T> void diff(
      List<T> before,
      List<T> after,
      Function<T, String> key,
      Consumer<T> upsert,
      Consumer<String> remove) {
    Map<String, T> old = new LinkedHashMap<>();
    before.forEach(item -> old.put(key.apply(item), item));
    for (T item : after) {
      T previous = old.remove(key.apply(item));
      if (!item.equals(previous)) {
        upsert.accept(item);
      }
    }
    old.keySet().forEach(remove);
  }
}

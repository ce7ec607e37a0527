package io.dockercanvas.collector.topology;

import io.dockercanvas.collector.journey.NodeAddresses;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster topology, kept current from every agent's snapshots and deltas. Each change re-merges
 * the cluster view, refreshes the stitcher's {@link NodeAddresses} and tells the listeners (the
 * live stream). A node's last report stays after its agent disconnects (the node may still be
 * there), marked {@link NodePresence#DOWN}; a node whose engine no longer reports the swarm it was
 * in is {@link NodePresence#LEFT}. Thread-safe.
 */
public final class ClusterModel {

  private static final Logger log = LoggerFactory.getLogger(ClusterModel.class);

  private final NodeAddresses pathFacts;
  private final Clock clock;
  private final Map<String, NodeTopology> reports = new LinkedHashMap<>();
  private final Map<String, Long> revisions = new LinkedHashMap<>();
  private final Set<String> disconnected = new HashSet<>(); // guarded by reports
  private final Set<String> seenInSwarm = new HashSet<>(); // guarded by reports
  private final List<Consumer<ClusterTopology>> listeners = new CopyOnWriteArrayList<>();
  private volatile ClusterTopology current = ClusterTopology.EMPTY;

  public ClusterModel(NodeAddresses pathFacts, Clock clock) {
    this.pathFacts = pathFacts;
    this.clock = clock;
  }

  /** Replaces whatever was known about the node. */
  public void replace(String nodeId, long revision, NodeTopology topology) {
    ClusterTopology merged;
    synchronized (reports) {
      reports.put(nodeId, topology);
      revisions.put(nodeId, revision);
      PathFacts.record(topology, pathFacts);
      merged = remerge();
    }
    announce(merged);
  }

  /**
   * Applies a delta. Returns false when the node has no snapshot yet or the revision is not the
   * next one; the delta is applied anyway when a snapshot exists (the newest news is still the best
   * guess), and the caller asks nothing more: the agent's next snapshot heals it.
   */
  public boolean apply(String nodeId, TopologyDelta delta) {
    ClusterTopology merged;
    boolean inOrder;
    synchronized (reports) {
      NodeTopology base = reports.get(nodeId);
      if (base == null) {
        log.warn(
            "topology delta {} from {} before any snapshot: ignored", delta.revision(), nodeId);
        return false;
      }
      long expected = revisions.getOrDefault(nodeId, 0L) + 1;
      inOrder = delta.revision() == expected;
      if (!inOrder) {
        log.warn(
            "topology delta from {} has revision {}, expected {}",
            nodeId,
            delta.revision(),
            expected);
      }
      NodeTopology updated = DeltaApplier.apply(base, delta, clock.instant());
      reports.put(nodeId, updated);
      revisions.put(nodeId, delta.revision());
      PathFacts.record(updated, pathFacts);
      merged = remerge();
    }
    announce(merged);
    return inOrder;
  }

  /** The node's agent connected or its stream ended. */
  public void connection(String nodeId, boolean connected) {
    ClusterTopology merged;
    synchronized (reports) {
      boolean changed = connected ? disconnected.remove(nodeId) : disconnected.add(nodeId);
      if (!changed) {
        return;
      }
      merged = remerge();
    }
    announce(merged);
  }

  public ClusterTopology current() {
    return current;
  }

  /** Hears every change from now on; returns the action that stops it. */
  public Runnable subscribe(Consumer<ClusterTopology> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private ClusterTopology remerge() {
    Map<String, NodePresence> states = new HashMap<>();
    reports.forEach(
        (nodeId, report) -> {
          if (!report.node().swarmNodeId().isEmpty()) {
            seenInSwarm.add(nodeId);
          } else if (seenInSwarm.contains(nodeId)) {
            states.put(nodeId, NodePresence.LEFT);
          }
        });
    disconnected.stream()
        .filter(reports::containsKey)
        .forEach(nodeId -> states.put(nodeId, NodePresence.DOWN));
    current = ClusterMerge.merge(reports.values(), states, clock.instant());
    return current;
  }

  private void announce(ClusterTopology merged) {
    listeners.forEach(l -> l.accept(merged));
  }
}

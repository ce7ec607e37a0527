package io.dockercanvas.collector.topology;

/** Whether a node is still part of the cluster, as far as the collector can tell. */
public enum NodePresence {
  /** Its agent is connected and its engine is in the swarm (or was never in one). */
  UP,
  /** Its agent's stream ended: the node's last report is kept, but nothing new comes from it. */
  DOWN,
  /**
   * Its engine reports it is no longer in the swarm it was in (e.g. {@code docker swarm leave}).
   */
  LEFT
}

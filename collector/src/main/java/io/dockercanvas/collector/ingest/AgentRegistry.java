package io.dockercanvas.collector.ingest;

import io.dockercanvas.collector.status.AgentStatus;
import io.dockercanvas.collector.status.NodeConnectionEvent;
import io.dockercanvas.collector.status.RateMeter;
import io.dockercanvas.collector.store.LostEventLog;
import io.dockercanvas.collector.topology.NodePresence;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Every agent that ever connected, by node id, with its counters; and the highest batch sequence
 * received per agent instance so a reconnecting agent can resume. When a node reconnects before its
 * old stream is noticed dead, the newer stream wins and the old one's end does not mark the node
 * disconnected.
 */
public final class AgentRegistry {

  private final Clock clock;
  private final Map<String, Agent> agents = new LinkedHashMap<>();
  private final Map<String, Long> highestSequence = new ConcurrentHashMap<>();
  private final List<Consumer<NodeConnectionEvent>> listeners = new CopyOnWriteArrayList<>();
  private final LongAdder observationsTotal = new LongAdder();
  private final RateMeter rateTotal = RateMeter.system();

  public AgentRegistry(Clock clock) {
    this.clock = clock;
  }

  void connect(String nodeId, Object stream, String version, List<String> limitations) {
    synchronized (agents) {
      Agent agent = agents.computeIfAbsent(nodeId, Agent::new);
      agent.stream = stream;
      agent.version = version;
      agent.limitations = List.copyOf(limitations);
      agent.connectedSince = clock.instant();
      agent.lastMessage = agent.connectedSince;
    }
    announce(new NodeConnectionEvent(nodeId, true, "connected"));
  }

  void disconnect(String nodeId, Object stream, String why) {
    synchronized (agents) {
      Agent agent = agents.get(nodeId);
      if (agent == null || agent.stream != stream) {
        return;
      }
      agent.stream = null;
    }
    announce(new NodeConnectionEvent(nodeId, false, why));
  }

  void heardFrom(String nodeId) {
    synchronized (agents) {
      Agent agent = agents.get(nodeId);
      if (agent != null) {
        agent.lastMessage = clock.instant();
      }
    }
  }

  void observed(String nodeId, int count) {
    observationsTotal.add(count);
    rateTotal.add(count);
    synchronized (agents) {
      Agent agent = agents.get(nodeId);
      if (agent != null) {
        agent.observations.add(count);
        agent.rate.add(count);
      }
    }
  }

  long highestSequence(String instanceId) {
    return highestSequence.getOrDefault(instanceId, 0L);
  }

  void received(String instanceId, long sequence) {
    highestSequence.merge(instanceId, sequence, Math::max);
  }

  public int connectedCount() {
    synchronized (agents) {
      return (int) agents.values().stream().filter(a -> a.stream != null).count();
    }
  }

  public long observationsSeen() {
    return observationsTotal.sum();
  }

  public double observationsPerSecond() {
    return rateTotal.perSecond();
  }

  /** Every agent's status, with its node's state in the cluster ({@code presence}: by node id). */
  public List<AgentStatus> statuses(LostEventLog lost, Function<String, NodePresence> presence) {
    List<AgentStatus> statuses = new ArrayList<>();
    synchronized (agents) {
      for (Agent a : agents.values()) {
        statuses.add(
            new AgentStatus(
                a.nodeId,
                a.stream != null,
                a.version,
                a.connectedSince,
                a.lastMessage,
                a.observations.sum(),
                a.rate.perSecond(),
                lost.totalFor(a.nodeId),
                lost.batchesMissingFor(a.nodeId),
                a.limitations,
                presence.apply(a.nodeId),
                List.of(),
                lost.kernelDropsFor(a.nodeId)));
      }
    }
    return statuses;
  }

  /** Hears connects and disconnects from now on; returns the action that stops it. */
  public Runnable subscribe(Consumer<NodeConnectionEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void announce(NodeConnectionEvent event) {
    listeners.forEach(l -> l.accept(event));
  }

  private static final class Agent {
    final String nodeId;
    final LongAdder observations = new LongAdder();
    final RateMeter rate = RateMeter.system();
    Object stream;
    String version = "";
    List<String> limitations = List.of();
    Instant connectedSince;
    Instant lastMessage;

    Agent(String nodeId) {
      this.nodeId = nodeId;
    }
  }
}

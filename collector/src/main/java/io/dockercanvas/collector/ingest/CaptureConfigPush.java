package io.dockercanvas.collector.ingest;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The capture settings all agents run with; every change goes to every connected agent at once. */
public final class CaptureConfigPush {

  private final Set<AgentSession> sessions = ConcurrentHashMap.newKeySet();
  private volatile CaptureSettings current;

  public CaptureConfigPush(CaptureSettings initial) {
    this.current = initial;
  }

  public CaptureSettings current() {
    return current;
  }

  /** Replaces the settings and pushes them to every connected agent. */
  public synchronized void update(CaptureSettings next) {
    current = next;
    sessions.forEach(s -> s.sendConfig(next));
  }

  synchronized void register(AgentSession session) {
    sessions.add(session);
    session.sendConfig(current);
  }

  void unregister(AgentSession session) {
    sessions.remove(session);
  }
}

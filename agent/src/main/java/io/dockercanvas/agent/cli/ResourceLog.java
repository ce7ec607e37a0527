package io.dockercanvas.agent.cli;

import java.util.Optional;

/**
 * The agent's resource line in its log: namespaces entered, capture points running and pcap handles
 * open, written whenever one of them changed. Operators (and the lab's churn test) read the handle
 * count here, since pcap handles are not told apart from other sockets in {@code /proc/PID/fd}.
 */
final class ResourceLog {

  /** What the agent holds right now. */
  record Counts(int namespaces, int capturePoints, int pcapHandles) {}

  private Counts lastLogged;

  /** The line to log for {@code now}, or empty when nothing changed since the last line. */
  Optional<String> lineFor(Counts now) {
    if (now.equals(lastLogged)) {
      return Optional.empty();
    }
    lastLogged = now;
    return Optional.of(
        String.format(
            "resources: %d namespaces entered, %d capture points, %d pcap handles open",
            now.namespaces(), now.capturePoints(), now.pcapHandles()));
  }
}

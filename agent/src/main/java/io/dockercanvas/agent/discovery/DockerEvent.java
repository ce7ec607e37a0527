package io.dockercanvas.agent.discovery;

import java.util.Map;

/**
 * One entry of the engine's event stream ({@code GET /events}).
 *
 * @param type container, network, service, node, ...
 * @param action create, start, connect, die, update, ...
 * @param actorId the id of what changed
 */
public record DockerEvent(
    String type, String action, String actorId, Map<String, String> attributes, long timeNanos) {

  public DockerEvent {
    attributes = Map.copyOf(attributes);
  }
}

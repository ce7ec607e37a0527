package io.dockercanvas.collector.status;

/** An agent's stream opened or closed; {@code message} says why when known ("stream reset"). */
public record NodeConnectionEvent(String nodeId, boolean connected, String message) {}

package io.dockercanvas.collector.rest;

import io.dockercanvas.collector.status.AgentStatus;
import io.dockercanvas.collector.status.CollectorStatus;
import io.dockercanvas.collector.store.StoreStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The collector's status as the page reads it. {@code kept}/{@code seen} are the journey store's
 * (the page's "N of M kept"); both stores are also given in full under {@code journeys} and {@code
 * flows}.
 */
final class StatusJson {

  private StatusJson() {}

  static JsonObject status(CollectorStatus s) {
    JsonArray agents = new JsonArray();
    s.agents().forEach(a -> agents.add(agent(a)));
    return new JsonObject()
        .put("version", s.version())
        .put("uptime_ms", s.uptime().toMillis())
        .put("agents_connected", s.agentsConnected())
        .put("agents", agents)
        .put("observations_seen", s.observationsSeen())
        .put("observations_per_s", s.observationsPerSecond())
        .put("kept", s.journeys().kept())
        .put("seen", s.journeys().seen())
        .put("journeys", store(s.journeys()))
        .put("flows", store(s.flows()))
        .put("lost", s.lost());
  }

  private static JsonObject agent(AgentStatus a) {
    return new JsonObject()
        .put("node", a.nodeId())
        .put("connected", a.connected())
        .put("agent_version", a.agentVersion())
        .put("connected_since", a.connectedSince() == null ? null : a.connectedSince().toString())
        .put("last_seen", a.lastMessage() == null ? null : a.lastMessage().toString())
        .put("observations_seen", a.observationsSeen())
        .put("observations_per_s", a.observationsPerSecond())
        .put("lost", a.lost())
        .put("lost_batches", a.lostBatches())
        .put("limitations", new JsonArray(a.limitations()))
        .put("capture_points", new JsonArray(a.capturePoints()))
        .put("kernel_drops", a.kernelDrops())
        .put("presence", a.presence().name().toLowerCase(Locale.ROOT));
  }

  private static JsonObject store(StoreStatus s) {
    return new JsonObject()
        .put("kept", s.kept())
        .put("seen", s.seen())
        .put("capacity", s.capacity());
  }
}

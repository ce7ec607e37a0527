package io.dockercanvas.collector.rest;

import io.dockercanvas.collector.core.CollectorCore;
import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.observer.JourneyMessages;
import io.dockercanvas.collector.observer.TopologyMessages;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One page on the live stream. Journeys are gathered and sent together every {@link #FLUSH_MS},
 * topology when it changed, status every second. Journeys (the proto's JSON mapping) are
 * progressive: one still being stitched comes in a {@code journey_update} frame from its first hop
 * on and again as hops are added (as GetJourneysResponse.journey_update); its final form, with the
 * same id, in a {@code journey} frame. The frame type says which, since the proto's JSON leaves
 * {@code complete: false} out. Within one flush only a journey's latest form is sent. While the
 * page has not read what was sent (the socket's write queue is full), journeys wait here, a later
 * form replacing an earlier one; a page that reads too slowly for {@link #MAX_PENDING} of them
 * loses journeys (counted, and told in a {@code lost} frame) rather than making the collector
 * buffer without bound.
 */
final class StreamClient {

  static final long FLUSH_MS = 20;
  static final int MAX_PENDING = 2_000;
  private static final int STATUS_EVERY = 50;

  private final Vertx vertx;
  private final ServerWebSocket socket;
  private final CollectorCore core;
  private final List<Runnable> unsubscribes = new ArrayList<>();
  private final Map<Long, Journey> pending = new LinkedHashMap<>(); // by id: the latest form
  private boolean topologyChanged;
  private long lost;
  private long ticks;
  private long timer;

  StreamClient(Vertx vertx, ServerWebSocket socket, CollectorCore core) {
    this.vertx = vertx;
    this.socket = socket;
    this.core = core;
  }

  void start() {
    send(new JsonObject().put("type", "topology").put("topology", topology()));
    send(new JsonObject().put("type", "status").put("status", StatusJson.status(core.status())));
    unsubscribes.add(core.journeys().subscribe(s -> offer(s.value())));
    unsubscribes.add(core.stitcher().subscribeUpdates(this::offer));
    unsubscribes.add(core.cluster().subscribe(t -> markTopologyChanged()));
    timer = vertx.setPeriodic(FLUSH_MS, id -> flush());
    socket.closeHandler(v -> stop());
    socket.exceptionHandler(e -> socket.close());
  }

  private synchronized void offer(Journey journey) {
    if (pending.size() >= MAX_PENDING && !pending.containsKey(journey.id())) {
      lost++;
    } else {
      pending.put(journey.id(), journey);
    }
  }

  private synchronized void markTopologyChanged() {
    topologyChanged = true;
  }

  /** Runs on the socket's event loop. */
  private void flush() {
    List<Journey> batch;
    boolean topology;
    long lostNow;
    synchronized (this) {
      if (socket.writeQueueFull()) {
        // the page has not read the last frames yet: keep gathering (a journey's latest form
        // replaces the older one, MAX_PENDING bounds the rest) and try at the next flush
        return;
      }
      batch = new ArrayList<>(pending.values());
      pending.clear();
      topology = topologyChanged;
      topologyChanged = false;
      lostNow = lost;
      lost = 0;
    }
    if (lostNow > 0) {
      send(new JsonObject().put("type", "lost").put("lost", lostNow));
    }
    if (topology) {
      send(new JsonObject().put("type", "topology").put("topology", topology()));
    }
    sendJourneys("journey_update", batch.stream().filter(j -> !j.complete()).toList());
    sendJourneys("journey", batch.stream().filter(Journey::complete).toList());
    if (++ticks % STATUS_EVERY == 0) {
      send(new JsonObject().put("type", "status").put("status", StatusJson.status(core.status())));
    }
  }

  /** {@code {"type":TYPE,"journeys":[Journey...]}}; nothing when there are none. */
  private void sendJourneys(String type, List<Journey> journeys) {
    if (journeys.isEmpty() || socket.isClosed()) {
      return;
    }
    StringBuilder frame =
        new StringBuilder("{\"type\":\"").append(type).append("\",\"journeys\":[");
    for (int i = 0; i < journeys.size(); i++) {
      frame.append(i == 0 ? "" : ",").append(JourneyMessages.json(journeys.get(i)));
    }
    socket.writeTextMessage(frame.append("]}").toString());
  }

  private JsonObject topology() {
    return new JsonObject(TopologyMessages.json(core.cluster().current()));
  }

  private void send(JsonObject frame) {
    if (!socket.isClosed()) {
      socket.writeTextMessage(frame.encode());
    }
  }

  private void stop() {
    vertx.cancelTimer(timer);
    unsubscribes.forEach(Runnable::run);
    synchronized (this) {
      pending.clear();
    }
  }
}

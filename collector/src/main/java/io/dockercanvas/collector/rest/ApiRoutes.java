package io.dockercanvas.collector.rest;

import io.dockercanvas.collector.core.CollectorCore;
import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.journey.JourneyPcap;
import io.dockercanvas.collector.journey.JourneyPcapng;
import io.dockercanvas.collector.journey.LoadBalancerNames;
import io.dockercanvas.collector.observer.JourneyMessages;
import io.dockercanvas.collector.observer.TopologyMessages;
import io.dockercanvas.collector.store.Stored;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The REST side of the page: topology, journeys (JSON, pcap and pcapng), status. */
final class ApiRoutes {

  private final CollectorCore core;

  ApiRoutes(CollectorCore core) {
    this.core = core;
  }

  void mount(Router router) {
    router
        .get("/api/v1/topology")
        .handler(ctx -> json(ctx, 200, TopologyMessages.json(core.cluster().current())));
    router.get("/api/v1/journeys").handler(this::journeys);
    // before /:id, which would take "pcap" for an id
    router.get("/api/v1/journeys/pcap").handler(this::pcapOfSet);
    router
        .get("/api/v1/journeys/:id")
        .handler(ctx -> withJourney(ctx, j -> json(ctx, 200, JourneyMessages.json(named(j)))));
    router.get("/api/v1/journeys/:id/pcap").handler(ctx -> withJourney(ctx, j -> pcap(ctx, j)));
    router
        .get("/api/v1/status")
        .handler(ctx -> json(ctx, 200, StatusJson.status(core.status()).encode()));
    router
        .route("/api/*")
        .handler(ctx -> error(ctx, 404, "no such API path: " + ctx.request().path()));
  }

  /**
   * The newest journeys matching the query, oldest first, with the store's kept/seen: {@code
   * {"journeys":[Journey...],"kept":n,"seen":n}}, each journey in the proto's JSON mapping.
   */
  private void journeys(RoutingContext ctx) {
    JourneyQuery query;
    try {
      query = JourneyQuery.parse(ctx.queryParams(), core.cluster().current().filterNames());
    } catch (IllegalArgumentException e) {
      error(ctx, 400, e.getMessage());
      return;
    }
    List<Stored<Journey>> found = core.journeys().latest(query.limit(), query::matches);
    var store = core.journeys().status();
    StringBuilder body = new StringBuilder("{\"journeys\":[");
    for (int i = 0; i < found.size(); i++) {
      body.append(i == 0 ? "" : ",").append(JourneyMessages.json(named(found.get(i).value())));
    }
    body.append("],\"kept\":").append(store.kept()).append(",\"seen\":").append(store.seen());
    json(ctx, 200, body.append('}').toString());
  }

  /**
   * The journeys a query selects (the same parameters as /api/v1/journeys) as one pcapng file:
   * their link types may differ, so only pcapng can hold them ({@code format=pcapng}, the default).
   */
  private void pcapOfSet(RoutingContext ctx) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap().addAll(ctx.queryParams());
    String format = params.get("format");
    params.remove("format");
    if (format != null && !format.equals("pcapng")) {
      error(
          ctx,
          400,
          "format: '"
              + format
              + "' cannot hold several journeys (their link types differ); use format=pcapng");
      return;
    }
    JourneyQuery query;
    try {
      query = JourneyQuery.parse(params, core.cluster().current().filterNames());
    } catch (IllegalArgumentException e) {
      error(ctx, 400, e.getMessage());
      return;
    }
    List<Journey> found =
        core.journeys().latest(query.limit(), query::matches).stream().map(Stored::value).toList();
    sendPcapng(ctx, JourneyPcapng.write(found), "journeys.pcapng");
  }

  private void withJourney(RoutingContext ctx, Consumer<Journey> action) {
    String id = ctx.pathParam("id");
    long wanted;
    try {
      wanted = Long.parseLong(id);
    } catch (NumberFormatException e) {
      error(ctx, 400, "id: '" + id + "' is not a journey id (a number)");
      return;
    }
    Optional<Journey> journey = core.journeys().find(j -> j.id() == wanted);
    if (journey.isEmpty()) {
      error(
          ctx,
          404,
          "journey " + wanted + " is not kept (it rolled off the store, or never existed)");
      return;
    }
    action.accept(journey.get());
  }

  /** {@code format=pcap} (the default: one link type, others left out) or {@code pcapng}. */
  private static void pcap(RoutingContext ctx, Journey journey) {
    String format = ctx.queryParams().get("format");
    if ("pcapng".equals(format)) {
      sendPcapng(ctx, JourneyPcapng.write(List.of(journey)), "journey-" + journey.id() + ".pcapng");
      return;
    }
    if (format != null && !format.equals("pcap")) {
      error(ctx, 400, "format: '" + format + "' is not pcap or pcapng");
      return;
    }
    JourneyPcap.Export export = JourneyPcap.write(journey);
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/vnd.tcpdump.pcap")
        .putHeader(
            "Content-Disposition", "attachment; filename=\"journey-" + journey.id() + ".pcap\"")
        .putHeader("X-Frames-Skipped", Integer.toString(export.skipped()))
        .end(Buffer.buffer(export.bytes()));
  }

  private static void sendPcapng(RoutingContext ctx, JourneyPcapng.Export export, String file) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/x-pcapng")
        .putHeader("Content-Disposition", "attachment; filename=\"" + file + "\"")
        .putHeader("X-Frames-Skipped", Integer.toString(export.skipped()))
        .end(Buffer.buffer(export.bytes()));
  }

  static void json(RoutingContext ctx, int status, String body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body);
  }

  static void error(RoutingContext ctx, int status, String message) {
    json(ctx, status, new JsonObject().put("error", message).encode());
  }

  /** A journey assembled before its node's IPVS connection table arrived gets its choice now. */
  private Journey named(Journey journey) {
    return LoadBalancerNames.explain(journey, core.pathFacts());
  }
}

package io.dockercanvas.collector.rest;

import io.dockercanvas.collector.auth.Access;
import io.dockercanvas.collector.core.CollectorCore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.net.URI;
import java.time.Clock;

/**
 * The collector's HTTP side: REST API, live WebSocket stream, Prometheus metrics, health, login and
 * the page (classpath folder {@code webroot/}). Everything but /healthz and /login needs the token
 * when one is set. No CORS: the page is served from here, and the stream refuses WebSockets opened
 * by other origins.
 */
public final class CollectorHttp {

  private CollectorHttp() {}

  /**
   * Starts listening; the future completes with the server (its actual port when asked for port 0).
   */
  public static Future<HttpServer> start(Vertx vertx, CollectorCore core, HttpSettings settings) {
    return start(vertx, core, settings, new DemoRoutes(), Clock.systemUTC());
  }

  /** As above, with the demo's scene selector ({@code demo} offers its scenes there). */
  public static Future<HttpServer> start(
      Vertx vertx, CollectorCore core, HttpSettings settings, DemoRoutes demo) {
    return start(vertx, core, settings, demo, Clock.systemUTC());
  }

  /** {@code clock} times login sessions and the count of wrong tokens. */
  static Future<HttpServer> start(
      Vertx vertx, CollectorCore core, HttpSettings settings, Clock clock) {
    return start(vertx, core, settings, new DemoRoutes(), clock);
  }

  private static Future<HttpServer> start(
      Vertx vertx, CollectorCore core, HttpSettings settings, DemoRoutes demo, Clock clock) {
    Router router = router(vertx, core, settings, demo, clock);
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(settings.listen().host())
            .setPort(settings.listen().port())
            .setCompressionSupported(true);
    settings
        .tls()
        .ifPresent(
            tls ->
                options
                    .setSsl(true)
                    .setKeyCertOptions(
                        new PemKeyCertOptions()
                            .setCertPath(tls.certificate().toString())
                            .setKeyPath(tls.privateKey().toString())));
    return vertx.createHttpServer(options).requestHandler(router).listen();
  }

  private static Router router(
      Vertx vertx, CollectorCore core, HttpSettings settings, DemoRoutes demo, Clock clock) {
    Router router = Router.router(vertx);
    TokenAuth auth =
        settings
            .token()
            .map(
                token ->
                    new TokenAuth(
                        new Access(token, settings.viewerToken()),
                        clock,
                        settings.tls().isPresent()))
            .orElse(null);
    PrometheusMeterRegistry metrics = CollectorMetrics.create(core);

    router
        .get("/healthz")
        .handler(
            ctx -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain").end("ok\n"));
    LoginPage.mount(router, auth);
    if (auth != null) {
      router.route().handler(auth);
    }
    router
        .get("/metrics")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                    .end(metrics.scrape()));
    router.get("/api/v1/stream").handler(ctx -> stream(ctx, vertx, core));
    demo.mount(router);
    new TraceRoutes(core.traces()).mount(router);
    new ApiRoutes(core).mount(router);
    router.route("/*").handler(StaticHandler.create("webroot").setIndexPage("index.html"));
    return router;
  }

  private static void stream(RoutingContext ctx, Vertx vertx, CollectorCore core) {
    if (!sameOrigin(ctx)) {
      ApiRoutes.error(
          ctx,
          403,
          "the live stream only serves pages from this collector (Origin differs from Host)");
      return;
    }
    ctx.request()
        .toWebSocket()
        .onSuccess(socket -> new StreamClient(vertx, socket, core).start())
        .onFailure(
            e -> {
              if (!ctx.response().ended()) {
                ApiRoutes.error(ctx, 400, "not a WebSocket upgrade: " + e.getMessage());
              }
            });
  }

  /**
   * Browsers always send Origin on WebSockets; with cookie auth another site's page must not get
   * in.
   */
  private static boolean sameOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (origin == null) {
      return true; // not a browser
    }
    try {
      URI uri = URI.create(origin);
      String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      String host = ctx.request().getHeader(HttpHeaders.HOST);
      return host != null
          && (host.equalsIgnoreCase(authority) || host.equalsIgnoreCase(uri.getHost()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}

package io.dockercanvas.collector.server;

import io.dockercanvas.collector.auth.Access;
import io.dockercanvas.collector.auth.FailedAttempts;
import io.dockercanvas.collector.core.CollectorCore;
import io.dockercanvas.collector.ingest.IngestService;
import io.dockercanvas.collector.observer.ObserverService;
import io.dockercanvas.collector.rest.CollectorHttp;
import io.dockercanvas.collector.rest.DemoRoutes;
import io.dockercanvas.collector.rest.DemoScenesApi;
import io.dockercanvas.collector.rest.ListenAddress;
import io.dockercanvas.collector.status.Version;
import io.dockercanvas.collector.trace.TracesService;
import io.dockercanvas.pipeline.security.GrpcTls;
import io.dockercanvas.proto.v1.IngestGrpc;
import io.dockercanvas.proto.v1.ObserverGrpc;
import io.dockercanvas.proto.v1.TracesGrpc;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running collector: its pipeline, grpc-java serving Ingest and Observer on one port (and, when
 * asked, Observer alone on a second port whose TLS needs no client certificate), Vert.x serving
 * HTTP on another. {@link #close()} stops taking connections and closes open stitching windows.
 */
public final class CollectorServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CollectorServer.class);

  private final CollectorCore core;
  private final Server grpc;
  private final Server observerGrpc; // null unless --observer-grpc
  private final HealthStatusManager health;
  private final Vertx vertx;
  private final HttpServer http;
  private final DemoRoutes demo;

  private CollectorServer(
      CollectorCore core,
      Server grpc,
      Server observerGrpc,
      HealthStatusManager health,
      Vertx vertx,
      HttpServer http,
      DemoRoutes demo) {
    this.core = core;
    this.grpc = grpc;
    this.observerGrpc = observerGrpc;
    this.health = health;
    this.vertx = vertx;
    this.http = http;
    this.demo = demo;
  }

  public static CollectorServer start(ServerSettings settings) throws IOException {
    CollectorCore core = new CollectorCore(settings.core(), Clock.systemUTC());
    NettyServerBuilder builder = grpcBuilder(settings.grpc());
    IngestService ingest = new IngestService(core.ingestTargets());
    ObserverService observer = new ObserverService(core);
    // health answers without a token, as /healthz does: orchestrators' probes carry none
    HealthStatusManager health = new HealthStatusManager();
    settings.tls().ifPresent(files -> builder.sslContext(GrpcTls.server(files)));
    Access access =
        settings.token().map(token -> new Access(token, settings.viewerToken())).orElse(null);
    FailedAttempts failures = new FailedAttempts(Clock.systemUTC());
    GrpcTokenCheck agents = GrpcTokenCheck.agents(access, failures, settings.tls().isPresent());
    GrpcTokenCheck readers = GrpcTokenCheck.readers(access, failures);
    builder.addService(ServerInterceptors.intercept(ingest, agents));
    TracesService traces =
        new TracesService(core.traces(), () -> GrpcTokenCheck.ROLE.get() == Access.Role.FULL);
    addReaderServices(builder, observer, traces, health, readers);
    Server grpc;
    try {
      grpc = builder.build().start();
    } catch (IOException e) {
      core.close();
      throw new IOException(
          "cannot listen for gRPC on " + settings.grpc() + ": " + rootMessage(e), e);
    }
    Server observerGrpc = null;
    if (settings.observerGrpc().isPresent()) {
      ListenAddress address = settings.observerGrpc().get();
      NettyServerBuilder readersOnly = grpcBuilder(address);
      settings
          .tls()
          .ifPresent(
              files -> readersOnly.sslContext(GrpcTls.serverWithoutClientCertificate(files)));
      addReaderServices(readersOnly, observer, traces, health, readers);
      try {
        observerGrpc = readersOnly.build().start();
      } catch (IOException e) {
        grpc.shutdownNow();
        core.close();
        throw new IOException(
            "cannot listen for gRPC (--observer-grpc) on " + address + ": " + rootMessage(e), e);
      }
    }
    Vertx vertx = Vertx.vertx();
    HttpServer http;
    DemoRoutes demo = new DemoRoutes();
    try {
      http =
          CollectorHttp.start(vertx, core, settings.httpSettings(), demo)
              .toCompletionStage()
              .toCompletableFuture()
              .get();
    } catch (Exception e) {
      grpc.shutdownNow();
      if (observerGrpc != null) {
        observerGrpc.shutdownNow();
      }
      vertx.close();
      core.close();
      throw new IOException(
          "cannot listen for HTTP on " + settings.http() + ": " + rootMessage(e), e);
    }
    core.start();
    health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
    health.setStatus(ObserverGrpc.SERVICE_NAME, ServingStatus.SERVING);
    health.setStatus(IngestGrpc.SERVICE_NAME, ServingStatus.SERVING);
    health.setStatus(TracesGrpc.SERVICE_NAME, ServingStatus.SERVING);
    log.info(
        "collector {} listening: HTTP {} gRPC {}{}{}{}",
        Version.current(),
        settings.http().host() + ":" + http.actualPort(),
        settings.grpc().host() + ":" + grpc.getPort(),
        settings.tls().isPresent() ? " (TLS; Ingest needs a client certificate)" : "",
        observerGrpc == null
            ? ""
            : ", Observer only on "
                + settings.observerGrpc().get().host()
                + ":"
                + observerGrpc.getPort()
                + (settings.tls().isPresent() ? " (TLS, no client certificate)" : ""),
        settings.token().isPresent() ? " (token required)" : " (loopback only, no token)");
    return new CollectorServer(core, grpc, observerGrpc, health, vertx, http, demo);
  }

  private static NettyServerBuilder grpcBuilder(ListenAddress address) throws IOException {
    return NettyServerBuilder.forAddress(
            new InetSocketAddress(InetAddress.getByName(address.host()), address.port()))
        .maxInboundMessageSize(RefusedStreamLog.MAX_MESSAGE_BYTES)
        .addStreamTracerFactory(new RefusedStreamLog());
  }

  /** What people and tools read, on the main port and on the Observer-only port alike. */
  private static void addReaderServices(
      NettyServerBuilder builder,
      ObserverService observer,
      TracesService traces,
      HealthStatusManager health,
      GrpcTokenCheck readers) {
    builder.addService(health.getHealthService());
    builder.addService(ServerInterceptors.intercept(observer, readers));
    // either token may call; only the agents' token may add or remove (the service asks the role)
    builder.addService(ServerInterceptors.intercept(traces, readers));
    builder.addService(
        ServerInterceptors.intercept(ProtoReflectionServiceV1.newInstance(), readers));
  }

  /** The demo's recorded scenes, listed and switched on /api/v1/demo/... from now on. */
  public void offerDemoScenes(DemoScenesApi scenes) {
    demo.offer(scenes);
  }

  public int httpPort() {
    return http.actualPort();
  }

  public int grpcPort() {
    return grpc.getPort();
  }

  /** The Observer-only port, -1 when the collector was not asked for one. */
  public int observerGrpcPort() {
    return observerGrpc == null ? -1 : observerGrpc.getPort();
  }

  public CollectorCore core() {
    return core;
  }

  public void awaitTermination() throws InterruptedException {
    grpc.awaitTermination();
  }

  @Override
  public void close() {
    health.enterTerminalState();
    if (observerGrpc != null) {
      stop(observerGrpc);
    }
    stop(grpc);
    vertx.close();
    core.close();
  }

  private static void stop(Server server) {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}

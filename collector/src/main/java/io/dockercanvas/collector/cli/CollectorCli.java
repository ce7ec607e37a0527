package io.dockercanvas.collector.cli;

import io.dockercanvas.collector.core.CoreSettings;
import io.dockercanvas.collector.ingest.CaptureSettings;
import io.dockercanvas.collector.journey.StitcherConfig;
import io.dockercanvas.collector.rest.HttpSettings;
import io.dockercanvas.collector.rest.ListenAddress;
import io.dockercanvas.collector.server.CollectorServer;
import io.dockercanvas.collector.server.ServerSettings;
import io.dockercanvas.collector.status.Version;
import io.dockercanvas.pipeline.cli.TlsOptions;
import io.dockercanvas.pipeline.cli.TokenOptions;
import io.dockercanvas.pipeline.security.TokenFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code collector}: receives every agent, stitches journeys, serves the Observer API and the page.
 */
@Command(
    name = "collector",
    mixinStandardHelpOptions = true,
    versionProvider = CollectorCli.VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    resourceBundle = "io.dockercanvas.collector.cli.shared-options",
    subcommands = {
      JourneysCommand.class,
      DiagnoseCommand.class,
      ReplayCommand.class,
      DemoCommand.class,
      CertsCommand.class,
      TraceCommand.class,
      ObserveCommand.class
    },
    description = {
      "Receives the agents of every swarm node over gRPC, stitches each sampled packet's observations into a "
          + "journey hop by hop (DNAT, SNAT, VXLAN ENCAP/DECAP), and serves the page, a REST + WebSocket API, "
          + "Prometheus /metrics and the gRPC Observer API.",
      "",
      "Listening beyond loopback needs --token: browsers log in with it (or send 'Authorization: Bearer'), "
          + "agents and gRPC clients send it as 'authorization: Bearer' metadata. /healthz stays open."
    },
    footer = {
      "",
      "Examples:",
      "  collector",
      "      page on http://127.0.0.1:8080/, agents connect to 127.0.0.1:9090",
      "  CANVAS_TOKEN=s3cret collector --listen 0.0.0.0:8080 --grpc 0.0.0.0:9090",
      "      reachable from the swarm; the page asks for the token",
      "  collector --grpc 0.0.0.0:9090 --listen 0.0.0.0:8080 --token-file /run/secrets/canvas_token \\",
      "      --tls-cert collector.crt --tls-key collector.key --tls-ca ca.crt",
      "      agents need certificates from the same CA ('canvas certs --out DIR' makes them)",
      "  collector ... --tls-cert collector.crt --tls-key collector.key --tls-ca ca.crt \\",
      "      --viewer-token-file viewer_token --observer-grpc 0.0.0.0:9091",
      "      grpcurl/observe on :9091 need ca.crt and the viewer token, no client certificate",
      "  collector demo",
      "      the lab's recorded swarm, replayed on http://127.0.0.1:8080/"
    })
public final class CollectorCli implements Callable<Integer> {

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:8080",
      description =
          "HTTP address for the page, REST API, WebSocket and /metrics (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(
      names = "--grpc",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:9090",
      description =
          "gRPC address for agents (Ingest) and API clients (Observer) (default: ${DEFAULT-VALUE}).")
  String grpc;

  @Option(
      names = "--observer-grpc",
      paramLabel = "HOST:PORT",
      description =
          "Also serve the read-only gRPC APIs (Observer, reflection, health) on this address. With"
              + " --tls-* it speaks TLS without asking for a client certificate: people and tools"
              + " need the CA and a token (--viewer-token), never an agent's certificate.")
  String observerGrpc;

  // what --token and --tls-* mean here: shared-options.properties in this package (the resource
  // bundle)
  @Mixin TokenOptions token = new TokenOptions();

  @Mixin TlsOptions tls = new TlsOptions();

  @Option(
      names = "--viewer-token",
      paramLabel = "T",
      defaultValue = "${env:CANVAS_VIEWER_TOKEN}",
      description =
          "A read-only token for people: the page, REST, WebSocket and the Observer API, never Ingest"
              + " nor trace changes (default: the CANVAS_VIEWER_TOKEN environment variable).")
  String viewerToken;

  @Option(
      names = "--viewer-token-file",
      paramLabel = "FILE",
      description = "Read the viewer token from FILE instead.")
  Path viewerTokenFile;

  @Option(
      names = "--http-tls-cert",
      paramLabel = "FILE",
      description = "Serve the page and REST over HTTPS with this certificate chain (PEM).")
  Path httpTlsCert;

  @Option(
      names = "--http-tls-key",
      paramLabel = "FILE",
      description = "The HTTPS certificate's private key (PKCS#8 PEM).")
  Path httpTlsKey;

  @Option(
      names = "--journeys",
      paramLabel = "N",
      defaultValue = "" + CoreSettings.DEFAULT_JOURNEYS,
      description = "Journeys kept in memory; older ones roll off (default: ${DEFAULT-VALUE}).")
  int journeys;

  @Option(
      names = "--flows",
      paramLabel = "N",
      defaultValue = "" + CoreSettings.DEFAULT_FLOWS,
      description = "Flow updates kept in memory; older ones roll off (default: ${DEFAULT-VALUE}).")
  int flows;

  @Option(
      names = "--window-ms",
      paramLabel = "W",
      defaultValue = "1000",
      description =
          "How long a packet's observations are gathered from all nodes before its journey is stitched;"
              + " must cover the agents' batching delay (default: ${DEFAULT-VALUE}).")
  long windowMs;

  @Option(
      names = "--sample",
      paramLabel = "FRACTION",
      defaultValue = "1.0",
      description =
          "Fraction of packets the agents send, chosen by fingerprint so every node keeps the same ones;"
              + " TCP SYN/FIN/RST are always kept (default: ${DEFAULT-VALUE}).")
  double sample;

  @Option(
      names = "--snap-length",
      paramLabel = "BYTES",
      defaultValue = "0",
      description =
          "Bytes of each sampled frame agents send for pcap export; 0 = the agent's default (128).")
  int snapLength;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return new CommandLine(new CollectorCli()).execute(args);
  }

  /** Runs one command line writing to the given streams (tests read them). */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return new CommandLine(new CollectorCli()).setOut(out).setErr(err).execute(args);
  }

  @Override
  public Integer call() throws InterruptedException {
    ServerSettings settings;
    try {
      settings = settings();
    } catch (IllegalArgumentException e) {
      System.err.println("collector: " + e.getMessage());
      return 2;
    }
    CollectorServer server;
    try {
      server = CollectorServer.start(settings);
    } catch (IOException e) {
      System.err.println("collector: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "collector-shutdown"));
    System.err.printf(
        "collector: page and API on http://%s:%d/, agents to %s:%d%s%n",
        settings.http().host(),
        server.httpPort(),
        settings.grpc().host(),
        server.grpcPort(),
        settings
            .observerGrpc()
            .map(a -> ", Observer only on " + a.host() + ":" + server.observerGrpcPort())
            .orElse(""));
    server.awaitTermination();
    return 0;
  }

  ServerSettings settings() {
    if (journeys < 1 || flows < 1) {
      throw new IllegalArgumentException("--journeys and --flows must be at least 1");
    }
    if (windowMs < 1 || windowMs > 60_000) {
      throw new IllegalArgumentException("--window-ms must be from 1 to 60000, got " + windowMs);
    }
    if (snapLength < 0 || snapLength > 65_535) {
      throw new IllegalArgumentException(
          "--snap-length must be from 0 to 65535, got " + snapLength);
    }
    CaptureSettings capture;
    try {
      capture = CaptureSettings.sampling(sample, snapLength);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--sample: " + e.getMessage());
    }
    CoreSettings core =
        CoreSettings.defaults()
            .withCapacities(journeys, flows)
            .withStitcher(StitcherConfig.withWindow(Duration.ofMillis(windowMs)))
            .withCapture(capture);
    return new ServerSettings(
        ListenAddress.parse(listen, "--listen"),
        ListenAddress.parse(grpc, "--grpc"),
        token.token(),
        Optional.ofNullable(TokenFile.choose(viewerToken, viewerTokenFile)),
        tls.files(),
        HttpSettings.Tls.fromOptions(httpTlsCert, httpTlsKey),
        Optional.ofNullable(observerGrpc).map(a -> ListenAddress.parse(a, "--observer-grpc")),
        core);
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"docker-canvas collector " + Version.current()};
    }
  }
}

package io.dockercanvas.collector.cli;

import io.dockercanvas.pipeline.cli.TokenOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trace add|list|remove}: capture on demand through a running collector's REST API. While a
 * trace is active every agent keeps every packet matching it, whatever the sampling.
 */
@Command(
    name = "trace",
    mixinStandardHelpOptions = true,
    versionProvider = CollectorCli.VersionProvider.class,
    usageHelpAutoWidth = true,
    subcommands = {
      TraceCommand.Add.class,
      TraceCommand.ListTraces.class,
      TraceCommand.Remove.class
    },
    description = {
      "Capture on demand: while a trace is active, the agents on every node keep every packet matching it"
          + " at every observation point (not sampled), until it expires."
    },
    footer = {
      "",
      "Examples:",
      "  trace add --port 8001 --for 1m        every packet to or from port 8001, for a minute",
      "  trace add --service web                the tasks of service 'web' (their current addresses)",
      "  trace add --bpf 'icmp or udp port 53' --for 30s",
      "  trace list",
      "  trace remove t3",
      "",
      "Exit codes: 0 done, 2 bad options or refused by the collector (400/403/404), 1 the collector could"
          + " not be reached."
    })
public final class TraceCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /** The options every trace subcommand shares. */
  static final class Connection {

    @Option(
        names = "--collector",
        paramLabel = "URL",
        defaultValue = "http://127.0.0.1:8080",
        description = "The collector's page and REST address (default: ${DEFAULT-VALUE}).")
    String collector;

    @Option(
        names = "--tls-ca",
        paramLabel = "FILE",
        description =
            "With an https --collector: trust its certificate when signed by this CA (PEM), e.g. the"
                + " ca.crt of 'canvas certs'.")
    Path ca;

    @Mixin TokenOptions token;
  }

  /** A refusal by the collector (exit 2) or no answer (exit 1). */
  static final class Failure extends Exception {
    final int exit;

    Failure(int exit, String message) {
      super(message);
      this.exit = exit;
    }
  }

  abstract static class Sub implements Callable<Integer> {

    @Mixin Connection connection;

    @Spec CommandSpec spec;

    abstract String run(PrintWriter out) throws Failure, InterruptedException;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        String text = run(out);
        out.print(text);
        out.flush();
        return 0;
      } catch (Failure e) {
        err.println("trace " + spec.name() + ": " + e.getMessage());
        err.flush();
        return e.exit;
      }
    }

    JsonObject call(String method, String path, JsonObject body)
        throws Failure, InterruptedException {
      URI base;
      try {
        String c = connection.collector;
        base = URI.create(c.endsWith("/") ? c : c + "/");
      } catch (IllegalArgumentException e) {
        base = null;
      }
      if (base == null
          || base.getHost() == null
          || !("http".equals(base.getScheme()) || "https".equals(base.getScheme()))) {
        throw new Failure(
            2,
            "--collector: '"
                + connection.collector
                + "' is not an http(s) URL such as http://127.0.0.1:8080");
      }
      String token;
      try {
        token = connection.token.token().orElse(null);
      } catch (IllegalArgumentException e) {
        throw new Failure(2, e.getMessage());
      }
      HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
      if (connection.ca != null) {
        client.sslContext(trusting(connection.ca));
      }
      HttpRequest.Builder request =
          HttpRequest.newBuilder(base.resolve(path))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body.encode()));
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      HttpResponse<String> response;
      try {
        response = client.build().send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException e) {
        throw new Failure(
            1,
            "cannot reach the collector at "
                + connection.collector
                + " (connection refused): is it running? Give its address with --collector URL");
      } catch (IOException e) {
        throw new Failure(
            1,
            "cannot reach the collector at "
                + connection.collector
                + ": "
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()));
      }
      JsonObject answer;
      try {
        answer = new JsonObject(response.body());
      } catch (DecodeException e) {
        throw new Failure(
            1,
            connection.collector
                + " did not answer like a docker-canvas collector (HTTP "
                + response.statusCode()
                + ")");
      }
      int status = response.statusCode();
      if (status == 401) {
        throw new Failure(
            2,
            "the collector refused the request (HTTP 401): give its token with --token,"
                + " --token-file or CANVAS_TOKEN");
      }
      if (status >= 400) {
        throw new Failure(status >= 500 ? 1 : 2, answer.getString("error", "HTTP " + status));
      }
      return answer;
    }

    private static SSLContext trusting(Path ca) throws Failure {
      try (InputStream in = Files.newInputStream(ca)) {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          store.setCertificateEntry("ca" + i++, c);
        }
        TrustManagerFactory trust =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
      } catch (IOException | GeneralSecurityException e) {
        throw new Failure(
            2, "--tls-ca " + ca + ": not a readable PEM certificate (" + e.getMessage() + ")");
      }
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      usageHelpAutoWidth = true,
      sortOptions = false,
      description = {
        "Starts a trace: every packet matching all given criteria (each criterion matches when any of its"
            + " values does, at the inner or the outer headers) is kept at every point until it expires."
            + " Prints the trace's id."
      },
      footer = {
        "",
        "Examples:",
        "  trace add --port 8001 --for 1m",
        "  trace add --ip 10.0.1.5 --ip 10.0.1.0/24 --proto tcp",
        "  trace add --service web --for 10m",
        "  trace add --bpf 'tcp[tcpflags] & tcp-push != 0 and port 80'"
      })
  static final class Add extends Sub {

    @Option(
        names = "--ip",
        paramLabel = "ADDR[/LEN]",
        description = "Source or destination address or CIDR (repeatable).")
    List<String> ips = new ArrayList<>();

    @Option(
        names = "--port",
        paramLabel = "PORT",
        description = "Source or destination port (repeatable).")
    List<Integer> ports = new ArrayList<>();

    @Option(
        names = "--service",
        paramLabel = "NAME",
        description =
            "A swarm service by name or id: its tasks' addresses as the collector knows them now (repeatable).")
    List<String> services = new ArrayList<>();

    @Option(
        names = "--proto",
        paramLabel = "P",
        description = "tcp, udp, icmp, icmpv6 or sctp (repeatable).")
    List<String> protocols = new ArrayList<>();

    @Option(
        names = "--vni",
        paramLabel = "VNI",
        description = "VXLAN network identifier (repeatable).")
    List<Integer> vnis = new ArrayList<>();

    @Option(
        names = "--bpf",
        paramLabel = "EXPR",
        description =
            "A tcpdump filter expression the frame must match as captured at each point (at a VXLAN point"
                + " it sees the outer headers).")
    String bpf;

    @Option(
        names = "--for",
        paramLabel = "DURATION",
        defaultValue = "5m",
        description = "How long: 30s, 5m, 1h at most (default: ${DEFAULT-VALUE}).")
    String duration;

    @Override
    String run(PrintWriter out) throws Failure, InterruptedException {
      Duration d;
      try {
        d = DiagnoseCommand.duration(duration);
      } catch (IllegalArgumentException e) {
        throw new Failure(2, "--for: '" + duration + "' is not a duration such as 30s, 5m or 1h");
      }
      if (d.compareTo(Duration.ofHours(1)) > 0 || d.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new Failure(2, "--for: " + duration + " is not between 1s and 1h");
      }
      if (ips.isEmpty()
          && ports.isEmpty()
          && services.isEmpty()
          && protocols.isEmpty()
          && vnis.isEmpty()
          && (bpf == null || bpf.isBlank())) {
        throw new Failure(2, "say what to trace: --ip, --port, --service, --proto, --vni or --bpf");
      }
      JsonObject body =
          new JsonObject()
              .put("cidrs", new JsonArray(List.copyOf(ips)))
              .put("ports", new JsonArray(List.copyOf(ports)))
              .put("services", new JsonArray(List.copyOf(services)))
              .put("protocols", new JsonArray(List.copyOf(protocols)))
              .put("vnis", new JsonArray(List.copyOf(vnis)))
              .put("duration", d.toMillis() + "ms");
      if (bpf != null) {
        body.put("bpf", bpf);
      }
      JsonObject trace = call("POST", "api/v1/traces", body);
      return "trace "
          + trace.getString("id")
          + " active until "
          + trace.getString("expiresAt")
          + ": "
          + describe(trace)
          + "\n";
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      usageHelpAutoWidth = true,
      description = "Lists the active traces, oldest first: id, time left, what it matches.",
      footer = {
        "",
        "Example:",
        "  trace list --collector http://10.0.0.5:8080 --token-file /run/secrets/canvas_token"
      })
  static final class ListTraces extends Sub {

    @Override
    String run(PrintWriter out) throws Failure, InterruptedException {
      JsonArray traces = call("GET", "api/v1/traces", null).getJsonArray("traces", new JsonArray());
      if (traces.isEmpty()) {
        return "no active traces\n";
      }
      StringBuilder text = new StringBuilder();
      Instant now = Instant.now();
      for (int i = 0; i < traces.size(); i++) {
        JsonObject t = traces.getJsonObject(i);
        long left =
            Math.max(0, Duration.between(now, Instant.parse(t.getString("expiresAt"))).toSeconds());
        text.append(String.format("%-5s %5ds left  %s%n", t.getString("id"), left, describe(t)));
      }
      return text.toString();
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      usageHelpAutoWidth = true,
      description = "Ends a trace before it expires; the agents sample again.",
      footer = {"", "Example:", "  trace remove t3"})
  static final class Remove extends Sub {

    @Parameters(
        paramLabel = "ID",
        description = "The trace's id, as 'trace add' and 'trace list' print it.")
    String id;

    @Override
    String run(PrintWriter out) throws Failure, InterruptedException {
      if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
        throw new Failure(2, "ID: '" + id + "' is not a trace id such as t3");
      }
      JsonObject trace = call("DELETE", "api/v1/traces/" + id, null);
      return "trace " + trace.getString("id") + " removed\n";
    }
  }

  /** What a trace matches, as one line. */
  static String describe(JsonObject t) {
    List<String> parts = new ArrayList<>();
    add(parts, "services", t.getJsonArray("services"));
    add(parts, "ips", t.getJsonArray("cidrs"));
    add(parts, "ports", t.getJsonArray("ports"));
    add(parts, "protocols", t.getJsonArray("protocols"));
    add(parts, "vnis", t.getJsonArray("vnis"));
    if (t.getString("bpf") != null && !t.getString("bpf").isEmpty()) {
      parts.add("bpf '" + t.getString("bpf") + "'");
    }
    return String.join(" ", parts);
  }

  private static void add(List<String> parts, String name, JsonArray values) {
    if (values != null && !values.isEmpty()) {
      List<String> texts = new ArrayList<>();
      values.forEach(
          v ->
              texts.add(
                  String.valueOf(v).replace("PROTOCOL_", "").toLowerCase(java.util.Locale.ROOT)));
      parts.add(name + " " + String.join(",", texts));
    }
  }
}

package io.dockercanvas.collector.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import io.dockercanvas.collector.observer.JourneyMessages;
import io.dockercanvas.proto.v1.Journey;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code diagnose}: asks a running collector for the journeys with a problem verdict and prints
 * them grouped by cause and place.
 */
@Command(
    name = "diagnose",
    mixinStandardHelpOptions = true,
    versionProvider = CollectorCli.VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Asks a running collector (its REST API) for the journeys whose verdict is a problem and prints them "
          + "grouped by cause and place: packets STOPPED on the way (VXLAN dropped between nodes or before "
          + "decapsulation, MTU, missing FDB entry, published port not delivered), requests without reply, "
          + "connections reset, ports without listener.",
      "",
      "Only verdicts the capture coverage supports count: a journey through a node without agent is UNKNOWN, "
          + "not a problem; the swarm's own gossip (7946) and raft (2377) are never judged."
    },
    footer = {
      "",
      "Examples:",
      "  diagnose                                   the collector on http://127.0.0.1:8080/, last minute",
      "  diagnose --collector http://10.0.0.5:8080 --token-file /run/secrets/canvas_token --since 10m",
      "",
      "Exit codes: 0 no problem found, 3 problems found, 2 bad options, 1 the collector could not be asked."
    })
public final class DiagnoseCommand implements Callable<Integer> {

  static final int PROBLEMS_FOUND = 3;
  private static final int LIMIT = 10_000;
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  @Option(
      names = "--collector",
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:8080",
      description = "The collector's page and REST address (default: ${DEFAULT-VALUE}).")
  String collector;

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      defaultValue = "1m",
      description =
          "Only journeys seen within this long before now: 30s, 1m, 2h, 1d (default: ${DEFAULT-VALUE}).")
  String since;

  @Option(
      names = "--token",
      paramLabel = "T",
      description = "The collector's shared secret, when it has one (or CANVAS_TOKEN).")
  String token;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "Read the shared secret from this file.")
  Path tokenFile;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    URI journeys;
    Duration window;
    String secret;
    try {
      window = duration(since);
      journeys = journeysUri(collector);
      secret = secret();
    } catch (IllegalArgumentException | IOException e) {
      err.println("diagnose: " + e.getMessage());
      err.flush();
      return 2;
    }
    List<Journey> found;
    try {
      found = fetch(journeys, secret);
    } catch (IOException e) {
      err.println("diagnose: " + e.getMessage());
      err.flush();
      return 1;
    }
    long oldestNs = (System.currentTimeMillis() - window.toMillis()) * 1_000_000L;
    List<Journey> recent = found.stream().filter(j -> latestNs(j) >= oldestNs).toList();
    List<Problems.Problem> problems = Problems.group(recent);
    if (problems.isEmpty()) {
      out.println("no problems in the last " + since + " (" + collector + ")");
      out.flush();
      return 0;
    }
    long total = problems.stream().mapToLong(Problems.Problem::count).sum();
    out.println(total + " journeys with a problem in the last " + since + " (" + collector + "):");
    problems.forEach(p -> out.println("  " + p.text()));
    out.flush();
    return PROBLEMS_FOUND;
  }

  private List<Journey> fetch(URI uri, String secret) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
    if (secret != null) {
      request.header("Authorization", "Bearer " + secret);
    }
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new IOException(
          "cannot reach the collector at "
              + collector
              + " (connection refused): is it running? "
              + "Give its address with --collector URL");
    } catch (IOException e) {
      throw new IOException(
          "cannot reach the collector at "
              + collector
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw new IOException(
          "the collector at "
              + collector
              + " refused the request (HTTP "
              + response.statusCode()
              + "): give its token with --token, --token-file or CANVAS_TOKEN");
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "the collector at "
              + collector
              + " answered HTTP "
              + response.statusCode()
              + ": "
              + abbreviate(response.body()));
    }
    try {
      JsonArray journeys = new JsonObject(response.body()).getJsonArray("journeys");
      List<Journey> list = new ArrayList<>(journeys.size());
      for (int i = 0; i < journeys.size(); i++) {
        list.add(JourneyMessages.parse(journeys.getJsonObject(i).encode()));
      }
      return list;
    } catch (DecodeException
        | ClassCastException
        | NullPointerException
        | InvalidProtocolBufferException e) {
      throw new IOException(
          collector
              + " did not answer like a docker-canvas collector: "
              + abbreviate(response.body()));
    }
  }

  private static long latestNs(Journey journey) {
    long latest = 0;
    for (var hop : journey.getHopsList()) {
      latest = Math.max(latest, hop.getObservation().getTsNs());
    }
    return latest;
  }

  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "--since: '" + text + "' is not a duration such as 30s, 1m, 2h or 1d");
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
    if (d.isZero()) {
      throw new IllegalArgumentException("--since must be more than 0");
    }
    return d;
  }

  private static URI journeysUri(String base) {
    URI uri;
    try {
      uri = URI.create(base.endsWith("/") ? base : base + "/");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--collector: '" + base + "' is not an http(s) URL such as http://127.0.0.1:8080");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "--collector: '" + base + "' is not an http(s) URL such as http://127.0.0.1:8080");
    }
    return uri.resolve("api/v1/journeys?verdict=PROBLEM&limit=" + LIMIT);
  }

  private String secret() throws IOException {
    if (token != null && tokenFile != null) {
      throw new IllegalArgumentException("give --token or --token-file, not both");
    }
    if (tokenFile != null) {
      String t;
      try {
        t = Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        throw new IOException(
            "--token-file " + tokenFile + ": cannot read it (" + e.getMessage() + ")");
      }
      if (t.isEmpty()) {
        throw new IllegalArgumentException("--token-file " + tokenFile + " is empty");
      }
      return t;
    }
    if (token != null) {
      return token;
    }
    String env = System.getenv("CANVAS_TOKEN");
    return env == null || env.isBlank() ? null : env.trim();
  }

  private static String abbreviate(String body) {
    String line = body == null ? "" : body.replaceAll("\\s+", " ").trim();
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}

package io.dockercanvas.testing.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockercanvas.testing.HostCommand;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The collector's REST API read with curl from inside a lab namespace (the host has no address on
 * the lab's underlay), with the bearer token.
 */
public final class CollectorApi {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Lab lab;
  private final String netns;
  private final String baseUrl;
  private final String token;

  /**
   * The API at BASE_URL (e.g. http://198.51.100.11:8080) as seen from the lab namespace NETNS (a
   * node, or outside).
   */
  public CollectorApi(Lab lab, String netns, String baseUrl, String token) {
    this.lab = lab;
    this.netns = netns;
    this.baseUrl = baseUrl;
    this.token = token;
  }

  /** GET PATH; curl's exit code tells whether the API answered 2xx (curl -f). */
  public HostCommand.Result curl(String path, boolean withToken) {
    List<String> command = new ArrayList<>(List.of("curl", "-sf", "-m", "10"));
    if (withToken) {
      command.addAll(List.of("-H", "Authorization: Bearer " + token));
    }
    command.add(baseUrl + path);
    return lab.inNetns(netns, Duration.ofSeconds(20), command.toArray(String[]::new));
  }

  /**
   * GET PATH with the token into FILE (binary bodies, e.g. a journey's pcap); whether the API
   * answered 2xx.
   */
  public boolean download(String path, java.nio.file.Path file) {
    return lab.inNetns(
            netns,
            Duration.ofSeconds(20),
            "curl",
            "-sf",
            "-m",
            "10",
            "-H",
            "Authorization: Bearer " + token,
            "-o",
            file.toString(),
            baseUrl + path)
        .succeeded();
  }

  /** The body of a GET with the token, or empty when the API does not answer 2xx. */
  public Optional<String> get(String path) {
    HostCommand.Result result = curl(path, true);
    return result.succeeded() ? Optional.of(result.output()) : Optional.empty();
  }

  /** As {@link #get}, parsed; empty too when the body is not JSON. */
  public Optional<JsonNode> json(String path) {
    return get(path)
        .flatMap(
            body -> {
              try {
                return Optional.of(JSON.readTree(body));
              } catch (IOException e) {
                return Optional.empty();
              }
            });
  }

  public Optional<JsonNode> status() {
    return json("/api/v1/status");
  }

  /** One agent's entry in /api/v1/status. */
  public static Optional<JsonNode> agentStatus(JsonNode status, String node) {
    for (JsonNode agent : status.path("agents")) {
      if (node.equals(agent.path("node").asText())) {
        return Optional.of(agent);
      }
    }
    return Optional.empty();
  }

  /**
   * The first journey matching, once the collector has stitched it (the window plus batching): 30 s
   * at most.
   */
  public JsonNode awaitJourney(String query, Predicate<JsonNode> wanted)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode last = JSON.createArrayNode();
    while (System.nanoTime() < deadline) {
      Optional<JsonNode> body = json("/api/v1/journeys?" + query);
      if (body.isPresent()) {
        last = body.get().path("journeys");
        for (JsonNode journey : last) {
          if (wanted.test(journey)) {
            return journey;
          }
        }
      }
      Thread.sleep(1000);
    }
    StringBuilder seen = new StringBuilder();
    for (int i = 0; i < Math.min(20, last.size()); i++) {
      seen.append("\n  ").append(Journeys.points(last.get(i)));
    }
    throw new AssertionError(
        "no journey for "
            + query
            + " has the expected hops; "
            + last.size()
            + " journeys, the"
            + " first hops seen:"
            + seen
            + "\ncollector status: "
            + status().map(JsonNode::toString).orElse("-"));
  }
}

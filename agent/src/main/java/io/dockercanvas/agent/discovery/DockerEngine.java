package io.dockercanvas.agent.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads this node's Docker engine over its unix socket, through {@link ReadOnlyDockerHttpClient}.
 * Uses docker-java's transport but maps the Engine API JSON itself: docker-java's model has no
 * verbose network inspect (peers) and no task network attachments.
 */
public final class DockerEngine implements AutoCloseable {

  public static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EVENT_TYPES =
      "{\"type\":[\"container\",\"network\",\"service\",\"node\"]}";

  private final DockerHttpClient http;
  private final Path socket;

  DockerEngine(DockerHttpClient http, Path socket) {
    this.http = new ReadOnlyDockerHttpClient(http);
    this.socket = socket;
  }

  /** A client for the engine listening on {@code socket}; nothing is sent until the first read. */
  public static DockerEngine connect(Path socket) {
    DockerHttpClient transport =
        new ZerodepDockerHttpClient.Builder()
            .dockerHost(URI.create("unix://" + socket.toAbsolutePath()))
            .connectionTimeout(Duration.ofSeconds(5))
            .maxConnections(4)
            .build();
    return new DockerEngine(transport, socket);
  }

  /**
   * A client for {@code unix:///path/to/docker.sock} or a plain socket path (what {@code --docker}
   * takes). Only local unix sockets: the agent reads the engine of the node it runs on.
   */
  public static DockerEngine connect(String dockerHost) {
    return connect(socketPath(dockerHost));
  }

  static Path socketPath(String dockerHost) {
    if (dockerHost.startsWith("unix://")) {
      String path = dockerHost.substring("unix://".length());
      if (path.startsWith("/")) {
        return Path.of(path);
      }
    } else if (dockerHost.startsWith("/")) {
      return Path.of(dockerHost);
    }
    throw new IllegalArgumentException(
        "Docker host must be a local unix socket, unix:///path/to/docker.sock"
            + " or /path/to/docker.sock (got '"
            + dockerHost
            + "')");
  }

  /** Reads node, networks, services, tasks and containers in one pass. */
  public DockerSnapshot snapshot() throws DockerEngineException {
    SwarmNode node = EngineJson.node(require("/info"));
    List<DockerNetwork> networks = new ArrayList<>();
    for (JsonNode listed : require("/networks")) {
      // A network removed between list and inspect is simply gone (404).
      get("/networks/" + listed.path("Id").asText() + "?verbose=true")
          .map(EngineJson::network)
          .ifPresent(networks::add);
    }
    List<DockerService> services = new ArrayList<>();
    List<DockerTask> tasks = new ArrayList<>();
    if (node.isManager()) { // workers answer 503 "This node is not a swarm manager"
      require("/services").forEach(service -> services.add(EngineJson.service(service)));
      String filter = "{\"node\":[\"" + node.nodeId() + "\"],\"desired-state\":[\"running\"]}";
      require("/tasks?filters=" + encode(filter)).forEach(task -> tasks.add(EngineJson.task(task)));
    }
    List<DockerContainer> containers = new ArrayList<>();
    for (JsonNode listed : require("/containers/json")) {
      get("/containers/" + listed.path("Id").asText() + "/json")
          .map(EngineJson::container)
          .ifPresent(containers::add);
    }
    return new DockerSnapshot(node, networks, services, tasks, containers, Instant.now());
  }

  /** Opens the engine's event stream (container, network, service and node events only). */
  public DockerEventStream events() throws DockerEngineException {
    Response response = send("/events?filters=" + encode(EVENT_TYPES));
    if (response.getStatusCode() != 200) {
      String message = errorMessage(response);
      response.close();
      throw new DockerEngineException(
          "GET /events: HTTP " + response.getStatusCode() + " " + message);
    }
    return new DockerEventStream(response);
  }

  /** The JSON body of a GET that must exist. */
  private JsonNode require(String path) throws DockerEngineException {
    return get(path)
        .orElseThrow(() -> new DockerEngineException("GET " + path + ": HTTP 404 from " + socket));
  }

  /** The JSON body of a GET, or empty on 404. */
  private Optional<JsonNode> get(String path) throws DockerEngineException {
    try (Response response = send(path)) {
      if (response.getStatusCode() == 404) {
        return Optional.empty();
      }
      if (response.getStatusCode() != 200) {
        throw new DockerEngineException(
            "GET " + path + ": HTTP " + response.getStatusCode() + " " + errorMessage(response));
      }
      try (InputStream body = response.getBody()) {
        return Optional.of(JSON.readTree(body));
      }
    } catch (IOException e) {
      throw new DockerEngineException("GET " + path + " on " + socket + ": " + e.getMessage(), e);
    }
  }

  private Response send(String path) throws DockerEngineException {
    Request request = Request.builder().method(Request.Method.GET).path(path).build();
    try {
      return http.execute(request);
    } catch (DockerCallRefusedException e) {
      throw e;
    } catch (RuntimeException e) { // docker-java wraps socket errors in RuntimeException
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new DockerEngineException("cannot reach Docker at " + socket + ": " + cause, e);
    }
  }

  private static String errorMessage(Response response) {
    try (InputStream body = response.getBody()) {
      return JSON.readTree(body).path("message").asText("");
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    http.close();
  }
}

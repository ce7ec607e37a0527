package io.dockercanvas.agent.discovery;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The only way the agent talks to Docker: a docker-java transport that lets through the read
 * endpoints discovery needs and refuses everything else before it reaches the socket. An
 * allow-list, not a deny-list: GET alone is not enough, since some GETs act ({@code
 * /containers/{id}/attach/ws}) or leak data ({@code /containers/{id}/archive}, {@code
 * /images/{name}/get}).
 */
public final class ReadOnlyDockerHttpClient implements DockerHttpClient {

  private static final String ID = "[A-Za-z0-9][A-Za-z0-9_.-]*"; // ids and names; never "." or ".."
  private static final Pattern API_VERSION = Pattern.compile("^/v\\d+\\.\\d+(?=/)");
  private static final List<Pattern> READ_ENDPOINTS =
      List.of(
              "/_ping",
              "/version",
              "/info",
              "/events",
              "/swarm",
              "/nodes",
              "/nodes/" + ID,
              "/networks",
              "/networks/" + ID,
              "/services",
              "/services/" + ID,
              "/tasks",
              "/tasks/" + ID,
              "/containers/json",
              "/containers/" + ID + "/json")
          .stream()
          .map(Pattern::compile)
          .toList();

  private final DockerHttpClient delegate;

  public ReadOnlyDockerHttpClient(DockerHttpClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public Response execute(Request request) {
    checkReadOnly(request);
    return delegate.execute(request);
  }

  /** Throws {@link DockerCallRefusedException} unless the request is an allowed read. */
  static void checkReadOnly(Request request) {
    String call = request.method() + " " + request.path();
    if (!"GET".equals(request.method())) {
      throw refused(call, "only GET is allowed");
    }
    if (request.hijackedInput() != null || request.body() != null) {
      throw refused(call, "a read carries no request body or attached stream");
    }
    String path = request.path();
    int query = path.indexOf('?');
    String endpoint =
        API_VERSION.matcher(query < 0 ? path : path.substring(0, query)).replaceFirst("");
    if (READ_ENDPOINTS.stream().noneMatch(allowed -> allowed.matcher(endpoint).matches())) {
      throw refused(call, "not one of the read endpoints discovery uses");
    }
  }

  private static DockerCallRefusedException refused(String call, String why) {
    return new DockerCallRefusedException(
        "refused Docker API call " + call + ": the agent is read-only (" + why + ")");
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}

package io.dockercanvas.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dockercanvas.testing.HostCommand;
import io.dockercanvas.testing.lab.Lab;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/stack.yml as Docker itself reads it: {@code docker stack config} (no engine needed) loads
 * the file, checks it against the compose schema and fills in the variables, the same way {@code
 * stack deploy} does.
 */
class StackFileTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @BeforeAll
  static void requireDockerCliWithStackConfig() {
    assumeTrue(HostCommand.onPath("docker"), "needs the docker CLI (apt-get install -y docker.io)");
    HostCommand.Result help =
        HostCommand.run(Duration.ofSeconds(30), List.of("docker", "stack", "config", "--help"));
    // Debian 12's docker.io (20.10) has no 'stack config'; DeployIT still deploys the file with it.
    assumeTrue(
        help.succeeded() && help.output().contains("stack config"),
        "this docker CLI has no 'docker stack config' (newer than 20.10 has it)");
  }

  @Test
  void agent_globalOnTheHostNetworkWithThreeCapabilitiesAndReadOnlyDockerAccess() {
    JsonNode agent =
        config(Map.of("CANVAS_COLLECTOR", "10.1.2.3:9090")).path("services").path("agent");

    assertThat(agent.at("/deploy/mode").asText()).isEqualTo("global");
    assertThat(texts(agent.path("cap_add")))
        .containsExactlyInAnyOrder("NET_ADMIN", "NET_RAW", "SYS_ADMIN");
    assertThat(agent.has("privileged")).isFalse();
    assertThat(agent.path("networks").has("hostnet")).isTrue();
    assertThat(texts(agent.path("command")))
        .containsSequence("--collector", "10.1.2.3:9090")
        .containsSequence("--tls-cert", "/run/secrets/canvas_agent.crt")
        .containsSequence("--tls-key", "/run/secrets/canvas_agent.key")
        .containsSequence("--tls-ca", "/run/secrets/canvas_ca.crt")
        .containsSequence("--token-file", "/run/secrets/canvas_token");
    assertThat(agent.path("secrets"))
        .extracting(s -> s.path("source").asText())
        .containsExactlyInAnyOrder(
            "canvas_token", "canvas_ca.crt", "canvas_agent.crt", "canvas_agent.key");
    assertThat(agent.path("volumes"))
        .anySatisfy(
            v -> {
              assertThat(v.path("source").asText()).isEqualTo("/var/run/docker.sock");
              assertThat(v.path("read_only").asBoolean()).isTrue();
            })
        .anySatisfy(
            v -> {
              assertThat(v.path("source").asText()).isEqualTo("/var/run/docker/netns");
              assertThat(v.at("/bind/propagation").asText()).isEqualTo("rslave");
            });
    assertThat(agent.at("/deploy/resources/limits/memory").asText()).isNotEmpty();
  }

  @Test
  void collector_onAManagerWithTheTokenSecretHealthcheckAndLimits() {
    JsonNode config = config(Map.of("CANVAS_COLLECTOR", "10.1.2.3:9090"));
    JsonNode collector = config.path("services").path("collector");

    assertThat(texts(collector.at("/deploy/placement/constraints")))
        .contains("node.role == manager");
    assertThat(collector.at("/deploy/replicas").asInt()).isEqualTo(1);
    assertThat(collector.path("secrets"))
        .extracting(s -> s.path("source").asText())
        .contains("canvas_token", "canvas_ca.crt", "canvas_collector.crt", "canvas_collector.key");
    assertThat(collector.path("secrets"))
        .anySatisfy(
            s -> {
              assertThat(s.path("source").asText()).isEqualTo("canvas_collector.key");
              assertThat(s.path("uid").asText())
                  .as("the collector image's user")
                  .isEqualTo("10001");
              assertThat(s.path("mode").asInt()).isEqualTo(0400);
            });
    assertThat(texts(collector.path("command")))
        .containsSequence("--tls-cert", "/run/secrets/canvas_collector.crt")
        .containsSequence("--tls-key", "/run/secrets/canvas_collector.key")
        .containsSequence("--tls-ca", "/run/secrets/canvas_ca.crt")
        .containsSequence("--token-file", "/run/secrets/canvas_token");
    assertThat(texts(collector.at("/healthcheck/test")))
        .anyMatch(part -> part.contains("/healthz"));
    assertThat(collector.at("/deploy/resources/limits/cpus").asText()).isNotEmpty();
    assertThat(config.at("/networks/hostnet/name").asText()).isEqualTo("host");
    assertThat(config.at("/secrets/canvas_token/external").asBoolean()).isTrue();
  }

  @Test
  void variables_pointTheAgentAtAnotherSocketNetnsDirectoryAndPropagation() {
    JsonNode agent =
        config(
                Map.of(
                    "CANVAS_COLLECTOR",
                    "10.1.2.3:9090",
                    "CANVAS_DOCKER_SOCKET",
                    "/srv/{{.Node.Hostname}}/docker.sock",
                    "CANVAS_NETNS_PROPAGATION",
                    "rprivate",
                    "CANVAS_VERSION",
                    "1.2.3"))
            .path("services")
            .path("agent");

    assertThat(agent.path("image").asText()).isEqualTo("dockercanvas/docker-canvas-agent:1.2.3");
    assertThat(agent.path("volumes"))
        .anySatisfy(
            v ->
                assertThat(v.path("source").asText())
                    .isEqualTo("/srv/{{.Node.Hostname}}/docker.sock"))
        .anySatisfy(v -> assertThat(v.at("/bind/propagation").asText()).isEqualTo("rprivate"));
  }

  @Test
  void withoutCanvasCollector_refusedWithWhatToSet() {
    HostCommand.Result result = render(Map.of());

    assertThat(result.exitCode()).as(result.describe()).isNotZero();
    assertThat(result.output()).contains("set CANVAS_COLLECTOR");
  }

  private static JsonNode config(Map<String, String> env) {
    HostCommand.Result result = render(env);
    assertThat(result.exitCode()).as(result.describe()).isZero();
    try {
      return YAML.readTree(result.output());
    } catch (IOException e) {
      throw new AssertionError("docker stack config printed no YAML: " + result.output(), e);
    }
  }

  private static HostCommand.Result render(Map<String, String> env) {
    // env -i: only the variables given, whatever the build's environment holds
    List<String> command = new ArrayList<>(List.of("env", "-i", "PATH=" + System.getenv("PATH")));
    env.forEach((name, value) -> command.add(name + "=" + value));
    command.addAll(List.of("docker", "stack", "config", "-c", "deploy/stack.yml"));
    return HostCommand.run(Duration.ofSeconds(30), command, Lab.repositoryRoot());
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}

package io.dockercanvas.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockercanvas.deploy.lab.HostCommand;
import io.dockercanvas.deploy.lab.LabCli;
import io.dockercanvas.deploy.lab.LabLeftovers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The shipped artifacts on the lab's real 3-node swarm: both images built offline through deploy/Dockerfile
 * (deploy/offline-images.sh, on node1's engine), loaded on every node, deploy/stack.yml deployed with
 * {@code docker stack deploy --resolve-image never}; the page and API read from the lab's outside client,
 * as a user's browser would. Starts with {@code lab down} and a fresh {@code lab up}, ends with {@code lab down}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class DeployIT {

  private static final String STACK = "canvas";
  private static final String TAG = "it";
  private static final String COLLECTOR = "198.51.100.11";
  private static final String OUTSIDE_NETNS = "/run/netns/canvas-lab-outside";
  private static final List<String> CAPS = List.of("CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_SYS_ADMIN");
  private static final List<String> SECRET_FILES = List.of("ca.crt", "collector.crt", "collector.key", "agent.crt",
      "agent.key");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LabCli lab = LabCli.fromBuild();
  private final LabSwarm swarm = new LabSwarm(lab.root());
  private final String token = UUID.randomUUID().toString();
  private boolean labTouched;

  private Path work;

  @BeforeAll
  void buildImagesAndDeployTheStack() throws IOException {
    assumeTrue(HostCommand.isRoot(), "DeployIT needs root: the swarm lab (CI runs it as root)");
    for (String tool : List.of("dockerd", "docker", "ip", "nsenter", "curl", "jlink", "ldd", "ldconfig")) {
      assumeTrue(HostCommand.onPath(tool), "DeployIT needs " + tool + " on the PATH (.ci/run installs it)");
    }
    for (String jar : List.of("agent/target/docker-canvas-agent.jar", "collector/target/docker-canvas-collector.jar")) {
      assumeTrue(Files.isRegularFile(lab.root().resolve(jar)), "DeployIT needs " + jar + " (build the modules first)");
    }
    work = Files.createTempDirectory("deploy-it");
    labTouched = true;
    lab.require(LabCli.DOWN_LIMIT, "down");
    lab.require(LabCli.UP_LIMIT, "up");

    timed("offline image build on node1", () -> HostCommand.run(Duration.ofMinutes(6), List.of(
        lab.root().resolve("deploy/offline-images.sh").toString(), "--docker", "unix://" + LabSwarm.socket("node1"),
        "--tag", TAG), lab.root()));
    Path images = work.resolve("images.tar");
    swarm.require(Duration.ofMinutes(2), "node1", Map.of(), "save", "-o", images.toString(),
        image("agent"), image("collector"));
    for (String node : List.of("node2", "node3")) {
      swarm.require(Duration.ofMinutes(2), node, Map.of(), "load", "-q", "-i", images.toString());
    }

    // the secrets, as the README says: a token, and certificates naming the address agents dial
    Path tokenFile = work.resolve("token");
    Files.writeString(tokenFile, token + "\n");
    swarm.require("node1", "secret", "create", "canvas_token", tokenFile.toString());
    Path certs = work.resolve("certs");
    HostCommand.Result issued = HostCommand.run(Duration.ofMinutes(2), List.of(lab.root().resolve("canvas").toString(),
        "certs", "--out", certs.toString(), "--san", COLLECTOR), lab.root());
    assertThat(issued.exitCode()).as(issued.describe()).isZero();
    for (String file : SECRET_FILES) {
      swarm.require("node1", "secret", "create", "canvas_" + file, certs.resolve(file).toString());
    }
    timed("stack deploy", () -> swarm.run(Duration.ofMinutes(2), "node1", Map.of(
        "CANVAS_COLLECTOR", COLLECTOR + ":9090",
        "CANVAS_VERSION", TAG,
        // the lab's nodes keep their sockets and namespaces under their own directories; swarm expands the template
        "CANVAS_DOCKER_SOCKET", "/var/lib/docker-canvas-lab/{{.Node.Hostname}}/docker.sock",
        "CANVAS_NETNS_DIR", "/var/lib/docker-canvas-lab/{{.Node.Hostname}}/exec/netns",
        // this machine's / is a private mount: rslave is refused, so the agent sees the namespaces present at its start
        "CANVAS_NETNS_PROPAGATION", "rprivate"),
        "stack", "deploy", "--resolve-image", "never", "-c", "deploy/stack.yml", STACK));
  }

  @AfterAll
  void leaveMachineClean() throws IOException {
    if (work != null) {
      try (var files = Files.walk(work)) {
        for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
    if (labTouched) {
      HostCommand.Result down = lab.run(LabCli.DOWN_LIMIT, "down");
      assertThat(down.exitCode()).as(down.describe()).isZero();
      assertThat(LabLeftovers.find()).as("left on the machine after lab down").isEmpty();
    }
  }

  @Test
  @Order(1)
  void agent_runsOnceOnEveryNode_globalWithThreeCapabilitiesNotPrivileged() {
    awaitTrue(Duration.ofSeconds(90), "one running agent container on each node",
        () -> LabSwarm.NODES.stream().allMatch(node -> swarm.containersOf(node, STACK + "_agent").size() == 1));

    JsonNode service = swarm.inspect("node1", "service", "inspect", STACK + "_agent");
    assertThat(service.at("/Spec/Mode").has("Global")).as("service mode: %s", service.at("/Spec/Mode")).isTrue();
    assertThat(texts(service.at("/Spec/TaskTemplate/ContainerSpec/CapabilityAdd"))).containsExactlyInAnyOrderElementsOf(CAPS);
    for (String node : LabSwarm.NODES) {
      JsonNode container = swarm.inspect(node, "inspect", swarm.containersOf(node, STACK + "_agent").get(0));
      assertThat(container.at("/HostConfig/Privileged").asBoolean()).as("privileged on %s", node).isFalse();
      assertThat(texts(container.at("/HostConfig/CapAdd"))).as("caps on %s", node).containsExactlyInAnyOrderElementsOf(CAPS);
      assertThat(container.at("/HostConfig/NetworkMode").asText()).isEqualTo("host");
      assertThat(container.at("/State/Running").asBoolean()).isTrue();
    }
  }

  @Test
  @Order(2)
  void collector_onTheManager_healthyAndReportsThreeConnectedAgents() {
    awaitTrue(Duration.ofSeconds(120), "the collector reports 3 connected agents",
        () -> api("/api/v1/status").map(s -> s.path("agents_connected").asInt() == 3).orElse(false));
    JsonNode status = api("/api/v1/status").orElseThrow();
    assertThat(status.path("agents")).extracting(a -> a.path("connected").asBoolean()).containsOnly(true);

    assertThat(swarm.containersOf("node1", STACK + "_collector")).hasSize(1);
    String collector = swarm.containersOf("node1", STACK + "_collector").get(0);
    awaitTrue(Duration.ofSeconds(90), "the collector's healthcheck passes", () -> "healthy".equals(
        swarm.inspect("node1", "inspect", collector).at("/State/Health/Status").asText()));
    assertThat(swarm.inspect("node1", "inspect", collector).at("/Config/User").asText()).isEqualTo("10001:10001");
    assertThat(curl("http://" + COLLECTOR + ":8080/api/v1/status", false).exitCode())
        .as("the API without the token is refused").isNotZero();
  }

  @Test
  @Order(3)
  void labTraffic_crossNodeJourneysWithEncapAndDecap_andNoneOfTheAgentsOwnStream() {
    HostCommand.Result traffic = lab.run(Duration.ofSeconds(120), "traffic", "--seconds", "5");
    assertThat(traffic.exitCode()).as(traffic.describe()).isZero();

    List<JsonNode> crossNode = new ArrayList<>();
    awaitTrue(Duration.ofSeconds(60), "journeys with ENCAP on one node and DECAP on another", () -> {
      crossNode.clear();
      api("/api/v1/journeys?limit=2000").ifPresent(body -> body.path("journeys").forEach(j -> {
        if (encapAndDecapOnDifferentNodes(j)) {
          crossNode.add(j);
        }
      }));
      return !crossNode.isEmpty();
    });
    JsonNode all = api("/api/v1/journeys?limit=2000").orElseThrow().path("journeys");
    List<String> exportHops = new ArrayList<>();
    all.forEach(j -> j.path("hops").forEach(h -> {
      if (h.path("dport").asInt() == 9090 || h.path("sport").asInt() == 9090) {
        exportHops.add(j.path("fp").asText() + " " + h.path("node").asText() + " " + h.path("point").asText());
      }
    }));
    assertThat(exportHops).as("hops of the agents' own gRPC stream to the collector").isEmpty();
    System.out.printf("[DeployIT] %d journeys, %d cross-node with ENCAP/DECAP%n", all.size(), crossNode.size());
  }

  @Test
  @Order(4)
  void stackRm_removesEveryServiceAndContainer() {
    swarm.require("node1", "stack", "rm", STACK);
    awaitTrue(Duration.ofSeconds(90), "no container of the stack left on any node",
        () -> LabSwarm.NODES.stream().allMatch(node -> swarm.containersOfStack(node, STACK).isEmpty()));
    assertThat(swarm.require("node1", "service", "ls", "-q", "--filter", "label=com.docker.stack.namespace=" + STACK))
        .isEmpty();
    swarm.require("node1", "secret", "rm", "canvas_token");
    for (String file : SECRET_FILES) {
      swarm.require("node1", "secret", "rm", "canvas_" + file);
    }
  }

  private static boolean encapAndDecapOnDifferentNodes(JsonNode journey) {
    Set<String> encap = new HashSet<>();
    Set<String> decap = new HashSet<>();
    journey.path("hops").forEach(h -> h.path("rewrites").forEach(r -> {
      if ("ENCAP".equals(r.path("kind").asText())) {
        encap.add(h.path("node").asText());
      } else if ("DECAP".equals(r.path("kind").asText())) {
        decap.add(h.path("node").asText());
      }
    }));
    return encap.stream().anyMatch(e -> decap.stream().anyMatch(d -> !d.equals(e)));
  }

  /** GET on the collector's published port, from the lab's outside client namespace, with the token. */
  private Optional<JsonNode> api(String path) {
    HostCommand.Result result = curl("http://" + COLLECTOR + ":8080" + path, true);
    if (!result.succeeded()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(result.output()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private HostCommand.Result curl(String url, boolean withToken) {
    List<String> command = new ArrayList<>(List.of("nsenter", "--net=" + OUTSIDE_NETNS, "curl", "-sf", "-m", "10"));
    if (withToken) {
      command.addAll(List.of("-H", "Authorization: Bearer " + token));
    }
    command.add(url);
    return HostCommand.run(Duration.ofSeconds(20), command);
  }

  private static String image(String name) {
    return "dockercanvas/docker-canvas-" + name + ":" + TAG;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private static void timed(String what, Supplier<HostCommand.Result> step) {
    HostCommand.Result result = step.get();
    System.out.printf("[DeployIT] %s: exit %d in %ds%n%s", what, result.exitCode(), result.took().toSeconds(),
        result.output());
    assertThat(result.exitCode()).as(result.describe()).isZero();
  }

  private static void awaitTrue(Duration limit, String what, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + limit.toSeconds() + "s: " + what);
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}

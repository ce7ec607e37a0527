package io.dockercanvas.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockercanvas.testing.HostCommand;
import io.dockercanvas.testing.Poll;
import io.dockercanvas.testing.lab.CollectorApi;
import io.dockercanvas.testing.lab.Journeys;
import io.dockercanvas.testing.lab.Lab;
import io.dockercanvas.testing.lab.LabTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * The shipped artifacts on the lab's real 3-node swarm: both images built offline through
 * deploy/Dockerfile (deploy/offline-images.sh, on node1's engine), loaded on every node,
 * deploy/stack.yml deployed with {@code docker stack deploy --resolve-image never}; the page and
 * API read from the lab's outside client, as a user's browser would. On a fresh lab of its own
 * ({@link LabTest}).
 */
@LabTest(
    tools = {"curl", "jlink", "ldd", "ldconfig"},
    files = {
      "agent/target/docker-canvas-agent.jar",
      "collector/target/docker-canvas-collector.jar"
    })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class DeployIT {

  private static final String STACK = "canvas";
  private static final String TAG = "it";
  private static final String COLLECTOR = "198.51.100.11";
  private static final List<String> CAPS = List.of("CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_SYS_ADMIN");
  private static final List<String> SECRET_FILES =
      List.of("ca.crt", "collector.crt", "collector.key", "agent.crt", "agent.key");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String token = UUID.randomUUID().toString();

  private Path work;
  // the page and API as the lab's outside client reads them
  private CollectorApi api;

  @BeforeAll
  void buildImagesAndDeployTheStack(Lab lab) throws IOException {
    work = Files.createTempDirectory("deploy-it");
    api = new CollectorApi(lab, Lab.OUTSIDE, "http://" + COLLECTOR + ":8080", token);

    timed(
        "offline image build on node1",
        () ->
            HostCommand.run(
                Duration.ofMinutes(6),
                List.of(
                    lab.root().resolve("deploy/offline-images.sh").toString(),
                    "--docker",
                    "unix://" + lab.socket("node1"),
                    "--tag",
                    TAG),
                lab.root()));
    Path images = work.resolve("images.tar");
    lab.docker(
            Duration.ofMinutes(2),
            Map.of(),
            "node1",
            "save",
            "-o",
            images.toString(),
            image("agent"),
            image("collector"))
        .require();
    for (String node : List.of("node2", "node3")) {
      lab.docker(Duration.ofMinutes(2), Map.of(), node, "load", "-q", "-i", images.toString())
          .require();
    }

    // the secrets, as the README says: a token, and certificates naming the address agents dial
    Path tokenFile = work.resolve("token");
    Files.writeString(tokenFile, token + "\n");
    lab.docker("node1", "secret", "create", "canvas_token", tokenFile.toString());
    Path certs = work.resolve("certs");
    HostCommand.Result issued =
        HostCommand.run(
            Duration.ofMinutes(2),
            List.of(
                lab.canvas().toString(), "certs", "--out", certs.toString(), "--san", COLLECTOR),
            lab.root());
    assertThat(issued.exitCode()).as(issued.describe()).isZero();
    for (String file : SECRET_FILES) {
      lab.docker("node1", "secret", "create", "canvas_" + file, certs.resolve(file).toString());
    }
    timed(
        "stack deploy",
        () ->
            lab.docker(
                Duration.ofMinutes(2),
                Map.of(
                    "CANVAS_COLLECTOR", COLLECTOR + ":9090",
                    "CANVAS_VERSION", TAG,
                    // the lab's nodes keep their sockets and namespaces under their own
                    // directories; swarm expands the template
                    "CANVAS_DOCKER_SOCKET", lab.directory() + "/{{.Node.Hostname}}/docker.sock",
                    "CANVAS_NETNS_DIR", lab.directory() + "/{{.Node.Hostname}}/exec/netns",
                    // this machine's / is a private mount: rslave is refused, so the agent sees the
                    // namespaces present at its start
                    "CANVAS_NETNS_PROPAGATION", "rprivate"),
                "node1",
                "stack",
                "deploy",
                "--resolve-image",
                "never",
                "-c",
                "deploy/stack.yml",
                STACK));
  }

  @AfterAll
  void deleteWork() throws IOException {
    if (work != null) {
      try (var files = Files.walk(work)) {
        for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
  }

  @Test
  @Order(1)
  void agent_runsOnceOnEveryNode_globalWithThreeCapabilitiesNotPrivileged(Lab lab)
      throws Exception {
    List<String> nodes = lab.nodes().stream().map(Lab.Node::name).toList();
    Poll.until(
        Duration.ofSeconds(90),
        "one running agent container on each node",
        () ->
            nodes.stream().allMatch(node -> containersOf(lab, node, STACK + "_agent").size() == 1));

    JsonNode service = inspect(lab, "node1", "service", "inspect", STACK + "_agent");
    assertThat(service.at("/Spec/Mode").has("Global"))
        .as("service mode: %s", service.at("/Spec/Mode"))
        .isTrue();
    assertThat(texts(service.at("/Spec/TaskTemplate/ContainerSpec/CapabilityAdd")))
        .containsExactlyInAnyOrderElementsOf(CAPS);
    for (String node : nodes) {
      JsonNode container =
          inspect(lab, node, "inspect", containersOf(lab, node, STACK + "_agent").get(0));
      assertThat(container.at("/HostConfig/Privileged").asBoolean())
          .as("privileged on %s", node)
          .isFalse();
      assertThat(texts(container.at("/HostConfig/CapAdd")))
          .as("caps on %s", node)
          .containsExactlyInAnyOrderElementsOf(CAPS);
      assertThat(container.at("/HostConfig/NetworkMode").asText()).isEqualTo("host");
      assertThat(container.at("/State/Running").asBoolean()).isTrue();
    }
  }

  @Test
  @Order(2)
  void collector_onTheManager_healthyAndReportsThreeConnectedAgents(Lab lab) throws Exception {
    Poll.until(
        Duration.ofSeconds(120),
        "the collector reports 3 connected agents",
        () -> api.status().map(s -> s.path("agents_connected").asInt() == 3).orElse(false));
    JsonNode status = api.status().orElseThrow();
    assertThat(status.path("agents"))
        .extracting(a -> a.path("connected").asBoolean())
        .containsOnly(true);

    assertThat(containersOf(lab, "node1", STACK + "_collector")).hasSize(1);
    String collector = containersOf(lab, "node1", STACK + "_collector").get(0);
    Poll.until(
        Duration.ofSeconds(90),
        "the collector's healthcheck passes",
        () ->
            "healthy"
                .equals(
                    inspect(lab, "node1", "inspect", collector)
                        .at("/State/Health/Status")
                        .asText()));
    assertThat(inspect(lab, "node1", "inspect", collector).at("/Config/User").asText())
        .isEqualTo("10001:10001");
    assertThat(api.curl("/api/v1/status", false).exitCode())
        .as("the API without the token is refused")
        .isNotZero();
  }

  @Test
  @Order(3)
  void labTraffic_crossNodeJourneysWithEncapAndDecap_andNoneOfTheAgentsOwnStream(Lab lab)
      throws Exception {
    HostCommand.Result traffic = lab.traffic(5);
    assertThat(traffic.exitCode()).as(traffic.describe()).isZero();

    List<JsonNode> crossNode = new ArrayList<>();
    Poll.until(
        Duration.ofSeconds(60),
        "journeys with ENCAP on one node and DECAP on another",
        () -> {
          crossNode.clear();
          api.json("/api/v1/journeys?limit=2000")
              .ifPresent(
                  body ->
                      body.path("journeys")
                          .forEach(
                              j -> {
                                if (encapAndDecapOnDifferentNodes(j)) {
                                  crossNode.add(j);
                                }
                              }));
          return !crossNode.isEmpty();
        });
    JsonNode all = api.json("/api/v1/journeys?limit=2000").orElseThrow().path("journeys");
    List<String> exportHops = new ArrayList<>();
    all.forEach(
        j ->
            j.path("hops")
                .forEach(
                    h -> {
                      if (Journeys.dport(h) == 9090 || Journeys.sport(h) == 9090) {
                        exportHops.add(
                            Journeys.fingerprint(j)
                                + " "
                                + Journeys.node(h)
                                + " "
                                + Journeys.point(h));
                      }
                    }));
    assertThat(exportHops).as("hops of the agents' own gRPC stream to the collector").isEmpty();
    System.out.printf(
        "[DeployIT] %d journeys, %d cross-node with ENCAP/DECAP%n", all.size(), crossNode.size());
  }

  @Test
  @Order(4)
  void stackRm_removesEveryServiceAndContainer(Lab lab) throws Exception {
    lab.docker("node1", "stack", "rm", STACK);
    Poll.until(
        Duration.ofSeconds(90),
        "no container of the stack left on any node",
        () ->
            lab.nodes().stream()
                .allMatch(node -> containersOfStack(lab, node.name(), STACK).isEmpty()));
    assertThat(
            lab.docker(
                "node1",
                "service",
                "ls",
                "-q",
                "--filter",
                "label=com.docker.stack.namespace=" + STACK))
        .isEmpty();
    lab.docker("node1", "secret", "rm", "canvas_token");
    for (String file : SECRET_FILES) {
      lab.docker("node1", "secret", "rm", "canvas_" + file);
    }
  }

  /**
   * Issue 14: {@code docker run -p 8080:8080 <collector image> demo} works, with the recordings
   * inside the image: the page and the journeys from the lab's outside client, both scenes listed.
   */
  @Test
  @Order(5)
  void demoFromTheCollectorImage_servesThePageAndRecordedJourneys(Lab lab) throws Exception {
    String name = "canvas-demo-it";
    lab.docker(Duration.ofSeconds(30), Map.of(), "node3", "rm", "-f", name); // a stale one, if any
    lab.docker(Duration.ofSeconds(30), Map.of(), "node3", "network", "rm", name);
    // The lab's dockerds run without the default bridge (--bridge none), so `-p` needs a bridge
    // network of its own; the port is published the same way as on a default install.
    lab.docker(Duration.ofSeconds(30), Map.of(), "node3", "network", "create", "-d", "bridge", name)
        .require();
    lab.docker(
            Duration.ofMinutes(1),
            Map.of(),
            "node3",
            "run",
            "-d",
            "--name",
            name,
            "--network",
            name,
            "-p",
            "18080:8080",
            image("collector"),
            "demo")
        .require();
    try {
      // the demo asks for no token; the header the helper sends is ignored
      CollectorApi demo = new CollectorApi(lab, Lab.OUTSIDE, "http://198.51.100.13:18080", token);
      Poll.until(
          Duration.ofSeconds(90),
          "journeys from the demo in the image",
          () ->
              demo.json("/api/v1/journeys?limit=20")
                  .map(body -> body.path("journeys").size() > 0)
                  .orElse(false));
      assertThat(demo.curl("/", false).exitCode()).as("the page, without a token").isZero();
      JsonNode scenes = demo.json("/api/v1/demo/scenes").orElseThrow();
      assertThat(scenes.path("scenes"))
          .extracting(s -> s.path("name").asText())
          .containsExactly("swarm", "vxlan-drop", "routing-mesh");
    } finally {
      System.out.printf("[DeployIT] demo container log:%n%s%n", lab.docker("node3", "logs", name));
      lab.docker("node3", "rm", "-f", name);
      lab.docker(Duration.ofSeconds(30), Map.of(), "node3", "network", "rm", name);
    }
  }

  /** IDs of the running containers of a swarm service on one node. */
  private static List<String> containersOf(Lab lab, String node, String service) {
    return lab.docker(
            node, "ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + service)
        .lines()
        .toList();
  }

  /** IDs of every container (any state) a stack left on one node. */
  private static List<String> containersOfStack(Lab lab, String node, String stack) {
    return lab.docker(node, "ps", "-aq", "--filter", "label=com.docker.stack.namespace=" + stack)
        .lines()
        .toList();
  }

  /** {@code docker inspect} of one object, as JSON. */
  private static JsonNode inspect(Lab lab, String node, String... args) {
    String text = lab.docker(node, args);
    try {
      return JSON.readTree(text).get(0);
    } catch (IOException e) {
      throw new AssertionError("no JSON from docker " + String.join(" ", args) + ": " + text, e);
    }
  }

  private static boolean encapAndDecapOnDifferentNodes(JsonNode journey) {
    Set<String> encap = new HashSet<>();
    Set<String> decap = new HashSet<>();
    journey
        .path("hops")
        .forEach(
            h ->
                h.path("rewrites")
                    .forEach(
                        r -> {
                          if ("REWRITE_KIND_ENCAP".equals(r.path("kind").asText())) {
                            encap.add(Journeys.node(h));
                          } else if ("REWRITE_KIND_DECAP".equals(r.path("kind").asText())) {
                            decap.add(Journeys.node(h));
                          }
                        }));
    return encap.stream().anyMatch(e -> decap.stream().anyMatch(d -> !d.equals(e)));
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
    System.out.printf(
        "[DeployIT] %s: exit %d in %ds%n%s",
        what, result.exitCode(), result.took().toSeconds(), result.output());
    assertThat(result.exitCode()).as(result.describe()).isZero();
  }
}

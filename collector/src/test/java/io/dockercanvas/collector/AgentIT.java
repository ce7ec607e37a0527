package io.dockercanvas.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The acceptance test of the agent on the swarm lab: the real collector jar and one real agent jar per lab
 * node, each agent inside its node's network namespace with that node's docker socket and netns directory.
 *
 * <p>Where the collector runs: inside canvas-lab-node1's namespace, because the agents must reach it over
 * the lab's underlay and the host has no address on the lab bridge (the lab README says it adds none, and
 * this test does not either). Its gRPC listens on node1's underlay address 198.51.100.11 (so a token is
 * required, given through CANVAS_TOKEN to keep it out of the process list), its HTTP on node1's loopback;
 * the test reads the REST API with {@code nsenter --net=... curl}. The agents leave their own stream out of
 * their captures, so the collector inside the lab does not disturb what is measured.
 *
 * <p>Brings a fresh lab up ({@code lab down} first, for a stale one) and takes it down in {@link #cleanUp},
 * after stopping every process it started, by PID.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the churn check last: its settle time overlaps the others
class AgentIT {

  private static final String OVERLAY = "wordpress_net";
  private static final String IMAGE = "docker-canvas-lab/busybox:1";
  private static final String CHURN_OVERLAY = "churn_net";
  private static final int CHURN_CONTAINERS = 30;
  // start-up work (discovery, every namespace entered, handles opened) done well before this age
  private static final Duration AGENT_SETTLE_AGE = Duration.ofSeconds(30);
  private static final Duration STEADY_FOR = Duration.ofSeconds(10);
  private static final Pattern PCAP_HANDLES = Pattern.compile("resources: .*, (\\d+) pcap handles open");
  private static final int GRPC_PORT = 19090;
  private static final int HTTP_PORT = 18080;
  private static final String COLLECTOR_HOST = "198.51.100.11";

  private final Path root = Path.of(System.getProperty("canvas.root", "..")).toAbsolutePath().normalize();
  private final String token = UUID.randomUUID().toString();
  private final Map<String, Process> agents = new LinkedHashMap<>();
  private final Map<String, Path> agentLogs = new LinkedHashMap<>();
  private final List<Path> logs = new ArrayList<>();
  private Process collector;
  private boolean labTouched;

  @BeforeAll
  void startLabCollectorAndAgents() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")),
        "AgentIT needs root (the lab's dockerds, nsenter, capture); CI runs it as root");
    for (String tool : new String[] {"dockerd", "ip", "jq", "nsenter", "iptables", "curl", "tcpdump"}) {
      assumeTrue(commandExists(tool), "AgentIT needs " + tool + " for the swarm lab");
    }
    assumeTrue(Files.isExecutable(root.resolve("canvas")), "AgentIT needs ./canvas at " + root);
    assumeTrue(Files.isRegularFile(agentJar()), "AgentIT needs the agent jar (build the agent module): " + agentJar());
    assumeTrue(Files.isRegularFile(collectorJar()), "AgentIT needs the collector jar (mvn package): " + collectorJar());

    labTouched = true;
    lab(Duration.ofSeconds(180), "down"); // a stale lab from a crashed run
    lab(Duration.ofSeconds(300), "up");

    collector = startInNode("node1", "collector", javaCommand(collectorJar(), List.of(),
        "--grpc", COLLECTOR_HOST + ":" + GRPC_PORT, "--listen", "127.0.0.1:" + HTTP_PORT));
    awaitTrue(Duration.ofSeconds(60), "the collector answers /api/v1/status", () -> {
      assertThat(collector.isAlive()).as("the collector is running (its log is printed at the end)").isTrue();
      return status().isPresent();
    });
    for (String node : List.of("node1", "node2", "node3")) {
      Path dir = labDirectory().resolve(node);
      // Serial GC and a fixed number of JIT threads keep the JVM's own threads put (for thread counts).
      agents.put(node, startInNode(node, "agent-" + node, javaCommand(agentJar(), List.of("-XX:+UseSerialGC",
          "-XX:-UseDynamicNumberOfCompilerThreads"), "agent",
          "--collector", COLLECTOR_HOST + ":" + GRPC_PORT,
          "--docker", "unix://" + dir.resolve("docker.sock"),
          "--netns-dir", dir.resolve("exec/netns").toString(),
          "--node-name", node)));
      agentLogs.put(node, logs.get(logs.size() - 1));
    }
    awaitTrue(Duration.ofSeconds(90), "3 agents connected", () -> {
      agents.forEach((node, agent) -> assertThat(agent.isAlive()).as("the agent of %s is running", node).isTrue());
      return status().map(s -> s.getInteger("agents_connected", 0) == 3).orElse(false);
    });
    Thread.sleep(5000); // the agents' first capture plans (every namespace entered, handles opened)
  }

  @AfterAll
  void cleanUp() throws Exception {
    try {
      for (Process agent : agents.values()) {
        stop(agent);
      }
      stop(collector);
    } finally {
      if (labTouched) {
        lab(Duration.ofSeconds(180), "down");
      }
      for (Path log : logs) {
        System.out.println("AgentIT: --- " + log + " (last lines)");
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(System.out::println);
        Files.deleteIfExists(log);
      }
    }
  }

  @Test
  void clientToWeb_overlayHttp_oneFingerprintFromNode1BridgeToNode2Bridge() throws Exception {
    int vni = overlayVni();
    lab(Duration.ofSeconds(120), "traffic", "--seconds", "5");
    List<String> path = List.of("node1 wordpress_net/br0", "node1 wordpress_net/vxlan0", "node1 eth0",
        "node2 eth0", "node2 wordpress_net/vxlan0", "node2 wordpress_net/br0");
    JsonObject journey = awaitJourney("port=80&proto=tcp&limit=2000", j -> points(j).containsAll(path)
        && (int) hopAt(j, "node2", "wordpress_net/br0").getInteger("dport") == 80);

    JsonObject underlay = hopAt(journey, "node1", "eth0");
    assertThat(underlay.getJsonObject("outer")).as("outer headers on node1 eth0: %s", journey.encode()).isNotNull();
    assertThat(underlay.getJsonObject("outer").getInteger("vni")).as("VNI on the wire").isEqualTo(vni);
    assertThat(underlay.getJsonObject("outer").getString("src")).isEqualTo("198.51.100.11");
    assertThat(underlay.getJsonObject("outer").getString("dst")).isEqualTo("198.51.100.12");
    assertThat(underlay.getJsonObject("outer").getInteger("dport")).isEqualTo(4789);
    assertThat(rewriteKinds(journey)).as("rewrites of %s", journey.encode()).contains("ENCAP", "DECAP");
    System.out.printf("AgentIT: client->web journey %s, VNI %d, %d hops: %s, rewrites %s%n", journey.getString("fp"),
        vni, journey.getJsonArray("hops").size(), points(journey), rewriteKinds(journey));
  }

  @Test
  void outsideClientToPublishedPort_node2NicAndGatewayBridge_shareFingerprintWithDnat() throws Exception {
    lab(Duration.ofSeconds(120), "traffic", "--seconds", "5");
    JsonObject journey = awaitJourney("port=8001&proto=tcp&limit=2000",
        j -> points(j).containsAll(List.of("node2 eth0", "node2 docker_gwbridge"))
            && "198.51.100.100".equals(hopAt(j, "node2", "eth0").getString("src")));
    JsonObject nic = hopAt(journey, "node2", "eth0");
    JsonObject bridge = hopAt(journey, "node2", "docker_gwbridge");
    assertThat(nic.getString("dst")).isEqualTo("198.51.100.12");
    assertThat(nic.getInteger("dport")).isEqualTo(8001);
    assertThat(bridge.getString("dst")).as("after DNAT").isNotEqualTo("198.51.100.12");
    assertThat(bridge.getInteger("dport")).as("after DNAT: the container's port").isEqualTo(80);
    assertThat(rewriteKinds(journey)).as("rewrites of %s", journey.encode()).contains("DNAT");
    System.out.printf("AgentIT: outside->node2:8001 journey %s: %s:%d -> %s:%d, rewrites %s%n", journey.getString("fp"),
        nic.getString("dst"), nic.getInteger("dport"), bridge.getString("dst"), bridge.getInteger("dport"),
        rewriteKinds(journey));
  }

  /**
   * 30 containers started and removed on node2 while its agent runs, on an overlay new to node2 (so the
   * overlay's namespace with br0 and vxlan0, and the agent's two pcap handles there, come and go too): the
   * agent's threads and open fds (read from outside in /proc/PID/task and /proc/PID/fd) and its pcap
   * handles (its "resources:" log line) return exactly to their counts before. The baseline is taken once
   * the agent settled: old enough that one-off start-up threads ended, and no count changed for 10 s.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void containerChurn_thirtyContainersOnNode2_threadsFdsAndPcapHandlesReturnToStart() throws Exception {
    long pid = agents.get("node2").pid();
    Path log = agentLogs.get("node2");
    AgentCounts before = settledCounts(agents.get("node2"), log);
    List<String> threadsBefore = threadNames(pid);
    AgentCounts peak;
    lab(Duration.ofSeconds(60), "docker", "node1", "network", "create", "-d", "overlay", "--attachable", CHURN_OVERLAY);
    try {
      long started = System.nanoTime();
      docker("node2", "seq 1 " + CHURN_CONTAINERS + " | xargs -P 4 -I{} docker run -d --pull never --label canvas-churn-it=1"
          + " --network " + CHURN_OVERLAY + " " + IMAGE + " sleep 600 >/dev/null");
      System.out.printf("AgentIT: %d containers started on node2 in %d ms%n", CHURN_CONTAINERS,
          (System.nanoTime() - started) / 1_000_000);
      // a thread per sandbox plus the overlay namespace, and the handles on its br0 and vxlan0
      awaitTrue(Duration.ofSeconds(60), () -> "the agent entered the new namespaces and captures the new overlay (before "
          + before + ", now " + counts(pid, log) + ")", () -> {
            AgentCounts now = counts(pid, log);
            return now.threads() >= before.threads() + CHURN_CONTAINERS + 1 && now.pcapHandles() == before.pcapHandles() + 2;
          });
      peak = counts(pid, log);
    } finally {
      docker("node2", "ids=$(docker ps -aq --filter label=canvas-churn-it=1); [ -z \"$ids\" ] || docker rm -f $ids >/dev/null");
    }
    long removedAt = System.nanoTime();
    awaitTrue(Duration.ofSeconds(60), () -> "threads, fds and pcap handles back to " + before + " (now " + counts(pid, log)
        + "); threads before " + threadsBefore + ", now " + threadNames(pid), () -> counts(pid, log).equals(before));
    long backAfter = (System.nanoTime() - removedAt) / 1_000_000;
    lab(Duration.ofSeconds(60), "docker", "node1", "network", "rm", CHURN_OVERLAY);
    assertThat(agents.get("node2").isAlive()).isTrue();
    System.out.printf("AgentIT: node2 agent before %s, with %d more containers %s; back to start %d ms after docker rm%n",
        before, CHURN_CONTAINERS, peak, backAfter);
  }

  private record AgentCounts(int threads, int fds, int pcapHandles) {
    @Override
    public String toString() {
      return threads + " threads, " + fds + " fds, " + pcapHandles + " pcap handles";
    }
  }

  private static AgentCounts counts(long pid, Path agentLog) {
    try {
      return new AgentCounts(entries(Path.of("/proc/" + pid + "/task")), entries(Path.of("/proc/" + pid + "/fd")),
          pcapHandles(agentLog));
    } catch (IOException e) {
      throw new UncheckedIOException("reading the counts of agent " + pid, e);
    }
  }

  /** The agent's thread names, sorted (for a failure message). */
  private static List<String> threadNames(long pid) {
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      return tasks.map(task -> {
        try {
          return Files.readString(task.resolve("comm")).trim();
        } catch (IOException e) {
          return "(ended)";
        }
      }).sorted().toList();
    } catch (IOException e) {
      return List.of(e.toString());
    }
  }

  private static int entries(Path directory) throws IOException {
    try (Stream<Path> list = Files.list(directory)) {
      return (int) list.count();
    }
  }

  /** The last "resources: ..., N pcap handles open" line the agent logged (it logs one on every change). */
  private static int pcapHandles(Path agentLog) throws IOException {
    List<String> lines = Files.readAllLines(agentLog, StandardCharsets.UTF_8);
    for (int i = lines.size() - 1; i >= 0; i--) {
      Matcher m = PCAP_HANDLES.matcher(lines.get(i));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    return -1;
  }

  /** Counts once the agent is old enough and nothing changed for {@link #STEADY_FOR}. */
  private static AgentCounts settledCounts(Process agent, Path agentLog) throws Exception {
    Instant startedAt = agent.info().startInstant().orElseThrow();
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    AgentCounts steady = counts(agent.pid(), agentLog);
    long steadySince = System.nanoTime();
    while (Duration.between(startedAt, Instant.now()).compareTo(AGENT_SETTLE_AGE) < 0
        || System.nanoTime() - steadySince < STEADY_FOR.toNanos()) {
      assertThat(System.nanoTime()).as("node2's agent did not settle within 180 s (last %s)", steady).isLessThan(deadline);
      Thread.sleep(500);
      AgentCounts now = counts(agent.pid(), agentLog);
      if (!now.equals(steady)) {
        steady = now;
        steadySince = System.nanoTime();
      }
    }
    assertThat(steady.pcapHandles()).as("node2's agent logged its pcap handles").isPositive();
    return steady;
  }

  /** A shell script with the docker CLI pointed at a lab node's engine. */
  private void docker(String node, String script) throws IOException {
    String socket = "unix://" + labDirectory().resolve(node).resolve("docker.sock");
    Result result = run(Duration.ofSeconds(240), Map.of("DOCKER_HOST", socket), "sh", "-c", script);
    assertThat(result.exitCode).as("on %s: %s%n%s", node, script, result.output).isZero();
  }

  // ---- the collector's REST API, read inside node1's namespace

  private Optional<JsonObject> status() {
    return get("/api/v1/status").map(JsonObject::new);
  }

  private Optional<String> get(String path) {
    try {
      Result result = run(Duration.ofSeconds(20), Map.of(), "nsenter", "--net=/run/netns/canvas-lab-node1", "curl",
          "-sf", "-H", "Authorization: Bearer " + token, "http://127.0.0.1:" + HTTP_PORT + path);
      return result.exitCode == 0 ? Optional.of(result.output) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The first journey matching, once the collector has stitched it (the window plus batching). */
  private JsonObject awaitJourney(String query, Predicate<JsonObject> wanted) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonArray last = new JsonArray();
    while (System.nanoTime() < deadline) {
      Optional<String> body = get("/api/v1/journeys?" + query);
      if (body.isPresent()) {
        last = new JsonObject(body.get()).getJsonArray("journeys");
        for (int i = 0; i < last.size(); i++) {
          JsonObject journey = last.getJsonObject(i);
          if (wanted.test(journey)) {
            return journey;
          }
        }
      }
      Thread.sleep(1000);
    }
    StringBuilder seen = new StringBuilder();
    last.stream().limit(20).forEach(j -> seen.append("\n  ").append(points((JsonObject) j)));
    throw new AssertionError("no journey for " + query + " has the expected hops; " + last.size() + " journeys, the"
        + " first hops seen:" + seen + "\ncollector status: " + status().map(JsonObject::encode).orElse("-"));
  }

  private static List<String> points(JsonObject journey) {
    List<String> points = new ArrayList<>();
    for (int i = 0; i < journey.getJsonArray("hops").size(); i++) {
      JsonObject hop = journey.getJsonArray("hops").getJsonObject(i);
      points.add(hop.getString("node") + " " + hop.getString("point"));
    }
    return points;
  }

  private static JsonObject hopAt(JsonObject journey, String node, String point) {
    for (int i = 0; i < journey.getJsonArray("hops").size(); i++) {
      JsonObject hop = journey.getJsonArray("hops").getJsonObject(i);
      if (node.equals(hop.getString("node")) && point.equals(hop.getString("point"))) {
        return hop;
      }
    }
    throw new AssertionError("no hop at " + node + " " + point + " in " + journey.encode());
  }

  private static List<String> rewriteKinds(JsonObject journey) {
    List<String> kinds = new ArrayList<>();
    journey.getJsonArray("hops").forEach(h -> ((JsonObject) h).getJsonArray("rewrites")
        .forEach(r -> kinds.add(((JsonObject) r).getString("kind"))));
    return kinds;
  }

  // ---- the lab

  /** The VNI Docker reports for the overlay ({@code docker network inspect}), the truth the capture must show. */
  private int overlayVni() throws IOException {
    Result inspect = lab(Duration.ofSeconds(30), "docker", "node1", "network", "inspect", OVERLAY);
    String list = new JsonArray(inspect.output).getJsonObject(0).getJsonObject("Options")
        .getString("com.docker.network.driver.overlay.vxlanid_list");
    return Integer.parseInt(list.split(",")[0].trim());
  }

  private Path labDirectory() throws IOException {
    return Path.of(new JsonObject(lab(Duration.ofSeconds(60), "status", "--json").output)
        .getJsonObject("lab").getString("dir"));
  }

  private Result lab(Duration timeout, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(root.resolve("canvas").toString(), "lab"));
    command.addAll(List.of(args));
    Result result = run(timeout, Map.of(), command.toArray(String[]::new));
    assertThat(result.exitCode).as("./canvas lab %s:%n%s", String.join(" ", args), result.output).isZero();
    return result;
  }

  // ---- processes

  private Path agentJar() {
    return root.resolve("agent/target/docker-canvas-agent.jar");
  }

  private Path collectorJar() {
    return root.resolve("collector/target/docker-canvas-collector.jar");
  }

  private static List<String> javaCommand(Path jar, List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(List.of(args));
    return command;
  }

  /** nsenter execs the command, so the PID is the JVM's own; its output goes to a log printed at the end. */
  private Process startInNode(String node, String name, List<String> command) throws IOException {
    List<String> full = new ArrayList<>(List.of("nsenter", "--net=/run/netns/canvas-lab-" + node));
    full.addAll(command);
    Path log = Files.createTempFile("agent-it-" + name, ".log");
    logs.add(log);
    ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("CANVAS_TOKEN", token);
    return builder.start();
  }

  private static void stop(Process process) throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy(); // SIGTERM to this PID: the shutdown hook closes captures and the stream
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private record Result(int exitCode, String output) {}

  private static Result run(Duration timeout, Map<String, String> env, String... command) throws IOException {
    Path out = Files.createTempFile("agent-it", ".out");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      try {
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          throw new AssertionError(String.join(" ", command) + " took over " + timeout.toSeconds() + " s:\n"
              + Files.readString(out));
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      return new Result(process.exitValue(), Files.readString(out));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static boolean commandExists(String tool) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
    return Stream.of(path.split(File.pathSeparator)).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void awaitTrue(Duration timeout, String what, Check check) throws Exception {
    awaitTrue(timeout, () -> what, check);
  }

  private static void awaitTrue(Duration timeout, Supplier<String> what, Check check) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what.get());
      }
      Thread.sleep(500);
    }
  }
}

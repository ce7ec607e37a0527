package io.dockercanvas.collector.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The swarm lab with the real collector jar and one real agent jar per node, for the integration tests:
 * each agent inside its node's network namespace with that node's docker socket and netns directory.
 *
 * <p>Where the collector runs: inside canvas-lab-node1's namespace, because the agents must reach it over
 * the lab's underlay and the host has no address on the lab bridge (the lab README says it adds none, and
 * the tests do not either). Its gRPC listens on node1's underlay address 198.51.100.11 (so a token is
 * required, given through CANVAS_TOKEN to keep it out of the process list), its HTTP on node1's loopback;
 * the REST API is read with {@code nsenter --net=... curl}. The agents leave their own stream out of their
 * captures, so the collector inside the lab does not disturb what is measured.
 *
 * <p>{@link #up} brings a fresh lab up ({@code lab down} first, for a stale one); {@link #close} stops every
 * process started here, by PID, takes the lab down and prints the tail of each process's log.
 */
public final class LabCluster implements AutoCloseable {

  public static final String OVERLAY = "wordpress_net";
  public static final List<String> NODES = List.of("node1", "node2", "node3");
  public static final int GRPC_PORT = 19090;
  public static final String COLLECTOR_HOST = "198.51.100.11";
  private static final int HTTP_PORT = 18080;

  private final String testName;
  private final Path root = Path.of(System.getProperty("canvas.root", "..")).toAbsolutePath().normalize();
  private final String token = UUID.randomUUID().toString();
  private final Map<String, Process> agents = new LinkedHashMap<>();
  private final Map<String, Path> agentLogs = new LinkedHashMap<>();
  private final List<Path> logs = new ArrayList<>();
  private final Map<Process, Path> logOf = new LinkedHashMap<>();
  private Process collector;
  private boolean labTouched;

  public LabCluster(String testName) {
    this.testName = testName;
  }

  /** Skips the test (with the reason) where the lab cannot run: not root, a tool or a jar missing. */
  public void assumePrerequisites() {
    assumeTrue("root".equals(System.getProperty("user.name")),
        testName + " needs root (the lab's dockerds, nsenter, capture); CI runs it as root");
    for (String tool : new String[] {"dockerd", "ip", "jq", "nsenter", "iptables", "curl", "tcpdump"}) {
      assumeTrue(commandExists(tool), testName + " needs " + tool + " for the swarm lab");
    }
    assumeTrue(Files.isExecutable(root.resolve("canvas")), testName + " needs ./canvas at " + root);
    assumeTrue(Files.isRegularFile(agentJar()), testName + " needs the agent jar (build the agent module): " + agentJar());
    assumeTrue(Files.isRegularFile(collectorJar()), testName + " needs the collector jar (mvn package): " + collectorJar());
  }

  /** A fresh lab, the collector in node1 and one agent per node, all three agents connected. */
  public LabCluster up() throws Exception {
    labTouched = true;
    lab(Duration.ofSeconds(180), "down"); // a stale lab from a crashed run
    lab(Duration.ofSeconds(300), "up");
    startCollector();
    for (String node : NODES) {
      startAgent(node);
    }
    awaitTrue(Duration.ofSeconds(90), "3 agents connected", () -> {
      agents.forEach((node, agent) -> assertThat(agent.isAlive()).as("the agent of %s is running", node).isTrue());
      return status().map(s -> s.getInteger("agents_connected", 0) == 3).orElse(false);
    });
    Thread.sleep(5000); // the agents' first capture plans (every namespace entered, handles opened)
    return this;
  }

  /** Starts the collector (again, after {@link #killCollector}) and waits until its REST API answers. */
  public Process startCollector() throws Exception {
    collector = startInNode("node1", "collector", javaCommand(collectorJar(), List.of(),
        "--grpc", COLLECTOR_HOST + ":" + GRPC_PORT, "--listen", "127.0.0.1:" + HTTP_PORT));
    Process started = collector;
    awaitTrue(Duration.ofSeconds(60), "the collector answers /api/v1/status", () -> {
      assertThat(started.isAlive()).as("the collector is running (its log is printed at the end)").isTrue();
      return status().isPresent();
    });
    return started;
  }

  /** SIGKILL to the collector's PID: no shutdown hook, no goodbye to the agents. */
  public void killCollector() throws InterruptedException {
    collector.destroyForcibly();
    assertThat(collector.waitFor(10, TimeUnit.SECONDS)).as("the collector died").isTrue();
  }

  public Process collector() {
    return collector;
  }

  public Process agent(String node) {
    return agents.get(node);
  }

  public Path agentLog(String node) {
    return agentLogs.get(node);
  }

  public void startAgent(String node) throws IOException {
    Path dir = labDirectory().resolve(node);
    // Serial GC and a fixed number of JIT threads keep the JVM's own threads put (for thread counts).
    agents.put(node, startInNode(node, "agent-" + node, javaCommand(agentJar(), List.of("-XX:+UseSerialGC",
        "-XX:-UseDynamicNumberOfCompilerThreads"), "agent",
        "--collector", COLLECTOR_HOST + ":" + GRPC_PORT,
        "--docker", "unix://" + dir.resolve("docker.sock"),
        "--netns-dir", dir.resolve("exec/netns").toString(),
        "--node-name", node)));
    agentLogs.put(node, logOf(agents.get(node)));
  }

  /** SIGTERM to each agent: each stops its captures, drains its stream and prints its totals. */
  public void stopAgents() throws InterruptedException {
    for (Process agent : agents.values()) {
      stop(agent);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      stopAgents();
      stop(collector);
    } finally {
      if (labTouched) {
        lab(Duration.ofSeconds(180), "down");
      }
      for (Path log : logs) {
        System.out.println(testName + ": --- " + log + " (last lines)");
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(System.out::println);
        Files.deleteIfExists(log);
      }
    }
  }

  // ---- the collector's REST API, read inside node1's namespace

  public Optional<JsonObject> status() {
    return get("/api/v1/status").map(JsonObject::new);
  }

  public Optional<String> get(String path) {
    try {
      Result result = run(Duration.ofSeconds(20), "nsenter", "--net=/run/netns/canvas-lab-node1", "curl",
          "-sf", "-H", "Authorization: Bearer " + token, "http://127.0.0.1:" + HTTP_PORT + path);
      return result.exitCode() == 0 ? Optional.of(result.output()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The first journey matching, once the collector has stitched it (the window plus batching). */
  public JsonObject awaitJourney(String query, Predicate<JsonObject> wanted) throws Exception {
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
    last.stream().limit(20).forEach(j -> seen.append("\n  ").append(JourneyHops.points((JsonObject) j)));
    throw new AssertionError("no journey for " + query + " has the expected hops; " + last.size() + " journeys, the"
        + " first hops seen:" + seen + "\ncollector status: " + status().map(JsonObject::encode).orElse("-"));
  }

  /** One agent's entry in /api/v1/status. */
  public static Optional<JsonObject> agentStatus(JsonObject status, String node) {
    return status.getJsonArray("agents").stream().map(JsonObject.class::cast)
        .filter(a -> node.equals(a.getString("node"))).findFirst();
  }

  // ---- the lab

  public Path labDirectory() throws IOException {
    return Path.of(new JsonObject(lab(Duration.ofSeconds(60), "status", "--json").output())
        .getJsonObject("lab").getString("dir"));
  }

  /** {@code ./canvas lab ARGS}, which must succeed. */
  public Result lab(Duration timeout, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(root.resolve("canvas").toString(), "lab"));
    command.addAll(List.of(args));
    Result result = run(timeout, command.toArray(String[]::new));
    assertThat(result.exitCode()).as("./canvas lab %s:%n%s", String.join(" ", args), result.output()).isZero();
    return result;
  }

  /**
   * HTTP from the client container (node1) to web's address across the overlay, every 0.2 s for the given
   * rounds; a failed round just goes on. By address: a name unknown to the swarm's DNS would be sent on.
   */
  public Process startClientToWebLoop(String webIp, int rounds) throws IOException {
    assertThat(webIp).matches("[0-9.]+");
    String loop = "i=0; while [ $i -lt " + rounds + " ]; do i=$((i + 1));"
        + " printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 1 " + webIp + " 80 >/dev/null 2>&1; usleep 200000; done";
    return startLogged("client-to-web", List.of(canvas().toString(), "lab", "docker", "node1", "exec", "client",
        "sh", "-c", loop));
  }

  /** A swarm task of web: its id and overlay address. */
  public record WebTask(String id, String ip) {}

  /** web's running task as the manager reports it (empty while it has none with an address). */
  public Optional<WebTask> webTask() throws IOException {
    Result tasks = lab(Duration.ofSeconds(30), "docker", "node1", "service", "ps", "-q", "--filter",
        "desired-state=running", "web");
    for (String task : tasks.output().strip().split("\\s+")) {
      if (task.isEmpty()) {
        continue;
      }
      Result address = lab(Duration.ofSeconds(30), "docker", "node1", "inspect", "--format",
          "{{range .NetworksAttachments}}{{if eq .Network.Spec.Name \"" + OVERLAY + "\"}}{{index .Addresses 0}}{{end}}{{end}}",
          task);
      String ip = address.output().strip().replaceAll("/.*", "");
      if (!ip.isEmpty()) {
        return Optional.of(new WebTask(task, ip));
      }
    }
    return Optional.empty();
  }

  public Optional<String> webTaskIp() throws IOException {
    return webTask().map(WebTask::ip);
  }

  /** A shell script with the docker CLI pointed at a lab node's engine; it must succeed. */
  public void docker(String node, String script) throws IOException {
    String socket = "unix://" + labDirectory().resolve(node).resolve("docker.sock");
    Result result = run(Duration.ofSeconds(240), Map.of("DOCKER_HOST", socket), "sh", "-c", script);
    assertThat(result.exitCode()).as("on %s: %s%n%s", node, script, result.output()).isZero();
  }

  /** The VNI Docker reports for the lab's overlay ({@code docker network inspect}), the truth captures must show. */
  public int overlayVni() throws IOException {
    Result inspect = lab(Duration.ofSeconds(30), "docker", "node1", "network", "inspect", OVERLAY);
    String list = new JsonArray(inspect.output()).getJsonObject(0).getJsonObject("Options")
        .getString("com.docker.network.driver.overlay.vxlanid_list");
    return Integer.parseInt(list.split(",")[0].trim());
  }

  /** A command in a lab node's network namespace (the host's mount namespace stays). */
  public Result inNode(String node, Duration timeout, String... command) throws IOException {
    List<String> full = new ArrayList<>(List.of("nsenter", "--net=/run/netns/canvas-lab-" + node));
    full.addAll(List.of(command));
    return run(timeout, full.toArray(String[]::new));
  }

  /** Starts a process in the background, its output going to a log printed at the end. */
  public Process startLogged(String name, List<String> command) throws IOException {
    Path log = Files.createTempFile(testName + "-" + name, ".log");
    logs.add(log);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("CANVAS_TOKEN", token);
    Process process = builder.start();
    logOf.put(process, log);
    return process;
  }

  /** Where a process started by {@link #startLogged} writes. */
  public Path logOf(Process process) {
    return logOf.get(process);
  }

  // ---- processes

  public Path canvas() {
    return root.resolve("canvas");
  }

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

  /** nsenter execs the command, so the PID is the JVM's own. */
  private Process startInNode(String node, String name, List<String> command) throws IOException {
    List<String> full = new ArrayList<>(List.of("nsenter", "--net=/run/netns/canvas-lab-" + node));
    full.addAll(command);
    return startLogged(name, full);
  }

  public static void stop(Process process) throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy(); // SIGTERM to this PID: the shutdown hook closes captures and the stream
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  public record Result(int exitCode, String output) {}

  public static Result run(Duration timeout, String... command) throws IOException {
    return run(timeout, Map.of(), command);
  }

  public static Result run(Duration timeout, Map<String, String> env, String... command) throws IOException {
    Path out = Files.createTempFile("lab-cluster", ".out");
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

  public static boolean commandExists(String tool) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
    return Stream.of(path.split(java.io.File.pathSeparator)).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
  }

  /** A condition polled until it holds. */
  public interface Check {
    boolean holds() throws Exception;
  }

  public static void awaitTrue(Duration timeout, String what, Check check) throws Exception {
    awaitTrue(timeout, () -> what, check);
  }

  /** As above, the failure message made when it fails (to show the last state seen). */
  public static void awaitTrue(Duration timeout, Supplier<String> what, Check check) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what.get());
      }
      Thread.sleep(500);
    }
  }
}

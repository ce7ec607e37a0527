package io.dockercanvas.testing.lab;

import io.dockercanvas.testing.Poll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * docker-canvas on the lab: the built collector jar and one built agent jar per node, each agent
 * inside its node's network namespace with that node's docker socket and netns directory. Started
 * by {@link LabExtension} for {@code @LabTest(canvas = true)}.
 *
 * <p>Where the collector runs: inside node1's namespace, because the agents must reach it over the
 * lab's underlay and the host has no address on the lab bridge (the lab README says it adds none,
 * and the tests do not either). Its gRPC listens on node1's underlay address {@value
 * #COLLECTOR_HOST} (so a token is required, given through CANVAS_TOKEN to keep it out of the
 * process list), its HTTP on node1's loopback; {@link #api()} reads it with curl inside node1. The
 * agents leave their own stream out of their captures, so the collector inside the lab does not
 * disturb what is measured.
 */
public final class LabCanvas {

  public static final String COLLECTOR_HOST = "198.51.100.11";
  public static final int GRPC_PORT = 19090;
  private static final int HTTP_PORT = 18080;
  static final String AGENT_JAR = "agent/target/docker-canvas-agent.jar";
  static final String COLLECTOR_JAR = "collector/target/docker-canvas-collector.jar";

  /** The agent's JVM options as a service runs them (the image reads the same file). */
  static final String AGENT_JVM_OPTIONS = "deploy/agent-jvm.options";

  private final Lab lab;
  private final String token = UUID.randomUUID().toString();
  private final CollectorApi api;
  private final Map<String, Process> agents = new LinkedHashMap<>();
  private Process collector;

  private LabCanvas(Lab lab) {
    this.lab = lab;
    this.api = new CollectorApi(lab, Lab.MANAGER, "http://127.0.0.1:" + HTTP_PORT, token);
  }

  /**
   * The collector in node1 and one agent per node, all agents connected and past their first
   * capture plan.
   */
  static LabCanvas start(Lab lab) throws Exception {
    LabCanvas canvas = new LabCanvas(lab);
    canvas.startCollector();
    for (Lab.Node node : lab.nodes()) {
      canvas.startAgent(node.name());
    }
    int expected = lab.nodes().size();
    Poll.until(
        Duration.ofSeconds(90),
        expected + " agents connected",
        () -> {
          canvas.agents.forEach(
              (node, agent) -> {
                if (!agent.isAlive()) {
                  throw new AssertionError(
                      "the agent of " + node + " ended (its log is printed at the end)");
                }
              });
          return canvas
              .api
              .status()
              .map(s -> s.path("agents_connected").asInt() == expected)
              .orElse(false);
        });
    Thread.sleep(5000); // the agents' first capture plans (every namespace entered, handles opened)
    return canvas;
  }

  /** The token the collector and agents share (for CLI commands run against the collector). */
  public String token() {
    return token;
  }

  /** The collector's page and REST address, inside the manager's namespace. */
  public String httpUrl() {
    return "http://127.0.0.1:" + HTTP_PORT;
  }

  public CollectorApi api() {
    return api;
  }

  /**
   * Starts the collector (again, after {@link #killCollector}) and waits until its REST API
   * answers.
   */
  public Process startCollector() throws Exception {
    return startCollector(new String[0]);
  }

  /** As {@link #startCollector()}, with more collector options (e.g. "--sample", "0.01"). */
  public Process startCollector(String... extraArgs) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--grpc", COLLECTOR_HOST + ":" + GRPC_PORT, "--listen", "127.0.0.1:" + HTTP_PORT));
    args.addAll(List.of(extraArgs));
    Process started =
        lab.startInNetns(
            Lab.MANAGER,
            "collector",
            Map.of("CANVAS_TOKEN", token),
            javaCommand(COLLECTOR_JAR, List.of(), args.toArray(String[]::new)));
    collector = started;
    Poll.until(
        Duration.ofSeconds(60),
        "the collector answers /api/v1/status",
        () -> {
          if (!started.isAlive()) {
            throw new AssertionError("the collector ended (its log is printed at the end)");
          }
          return api.status().isPresent();
        });
    return started;
  }

  /** SIGKILL to the collector's PID: no shutdown hook, no goodbye to the agents. */
  public void killCollector() throws InterruptedException {
    collector.destroyForcibly();
    if (!collector.waitFor(10, TimeUnit.SECONDS)) {
      throw new AssertionError("the collector did not die within 10 s of SIGKILL");
    }
  }

  public Process collector() {
    return collector;
  }

  public void startAgent(String node) {
    Lab.Node lab = this.lab.node(node);
    // The service's own JVM options (deploy/agent-jvm.options, as in the image): a small heap,
    // Serial GC, C1 and one fixed JIT thread, which also keep the JVM's own threads put (for
    // thread counts).
    agents.put(
        node,
        this.lab.startInNetns(
            node,
            "agent-" + node,
            Map.of("CANVAS_TOKEN", token, "MALLOC_ARENA_MAX", "2"),
            javaCommand(
                AGENT_JAR,
                List.of("@" + this.lab.root().resolve(AGENT_JVM_OPTIONS)),
                "agent",
                "--collector",
                COLLECTOR_HOST + ":" + GRPC_PORT,
                "--docker",
                "unix://" + lab.dockerSocket(),
                "--netns-dir",
                lab.netnsDirectory().toString(),
                "--node-name",
                node)));
  }

  public Process agent(String node) {
    return agents.get(node);
  }

  public Path agentLog(String node) {
    return lab.logOf(agents.get(node));
  }

  /** SIGTERM to each agent: each stops its captures, drains its stream and prints its totals. */
  public void stopAgents() throws InterruptedException {
    for (Process agent : agents.values()) {
      Lab.stop(agent);
    }
  }

  /** Agents first, then the collector, so each agent can drain its stream. */
  void close() throws InterruptedException {
    stopAgents();
    Lab.stop(collector);
  }

  private List<String> javaCommand(String jar, List<String> jvmOptions, String... args) {
    List<String> command =
        new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
    command.addAll(jvmOptions.isEmpty() ? List.of("-Xmx256m") : jvmOptions);
    command.addAll(List.of("-jar", lab.root().resolve(jar).toString()));
    command.addAll(List.of(args));
    return command;
  }
}

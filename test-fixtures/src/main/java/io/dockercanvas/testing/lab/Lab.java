package io.dockercanvas.testing.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockercanvas.testing.HostCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The multi-node swarm lab of deploy/lab, driven as a user would: through the launcher ({@code
 * ./canvas lab ...}), the docker CLI on each node's socket, and {@code nsenter} into each node's
 * network namespace. Made and torn down by {@link LabExtension}; a test gets it as a parameter.
 *
 * <p>Processes a test starts here ({@link #start}, {@link #startInNetns}, {@link #startLab}) run in
 * the background with their output in a log; when the test class ends they are stopped by PID,
 * their logs' last lines printed, and the lab taken down.
 */
public final class Lab {

  /** The demo stack's overlay network. */
  public static final String OVERLAY = "wordpress_net";

  /** The lab's local image (made from busybox; never pulled). */
  public static final String IMAGE = "docker-canvas-lab/busybox:1";

  /** The underlay bridge on the host, where every node's eth0 is plugged. */
  public static final String BRIDGE = "cvlab0";

  public static final String MANAGER = "node1";

  /** The namespace of the client outside the swarm, for {@link #inNetns}. */
  public static final String OUTSIDE = "outside";

  public static final String OUTSIDE_ADDRESS = "198.51.100.100";

  public static final Duration UP_LIMIT = Duration.ofSeconds(240);
  public static final Duration DOWN_LIMIT = Duration.ofSeconds(180);
  public static final Duration QUERY_LIMIT = Duration.ofSeconds(90);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LOG_TAIL_LINES = 15;

  /**
   * One lab node: its name, underlay address, docker socket and the directory of its network
   * namespaces.
   */
  public record Node(String name, String address, Path dockerSocket, Path netnsDirectory) {
    /** The node's own network namespace (its eth0 on the underlay, its dockerd). */
    public Path netns() {
      return netnsFile(name);
    }
  }

  /** A swarm task of web: its id and overlay address. */
  public record WebTask(String id, String ip) {}

  private final Path root;
  private final Path directory;
  private final String testName;
  private final Map<Process, Path> logs = new LinkedHashMap<>();
  private List<Node> nodes;

  Lab(Path root, Path directory, String testName) {
    this.root = root;
    this.directory = directory;
    this.testName = testName;
  }

  /**
   * The repository root (where ./canvas is): system property canvas.root, else the module's parent
   * directory.
   */
  public static Path repositoryRoot() {
    return Path.of(System.getProperty("canvas.root", "..")).toAbsolutePath().normalize();
  }

  /**
   * Where the lab keeps its state, daemons' roots and sockets: CANVAS_LAB_DIR, as for
   * deploy/lab/lab.sh.
   */
  static Path labDirectory() {
    return Path.of(System.getenv().getOrDefault("CANVAS_LAB_DIR", "/var/lib/docker-canvas-lab"));
  }

  public Path root() {
    return root;
  }

  public Path canvas() {
    return root.resolve("canvas");
  }

  public Path directory() {
    return directory;
  }

  // ---- ./canvas lab

  /** {@code ./canvas lab ARGS} from the repository root, whatever its exit code. */
  public HostCommand.Result run(Duration limit, String... args) {
    if (args.length > 0 && (args[0].equals("up") || args[0].equals("down"))) {
      nodes = null; // another lab, or none
    }
    return HostCommand.run(limit, labCommand(args), root);
  }

  /** {@code ./canvas lab status --json}, read now. */
  public JsonNode status() {
    String output = run(QUERY_LIMIT, "status", "--json").require();
    try {
      return JSON.readTree(output);
    } catch (IOException e) {
      throw new AssertionError("lab status --json printed no JSON: " + output, e);
    }
  }

  /** The nodes as the status document describes them (read once per lab). */
  public List<Node> nodes() {
    if (nodes == null) {
      nodes = nodes(status());
    }
    return nodes;
  }

  static List<Node> nodes(JsonNode status) {
    Path labDirectory = Path.of(status.path("lab").path("dir").asText());
    List<Node> nodes = new ArrayList<>();
    for (JsonNode node : status.path("nodes")) {
      String name = node.path("name").asText();
      nodes.add(
          new Node(
              name,
              node.path("address").asText(),
              labDirectory.resolve(name).resolve("docker.sock"),
              Path.of(node.path("netns_dir").asText())));
    }
    return List.copyOf(nodes);
  }

  public Node node(String name) {
    return nodes().stream()
        .filter(node -> node.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no lab node " + name + " in " + nodes()));
  }

  /**
   * {@code ./canvas lab traffic}: the demo traffic, client to web, web to db, outside to the
   * published port.
   */
  public HostCommand.Result traffic(int seconds) {
    return run(Duration.ofSeconds(120), "traffic", "--seconds", Integer.toString(seconds));
  }

  public HostCommand.Result traffic(int seconds, int rate) {
    return run(
        Duration.ofSeconds(120),
        "traffic",
        "--seconds",
        Integer.toString(seconds),
        "--rate",
        Integer.toString(rate));
  }

  /**
   * {@code ./canvas lab capture}: pcaps of every observation point, each node's topology and a
   * manifest in OUT.
   */
  public HostCommand.Result capture(Path out, int seconds) {
    return run(
        Duration.ofSeconds(180),
        "capture",
        "--out",
        out.toString(),
        "--seconds",
        Integer.toString(seconds));
  }

  /**
   * {@code ./canvas lab ARGS} in the background (e.g. traffic while something else happens,
   * restart-docker).
   */
  public Process startLab(String name, String... args) {
    return start(name, Map.of(), labCommand(args));
  }

  private List<String> labCommand(String... args) {
    List<String> command = new ArrayList<>(List.of(canvas().toString(), "lab"));
    command.addAll(List.of(args));
    return command;
  }

  // ---- docker on a node

  /**
   * The docker CLI against one node's daemon, which must succeed; its output without the trailing
   * newline.
   */
  public String docker(String node, String... args) {
    return docker(QUERY_LIMIT, Map.of(), node, args).require().strip();
  }

  /**
   * As above with a time limit and ENV added, run from the repository root, whatever its exit code.
   */
  public HostCommand.Result docker(
      Duration limit, Map<String, String> env, String node, String... args) {
    List<String> command = new ArrayList<>(List.of("docker", "-H", "unix://" + socket(node)));
    command.addAll(List.of(args));
    return HostCommand.run(limit, command, root, env);
  }

  /**
   * A shell script with DOCKER_HOST set to one node's daemon (the test's own containers); it must
   * succeed.
   */
  public String dockerShell(String node, String script) {
    return HostCommand.run(
            Duration.ofSeconds(240),
            List.of("sh", "-c", script),
            root,
            Map.of("DOCKER_HOST", "unix://" + socket(node)))
        .require();
  }

  /**
   * A node's docker socket, known without asking the lab (nodes are node1..nodeN under the lab
   * directory).
   */
  public Path socket(String node) {
    return directory.resolve(node).resolve("docker.sock");
  }

  /**
   * The VNI Docker reports for the demo overlay ({@code docker network inspect}): the truth
   * captures must show.
   */
  public int overlayVni() {
    String list =
        docker(
            MANAGER,
            "network",
            "inspect",
            OVERLAY,
            "--format",
            "{{index .Options \"com.docker.network.driver.overlay.vxlanid_list\"}}");
    return Integer.parseInt(list.split(",")[0].trim());
  }

  /** web's running task as the manager reports it (empty while it has none with an address). */
  public Optional<WebTask> webTask() {
    String tasks =
        docker(MANAGER, "service", "ps", "-q", "--filter", "desired-state=running", "web");
    for (String task : tasks.split("\\s+")) {
      if (task.isEmpty()) {
        continue;
      }
      String ip =
          docker(
                  MANAGER,
                  "inspect",
                  "--format",
                  "{{range .NetworksAttachments}}{{if eq .Network.Spec.Name \""
                      + OVERLAY
                      + "\"}}{{index .Addresses 0}}{{end}}{{end}}",
                  task)
              .replaceAll("/.*", "");
      if (!ip.isEmpty()) {
        return Optional.of(new WebTask(task, ip));
      }
    }
    return Optional.empty();
  }

  /**
   * HTTP from the client container (node1) to web's address across the overlay, every 0.2 s for the
   * given rounds; a failed round just goes on. By address: a name unknown to the swarm's DNS would
   * be sent on.
   */
  public Process startClientToWeb(String webIp, int rounds) {
    if (!webIp.matches("[0-9.]+")) {
      throw new IllegalArgumentException("an address, not a name: " + webIp);
    }
    String loop =
        "i=0; while [ $i -lt "
            + rounds
            + " ]; do i=$((i + 1));"
            + " printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 1 "
            + webIp
            + " 80 >/dev/null 2>&1; usleep 200000; done";
    return startLab("client-to-web", "docker", MANAGER, "exec", "client", "sh", "-c", loop);
  }

  // ---- network namespaces

  /**
   * A command in a lab namespace (a node's, or {@link #OUTSIDE}); the host's mount namespace stays.
   */
  public HostCommand.Result inNetns(String name, Duration limit, String... command) {
    return HostCommand.run(limit, nsenter(name, List.of(command)), root);
  }

  /**
   * As {@link #inNetns}, in the background; nsenter execs the command, so the PID is the command's
   * own.
   */
  public Process startInNetns(
      String name, String logName, Map<String, String> env, List<String> command) {
    return start(logName, env, nsenter(name, command));
  }

  static Path netnsFile(String name) {
    return Path.of("/run/netns", LabLeftovers.NETNS_PREFIX + name);
  }

  private static List<String> nsenter(String name, List<String> command) {
    List<String> full = new ArrayList<>(List.of("nsenter", "--net=" + netnsFile(name)));
    full.addAll(command);
    return full;
  }

  // ---- background processes

  /**
   * Starts a process on the host, from the repository root, its output going to a log printed at
   * the end.
   */
  public Process start(String logName, Map<String, String> env, List<String> command) {
    try {
      Path log = Files.createTempFile(testName + "-" + logName + "-", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(root.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      process.getOutputStream().close();
      logs.put(process, log);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
    }
  }

  /** Where a process started here writes. */
  public Path logOf(Process process) {
    Path log = logs.get(process);
    if (log == null) {
      throw new IllegalArgumentException("not started by the lab: " + process);
    }
    return log;
  }

  /** What a process started here has written so far. */
  public String output(Process process) {
    try {
      return Files.readString(logOf(process), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * SIGTERM to the process (an agent then stops its captures, drains its stream and prints its
   * totals), SIGKILL after 20 s; what it started itself (the docker CLI under {@code ./canvas lab
   * docker}) is ended too.
   */
  public static void stop(Process process) throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  // ---- the machine

  /**
   * One line per piece of a lab still on this machine: namespaces, links, daemons, mounts, rules,
   * the directory.
   */
  public List<String> leftovers() {
    return LabLeftovers.find(directory);
  }

  /**
   * The end of a test class: every process started here stopped (last started first), the lab down,
   * and nothing of it left; then each process's last lines printed and its log deleted.
   */
  void close() throws Exception {
    try {
      List<Process> started = new ArrayList<>(logs.keySet());
      for (int i = started.size() - 1; i >= 0; i--) {
        stop(started.get(i));
      }
      run(DOWN_LIMIT, "down").require();
      List<String> left = leftovers();
      if (!left.isEmpty()) {
        throw new AssertionError(testName + ": left on the machine after lab down: " + left);
      }
    } finally {
      for (Path log : logs.values()) {
        System.out.println(testName + ": --- " + log + " (last lines)");
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        lines
            .subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())
            .forEach(System.out::println);
        Files.deleteIfExists(log);
      }
      logs.clear();
    }
  }
}

package io.dockercanvas.deploy.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockercanvas.deploy.lab.HostCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The docker CLI against the lab's nodes, each through its own dockerd socket. */
final class LabSwarm {

  static final List<String> NODES = List.of("node1", "node2", "node3");
  static final String MANAGER = "node1";
  private static final Path LAB_DIR = Path.of("/var/lib/docker-canvas-lab");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;

  LabSwarm(Path root) {
    this.root = root;
  }

  static Path socket(String node) {
    return LAB_DIR.resolve(node).resolve("docker.sock");
  }

  /** Runs {@code docker -H <node's socket> ARGS} with ENV added, from the repository root. */
  HostCommand.Result run(Duration limit, String node, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of("env"));
    env.forEach((name, value) -> command.add(name + "=" + value));
    command.addAll(List.of("docker", "-H", "unix://" + socket(node)));
    command.addAll(List.of(args));
    return HostCommand.run(limit, command, root);
  }

  /** A docker command that must succeed; its output without the trailing newline. */
  String require(String node, String... args) {
    return require(Duration.ofSeconds(90), node, Map.of(), args);
  }

  String require(Duration limit, String node, Map<String, String> env, String... args) {
    HostCommand.Result result = run(limit, node, env, args);
    if (!result.succeeded()) {
      throw new AssertionError("docker on " + node + " failed: " + result.describe());
    }
    return result.output().strip();
  }

  /** {@code docker inspect} of one object, as JSON. */
  JsonNode inspect(String node, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    String text = require(node, all.toArray(String[]::new));
    try {
      return JSON.readTree(text).get(0);
    } catch (IOException e) {
      throw new AssertionError("no JSON from docker " + String.join(" ", args) + ": " + text, e);
    }
  }

  /** IDs of the running containers of a swarm service on one node. */
  List<String> containersOf(String node, String service) {
    return require(node, "ps", "-q", "--filter", "label=com.docker.swarm.service.name=" + service).lines().toList();
  }

  /** IDs of every container (any state) a stack left on one node. */
  List<String> containersOfStack(String node, String stack) {
    return require(node, "ps", "-aq", "--filter", "label=com.docker.stack.namespace=" + stack).lines().toList();
  }
}

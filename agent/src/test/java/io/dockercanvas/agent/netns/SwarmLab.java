package io.dockercanvas.agent.netns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The multi-node swarm lab of deploy/lab, driven through the launcher as a user would
 * ({@code ./canvas lab up|status --json|down}). Used read-only by the agent's tests: they point
 * discovery at each node's socket and the namespace watcher at each node's netns directory.
 */
final class SwarmLab {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The lab's local image (made from busybox; never pulled). */
  static final String IMAGE = "docker-canvas-lab/busybox:1";

  private final Path root;

  SwarmLab(Path root) {
    this.root = root;
  }

  /** The repository root: system property canvas.root, else the agent module's parent directory. */
  static SwarmLab fromBuild() {
    return new SwarmLab(Path.of(System.getProperty("canvas.root", "..")).toAbsolutePath().normalize());
  }

  /** The repository root (where ./canvas is). */
  Path root() {
    return root;
  }

  boolean launcherExists() {
    return Files.isExecutable(root.resolve("canvas")) && Files.isExecutable(root.resolve("deploy/lab/lab.sh"));
  }

  /** Whether a lab is up and answering (someone may have brought it up by hand). */
  boolean isUp() {
    return run(Duration.ofSeconds(90), "status", "--json").exitCode == 0;
  }

  void up() {
    require(Duration.ofSeconds(240), "up");
  }

  void down() {
    require(Duration.ofSeconds(120), "down");
  }

  JsonNode status() {
    String output = require(Duration.ofSeconds(90), "status", "--json");
    try {
      return JSON.readTree(output);
    } catch (IOException e) {
      throw new AssertionError("lab status --json printed no JSON: " + output, e);
    }
  }

  /** One lab node as the status document describes it. */
  record Node(String name, String address, Path dockerSocket, Path netnsDirectory) {}

  List<Node> nodes(JsonNode status) {
    Path labDirectory = Path.of(status.path("lab").path("dir").asText());
    List<Node> nodes = new ArrayList<>();
    for (JsonNode node : status.path("nodes")) {
      String name = node.path("name").asText();
      nodes.add(new Node(name, node.path("address").asText(), labDirectory.resolve(name).resolve("docker.sock"),
          Path.of(node.path("netns_dir").asText())));
    }
    return nodes;
  }

  /**
   * Runs a command on the host with DOCKER_HOST set to the node's engine (the test's own containers, not
   * the agent's: the agent never writes to Docker), and returns its output.
   */
  String docker(Node node, String... command) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("DOCKER_HOST", "unix://" + node.dockerSocket());
      Process process = builder.start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed on " + node.name() + ":\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private String require(Duration limit, String... args) {
    Result result = run(limit, args);
    if (result.exitCode != 0) {
      throw new AssertionError("./canvas lab " + String.join(" ", args) + " failed (exit " + result.exitCode
          + "):\n" + result.output);
    }
    return result.output;
  }

  private record Result(int exitCode, String output) {}

  private Result run(Duration limit, String... args) {
    List<String> command = new ArrayList<>(List.of(root.resolve("canvas").toString(), "lab"));
    command.addAll(List.of(args));
    try {
      Path log = Files.createTempFile("canvas-lab-", ".log");
      try {
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroy();
          process.waitFor(10, TimeUnit.SECONDS);
          return new Result(-1, "timed out after " + limit + "\n" + Files.readString(log));
        }
        try (InputStream in = Files.newInputStream(log)) {
          return new Result(process.exitValue(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }
}

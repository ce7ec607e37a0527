package io.dockercanvas.deploy.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Drives the lab through the launcher, exactly as a user types it: {@code ./canvas lab ...}. */
public final class LabCli {

  public static final Duration UP_LIMIT = Duration.ofSeconds(180);
  public static final Duration DOWN_LIMIT = Duration.ofSeconds(120);
  public static final Duration QUERY_LIMIT = Duration.ofSeconds(90);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;

  LabCli(Path root) {
    this.root = root;
  }

  /** The repository root, as the build passes it (system property canvas.root), else the parent directory. */
  public static LabCli fromBuild() {
    String root = System.getProperty("canvas.root", "..");
    return new LabCli(Path.of(root).toAbsolutePath().normalize());
  }

  public Path root() {
    return root;
  }

  List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of(root.resolve("canvas").toString(), "lab"));
    command.addAll(List.of(args));
    return command;
  }

  public HostCommand.Result run(Duration limit, String... args) {
    return HostCommand.run(limit, command(args), root);
  }

  /** Runs a lab command that must succeed, and returns its output. */
  public String require(Duration limit, String... args) {
    HostCommand.Result result = run(limit, args);
    if (!result.succeeded()) {
      throw new AssertionError("lab command failed: " + result.describe());
    }
    return result.output();
  }

  JsonNode status() {
    try {
      return JSON.readTree(require(QUERY_LIMIT, "status", "--json"));
    } catch (IOException e) {
      throw new AssertionError("lab status --json printed no JSON", e);
    }
  }

  /** The docker CLI against one node's daemon; output without the trailing newline. */
  public String docker(String node, String... args) {
    List<String> all = new ArrayList<>(List.of("docker", node));
    all.addAll(List.of(args));
    return require(QUERY_LIMIT, all.toArray(String[]::new)).strip();
  }

  static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new AssertionError("cannot read JSON from " + file, e);
    }
  }
}

package io.dockercanvas.agent.cli;

import com.google.protobuf.util.JsonFormat;
import io.dockercanvas.agent.discovery.DockerEngine;
import io.dockercanvas.agent.discovery.DockerEngineException;
import io.dockercanvas.agent.export.NodeTopologyMapper;
import io.dockercanvas.agent.node.NodeState;
import io.dockercanvas.agent.node.NodeWatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code canvas agent snapshot}: this node's topology once, as protobuf JSON. */
@Command(
    name = "snapshot",
    mixinStandardHelpOptions = true,
    description =
        "Print this node's topology (namespaces, interfaces, VXLAN, FDB, networks, containers) as JSON and exit.")
final class SnapshotCommand implements Callable<Integer> {

  @ParentCommand AgentCommand agent;

  @Mixin AgentCommand.NodeOptions node = new AgentCommand.NodeOptions();

  // on a loaded node entering a namespace and reading it can take seconds
  @Option(
      names = "--wait",
      paramLabel = "SECONDS",
      defaultValue = "15",
      description =
          "Wait up to this long for every namespace in the netns directory to be read "
              + "(those still unread are named on stderr). Default: ${DEFAULT-VALUE}.")
  int waitSeconds;

  @Override
  public Integer call() throws Exception {
    AgentCommand.NodeOptions options =
        node.docker.equals(new AgentCommand.NodeOptions().docker)
                && node.netnsDir.equals(new AgentCommand.NodeOptions().netnsDir)
                && node.nodeName.isEmpty()
            ? agent.node
            : node;
    DockerEngine docker = options.connect(agent.cli.err(), "canvas agent snapshot");
    if (docker == null) {
      return AgentCli.EXIT_USAGE;
    }
    try (DockerEngine engine = docker;
        NodeWatch watch =
            new NodeWatch(options.nodeName, engine, Path.of(options.netnsDir), "", state -> {})) {
      watch.start();
      NodeState state = settled(watch, Path.of(options.netnsDir));
      agent
          .cli
          .out()
          .println(JsonFormat.printer().print(NodeTopologyMapper.topology(state, Instant.now())));
      return 0;
    } catch (DockerEngineException e) {
      agent
          .cli
          .err()
          .println(
              "canvas agent snapshot: cannot read Docker at "
                  + options.docker
                  + ": "
                  + e.getMessage());
      return 1;
    }
  }

  /**
   * The node once every namespace file in the directory has been read (the watcher enters each on a
   * thread of its own). A namespace still missing after the limit is named on stderr, not left out
   * silently.
   */
  private NodeState settled(NodeWatch watch, Path netnsDir)
      throws DockerEngineException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
    // wait on the watcher's own map (no I/O); the engine and the host are read once, at the end
    Set<String> missing = unread(watch, netnsDir);
    while (!missing.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      missing = unread(watch, netnsDir);
    }
    if (!missing.isEmpty()) {
      agent
          .cli
          .err()
          .println(
              "canvas agent snapshot: not read within "
                  + waitSeconds
                  + " s, left out: "
                  + String.join(", ", missing));
    }
    return watch.readNow();
  }

  private static Set<String> unread(NodeWatch watch, Path netnsDir) {
    Set<String> missing = new TreeSet<>(namespaceFiles(netnsDir));
    missing.removeAll(watch.namespacesRead());
    return missing;
  }

  private static Set<String> namespaceFiles(Path netnsDir) {
    try (Stream<Path> files = Files.list(netnsDir)) {
      return files
          .filter(Files::isRegularFile)
          .map(f -> f.getFileName().toString())
          .collect(Collectors.toSet());
    } catch (IOException e) {
      return Set.of(); // no directory (yet): Docker has no namespace on this node
    }
  }
}

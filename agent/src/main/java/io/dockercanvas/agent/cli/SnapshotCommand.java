package io.dockercanvas.agent.cli;

import com.google.protobuf.util.JsonFormat;
import io.dockercanvas.agent.node.NodeState;
import io.dockercanvas.agent.node.NodeWatch;
import io.dockercanvas.agent.discovery.DockerEngine;
import io.dockercanvas.agent.discovery.DockerEngineException;
import io.dockercanvas.agent.export.NodeTopologyMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code canvas agent snapshot}: this node's topology once, as protobuf JSON. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
    description = "Print this node's topology (namespaces, interfaces, VXLAN, FDB, networks, containers) as JSON and exit.")
final class SnapshotCommand implements Callable<Integer> {

  /** The namespace watcher lists the directory at once; entering and reading each takes a moment more. */
  private static final long SETTLE_MILLIS = 1500;

  @ParentCommand
  AgentCommand agent;

  @Mixin
  AgentCommand.NodeOptions node = new AgentCommand.NodeOptions();

  @Override
  public Integer call() throws Exception {
    AgentCommand.NodeOptions options = node.docker.equals(new AgentCommand.NodeOptions().docker)
        && node.netnsDir.equals(new AgentCommand.NodeOptions().netnsDir) && node.nodeName.isEmpty() ? agent.node : node;
    DockerEngine docker = options.connect(agent.cli.err(), "canvas agent snapshot");
    if (docker == null) {
      return AgentCli.EXIT_USAGE;
    }
    try (DockerEngine engine = docker;
        NodeWatch watch = new NodeWatch(options.nodeName, engine, Path.of(options.netnsDir), "", state -> { })) {
      watch.start();
      Thread.sleep(SETTLE_MILLIS);
      NodeState state = watch.readNow();
      agent.cli.out().println(JsonFormat.printer().print(NodeTopologyMapper.topology(state, Instant.now())));
      return 0;
    } catch (DockerEngineException e) {
      agent.cli.err().println("canvas agent snapshot: cannot read Docker at " + options.docker + ": " + e.getMessage());
      return 1;
    }
  }
}

package io.dockercanvas.agent.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.JsonFormat;
import io.dockercanvas.agent.cli.AgentCli;
import io.dockercanvas.agent.node.NodeState;
import io.dockercanvas.agent.node.NodeWatch;
import io.dockercanvas.proto.v1.Network;
import io.dockercanvas.proto.v1.NodeRole;
import io.dockercanvas.proto.v1.NodeTopology;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NodeWatch and {@code canvas agent snapshot} against the recorded lab engine on a real unix socket
 * (here because the fake engine is this package's); no Docker namespaces, so only the host
 * namespace is read.
 */
class AgentSnapshotTest {

  @TempDir Path directory;

  private FakeEngineServer server;
  private Path netnsDir;

  @BeforeEach
  void start() throws Exception {
    server = new FakeEngineServer(directory);
    EngineFixtures.serveRecordedEngine(server);
    netnsDir = Files.createDirectory(directory.resolve("netns"));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void nodeWatch_recordedManager_publishesItsState() throws Exception {
    List<NodeState> states = new CopyOnWriteArrayList<>();
    try (DockerEngine engine = DockerEngine.connect(server.socket());
        NodeWatch watch =
            new NodeWatch("", engine, netnsDir, "tcp port 7070", states::add).start()) {

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> states.stream().anyMatch(s -> s.docker() != null));

      NodeState state = states.stream().filter(s -> s.docker() != null).findFirst().orElseThrow();
      assertThat(state.nodeId())
          .as("the engine's hostname without --node-name")
          .isEqualTo("dcnode1");
      assertThat(state.dataPathPort()).isEqualTo(4789);
      assertThat(state.excludedFilter()).isEqualTo("tcp port 7070");
      assertThat(state.host().interfaceNamed("lo")).isPresent();
      assertThat(state.namespaces()).isEmpty();
    }
  }

  @Test
  void snapshot_recordedManager_printsTheTopologyAsProtobufJson() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code =
        AgentCli.execute(
            new String[] {
              "agent",
              "snapshot",
              "--docker",
              "unix://" + server.socket(),
              "--netns-dir",
              netnsDir.toString(),
              "--node-name",
              "node1"
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    NodeTopology.Builder topology = NodeTopology.newBuilder();
    JsonFormat.parser().merge(out.toString(StandardCharsets.UTF_8), topology);
    assertThat(topology.getNode().getId()).isEqualTo("node1");
    assertThat(topology.getNode().getHostname()).isEqualTo("dcnode1");
    assertThat(topology.getNode().getRole()).isEqualTo(NodeRole.NODE_ROLE_MANAGER);
    assertThat(topology.getNamespaces(0).getName()).isEqualTo("host");
    Network wordpress =
        topology.getNetworksList().stream()
            .filter(n -> n.getName().equals("wordpress_net"))
            .findFirst()
            .orElseThrow();
    assertThat(wordpress.getVnisList()).containsExactly(4097);
    assertThat(topology.getServicesList()).isNotEmpty();
  }

  @Test
  void snapshot_namespaceFileItCannotRead_printsTheRestAndNamesItOnStderr() throws Exception {
    Files.writeString(netnsDir.resolve("1-notanetns"), "a plain file, not a namespace");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code =
        AgentCli.execute(
            new String[] {
              "agent",
              "snapshot",
              "--docker",
              "unix://" + server.socket(),
              "--netns-dir",
              netnsDir.toString(),
              "--node-name",
              "node1",
              "--wait",
              "1"
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("not read within 1 s, left out: 1-notanetns")
        .doesNotContain("RejectedExecutionException");
    NodeTopology.Builder topology = NodeTopology.newBuilder();
    JsonFormat.parser().merge(out.toString(StandardCharsets.UTF_8), topology);
    assertThat(topology.getNode().getId()).isEqualTo("node1");
  }
}

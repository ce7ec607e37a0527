package io.dockercanvas.pipeline.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.JsonFormat;
import io.dockercanvas.proto.v1.FdbEntry;
import io.dockercanvas.proto.v1.Interface;
import io.dockercanvas.proto.v1.Namespace;
import io.dockercanvas.proto.v1.NamespaceKind;
import io.dockercanvas.proto.v1.Network;
import io.dockercanvas.proto.v1.Node;
import io.dockercanvas.proto.v1.NodeRole;
import io.dockercanvas.proto.v1.NodeTopology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's recorded sample (deploy/lab/sample): each node's 'canvas agent snapshot', read back as
 * sent.
 */
class TopologyFilesTest {

  static final Path SAMPLE = Path.of("..", "deploy", "lab", "sample");

  @TempDir Path dir;

  @Test
  void readDir_sample_threeNodesWithRoleAndUnderlay() throws IOException {
    Map<String, NodeTopology> nodes = TopologyFiles.readDir(SAMPLE);

    assertThat(nodes).containsOnlyKeys("node1", "node2", "node3");
    assertThat(nodes.get("node1").getNode().getRole()).isEqualTo(NodeRole.NODE_ROLE_MANAGER);
    assertThat(nodes.get("node2").getNode().getRole()).isEqualTo(NodeRole.NODE_ROLE_WORKER);
    assertThat(nodes.get("node2").getNode().getAdvertiseAddress()).isEqualTo("198.51.100.12");
    assertThat(nodes.get("node2").getNode().getUnderlayInterface()).isEqualTo("eth0");
    assertThat(nodes.get("node1").getServicesList()).isNotEmpty();
  }

  @Test
  void readDir_sample_overlayNamespaceWithVxlanAndPeerVteps() throws IOException {
    NodeTopology node2 = TopologyFiles.readDir(SAMPLE).get("node2");
    Network wordpress =
        node2.getNetworksList().stream()
            .filter(n -> n.getName().equals("wordpress_net"))
            .findFirst()
            .orElseThrow();
    Namespace overlay =
        node2.getNamespacesList().stream()
            .filter(
                ns ->
                    ns.getKind() == NamespaceKind.NAMESPACE_KIND_OVERLAY
                        && ns.getNetworkId().equals(wordpress.getId()))
            .findFirst()
            .orElseThrow();
    Interface vxlan =
        overlay.getInterfacesList().stream()
            .filter(i -> i.getName().equals("vxlan0"))
            .findFirst()
            .orElseThrow();

    assertThat(wordpress.getVnisList()).containsExactly(4097);
    assertThat(vxlan.getVxlan().getVni()).isEqualTo(4097);
    assertThat(vxlan.getFdbList())
        .extracting(FdbEntry::getDst)
        .contains("198.51.100.11", "198.51.100.13");
  }

  @Test
  void read_sampleFile_sameMessageTheSnapshotPrinted() throws IOException {
    Path file = SAMPLE.resolve("node2__topology.json");

    NodeTopology read = TopologyFiles.read(file);

    assertThat(JsonFormat.printer().print(read) + "\n").isEqualTo(Files.readString(file));
  }

  @Test
  void read_notSnapshotJson_refusedNamingTheFile() throws IOException {
    Path broken =
        Files.writeString(dir.resolve("node1__topology.json"), "{\"node\": {\"id\": \"node1\"");
    Path otherFormat =
        Files.writeString(
            dir.resolve("node2__topology.json"),
            "{\"node\": {\"name\": \"node2\", \"namespaces\": []}}");
    Path noNode = Files.writeString(dir.resolve("node3__topology.json"), "{\"namespaces\": []}");

    assertThatThrownBy(() -> TopologyFiles.read(broken))
        .hasMessageStartingWith(broken + ": not the JSON of 'canvas agent snapshot'");
    assertThatThrownBy(() -> TopologyFiles.read(otherFormat))
        .hasMessageStartingWith(otherFormat + ": not the JSON of 'canvas agent snapshot'")
        .hasMessageContaining("name");
    assertThatThrownBy(() -> TopologyFiles.read(noNode))
        .hasMessage(
            noNode + ": not the JSON of 'canvas agent snapshot' (a NodeTopology): no node.id");
    assertThatThrownBy(() -> TopologyFiles.readDir(dir)).hasMessageStartingWith(broken.toString());
  }

  @Test
  void read_fileNamedForAnotherNode_refused() throws IOException {
    Path file = dir.resolve("node1__topology.json");
    Files.writeString(
        file,
        JsonFormat.printer()
            .print(NodeTopology.newBuilder().setNode(Node.newBuilder().setId("node2")).build()));

    assertThatThrownBy(() -> TopologyFiles.read(file))
        .hasMessageContaining("node 'node2'")
        .hasMessageContaining("node2__topology.json");
  }

  @Test
  void readDir_folderWithoutTopologies_refused() throws IOException {
    assertThatThrownBy(() -> TopologyFiles.readDir(dir.resolve("missing")))
        .hasMessageContaining("not a folder");
    assertThatThrownBy(() -> TopologyFiles.readDir(dir))
        .hasMessageContaining("holds no <node>__topology.json");
    assertThat(TopologyFiles.readBeside(dir.resolve("manifest.json"))).isEmpty();
  }

  @Test
  void topology_nodeAddressGivenByHand_winsOverRecorded() throws IOException {
    ReplayInput input =
        new ReplayInput(
            List.of(CaptureSpec.parse("node2:eth0=x.pcap")),
            TopologyFiles.readBeside(SAMPLE.resolve("manifest.json")),
            Map.of("node2", "203.0.113.12", "extra", "203.0.113.99"));

    assertThat(input.nodes()).containsExactly("node2", "node1", "node3", "extra");
    assertThat(input.topology("node2").getNode().getAdvertiseAddress()).isEqualTo("203.0.113.12");
    assertThat(input.topology("node2").getNamespacesCount()).isGreaterThan(3);
    assertThat(input.topology("extra").getNode().getHostname()).isEqualTo("extra");
  }
}

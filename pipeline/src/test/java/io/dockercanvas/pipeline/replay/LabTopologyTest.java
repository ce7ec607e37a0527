package io.dockercanvas.pipeline.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockercanvas.proto.v1.Container;
import io.dockercanvas.proto.v1.FdbEntry;
import io.dockercanvas.proto.v1.Interface;
import io.dockercanvas.proto.v1.InterfaceKind;
import io.dockercanvas.proto.v1.Namespace;
import io.dockercanvas.proto.v1.NamespaceKind;
import io.dockercanvas.proto.v1.Network;
import io.dockercanvas.proto.v1.NodeRole;
import io.dockercanvas.proto.v1.NodeTopology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab's recorded sample (deploy/lab/sample), read as the agents of its three nodes would report it. */
class LabTopologyTest {

    static final Path SAMPLE = Path.of("..", "deploy", "lab", "sample");

    @TempDir
    Path dir;

    @Test
    void readDir_sample_threeNodesWithRoleAndUnderlay() throws IOException {
        Map<String, NodeTopology> nodes = LabTopology.readDir(SAMPLE);

        assertThat(nodes).containsOnlyKeys("node1", "node2", "node3");
        assertThat(nodes.get("node1").getNode().getRole()).isEqualTo(NodeRole.NODE_ROLE_MANAGER);
        assertThat(nodes.get("node2").getNode().getAdvertiseAddress()).isEqualTo("198.51.100.12");
        assertThat(nodes.get("node2").getNode().getUnderlayInterface()).isEqualTo("eth0");
        assertThat(nodes.get("node2").getNode().getDataPathPort()).isEqualTo(4789);
    }

    @Test
    void readDir_sample_overlayNamespaceWithVxlanAndPeerVteps() throws IOException {
        NodeTopology node2 = LabTopology.readDir(SAMPLE).get("node2");
        Network wordpress = node2.getNetworksList().stream().filter(n -> n.getName().equals("wordpress_net"))
                .findFirst().orElseThrow();
        Namespace overlay = node2.getNamespacesList().stream()
                .filter(ns -> ns.getKind() == NamespaceKind.NAMESPACE_KIND_OVERLAY
                        && ns.getNetworkId().equals(wordpress.getId()))
                .findFirst().orElseThrow();
        Interface vxlan = overlay.getInterfacesList().stream().filter(i -> i.getName().equals("vxlan0"))
                .findFirst().orElseThrow();

        assertThat(wordpress.getVnisList()).containsExactly(4097);
        assertThat(wordpress.getSubnets(0).getCidr()).isEqualTo("10.0.1.0/24");
        assertThat(vxlan.getKind()).isEqualTo(InterfaceKind.INTERFACE_KIND_VXLAN);
        assertThat(vxlan.getVxlan().getVni()).isEqualTo(4097);
        assertThat(vxlan.getMaster()).isEqualTo("br0");
        assertThat(vxlan.getFdbList()).extracting(FdbEntry::getDst)
                .containsExactlyInAnyOrder("198.51.100.11", "198.51.100.13");
    }

    @Test
    void readDir_sample_containerSandboxMatchedToItsTaskAndGatewayBridgeNetwork() throws IOException {
        NodeTopology node2 = LabTopology.readDir(SAMPLE).get("node2");

        Container web = node2.getContainersList().stream().filter(c -> c.getName().equals("web")).findFirst()
                .orElseThrow();
        assertThat(web.getServiceName()).isEqualTo("web");
        assertThat(web.getTaskId()).isEqualTo("ykwgv4vuln3v");
        assertThat(web.getId()).isEqualTo("ed1596eb541c");
        Namespace sandbox = node2.getNamespacesList().stream()
                .filter(ns -> ns.getKind() == NamespaceKind.NAMESPACE_KIND_CONTAINER).findFirst().orElseThrow();
        assertThat(sandbox.getContainerName()).isEqualTo("web");
        assertThat(sandbox.getContainerId()).isEqualTo("ed1596eb541c");
        assertThat(node2.getNetworksList()).filteredOn(n -> n.getName().equals("docker_gwbridge"))
                .singleElement().satisfies(n -> assertThat(n.getSubnets(0).getCidr()).isEqualTo("172.17.0.0/16"));
        Namespace host = node2.getNamespaces(0);
        assertThat(host.getKind()).isEqualTo(NamespaceKind.NAMESPACE_KIND_HOST);
        assertThat(host.getInterfacesList()).filteredOn(i -> i.getName().equals("eth0")).singleElement()
                .satisfies(i -> assertThat(i.getKind()).isEqualTo(InterfaceKind.INTERFACE_KIND_ETHERNET));
    }

    @Test
    void readDir_folderWithoutTopologies_refused() throws IOException {
        Files.writeString(dir.resolve("node1__topology.json"), "{\"lab\":{}}");

        assertThatThrownBy(() -> LabTopology.readDir(dir.resolve("missing"))).hasMessageContaining("not a folder");
        assertThatThrownBy(() -> LabTopology.readDir(dir)).hasMessageContaining("no node.name");
        Files.delete(dir.resolve("node1__topology.json"));
        assertThatThrownBy(() -> LabTopology.readDir(dir)).hasMessageContaining("holds no <node>__topology.json");
    }

    @Test
    void topology_nodeAddressGivenByHand_winsOverRecorded() throws IOException {
        ReplayInput input = new ReplayInput(java.util.List.of(CaptureSpec.parse("node2:eth0=x.pcap")),
                LabTopology.readDir(SAMPLE), Map.of("node2", "203.0.113.12", "extra", "203.0.113.99"));

        assertThat(input.nodes()).containsExactly("node2", "node1", "node3", "extra");
        assertThat(input.topology("node2").getNode().getAdvertiseAddress()).isEqualTo("203.0.113.12");
        assertThat(input.topology("node2").getNamespacesCount()).isGreaterThan(3);
        assertThat(input.topology("extra").getNode().getHostname()).isEqualTo("extra");
    }
}

package io.dockercanvas.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.agent.capture.TestNodeStates;
import io.dockercanvas.agent.discovery.DockerSnapshot;
import io.dockercanvas.agent.discovery.SwarmNode;
import io.dockercanvas.agent.netns.ObservedNamespace;
import io.dockercanvas.agent.node.NodeState;
import io.dockercanvas.pipeline.stream.TopologyDeltas;
import io.dockercanvas.proto.v1.Namespace;
import io.dockercanvas.proto.v1.NodeRole;
import io.dockercanvas.proto.v1.NodeTopology;
import io.dockercanvas.proto.v1.TopologyDelta;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyDeltasTest {

  private static final Instant T1 = Instant.parse("2026-11-27T10:00:00Z");
  private static final Instant T2 = Instant.parse("2026-11-27T10:00:05Z");

  private final NodeState before = TestNodeStates.managerNode1("");
  private final NodeTopology snapshot = NodeTopologyMapper.topology(before, T1);

  private static NodeState withNamespaces(
      NodeState state, Map<String, ObservedNamespace> namespaces) {
    return new NodeState(
        state.nodeId(),
        state.docker(),
        state.host(),
        state.hostNamespacePath(),
        state.underlayInterface(),
        state.dataPathPort(),
        namespaces,
        state.excludedFilter());
  }

  private static NodeState withDocker(NodeState state, DockerSnapshot docker) {
    return new NodeState(
        state.nodeId(),
        docker,
        state.host(),
        state.hostNamespacePath(),
        state.underlayInterface(),
        state.dataPathPort(),
        state.namespaces(),
        state.excludedFilter());
  }

  @Test
  void between_newContainerNamespace_deltaCarriesExactlyThatNamespace() {
    Map<String, ObservedNamespace> namespaces = new HashMap<>(before.namespaces());
    ObservedNamespace sandbox =
        TestNodeStates.namespace("f4039c587955", TestNodeStates.ingressSandbox().inventory());
    namespaces.put(sandbox.name(), sandbox);
    NodeTopology after = NodeTopologyMapper.topology(withNamespaces(before, namespaces), T2);

    TopologyDelta delta = TopologyDeltas.between(snapshot, after, 43).orElseThrow();

    assertThat(delta.getRevision()).isEqualTo(43);
    assertThat(delta.getUpsertedNamespacesList())
        .extracting(Namespace::getName)
        .containsExactly("f4039c587955");
    assertThat(delta.getUpsertedNamespaces(0).getContainerId()).isEqualTo("f4039c58aaaa");
    assertThat(delta.getUpsertedNamespaces(0).getTaskId()).isEqualTo("task1");
    assertThat(delta.toBuilder().clearUpsertedNamespaces().build())
        .as("nothing else in the delta")
        .isEqualTo(TopologyDelta.newBuilder().setRevision(43).build());
  }

  @Test
  void between_removedNamespaceAndService_deltaNamesTheirKeys() {
    Map<String, ObservedNamespace> namespaces = new HashMap<>(before.namespaces());
    namespaces.remove("1-ht90nsb9wa");
    DockerSnapshot docker = before.docker();
    DockerSnapshot withoutDns =
        new DockerSnapshot(
            docker.node(),
            docker.networks(),
            List.of(TestNodeStates.WEB),
            docker.tasks(),
            docker.containers(),
            docker.readAt());
    NodeTopology after =
        NodeTopologyMapper.topology(withDocker(withNamespaces(before, namespaces), withoutDns), T2);

    TopologyDelta delta = TopologyDeltas.between(snapshot, after, 2).orElseThrow();

    assertThat(delta.getRemovedNamespacesList()).containsExactly("/run/netns/1-ht90nsb9wa");
    assertThat(delta.getRemovedServicesList()).containsExactly("svcdns");
    assertThat(delta.toBuilder().clearRemovedNamespaces().clearRemovedServices().build())
        .isEqualTo(TopologyDelta.newBuilder().setRevision(2).build());
  }

  @Test
  void between_onlyTimesChanged_noDelta() {
    DockerSnapshot docker = before.docker();
    DockerSnapshot readLater =
        new DockerSnapshot(
            docker.node(),
            docker.networks(),
            docker.services(),
            docker.tasks(),
            docker.containers(),
            T2);
    NodeTopology after = NodeTopologyMapper.topology(withDocker(before, readLater), T2);

    assertThat(after).isNotEqualTo(snapshot);
    assertThat(TopologyDeltas.between(snapshot, after, 2)).isEmpty();
  }

  @Test
  void between_nodeRoleChanged_deltaCarriesTheNode() {
    DockerSnapshot docker = before.docker();
    SwarmNode demoted =
        new SwarmNode(
            docker.node().nodeId(),
            docker.node().hostname(),
            SwarmNode.Role.WORKER,
            docker.node().advertiseAddress(),
            docker.node().dataPathPort(),
            docker.node().engineVersion());
    NodeTopology after =
        NodeTopologyMapper.topology(
            withDocker(
                before,
                new DockerSnapshot(
                    demoted,
                    docker.networks(),
                    docker.services(),
                    docker.tasks(),
                    docker.containers(),
                    docker.readAt())),
            T2);

    TopologyDelta delta = TopologyDeltas.between(snapshot, after, 2).orElseThrow();

    assertThat(delta.getNode().getRole()).isEqualTo(NodeRole.NODE_ROLE_WORKER);
    assertThat(delta.toBuilder().clearNode().build())
        .isEqualTo(TopologyDelta.newBuilder().setRevision(2).build());
  }

  @Test
  void topology_managerNode_mapsNodeNamespacesInterfacesAndVteps() {
    assertThat(snapshot.getNode().getId()).isEqualTo("node1");
    assertThat(snapshot.getNode().getAdvertiseAddress()).isEqualTo("198.51.100.11");
    assertThat(snapshot.getNode().getRole()).isEqualTo(NodeRole.NODE_ROLE_MANAGER);
    assertThat(snapshot.getNode().getDataPathPort()).isEqualTo(4789);
    assertThat(snapshot.getNamespacesList())
        .extracting(Namespace::getName)
        .containsExactly("host", "1-ht90nsb9wa", "1-zadl0118hf", "ingress_sbox");
    Namespace overlay = snapshot.getNamespaces(1);
    assertThat(overlay.getNetworkId()).isEqualTo(TestNodeStates.WEB_NET.id());
    var vxlan0 =
        overlay.getInterfacesList().stream()
            .filter(i -> i.getName().equals("vxlan0"))
            .findFirst()
            .orElseThrow();
    assertThat(vxlan0.getVxlan().getVni()).isEqualTo(4097);
    assertThat(vxlan0.getMaster()).isEqualTo("br0");
    assertThat(vxlan0.getFdbList()).extracting(e -> e.getDst()).containsExactly("198.51.100.12");
    assertThat(snapshot.getNetworksList()).hasSize(2);
    assertThat(snapshot.getServicesList()).hasSize(2);
    assertThat(snapshot.getTasksList()).hasSize(1);
    assertThat(snapshot.getContainersList()).hasSize(1);
  }
}

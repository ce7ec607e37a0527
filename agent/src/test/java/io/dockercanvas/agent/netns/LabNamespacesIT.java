package io.dockercanvas.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dockercanvas.agent.discovery.DockerContainer;
import io.dockercanvas.agent.discovery.DockerEngine;
import io.dockercanvas.agent.discovery.DockerNetwork;
import io.dockercanvas.agent.discovery.DockerSnapshot;
import io.dockercanvas.agent.discovery.SwarmNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Discovery and the namespace watcher against the real 3-node swarm of deploy/lab: on every node the
 * overlay namespace of wordpress_net has br0 and vxlan0 whose VNI is the one Docker reports, its FDB's
 * remote VTEPs are exactly the other nodes' underlay addresses, and every container sandbox maps to its
 * container and task. Reads only; brings the lab up (and down again) unless one is already running.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabNamespacesIT {

  private static final String OVERLAY = "wordpress_net";

  private final SwarmLab lab = SwarmLab.fromBuild();
  private boolean startedLab;

  @BeforeAll
  void requireLab() {
    assumeTrue("root".equals(System.getProperty("user.name")),
        "LabNamespacesIT needs root (the lab's dockerds, setns); CI runs it as root");
    assumeTrue(lab.launcherExists(), "LabNamespacesIT needs ./canvas and deploy/lab/lab.sh");
    for (String tool : new String[] {"dockerd", "ip", "jq", "nsenter", "iptables"}) {
      assumeTrue(HandMadeNamespaces.commandExists(tool), "LabNamespacesIT needs " + tool + " for the swarm lab");
    }
    if (!lab.isUp()) {
      startedLab = true;
      lab.up();
    }
  }

  @AfterAll
  void leaveLabAsFound() {
    if (startedLab) {
      lab.down();
    }
  }

  @Test
  void everyNode_overlayNamespace_matchesDockerAndPointsAtTheOtherNodes() throws Exception {
    List<SwarmLab.Node> nodes = lab.nodes(lab.status());
    assertThat(nodes).hasSizeGreaterThanOrEqualTo(3);
    for (SwarmLab.Node node : nodes) {
      List<String> otherNodes = nodes.stream().filter(n -> n != node).map(SwarmLab.Node::address).sorted().toList();
      try (DockerEngine engine = DockerEngine.connect(node.dockerSocket());
          NamespaceWatcher watcher =
              new NamespaceWatcher(NamespaceWatcher.Settings.defaults(node.netnsDirectory()), new NamespaceListener() {})
                  .start()) {
        DockerSnapshot snapshot = engine.snapshot();
        checkIdentity(node, snapshot.node());
        DockerNetwork overlay = snapshot.networks().stream().filter(n -> n.name().equals(OVERLAY)).findFirst()
            .orElseThrow(() -> new AssertionError(node.name() + " does not see " + OVERLAY));
        assertThat(overlay.vnis()).as("%s VNIs", OVERLAY).isNotEmpty();
        assertThat(overlay.peers()).extracting(DockerNetwork.Peer::address).as("%s peers seen from %s", OVERLAY, node.name())
            .containsExactlyInAnyOrderElementsOf(nodes.stream().map(SwarmLab.Node::address).toList());

        String overlayNamespace = "1-" + overlay.id().substring(0, 10);
        await().ignoreExceptions().pollInSameThread().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
          NamespaceInventory inventory = watcher.namespaces().get(overlayNamespace).inventory();
          NetInterface bridge = inventory.interfaceNamed("br0").orElseThrow();
          NetInterface vxlan = inventory.interfaceNamed("vxlan0").orElseThrow();
          assertThat(vxlan.vxlan().vni()).as("%s vxlan0 VNI on %s", OVERLAY, node.name()).isEqualTo(overlay.vnis().get(0));
          assertThat(vxlan.vxlan().port()).isEqualTo(4789);
          assertThat(vxlan.masterIndex()).isEqualTo(bridge.index());
          assertThat(inventory.remoteVteps()).as("remote VTEPs in %s's FDB", node.name())
              .containsExactlyElementsOf(otherNodes);
        });
        ObservedNamespace namespace = watcher.namespaces().get(overlayNamespace);
        assertThat(NamespaceOwner.of(namespace.name(), snapshot).networkName()).isEqualTo(OVERLAY);
        System.out.printf("LabNamespacesIT: %s %s vni %s remote VTEPs %s, %d namespaces%n", node.name(),
            overlayNamespace, overlay.vnis(), namespace.inventory().remoteVteps(), watcher.namespaces().size());
        checkSandboxes(node, snapshot, watcher.namespaces());
      }
    }
  }

  private static void checkIdentity(SwarmLab.Node node, SwarmNode identity) {
    assertThat(identity.hostname()).isEqualTo(node.name());
    assertThat(identity.advertiseAddress()).isEqualTo(node.address());
    assertThat(identity.nodeId()).isNotEmpty();
    assertThat(identity.role()).isEqualTo(node.name().equals("node1") ? SwarmNode.Role.MANAGER : SwarmNode.Role.WORKER);
  }

  /** Each running container's sandbox is a namespace the watcher entered and maps back to it. */
  private static void checkSandboxes(SwarmLab.Node node, DockerSnapshot snapshot, Map<String, ObservedNamespace> namespaces) {
    List<DockerContainer> withSandbox = snapshot.containers().stream().filter(c -> !c.sandboxName().isEmpty()).toList();
    assertThat(withSandbox).as("containers on %s", node.name()).isNotEmpty();
    for (DockerContainer container : withSandbox) {
      assertThat(namespaces).as("namespaces on %s", node.name()).containsKey(container.sandboxName());
      NamespaceOwner owner = NamespaceOwner.of(container.sandboxName(), snapshot);
      assertThat(owner.containerId()).isEqualTo(container.id());
      assertThat(owner.taskId()).isEqualTo(container.taskId());
      assertThat(namespaces.get(container.sandboxName()).inventory().interfaces())
          .as("%s's interfaces", container.name())
          .anySatisfy(i -> assertThat(i.mtu()).isEqualTo(1450)); // the overlay leg
    }
  }
}

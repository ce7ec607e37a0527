package io.dockercanvas.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockercanvas.agent.discovery.DockerContainer;
import io.dockercanvas.agent.discovery.DockerEngine;
import io.dockercanvas.agent.discovery.DockerNetwork;
import io.dockercanvas.agent.discovery.DockerSnapshot;
import io.dockercanvas.agent.discovery.SwarmNode;
import io.dockercanvas.testing.lab.Lab;
import io.dockercanvas.testing.lab.LabTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Discovery and the namespace watcher against the real swarm of deploy/lab: on every node running
 * the demo stack the overlay namespace of wordpress_net has br0 and vxlan0 whose VNI is the one
 * Docker reports, its FDB's remote VTEPs are exactly the network's other peers (in the 3-node lab:
 * the other nodes' underlay addresses), and every container sandbox maps to its container and task.
 * Container churn leaks nothing. {@code ./canvas agent snapshot} run inside each node says the
 * same. On a fresh lab of its own ({@link LabTest}).
 */
@LabTest
class LabNamespacesIT {

  private static final String OVERLAY = Lab.OVERLAY;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyNode_overlayNamespace_matchesDockerAndPointsAtThePeers(Lab lab) throws Exception {
    List<Lab.Node> nodes = lab.nodes();
    int checked = 0;
    for (Lab.Node node : nodes) {
      try (DockerEngine engine = DockerEngine.connect(node.dockerSocket());
          NamespaceWatcher watcher =
              new NamespaceWatcher(
                      NamespaceWatcher.Settings.defaults(node.netnsDirectory()),
                      new NamespaceListener() {})
                  .start()) {
        DockerSnapshot snapshot = engine.snapshot();
        checkIdentity(node, snapshot.node());
        Optional<DockerNetwork> attached =
            snapshot.networks().stream()
                .filter(n -> n.name().equals(OVERLAY) && !n.peers().isEmpty())
                .findFirst();
        if (attached.isEmpty()) {
          continue; // no task of the demo stack on this node (labs of more than 3 nodes): no
          // overlay namespace
        }
        DockerNetwork overlay = attached.get();
        assertThat(overlay.vnis()).as("%s VNIs", OVERLAY).isNotEmpty();
        List<String> otherPeers =
            overlay.peers().stream()
                .map(DockerNetwork.Peer::address)
                .filter(address -> !address.equals(node.address()))
                .sorted()
                .toList();

        String overlayNamespace = "1-" + overlay.id().substring(0, 10);
        await()
            .ignoreExceptions()
            .pollInSameThread()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> {
                  NamespaceInventory inventory =
                      watcher.namespaces().get(overlayNamespace).inventory();
                  NetInterface bridge = inventory.interfaceNamed("br0").orElseThrow();
                  NetInterface vxlan = inventory.interfaceNamed("vxlan0").orElseThrow();
                  assertThat(vxlan.vxlan().vni())
                      .as("%s vxlan0 VNI on %s", OVERLAY, node.name())
                      .isEqualTo(overlay.vnis().get(0));
                  assertThat(vxlan.vxlan().port()).isEqualTo(4789);
                  assertThat(vxlan.masterIndex()).isEqualTo(bridge.index());
                  assertThat(inventory.remoteVteps())
                      .as("remote VTEPs in %s's FDB vs the network's peers", node.name())
                      .containsExactlyElementsOf(otherPeers);
                });
        ObservedNamespace namespace = watcher.namespaces().get(overlayNamespace);
        assertThat(NamespaceOwner.of(namespace.name(), snapshot).networkName()).isEqualTo(OVERLAY);
        System.out.printf(
            "LabNamespacesIT: %s %s vni %s remote VTEPs %s, %d namespaces%n",
            node.name(),
            overlayNamespace,
            overlay.vnis(),
            namespace.inventory().remoteVteps(),
            watcher.namespaces().size());
        // A sandbox shows up once Docker has bind-mounted it, which may be after the snapshot was
        // read.
        await()
            .pollInSameThread()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> checkSandboxes(node, snapshot, watcher.namespaces()));
        checked++;
      }
    }
    assertThat(checked)
        .as("nodes running the demo stack (client, web, db)")
        .isGreaterThanOrEqualTo(3);
  }

  /**
   * Container churn on a real node: every sandbox is entered and released, nothing leaks. Docker
   * unmounts a removed container's netns file at once but deletes the file in a periodic garbage
   * collection, so the check compares namespaces entered, not files.
   */
  @Test
  void containerChurn_thirtyContainers_threadsAndFdsReturnToStart(Lab lab) throws Exception {
    Lab.Node node2 = lab.nodes().get(1);
    Libc.LIBC.strerror(0);
    try (NamespaceWatcher watcher =
        new NamespaceWatcher(
                NamespaceWatcher.Settings.defaults(node2.netnsDirectory()),
                new NamespaceListener() {})
            .start()) {
      Thread.sleep(2000); // the first scan
      Set<String> namespacesBefore = watcher.namespaces().keySet();
      assertThat(namespacesBefore).isNotEmpty().isSubsetOf(namespaceFiles(node2));
      int threadsBefore = NamespaceInventoryIT.liveThreads();
      long fdsBefore = NamespaceInventoryIT.openFds(node2.netnsDirectory());
      try {
        lab.dockerShell(
            node2.name(),
            "for i in $(seq 1 30); do docker run -d --pull never --label canvas-churn=1"
                + " --network none "
                + Lab.IMAGE
                + " sleep 600 >/dev/null || exit 1; done");
        await()
            .pollInSameThread()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(watcher.namespaces())
                        .as("namespaces entered on node2")
                        .hasSize(namespacesBefore.size() + 30));
      } finally {
        lab.dockerShell(
            node2.name(),
            "docker rm -f $(docker ps -aq --filter label=canvas-churn=1) >/dev/null || true");
      }
      long removedAt = System.nanoTime();
      await()
          .pollInSameThread()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(watcher.namespaces().keySet()).isEqualTo(namespacesBefore);
                assertThat(NamespaceInventoryIT.liveThreads())
                    .as("live threads")
                    .isEqualTo(threadsBefore);
                assertThat(NamespaceInventoryIT.openFds(node2.netnsDirectory()))
                    .as("open fds")
                    .isEqualTo(fdsBefore);
              });
      System.out.printf(
          "LabNamespacesIT: 30 containers on node2 came and went; %d threads, %d fds as before,"
              + " all released %d ms after docker rm%n",
          threadsBefore, fdsBefore, (System.nanoTime() - removedAt) / 1_000_000);
    }
  }

  /**
   * The acceptance of {@code agent snapshot}: run as a user would ({@code ./canvas agent snapshot})
   * inside each node's network namespace with that node's socket and netns directory, its JSON
   * lists the overlay namespace of wordpress_net with br0 and vxlan0, vxlan0's VNI is the one
   * {@code docker network inspect} reports, and the remote VTEPs in vxlan0's FDB are exactly the
   * other nodes' underlay addresses.
   */
  @Test
  void agentSnapshot_insideEveryNode_listsOverlayNamespaceWithDockersVniAndTheOtherNodesAsVteps(
      Lab lab) throws Exception {
    List<Lab.Node> nodes = lab.nodes();
    JsonNode inspect =
        JSON.readTree(lab.docker(nodes.get(0).name(), "network", "inspect", OVERLAY)).get(0);
    String networkId = inspect.path("Id").asText();
    int vni =
        Integer.parseInt(
            inspect
                .path("Options")
                .path("com.docker.network.driver.overlay.vxlanid_list")
                .asText()
                .split(",")[0]
                .trim());
    for (Lab.Node node : nodes) {
      JsonNode snapshot = JSON.readTree(snapshotInside(lab, node));
      assertThat(snapshot.path("node").path("hostname").asText()).isEqualTo(node.name());
      JsonNode overlay =
          stream(snapshot.path("namespaces"))
              .filter(
                  ns ->
                      "NAMESPACE_KIND_OVERLAY".equals(ns.path("kind").asText())
                          && networkId.equals(ns.path("networkId").asText()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "no overlay namespace of "
                              + OVERLAY
                              + " in the snapshot of "
                              + node.name()
                              + ": "
                              + snapshot.path("namespaces")));
      JsonNode bridge = interfaceNamed(overlay, "br0");
      JsonNode vxlan = interfaceNamed(overlay, "vxlan0");
      assertThat(bridge.path("kind").asText()).isEqualTo("INTERFACE_KIND_BRIDGE");
      assertThat(vxlan.path("kind").asText()).isEqualTo("INTERFACE_KIND_VXLAN");
      assertThat(vxlan.path("master").asText()).isEqualTo("br0");
      assertThat(vxlan.path("vxlan").path("vni").asInt())
          .as("%s vxlan0 VNI vs docker network inspect", node.name())
          .isEqualTo(vni);
      Set<String> remoteVteps =
          stream(vxlan.path("fdb"))
              .map(entry -> entry.path("dst").asText())
              .filter(dst -> !dst.isEmpty())
              .collect(Collectors.toSet());
      Set<String> otherNodes =
          nodes.stream()
              .filter(other -> !other.equals(node))
              .map(Lab.Node::address)
              .collect(Collectors.toSet());
      assertThat(remoteVteps)
          .as("remote VTEPs in %s's vxlan0 FDB", node.name())
          .isEqualTo(otherNodes);
      System.out.printf(
          "LabNamespacesIT: agent snapshot on %s: %s br0 + vxlan0 vni %d, remote VTEPs %s%n",
          node.name(), overlay.path("name").asText(), vni, remoteVteps);
    }
  }

  /**
   * {@code ./canvas agent snapshot} in the node's network namespace (the host's mount namespace, as
   * the lab's dockerd).
   */
  private static String snapshotInside(Lab lab, Lab.Node node) throws Exception {
    Path out = Files.createTempFile("agent-snapshot-", ".json");
    Path err = Files.createTempFile("agent-snapshot-", ".err");
    try {
      Process process =
          new ProcessBuilder(
                  "nsenter",
                  "--net=" + node.netns(),
                  lab.canvas().toString(),
                  "agent",
                  "snapshot",
                  "--docker",
                  "unix://" + node.dockerSocket(),
                  "--netns-dir",
                  node.netnsDirectory().toString(),
                  "--node-name",
                  node.name())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      process.getOutputStream().close();
      assertThat(process.waitFor(60, TimeUnit.SECONDS))
          .as("agent snapshot on %s ends within 60 s", node.name())
          .isTrue();
      assertThat(process.exitValue())
          .as("agent snapshot on %s: %s", node.name(), Files.readString(err))
          .isZero();
      return Files.readString(out);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static JsonNode interfaceNamed(JsonNode namespace, String name) {
    return stream(namespace.path("interfaces"))
        .filter(i -> name.equals(i.path("name").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " in " + namespace));
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }

  private static Set<String> namespaceFiles(Lab.Node node) throws IOException {
    try (Stream<Path> files = Files.list(node.netnsDirectory())) {
      return files.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  private static void checkIdentity(Lab.Node node, SwarmNode identity) {
    assertThat(identity.hostname()).isEqualTo(node.name());
    assertThat(identity.advertiseAddress()).isEqualTo(node.address());
    assertThat(identity.nodeId()).isNotEmpty();
    assertThat(identity.role())
        .isEqualTo(node.name().equals("node1") ? SwarmNode.Role.MANAGER : SwarmNode.Role.WORKER);
  }

  /** Each running container's sandbox is a namespace the watcher entered and maps back to it. */
  private static void checkSandboxes(
      Lab.Node node, DockerSnapshot snapshot, Map<String, ObservedNamespace> namespaces) {
    List<DockerContainer> withSandbox =
        snapshot.containers().stream().filter(c -> !c.sandboxName().isEmpty()).toList();
    assertThat(withSandbox).as("containers on %s", node.name()).isNotEmpty();
    for (DockerContainer container : withSandbox) {
      assertThat(namespaces)
          .as("namespaces on %s", node.name())
          .containsKey(container.sandboxName());
      NamespaceOwner owner = NamespaceOwner.of(container.sandboxName(), snapshot);
      assertThat(owner.containerId()).isEqualTo(container.id());
      assertThat(owner.taskId()).isEqualTo(container.taskId());
      assertThat(namespaces.get(container.sandboxName()).inventory().interfaces())
          .as("%s's interfaces", container.name())
          .anySatisfy(i -> assertThat(i.mtu()).isEqualTo(1450)); // the overlay leg
    }
  }
}

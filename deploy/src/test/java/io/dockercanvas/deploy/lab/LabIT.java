package io.dockercanvas.deploy.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockercanvas.testing.HostCommand;
import io.dockercanvas.testing.lab.Lab;
import io.dockercanvas.testing.lab.LabTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The swarm lab end to end on this machine: a real 3-node Docker Swarm (one dockerd per network
 * namespace), real VXLAN on the underlay, and a teardown that leaves nothing behind. The tests run
 * in order on one lab; every run starts and ends with {@code lab down} ({@link LabTest}, which also
 * checks that nothing of the lab is left on the machine at the end).
 */
@LabTest(up = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class LabIT {

  private static final Duration UP_BUDGET = Duration.ofSeconds(90);
  private static final String OVERLAY = "wordpress_net";
  private static final String NODE1_IP = "198.51.100.11";
  private static final String NODE2_IP = "198.51.100.12";
  private static final ObjectMapper JSON = new ObjectMapper();

  // Read once per lab: each status takes seconds, and the first lab does not change while tests 1-4
  // look at it.
  private JsonNode status;
  private Integer overlayVni;

  @TempDir Path work;

  @Test
  @Order(1)
  void up_threeNodes_readyWithWebOnNode2DbOnNode3AndClientOnNode1(Lab lab) {
    HostCommand.Result up = lab.run(Lab.UP_LIMIT, "up");
    report("lab up (3 nodes)", up);

    assertThat(up.exitCode()).as(up.describe()).isZero();
    assertThat(up.took()).as("time of lab up on 3 nodes").isLessThan(UP_BUDGET);
    assertThat(up.output()).contains("[1/7]", "[7/7] lab is up");
    if (!Files.exists(Path.of("/proc/net/ip_vs"))) {
      assertThat(up.output()).contains("IPVS is not available", "routing mesh");
    }
    assertSwarmOfThreeWithDemoStack(status(lab));
  }

  @Test
  @Order(2)
  void traffic_underlayCarriesTheOverlayVniAndTheClientToWebHttpFlow(Lab lab) throws Exception {
    int vni = overlayVni(lab);
    JsonNode status = status(lab);
    String clientIp = containerAddress(status, "client");
    String webIp = taskAddress(status, "web");

    List<VxlanFrame> frames;
    try (UnderlayCapture capture =
        UnderlayCapture.start(Lab.BRIDGE, work.resolve("underlay.pcap"))) {
      HostCommand.Result traffic = lab.traffic(3, 2);
      report("lab traffic --seconds 3 --rate 2", traffic);
      assertThat(traffic.exitCode()).as(traffic.describe()).isZero();
      frames = capture.stopAndRead();
    }

    assertThat(frames).as("VXLAN packets seen on the underlay bridge").isNotEmpty();
    List<VxlanFrame> toWeb =
        frames.stream()
            .filter(f -> f.innerSource().address().equals(clientIp))
            .filter(
                f ->
                    f.innerDestination().address().equals(webIp)
                        && f.innerDestination().port() == 80)
            .toList();
    assertThat(toWeb)
        .as("inner HTTP packets client %s -> web %s:80", clientIp, webIp)
        .isNotEmpty()
        .allSatisfy(
            f -> {
              assertThat(f.vni()).as("VNI of %s", OVERLAY).isEqualTo(vni);
              assertThat(f.outerSource().address()).isEqualTo(NODE1_IP);
              assertThat(f.outerDestination()).isEqualTo(new VxlanFrame.Endpoint(NODE2_IP, 4789));
            });
    assertThat(toWeb).anyMatch(VxlanFrame::isTcpSyn);
    assertThat(toWeb).anyMatch(f -> f.innerSummary().contains("HTTP: GET / HTTP/1.0"));
    assertThat(frames)
        .as("HTTP answers web -> client, VXLAN node2 -> node1")
        .anyMatch(
            f ->
                f.vni() == vni
                    && f.innerSource().equals(new VxlanFrame.Endpoint(webIp, 80))
                    && f.innerDestination().address().equals(clientIp)
                    && f.outerSource().address().equals(NODE2_IP)
                    && f.innerSummary().contains("HTTP: HTTP/1.1 200 OK"));
  }

  @Test
  @Order(3)
  void statusJson_listsAnOverlayNamespaceCarryingVxlan0OnEveryNode(Lab lab) {
    int vni = overlayVni(lab);
    JsonNode status = status(lab);

    assertThat(status.path("nodes")).hasSize(3);
    for (JsonNode node : status.path("nodes")) {
      List<JsonNode> overlays =
          elements(node.path("namespaces")).stream()
              .filter(
                  ns ->
                      ns.path("kind").asText().equals("overlay")
                          && ns.path("network").asText().equals(OVERLAY))
              .toList();
      String name = node.path("name").asText();
      assertThat(overlays).as("%s namespaces of %s", OVERLAY, name).hasSize(1);
      JsonNode overlay = overlays.get(0);
      assertThat(overlay.path("name").asText())
          .as("namespace file name on %s", name)
          .matches("\\d+-[0-9a-z]+");
      assertThat(Path.of(overlay.path("path").asText()))
          .exists()
          .startsWith(Path.of(node.path("netns_dir").asText()));
      assertThat(overlay.path("vni").asInt()).isEqualTo(vni);
      assertThat(elements(overlay.path("interfaces")))
          .anySatisfy(
              link -> {
                assertThat(link.path("name").asText()).isEqualTo("vxlan0");
                assertThat(link.path("kind").asText()).isEqualTo("vxlan");
                assertThat(link.path("vni").asInt()).isEqualTo(vni);
                assertThat(link.path("master").asText()).isEqualTo("br0");
              })
          .anySatisfy(link -> assertThat(link.path("name").asText()).isEqualTo("br0"));
    }
  }

  @Test
  @Order(4)
  void capture_writesPcapsTopologyAndManifestForEveryObservationPoint(Lab lab) throws IOException {
    Path out = work.resolve("capture");
    HostCommand.Result capture = lab.capture(out, 2);
    report("lab capture --seconds 2", capture);
    assertThat(capture.exitCode()).as(capture.describe()).isZero();

    List<JsonNode> manifest = elements(readJson(out.resolve("manifest.json")));
    List<String> points =
        manifest.stream()
            .map(e -> e.path("node").asText() + " " + e.path("point").asText())
            .toList();
    for (String node : List.of("node1", "node2", "node3")) {
      assertThat(points)
          .contains(
              node + " eth0",
              node + " docker_gwbridge",
              node + " " + OVERLAY + "/vxlan0",
              node + " " + OVERLAY + "/br0");
      assertThat(points).anyMatch(p -> p.startsWith(node + " ingress_sbox/"));
      // the node's 'canvas agent snapshot': the contract's NodeTopology as protobuf JSON
      JsonNode topology = readJson(out.resolve(node + "__topology.json"));
      assertThat(topology.path("node").path("id").asText()).isEqualTo(node);
      assertThat(elements(topology.path("namespaces")))
          .anyMatch(
              ns ->
                  ns.path("kind").asText().equals("NAMESPACE_KIND_OVERLAY")
                      && elements(ns.path("interfaces")).stream()
                          .anyMatch(i -> i.path("vxlan").path("vni").asInt() == overlayVni(lab)));
    }
    assertThat(points)
        .contains(
            "node1 client/eth0", "node2 web/eth0", "node3 db/eth0", "wire cvlab0", "outside eth0");
    for (JsonNode entry : manifest) {
      String file = entry.path("file").asText();
      assertThat(file)
          .isEqualTo(
              entry.path("node").asText()
                  + "__"
                  + entry.path("point").asText().replace("/", "__")
                  + ".pcap");
      assertThat(pcapMagic(out.resolve(file))).as("pcap header of %s", file).isEqualTo("d4c3b2a1");
    }
    assertThat(packets(manifest, "node1", OVERLAY + "/vxlan0")).isPositive();
    assertThat(packets(manifest, "node2", OVERLAY + "/vxlan0")).isPositive();
    assertThat(packets(manifest, "node2", "docker_gwbridge"))
        .as("outside client -> published port")
        .isPositive();
    assertThat(packets(manifest, "wire", "cvlab0")).isPositive();
    assertThat(out.resolve("capture.json")).exists();
  }

  @Test
  @Order(5)
  void down_removesEveryNamespaceLinkBridgeDaemonMountAndRule(Lab lab) {
    HostCommand.Result down = lab.run(Lab.DOWN_LIMIT, "down");
    report("lab down", down);

    assertThat(down.exitCode()).as(down.describe()).isZero();
    assertThat(lab.leftovers()).as("left on the machine after lab down").isEmpty();
  }

  @Test
  @Order(6)
  void up_afterDown_buildsTheSwarmAgain(Lab lab) {
    HostCommand.Result up = lab.run(Lab.UP_LIMIT, "up");
    report("second lab up", up);

    assertThat(up.exitCode()).as(up.describe()).isZero();
    assertSwarmOfThreeWithDemoStack(lab.status());
  }

  @Test
  @Order(7)
  void down_runTwice_succeedsBothTimes(Lab lab) {
    HostCommand.Result first = lab.run(Lab.DOWN_LIMIT, "down");
    HostCommand.Result second = lab.run(Lab.DOWN_LIMIT, "down");

    assertThat(first.exitCode()).as(first.describe()).isZero();
    assertThat(second.exitCode()).as(second.describe()).isZero();
    assertThat(second.output()).contains("no lab state found");
    assertThat(lab.leftovers()).isEmpty();
  }

  @Test
  @Order(8)
  void down_afterKilledUp_removesEverything(Lab lab) throws Exception {
    Process up = lab.startLab("killed-up", "up");
    try {
      awaitOutput(
          lab.logOf(up), "[4/7]", Duration.ofSeconds(90)); // the daemons are running by then
    } finally {
      up.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no cleanup of its own
    }
    assertThat(lab.leftovers()).as("what the killed lab up left").isNotEmpty();

    HostCommand.Result again = lab.run(Lab.UP_LIMIT, "up");
    assertThat(again.exitCode()).as("lab up over a stale lab must refuse").isNotZero();
    assertThat(again.output()).contains("Run ./canvas lab down first");

    HostCommand.Result down = lab.run(Lab.DOWN_LIMIT, "down");
    report("lab down after a killed lab up", down);
    assertThat(down.exitCode()).as(down.describe()).isZero();
    assertThat(lab.leftovers()).as("left on the machine after lab down").isEmpty();
  }

  private void assertSwarmOfThreeWithDemoStack(JsonNode status) {
    List<JsonNode> nodes = elements(status.path("nodes"));
    assertThat(nodes)
        .extracting(n -> n.path("name").asText())
        .containsExactly("node1", "node2", "node3");
    assertThat(nodes).allSatisfy(n -> assertThat(n.path("status").asText()).isEqualTo("ready"));
    assertThat(nodes)
        .extracting(n -> n.path("role").asText())
        .containsExactly("manager", "worker", "worker");
    assertThat(taskField(status, "web", "node")).isEqualTo("node2");
    assertThat(taskField(status, "db", "node")).isEqualTo("node3");
    assertThat(taskField(status, "web", "state")).isEqualTo("running");
    assertThat(taskField(status, "db", "state")).isEqualTo("running");
    assertThat(elements(status.path("containers")))
        .anySatisfy(
            c -> {
              assertThat(c.path("name").asText()).isEqualTo("client");
              assertThat(c.path("node").asText()).isEqualTo("node1");
            });
  }

  private JsonNode status(Lab lab) {
    if (status == null) {
      status = lab.status();
    }
    return status;
  }

  /** The VNI Docker reports for the demo overlay. */
  private int overlayVni(Lab lab) {
    if (overlayVni == null) {
      overlayVni = lab.overlayVni();
    }
    return overlayVni;
  }

  private static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new AssertionError("cannot read JSON from " + file, e);
    }
  }

  private static String taskField(JsonNode status, String service, String field) {
    return elements(status.path("tasks")).stream()
        .filter(t -> t.path("service").asText().equals(service))
        .map(t -> t.path(field).asText())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no running task of " + service + " in " + status));
  }

  private static String taskAddress(JsonNode status, String service) {
    return elements(status.path("tasks")).stream()
        .filter(t -> t.path("service").asText().equals(service))
        .flatMap(t -> elements(t.path("addresses")).stream())
        .filter(a -> a.path("network").asText().equals(OVERLAY))
        .map(a -> a.path("address").asText().split("/")[0])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + OVERLAY + " address for " + service));
  }

  private static String containerAddress(JsonNode status, String name) {
    return elements(status.path("containers")).stream()
        .filter(c -> c.path("name").asText().equals(name))
        .flatMap(c -> elements(c.path("addresses")).stream())
        .filter(a -> a.path("network").asText().equals(OVERLAY))
        .map(a -> a.path("address").asText().split("/")[0])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + OVERLAY + " address for container " + name));
  }

  private static long packets(List<JsonNode> manifest, String node, String point) {
    return manifest.stream()
        .filter(e -> e.path("node").asText().equals(node) && e.path("point").asText().equals(point))
        .mapToLong(e -> e.path("packets").asLong())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no capture " + node + " " + point));
  }

  private static String pcapMagic(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return HexFormat.of().formatHex(in.readNBytes(4));
    }
  }

  private static List<JsonNode> elements(JsonNode array) {
    return new ArrayList<>(StreamSupport.stream(array.spliterator(), false).toList());
  }

  private static void awaitOutput(Path log, String text, Duration limit)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no '" + text + "' within " + limit.toSeconds() + "s:\n" + Files.readString(log));
      }
      Thread.sleep(200);
    }
  }

  /** Durations end up in the build log, where the lab's speed can be followed. */
  private static void report(String what, HostCommand.Result result) {
    System.out.printf(
        "[LabIT] %s: exit %d in %ds%n", what, result.exitCode(), result.took().toSeconds());
  }
}

package io.dockercanvas.deploy.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockercanvas.testing.HostCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real routing mesh (issue 13): the lab inside a QEMU guest with Debian 13's stock kernel
 * (IPVS) and Docker 26. A request from the outside client to node1:8001, which runs no web task,
 * must go through node1's docker_gwbridge, ingress_sbox's IPVS and VXLAN 4096 to web on node2, and
 * the journeys must name the task IPVS chose; client -> web by name must show the VIP and the task.
 * Builds the guest image when it is not cached (a few minutes, once per machine).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class VmLabIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path CANVAS = ROOT.resolve("canvas");
  private static final String NODE1_IP = "198.51.100.11";
  private static final String OUTSIDE_IP = "198.51.100.100";
  private static final int PUBLISHED_PORT = 8001;
  private static final int INGRESS_VNI = 4096;
  private static final ObjectMapper JSON = new ObjectMapper();

  // Kept after the run (target/ is the build's): a failed check can be looked at with `journeys`.
  private final Path capture = Path.of("target", "vm-lab-capture").toAbsolutePath();

  @BeforeAll
  void clearStaleGuest() {
    Assumptions.assumeTrue(HostCommand.isRoot(), "the VM lab needs root (debootstrap, qemu's 9p)");
    // A guest left by an interrupted run: down is safe when nothing runs.
    lab(Duration.ofMinutes(5), "down", "--vm");
  }

  /** Whatever a failed test left: stopped, so the next run (and CI's next job) starts clean. */
  @AfterAll
  void leaveNothingRunning() {
    lab(Duration.ofMinutes(5), "down", "--vm");
  }

  @Test
  @Order(5)
  void down_leavesNothingRunning_twiceAndAfterACrash() throws IOException {
    HostCommand.Result first = lab(Duration.ofMinutes(5), "down", "--vm");
    HostCommand.Result second = lab(Duration.ofMinutes(2), "down", "--vm");
    report("lab down --vm (twice)", second);
    assertThat(first.exitCode()).as(first.describe()).isZero();
    assertThat(first.output()).contains("stopped qemu PID");
    assertThat(second.exitCode()).as(second.describe()).isZero();
    assertNothingOfTheGuestLeft();

    // A crash: the guest booted, then qemu killed with SIGKILL (no shutdown, pid file left behind).
    HostCommand.Result up = vm(Duration.ofMinutes(10), "up");
    assertThat(up.exitCode()).as(up.describe()).isZero();
    String pid = Files.readString(vmDir().resolve("run/qemu.pid")).strip();
    HostCommand.run(Duration.ofSeconds(30), List.of("kill", "-KILL", pid));
    HostCommand.Result afterCrash = lab(Duration.ofMinutes(2), "down", "--vm");
    HostCommand.Result again = lab(Duration.ofMinutes(2), "down", "--vm");
    report("lab down --vm after SIGKILL to qemu (twice)", again);
    assertThat(afterCrash.exitCode()).as(afterCrash.describe()).isZero();
    assertThat(again.exitCode()).as(again.describe()).isZero();
    assertNothingOfTheGuestLeft();
  }

  private static void assertNothingOfTheGuestLeft() {
    assertThat(HostCommand.query("pgrep", "-f", "qemu-system-x86_64.*" + vmDir()).strip())
        .as("no qemu of the VM lab left running")
        .isEmpty();
    assertThat(HostCommand.query("cat", "/proc/mounts"))
        .as("nothing of the VM lab mounted on this machine")
        .doesNotContain(vmDir().toString());
    assertThat(Files.exists(vmDir().resolve("run")))
        .as("the guest's run directory removed")
        .isFalse();
  }

  @Test
  @Order(1)
  void up_buildsOrReusesTheGuestAndStartsTheLabWithTheRoutingMesh() {
    // The proof first, on the bare guest: check starts a throwaway dockerd in the guest's own
    // namespace, where the lab's underlay bridge would be.
    HostCommand.Result build = lab(Duration.ofMinutes(30), "vm", "build");
    report("lab vm build (does nothing when the image is cached)", build);
    assertThat(build.exitCode()).as(build.describe()).isZero();
    HostCommand.Result boot = vm(Duration.ofMinutes(10), "up");
    report("run.sh up", boot);
    assertThat(boot.exitCode()).as(boot.describe()).isZero();
    HostCommand.Result check = vm(Duration.ofMinutes(10), "check");
    report("run.sh check", check);
    assertThat(check.exitCode()).as(check.describe()).isZero();
    assertThat(check.output()).contains("check: kernel 6.12", "Debian GNU/Linux 13", "ip_vs");
    assertThat(check.output()).contains("server 26.");

    HostCommand.Result up = lab(Duration.ofMinutes(25), "up", "--vm");
    report("lab up --vm", up);
    assertThat(up.exitCode()).as(up.describe()).isZero();
    assertThat(up.output()).contains("[7/7] lab is up").doesNotContain("IPVS is not available");
  }

  @Test
  @Order(2)
  void capture_outsideToNode1ReachesWebOnNode2ThroughIpvsAndVxlan() throws IOException {
    HostCommand.run(Duration.ofSeconds(30), List.of("rm", "-rf", capture.toString()));
    HostCommand.Result result =
        lab(
            Duration.ofMinutes(20),
            "capture",
            "--vm",
            "--out",
            capture.toString(),
            "--seconds",
            "8");
    report("lab capture --vm", result);
    assertThat(result.exitCode()).as(result.describe()).isZero();
    // The traffic table: the outside client's requests to node1 (no web task there) were answered.
    assertThat(result.output())
        .containsPattern("mesh .*node1 " + NODE1_IP + ":8001.* ([1-9][0-9]*)/\\1");

    JsonNode node1 = JSON.readTree(capture.resolve("node1__topology.json").toFile());
    JsonNode sbox = namespace(node1, "ingress_sbox");
    assertThat(sbox.path("ipvs").path("services"))
        .as("IPVS services in node1's ingress_sbox, as the agent read them")
        .isNotEmpty();
    assertThat(sbox.path("ipvs").path("services").get(0).path("protocol").asText())
        .isEqualTo("FWM");

    List<JsonNode> journeys = journeys("--port", Integer.toString(PUBLISHED_PORT));
    // node1's NIC twice: the plain request in, the VXLAN packet out.
    List<String> expected =
        List.of(
            "node1:eth0",
            "node1:docker_gwbridge",
            "node1:ingress_sbox/eth1",
            "node1:ingress_sbox/eth0",
            "node1:ingress/vxlan0",
            "node1:eth0",
            "node2:eth0",
            "node2:ingress/vxlan0",
            "node2:web/eth0");
    int good = 0;
    List<String> bad = new ArrayList<>();
    for (JsonNode journey : journeys) {
      JsonNode first = journey.path("hops").get(0).path("observation").path("inner").path("ip");
      if (!first.path("src").asText().equals(OUTSIDE_IP)
          || !first.path("dst").asText().equals(NODE1_IP)) {
        continue; // replies and the requests to node2
      }
      List<String> path = new ArrayList<>();
      for (JsonNode hop : journey.path("hops")) {
        path.add(pointOf(hop));
      }
      boolean inOrder = isSubsequence(expected, path);
      boolean rewrites =
          hasRewrite(journey, "node1:docker_gwbridge", "REWRITE_KIND_DNAT")
              && hasRewrite(journey, "node1:ingress_sbox/eth0", "REWRITE_KIND_DNAT")
              && hasRewrite(journey, "node1:ingress_sbox/eth0", "REWRITE_KIND_SNAT")
              && hasDecap(journey, "node2:ingress/vxlan0", INGRESS_VNI);
      boolean named = true;
      for (JsonNode hop : journey.path("hops")) {
        if (pointOf(hop).startsWith("node1:ingress_sbox/")) {
          JsonNode lb = hop.path("load_balancing");
          named &=
              lb.path("task").asText().startsWith("web.")
                  && lb.path("task_node_id").asText().equals("node2")
                  && !lb.path("vip").asBoolean();
        }
      }
      if (inOrder && rewrites && named) {
        good++;
      } else {
        bad.add(
            journey.path("id").asText()
                + " "
                + path
                + " rewrites="
                + rewrites
                + " choice at ingress_sbox/eth0: "
                + lbAt(journey, "node1:ingress_sbox/eth0"));
      }
    }
    System.out.printf(
        "VmLabIT: %d request journeys outside -> node1:%d in path order with the IPVS choice named;"
            + " %d not: %s%n",
        good, PUBLISHED_PORT, bad.size(), bad.stream().limit(5).toList());
    assertThat(good)
        .as("request journeys outside -> node1:8001 (not so: %s)", bad)
        .isGreaterThanOrEqualTo(10);
  }

  @Test
  @Order(3)
  void capture_clientToWebByNameShowsTheVipAndTheTask() throws IOException {
    Assumptions.assumeTrue(
        Files.exists(capture.resolve("manifest.json")), "no capture: the capture test failed");
    JsonNode node1 = JSON.readTree(capture.resolve("node1__topology.json").toFile());
    JsonNode lb = null;
    for (JsonNode ns : node1.path("namespaces")) {
      if (ns.path("name").asText().startsWith("lb_") && ns.has("ipvs")) {
        lb = ns;
      }
    }
    assertThat(lb).as("an lb_ namespace with IPVS services on node1").isNotNull();

    int named = 0;
    for (JsonNode journey : journeys("--port", "80")) {
      for (JsonNode hop : journey.path("hops")) {
        JsonNode choice = hop.path("load_balancing");
        if (choice.path("vip").asBoolean()
            && choice.path("task").asText().startsWith("web.")
            && !choice.path("virtual_address").asText().isEmpty()
            && choice
                .path("summary")
                .asText()
                .contains("VIP " + choice.path("virtual_address").asText())) {
          named++;
          break;
        }
      }
    }
    System.out.printf("VmLabIT: %d client -> web journeys name the VIP and the task%n", named);
    assertThat(named)
        .as("client -> web by name: journeys naming the VIP and the task")
        .isGreaterThanOrEqualTo(10);
  }

  @Test
  @Order(4)
  void live_agentsAndCollectorInTheGuestShowTheSameJourneys() throws IOException {
    HostCommand.Result live =
        vm(
            Duration.ofMinutes(25),
            "exec",
            "--timeout",
            "1400",
            "bash",
            "/canvas/deploy/lab/vm/guest/live.sh");
    report("live pipeline in the guest", live);
    assertThat(live.exitCode()).as(live.describe()).isZero();
    Path out = ioOut().resolve("live");

    List<JsonNode> requests = new ArrayList<>();
    for (JsonNode journey :
        JSON.readTree(out.resolve("journeys-8001.json").toFile()).path("journeys")) {
      if (sentBy(journey, OUTSIDE_IP, NODE1_IP)) {
        requests.add(journey);
      }
    }
    long named =
        requests.stream()
            .filter(j -> hasRewrite(j, "node1:ingress_sbox/eth0", "REWRITE_KIND_SNAT"))
            .filter(j -> hasDecap(j, "node2:ingress/vxlan0", INGRESS_VNI))
            .filter(
                j ->
                    lbAt(j, "node1:ingress_sbox/eth0")
                        .path("task_node_id")
                        .asText()
                        .equals("node2"))
            .count();
    System.out.printf(
        "VmLabIT: live in the guest: %d journeys outside -> node1:8001, %d through ingress_sbox's IPVS"
            + " (task named) and VXLAN 4096 to node2%n",
        requests.size(), named);
    assertThat(named)
        .as("live journeys outside -> node1:8001 naming the task on node2")
        .isGreaterThanOrEqualTo(5);

    long vip = 0;
    for (JsonNode journey :
        JSON.readTree(out.resolve("journeys-80.json").toFile()).path("journeys")) {
      for (JsonNode hop : journey.path("hops")) {
        if (hop.path("load_balancing").path("vip").asBoolean()
            && hop.path("load_balancing").path("task").asText().startsWith("web.")) {
          vip++;
          break;
        }
      }
    }
    System.out.printf(
        "VmLabIT: live in the guest: %d client -> web journeys name the VIP and task%n", vip);
    assertThat(vip)
        .as("live client -> web journeys naming the VIP and the task")
        .isGreaterThanOrEqualTo(5);
  }

  private static Path vmDir() {
    return Path.of(System.getenv().getOrDefault("CANVAS_VM_DIR", "/var/lib/docker-canvas-vm"));
  }

  private static Path ioOut() {
    return vmDir().resolve("io").resolve("out");
  }

  private static HostCommand.Result vm(Duration limit, String... args) {
    List<String> command =
        new ArrayList<>(List.of(ROOT.resolve("deploy/lab/vm/run.sh").toString()));
    command.addAll(List.of(args));
    return HostCommand.run(limit, command, ROOT, Map.of());
  }

  private static boolean sentBy(JsonNode journey, String src, String dst) {
    JsonNode ip = journey.path("hops").get(0).path("observation").path("inner").path("ip");
    return ip.path("src").asText().equals(src) && ip.path("dst").asText().equals(dst);
  }

  private static JsonNode lbAt(JsonNode journey, String point) {
    for (JsonNode hop : journey.path("hops")) {
      if (pointOf(hop).equals(point)) {
        return hop.path("load_balancing");
      }
    }
    return JSON.createObjectNode();
  }

  private List<JsonNode> journeys(String... filters) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                CANVAS.toString(),
                "journeys",
                "--json",
                "--same-clock",
                "--manifest",
                capture.resolve("manifest.json").toString()));
    command.addAll(List.of(filters));
    HostCommand.Result result = HostCommand.run(Duration.ofMinutes(5), command, ROOT);
    assertThat(result.exitCode()).as(result.describe()).isZero();
    List<JsonNode> out = new ArrayList<>();
    for (String line : result.output().split("\n")) {
      if (line.startsWith("{")) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }

  /**
   * Every item of {@code wanted} appears in {@code path}, in that order (others may come between).
   */
  static boolean isSubsequence(List<String> wanted, List<String> path) {
    int next = 0;
    for (String point : path) {
      if (next < wanted.size() && point.equals(wanted.get(next))) {
        next++;
      }
    }
    return next == wanted.size();
  }

  private static String pointOf(JsonNode hop) {
    JsonNode point = hop.path("observation").path("point");
    return point.path("node_id").asText() + ":" + point.path("name").asText();
  }

  private static boolean hasRewrite(JsonNode journey, String point, String kind) {
    return StreamSupport.stream(journey.path("hops").spliterator(), false)
        .filter(hop -> pointOf(hop).equals(point))
        .flatMap(hop -> StreamSupport.stream(hop.path("rewrites").spliterator(), false))
        .anyMatch(r -> r.path("kind").asText().equals(kind));
  }

  private static boolean hasDecap(JsonNode journey, String point, int vni) {
    return StreamSupport.stream(journey.path("hops").spliterator(), false)
        .filter(hop -> pointOf(hop).equals(point))
        .flatMap(hop -> StreamSupport.stream(hop.path("rewrites").spliterator(), false))
        .anyMatch(
            r ->
                r.path("kind").asText().equals("REWRITE_KIND_DECAP")
                    && r.path("vni").asInt() == vni);
  }

  private static JsonNode namespace(JsonNode topology, String name) {
    for (JsonNode ns : topology.path("namespaces")) {
      if (ns.path("name").asText().equals(name)) {
        return ns;
      }
    }
    throw new AssertionError("no namespace " + name + " in the topology");
  }

  private static HostCommand.Result lab(Duration limit, String... args) {
    List<String> command = new ArrayList<>(List.of(CANVAS.toString(), "lab"));
    command.addAll(List.of(args));
    return HostCommand.run(limit, command, ROOT, Map.of());
  }

  private static void report(String what, HostCommand.Result result) {
    System.out.printf(
        "VmLabIT: %s: exit %d after %d s%n", what, result.exitCode(), result.took().toSeconds());
  }
}

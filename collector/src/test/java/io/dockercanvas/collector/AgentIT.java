package io.dockercanvas.collector;

import static io.dockercanvas.testing.lab.Journeys.dport;
import static io.dockercanvas.testing.lab.Journeys.dst;
import static io.dockercanvas.testing.lab.Journeys.fingerprint;
import static io.dockercanvas.testing.lab.Journeys.hopAt;
import static io.dockercanvas.testing.lab.Journeys.outer;
import static io.dockercanvas.testing.lab.Journeys.points;
import static io.dockercanvas.testing.lab.Journeys.rewriteKinds;
import static io.dockercanvas.testing.lab.Journeys.src;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockercanvas.testing.Poll;
import io.dockercanvas.testing.lab.Lab;
import io.dockercanvas.testing.lab.LabCanvas;
import io.dockercanvas.testing.lab.LabTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The acceptance test of the agent on the swarm lab: the real collector jar and one real agent jar
 * per lab node, each agent inside its node's network namespace with that node's docker socket and
 * netns directory ({@link LabCanvas} says where the collector runs and how the REST API is read),
 * on a fresh lab of its own ({@link LabTest}).
 */
@LabTest(canvas = true)
@TestMethodOrder(
    MethodOrderer.OrderAnnotation
        .class) // the churn check last: its settle time overlaps the others
class AgentIT {

  private static final String CHURN_OVERLAY = "churn_net";
  private static final int CHURN_CONTAINERS = 30;
  // start-up work (discovery, every namespace entered, handles opened) done well before this age
  private static final Duration AGENT_SETTLE_AGE = Duration.ofSeconds(30);
  private static final Duration STEADY_FOR = Duration.ofSeconds(10);
  private static final Pattern PCAP_HANDLES =
      Pattern.compile("resources: .*, (\\d+) pcap handles open");

  @Test
  void clientToWeb_overlayHttp_oneFingerprintFromNode1BridgeToNode2Bridge(Lab lab, LabCanvas canvas)
      throws Exception {
    int vni = lab.overlayVni();
    lab.traffic(5).require();
    List<String> path =
        List.of(
            "node1 wordpress_net/br0",
            "node1 wordpress_net/vxlan0",
            "node1 eth0",
            "node2 eth0",
            "node2 wordpress_net/vxlan0",
            "node2 wordpress_net/br0");
    JsonNode journey =
        canvas
            .api()
            .awaitJourney(
                "port=80&proto=tcp&limit=2000",
                j ->
                    points(j).containsAll(path)
                        && dport(hopAt(j, "node2", "wordpress_net/br0")) == 80);

    JsonNode underlay = hopAt(journey, "node1", "eth0");
    assertThat(outer(underlay).isObject()).as("outer headers on node1 eth0: %s", journey).isTrue();
    assertThat(outer(underlay).path("vni").asInt()).as("VNI on the wire").isEqualTo(vni);
    assertThat(outer(underlay).path("ip").path("src").asText()).isEqualTo("198.51.100.11");
    assertThat(outer(underlay).path("ip").path("dst").asText()).isEqualTo("198.51.100.12");
    assertThat(outer(underlay).path("udp").path("dst_port").asInt()).isEqualTo(4789);
    assertThat(rewriteKinds(journey)).as("rewrites of %s", journey).contains("ENCAP", "DECAP");
    System.out.printf(
        "AgentIT: client->web journey %s, VNI %d, %d hops: %s, rewrites %s%n",
        fingerprint(journey),
        vni,
        journey.path("hops").size(),
        points(journey),
        rewriteKinds(journey));
  }

  @Test
  void outsideClientToPublishedPort_node2NicAndGatewayBridge_shareFingerprintWithDnat(
      Lab lab, LabCanvas canvas) throws Exception {
    lab.traffic(5).require();
    JsonNode journey =
        canvas
            .api()
            .awaitJourney(
                "port=8001&proto=tcp&limit=2000",
                j ->
                    points(j).containsAll(List.of("node2 eth0", "node2 docker_gwbridge"))
                        && Lab.OUTSIDE_ADDRESS.equals(src(hopAt(j, "node2", "eth0"))));
    JsonNode nic = hopAt(journey, "node2", "eth0");
    JsonNode bridge = hopAt(journey, "node2", "docker_gwbridge");
    assertThat(dst(nic)).isEqualTo("198.51.100.12");
    assertThat(dport(nic)).isEqualTo(8001);
    assertThat(dst(bridge)).as("after DNAT").isNotEqualTo("198.51.100.12");
    assertThat(dport(bridge)).as("after DNAT: the container's port").isEqualTo(80);
    assertThat(rewriteKinds(journey)).as("rewrites of %s", journey).contains("DNAT");
    System.out.printf(
        "AgentIT: outside->node2:8001 journey %s: %s:%d -> %s:%d, rewrites %s%n",
        fingerprint(journey),
        dst(nic),
        dport(nic),
        dst(bridge),
        dport(bridge),
        rewriteKinds(journey));
  }

  /**
   * 30 containers started and removed on node2 while its agent runs, on an overlay new to node2 (so
   * the overlay's namespace with br0 and vxlan0, and the agent's two pcap handles there, come and
   * go too; and the two handles on each container's eth0 and eth1): the agent's threads and open
   * fds (read from outside in /proc/PID/task and /proc/PID/fd) and its pcap handles (its
   * "resources:" log line) return exactly to their counts before. The baseline is taken once the
   * agent settled: old enough that one-off start-up threads ended, and no count changed for 10 s.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void containerChurn_thirtyContainersOnNode2_threadsFdsAndPcapHandlesReturnToStart(
      Lab lab, LabCanvas canvas) throws Exception {
    long pid = canvas.agent("node2").pid();
    Path log = canvas.agentLog("node2");
    AgentCounts before = settledCounts(canvas.agent("node2"), log);
    List<String> threadsBefore = threadNames(pid);
    AgentCounts peak;
    lab.docker(Lab.MANAGER, "network", "create", "-d", "overlay", "--attachable", CHURN_OVERLAY);
    try {
      long started = System.nanoTime();
      lab.dockerShell(
          "node2",
          "seq 1 "
              + CHURN_CONTAINERS
              + " | xargs -P 4 -I{} docker run -d --pull never"
              + " --label canvas-churn-it=1 --network "
              + CHURN_OVERLAY
              + " "
              + Lab.IMAGE
              + " sleep 600 >/dev/null");
      System.out.printf(
          "AgentIT: %d containers started on node2 in %d ms%n",
          CHURN_CONTAINERS, (System.nanoTime() - started) / 1_000_000);
      // a thread per sandbox plus the overlay namespace, the handles on its br0 and vxlan0, and
      // two per container: its eth0 on the overlay, its eth1 on docker_gwbridge
      Poll.until(
          Duration.ofSeconds(60),
          () ->
              "the agent entered the new namespaces and captures the new overlay (before "
                  + before
                  + ", now "
                  + counts(pid, log)
                  + ")",
          () -> {
            AgentCounts now = counts(pid, log);
            return now.threads() >= before.threads() + CHURN_CONTAINERS + 1
                && now.pcapHandles() == before.pcapHandles() + 2 + 2 * CHURN_CONTAINERS;
          });
      peak = counts(pid, log);
    } finally {
      lab.dockerShell(
          "node2",
          "ids=$(docker ps -aq --filter label=canvas-churn-it=1); [ -z \"$ids\" ] || docker rm -f $ids"
              + " >/dev/null");
    }
    long removedAt = System.nanoTime();
    Poll.until(
        Duration.ofSeconds(60),
        () ->
            "threads, fds and pcap handles back to "
                + before
                + " (now "
                + counts(pid, log)
                + "); threads before "
                + threadsBefore
                + ", now "
                + threadNames(pid),
        () -> counts(pid, log).equals(before));
    long backAfter = (System.nanoTime() - removedAt) / 1_000_000;
    lab.docker(Lab.MANAGER, "network", "rm", CHURN_OVERLAY);
    assertThat(canvas.agent("node2").isAlive()).isTrue();
    System.out.printf(
        "AgentIT: node2 agent before %s, with %d more containers %s; back to start %d ms after docker rm%n",
        before, CHURN_CONTAINERS, peak, backAfter);
  }

  private record AgentCounts(int threads, int fds, int pcapHandles) {
    @Override
    public String toString() {
      return threads + " threads, " + fds + " fds, " + pcapHandles + " pcap handles";
    }
  }

  private static AgentCounts counts(long pid, Path agentLog) {
    try {
      return new AgentCounts(
          entries(Path.of("/proc/" + pid + "/task")),
          entries(Path.of("/proc/" + pid + "/fd")),
          pcapHandles(agentLog));
    } catch (IOException e) {
      throw new UncheckedIOException("reading the counts of agent " + pid, e);
    }
  }

  /** The agent's thread names, sorted (for a failure message). */
  private static List<String> threadNames(long pid) {
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      return tasks
          .map(
              task -> {
                try {
                  return Files.readString(task.resolve("comm")).trim();
                } catch (IOException e) {
                  return "(ended)";
                }
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of(e.toString());
    }
  }

  private static int entries(Path directory) throws IOException {
    try (Stream<Path> list = Files.list(directory)) {
      return (int) list.count();
    }
  }

  /**
   * The last "resources: ..., N pcap handles open" line the agent logged (it logs one on every
   * change).
   */
  private static int pcapHandles(Path agentLog) throws IOException {
    List<String> lines = Files.readAllLines(agentLog, StandardCharsets.UTF_8);
    for (int i = lines.size() - 1; i >= 0; i--) {
      Matcher m = PCAP_HANDLES.matcher(lines.get(i));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    return -1;
  }

  /** Counts once the agent is old enough and nothing changed for {@link #STEADY_FOR}. */
  private static AgentCounts settledCounts(Process agent, Path agentLog) throws Exception {
    Instant startedAt = agent.info().startInstant().orElseThrow();
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    AgentCounts steady = counts(agent.pid(), agentLog);
    long steadySince = System.nanoTime();
    while (Duration.between(startedAt, Instant.now()).compareTo(AGENT_SETTLE_AGE) < 0
        || System.nanoTime() - steadySince < STEADY_FOR.toNanos()) {
      assertThat(System.nanoTime())
          .as("node2's agent did not settle within 180 s (last %s)", steady)
          .isLessThan(deadline);
      Thread.sleep(500);
      AgentCounts now = counts(agent.pid(), agentLog);
      if (!now.equals(steady)) {
        steady = now;
        steadySince = System.nanoTime();
      }
    }
    assertThat(steady.pcapHandles()).as("node2's agent logged its pcap handles").isPositive();
    return steady;
  }
}

package io.dockercanvas.collector;

import static io.dockercanvas.collector.lab.JourneyHops.points;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.collector.lab.LabCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 7, fault 2 on the lab: node2's dockerd is stopped (SIGTERM to the PID the lab recorded; its web task
 * stops with it) and started again ({@code ./canvas lab restart-docker node2}). The swarm then starts a new
 * web task, which takes Docker itself some 10 s; within 10 s of that container starting, node2's agent
 * must report it with the overlay namespace, and capture new packets at node2's wordpress_net vxlan0/br0.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerRestartIT {

  private static final List<String> NODE2_OVERLAY = List.of("node2 wordpress_net/vxlan0", "node2 wordpress_net/br0");

  private final LabCluster lab = new LabCluster("DockerRestartIT");

  @BeforeAll
  void startLab() throws Exception {
    lab.assumePrerequisites();
    lab.up();
  }

  @AfterAll
  void cleanUp() throws Exception {
    lab.close();
  }

  @Test
  void node2DockerdRestarted_agentRecoversTopologyAndCaptureWithin10s() throws Exception {
    LabCluster.WebTask webBefore = lab.webTask().orElseThrow();
    lab.startClientToWebLoop(webBefore.ip(), 50);
    lab.awaitJourney("port=80&proto=tcp&limit=2000", j -> points(j).containsAll(NODE2_OVERLAY));
    String webContainerBefore = webOnNode2().map(w -> w.getString("id")).orElseThrow();

    Process restart = lab.startLogged("restart-docker", List.of(lab.canvas().toString(), "lab", "restart-docker",
        "node2"));
    Instant back = null;
    Optional<LabCluster.WebTask> webAfter = Optional.empty();
    Instant topologyBack = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
    while ((topologyBack == null || webAfter.isEmpty()) && System.nanoTime() < deadline) {
      if (back == null && restartLog(restart).contains("is back")) {
        back = Instant.now(); // polled: up to a poll late
      }
      if (back != null && webAfter.isEmpty()) {
        // traffic to the new task as soon as the swarm has one, whatever the agent knows
        webAfter = lab.webTask().filter(t -> !t.id().equals(webBefore.id()));
        if (webAfter.isPresent()) {
          lab.startClientToWebLoop(webAfter.get().ip(), 150);
        }
      }
      Optional<JsonObject> web = webOnNode2();
      if (back != null && topologyBack == null && web.isPresent()
          && !web.get().getString("id").equals(webContainerBefore) && overlayNamespaceOnNode2()) {
        topologyBack = Instant.now();
      }
      Thread.sleep(250);
    }
    assertThat(restart.waitFor(10, TimeUnit.SECONDS) && restart.exitValue() == 0)
        .as("lab restart-docker node2 worked:%n%s", restartLog(restart)).isTrue();
    assertThat(topologyBack).as("node2's topology shows the overlay namespace and the new web container").isNotNull();
    assertThat(webAfter).as("the swarm runs a new web task").isPresent();

    String newContainer = webOnNode2().orElseThrow().getString("id");
    Instant webStarted = Instant.parse(lab.lab(Duration.ofSeconds(30), "docker", "node2", "inspect", "--format",
        "{{.State.StartedAt}}", newContainer).output().strip());
    long startedNs = webStarted.toEpochMilli() * 1_000_000L;
    JsonObject journey = lab.awaitJourney("port=80&proto=tcp&limit=2000", j -> points(j).containsAll(NODE2_OVERLAY)
        && firstNode2OverlayNs(j) > startedNs);
    Instant firstPacket = Instant.EPOCH.plusNanos(firstNode2OverlayNs(journey));
    Duration topology = Duration.between(webStarted, topologyBack);
    Duration capture = Duration.between(webStarted, firstPacket);
    System.out.printf("DockerRestartIT: %s; the swarm's new web task started %d ms after the daemon answered;"
        + " after it started: node2's topology with it and the overlay namespace %d ms, first packet at node2"
        + " wordpress_net vxlan0/br0 %d ms (from the daemon answering: %d and %d ms)%n",
        restartLog(restart).lines().filter(l -> l.contains("is back")).findFirst().orElse(""),
        Duration.between(back, webStarted).toMillis(), topology.toMillis(), capture.toMillis(),
        Duration.between(back, topologyBack).toMillis(), Duration.between(back, firstPacket).toMillis());
    assertThat(topology).as("topology recovered").isLessThanOrEqualTo(Duration.ofSeconds(10));
    assertThat(capture).as("capture recovered").isLessThanOrEqualTo(Duration.ofSeconds(10));
  }

  private String restartLog(Process restart) throws Exception {
    return Files.readString(lab.logOf(restart), StandardCharsets.UTF_8);
  }

  private JsonObject node2() {
    JsonObject topology = new JsonObject(lab.get("/api/v1/topology").orElseThrow());
    return topology.getJsonArray("nodes").stream().map(JsonObject.class::cast)
        .filter(n -> "node2".equals(n.getJsonObject("node").getString("id"))).findFirst().orElseThrow();
  }

  /** The web task's container as node2's agent reports it. */
  private Optional<JsonObject> webOnNode2() {
    JsonArray containers = node2().getJsonArray("containers", new JsonArray());
    return containers.stream().map(JsonObject.class::cast)
        .filter(c -> "web".equals(c.getString("service_name"))).findFirst();
  }

  private boolean overlayNamespaceOnNode2() {
    JsonArray namespaces = node2().getJsonArray("namespaces", new JsonArray());
    return namespaces.stream().map(JsonObject.class::cast).anyMatch(ns -> "NAMESPACE_KIND_OVERLAY".equals(ns.getString("kind"))
        && ns.getJsonArray("interfaces", new JsonArray()).stream()
            .anyMatch(i -> "vxlan0".equals(((JsonObject) i).getString("name"))));
  }

  private static long firstNode2OverlayNs(JsonObject journey) {
    return journey.getJsonArray("hops").stream().map(JsonObject.class::cast)
        .filter(h -> "node2".equals(h.getString("node")) && h.getString("point").startsWith(LabCluster.OVERLAY + "/"))
        .mapToLong(h -> h.getLong("ts_ns")).min().orElse(0);
  }
}

package io.dockercanvas.collector;

import static io.dockercanvas.testing.lab.Journeys.points;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockercanvas.testing.lab.CollectorApi;
import io.dockercanvas.testing.lab.Journeys;
import io.dockercanvas.testing.lab.Lab;
import io.dockercanvas.testing.lab.LabCanvas;
import io.dockercanvas.testing.lab.LabTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, fault 2 on the lab: node2's dockerd is stopped (SIGTERM to the PID the lab recorded; its
 * web task stops with it) and started again ({@code ./canvas lab restart-docker node2}). The swarm
 * then starts a new web task, which takes Docker itself some 10 s; within 10 s of that container
 * starting, node2's agent must report it with the overlay namespace, and capture new packets at
 * node2's wordpress_net vxlan0/br0.
 */
@LabTest(canvas = true)
class DockerRestartIT {

  private static final List<String> NODE2_OVERLAY =
      List.of("node2 wordpress_net/vxlan0", "node2 wordpress_net/br0");

  @Test
  void node2DockerdRestarted_agentRecoversTopologyAndCaptureWithin10s(Lab lab, LabCanvas canvas)
      throws Exception {
    CollectorApi api = canvas.api();
    Lab.WebTask webBefore = lab.webTask().orElseThrow();
    lab.startClientToWeb(webBefore.ip(), 50);
    api.awaitJourney("port=80&proto=tcp&limit=2000", j -> points(j).containsAll(NODE2_OVERLAY));
    String webContainerBefore = webOnNode2(api).map(w -> w.path("id").asText()).orElseThrow();

    Process restart = lab.startLab("restart-docker", "restart-docker", "node2");
    Instant back = null;
    Optional<Lab.WebTask> webAfter = Optional.empty();
    Instant topologyBack = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
    while ((topologyBack == null || webAfter.isEmpty()) && System.nanoTime() < deadline) {
      if (back == null && lab.output(restart).contains("is back")) {
        back = Instant.now(); // polled: up to a poll late
      }
      if (back != null && webAfter.isEmpty()) {
        // traffic to the new task as soon as the swarm has one, whatever the agent knows
        webAfter = lab.webTask().filter(t -> !t.id().equals(webBefore.id()));
        if (webAfter.isPresent()) {
          lab.startClientToWeb(webAfter.get().ip(), 150);
        }
      }
      Optional<JsonNode> web = webOnNode2(api);
      if (back != null
          && topologyBack == null
          && web.isPresent()
          && !web.get().path("id").asText().equals(webContainerBefore)
          && overlayNamespaceOnNode2(api)) {
        topologyBack = Instant.now();
      }
      Thread.sleep(250);
    }
    assertThat(restart.waitFor(10, TimeUnit.SECONDS) && restart.exitValue() == 0)
        .as("lab restart-docker node2 worked:%n%s", lab.output(restart))
        .isTrue();
    assertThat(topologyBack)
        .as("node2's topology shows the overlay namespace and the new web container")
        .isNotNull();
    assertThat(webAfter).as("the swarm runs a new web task").isPresent();

    String newContainer = webOnNode2(api).orElseThrow().path("id").asText();
    Instant webStarted =
        Instant.parse(
            lab.docker("node2", "inspect", "--format", "{{.State.StartedAt}}", newContainer));
    long startedNs = webStarted.toEpochMilli() * 1_000_000L;
    JsonNode journey =
        api.awaitJourney(
            "port=80&proto=tcp&limit=2000",
            j -> points(j).containsAll(NODE2_OVERLAY) && firstNode2OverlayNs(j) > startedNs);
    Instant firstPacket = Instant.EPOCH.plusNanos(firstNode2OverlayNs(journey));
    Duration topology = Duration.between(webStarted, topologyBack);
    Duration capture = Duration.between(webStarted, firstPacket);
    System.out.printf(
        "DockerRestartIT: %s; the swarm's new web task started %d ms after the daemon answered;"
            + " after it started: node2's topology with it and the overlay namespace %d ms, first packet at node2"
            + " wordpress_net vxlan0/br0 %d ms (from the daemon answering: %d and %d ms)%n",
        lab.output(restart).lines().filter(l -> l.contains("is back")).findFirst().orElse(""),
        Duration.between(back, webStarted).toMillis(),
        topology.toMillis(),
        capture.toMillis(),
        Duration.between(back, topologyBack).toMillis(),
        Duration.between(back, firstPacket).toMillis());
    assertThat(topology).as("topology recovered").isLessThanOrEqualTo(Duration.ofSeconds(10));
    assertThat(capture).as("capture recovered").isLessThanOrEqualTo(Duration.ofSeconds(10));
  }

  private static JsonNode node2(CollectorApi api) {
    JsonNode topology = api.json("/api/v1/topology").orElseThrow();
    return elements(topology.path("nodes"))
        .filter(n -> "node2".equals(n.path("node").path("id").asText()))
        .findFirst()
        .orElseThrow();
  }

  /** The web task's container as node2's agent reports it. */
  private static Optional<JsonNode> webOnNode2(CollectorApi api) {
    return elements(node2(api).path("containers"))
        .filter(c -> "web".equals(c.path("service_name").asText()))
        .findFirst();
  }

  private static boolean overlayNamespaceOnNode2(CollectorApi api) {
    return elements(node2(api).path("namespaces"))
        .anyMatch(
            ns ->
                "NAMESPACE_KIND_OVERLAY".equals(ns.path("kind").asText())
                    && elements(ns.path("interfaces"))
                        .anyMatch(i -> "vxlan0".equals(i.path("name").asText())));
  }

  private static long firstNode2OverlayNs(JsonNode journey) {
    return elements(journey.path("hops"))
        .filter(
            h ->
                "node2".equals(Journeys.node(h)) && Journeys.point(h).startsWith(Lab.OVERLAY + "/"))
        .mapToLong(Journeys::tsNs)
        .min()
        .orElse(0);
  }

  private static Stream<JsonNode> elements(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }
}

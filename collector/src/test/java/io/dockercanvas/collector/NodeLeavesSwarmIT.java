package io.dockercanvas.collector;

import static io.dockercanvas.testing.lab.Journeys.hopAt;
import static io.dockercanvas.testing.lab.Journeys.points;
import static io.dockercanvas.testing.lab.Journeys.tsNs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockercanvas.testing.Poll;
import io.dockercanvas.testing.lab.CollectorApi;
import io.dockercanvas.testing.lab.Lab;
import io.dockercanvas.testing.lab.LabCanvas;
import io.dockercanvas.testing.lab.LabTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, fault 4 on the lab: node3 leaves the swarm ({@code docker swarm leave} on its own
 * daemon) while client (node1) talks to web (node2). The API must mark node3 gone (topology node
 * presence LEFT, status presence "left") and nothing else may break: node1 and node2 stay up, their
 * journeys keep coming.
 */
@LabTest(canvas = true)
class NodeLeavesSwarmIT {

  private static final List<String> CLIENT_TO_WEB =
      List.of("node1 wordpress_net/br0", "node1 eth0", "node2 eth0", "node2 wordpress_net/br0");

  @Test
  void node3LeavesTheSwarm_markedLeft_node1AndNode2JourneysKeepComing(Lab lab, LabCanvas canvas)
      throws Exception {
    CollectorApi api = canvas.api();
    lab.startClientToWeb(
        lab.webTask().map(Lab.WebTask::ip).orElseThrow(), 400); // about 80 s of HTTP
    api.awaitJourney("port=80&proto=tcp&limit=2000", j -> points(j).containsAll(CLIENT_TO_WEB));

    Instant left = Instant.now();
    lab.docker("node3", "swarm", "leave");
    Poll.until(
        Duration.ofSeconds(30),
        "the topology marks node3 NODE_PRESENCE_LEFT",
        () -> "NODE_PRESENCE_LEFT".equals(nodePresence(api).get("node3")));
    Duration marked = Duration.between(left, Instant.now());

    Map<String, String> states = nodePresence(api);
    JsonNode status = api.status().orElseThrow();
    System.out.printf(
        "NodeLeavesSwarmIT: node3 marked gone %d ms after swarm leave started; node"
            + " presence %s; status presence of node3: %s%n",
        marked.toMillis(),
        states,
        CollectorApi.agentStatus(status, "node3").orElseThrow().path("presence").asText());
    assertThat(states)
        .containsEntry("node1", "NODE_PRESENCE_UP")
        .containsEntry("node2", "NODE_PRESENCE_UP");
    assertThat(CollectorApi.agentStatus(status, "node3").orElseThrow().path("presence").asText())
        .isEqualTo("left");
    assertThat(CollectorApi.agentStatus(status, "node1").orElseThrow().path("presence").asText())
        .isEqualTo("up");
    assertThat(status.path("agents_connected").asInt())
        .as("every agent still streams")
        .isEqualTo(3);

    long leftNs = left.toEpochMilli() * 1_000_000L;
    Predicate<JsonNode> afterLeave =
        j ->
            points(j).containsAll(CLIENT_TO_WEB)
                && tsNs(hopAt(j, "node2", "wordpress_net/br0")) > leftNs;
    JsonNode journey = api.awaitJourney("port=80&proto=tcp&limit=2000", afterLeave);
    System.out.printf(
        "NodeLeavesSwarmIT: client->web journey after the leave: %s at %s%n",
        points(journey),
        Instant.EPOCH.plusNanos(tsNs(hopAt(journey, "node2", "wordpress_net/br0"))));
    assertThat(canvas.collector().isAlive()).isTrue();
    for (Lab.Node node : lab.nodes()) {
      assertThat(canvas.agent(node.name()).isAlive())
          .as("the agent of %s runs", node.name())
          .isTrue();
    }
  }

  /** Node id to its presence in /api/v1/topology. */
  private static Map<String, String> nodePresence(CollectorApi api) {
    JsonNode topology = api.json("/api/v1/topology").orElseThrow();
    return StreamSupport.stream(topology.path("nodes").spliterator(), false)
        .map(n -> n.path("node"))
        .collect(
            Collectors.toMap(
                n -> n.path("id").asText(),
                n -> n.path("presence").asText("NODE_PRESENCE_UNSPECIFIED")));
  }
}

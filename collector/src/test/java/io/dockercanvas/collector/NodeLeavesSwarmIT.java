package io.dockercanvas.collector;

import static io.dockercanvas.collector.lab.JourneyHops.hopAt;
import static io.dockercanvas.collector.lab.JourneyHops.points;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.collector.lab.LabCluster;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 7, fault 4 on the lab: node3 leaves the swarm ({@code docker swarm leave} on its own daemon) while
 * client (node1) talks to web (node2). The API must mark node3 gone (topology node presence LEFT, status
 * presence "left") and nothing else may break: node1 and node2 stay up, their journeys keep coming.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeLeavesSwarmIT {

  private static final List<String> CLIENT_TO_WEB = List.of("node1 wordpress_net/br0", "node1 eth0", "node2 eth0",
      "node2 wordpress_net/br0");

  private final LabCluster lab = new LabCluster("NodeLeavesSwarmIT");

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
  void node3LeavesTheSwarm_markedLeft_node1AndNode2JourneysKeepComing() throws Exception {
    lab.startClientToWebLoop(lab.webTaskIp().orElseThrow(), 400); // about 80 s of HTTP
    lab.awaitJourney("port=80&proto=tcp&limit=2000", j -> points(j).containsAll(CLIENT_TO_WEB));

    Instant left = Instant.now();
    lab.lab(Duration.ofSeconds(60), "docker", "node3", "swarm", "leave");
    LabCluster.awaitTrue(Duration.ofSeconds(30), "the topology marks node3 NODE_PRESENCE_LEFT",
        () -> "NODE_PRESENCE_LEFT".equals(nodePresence().get("node3")));
    Duration marked = Duration.between(left, Instant.now());

    Map<String, String> states = nodePresence();
    JsonObject status = lab.status().orElseThrow();
    System.out.printf("NodeLeavesSwarmIT: node3 marked gone %d ms after swarm leave started; node"
        + " presence %s; status presence of node3: %s%n", marked.toMillis(), states,
        LabCluster.agentStatus(status, "node3").orElseThrow().getString("presence"));
    assertThat(states).containsEntry("node1", "NODE_PRESENCE_UP").containsEntry("node2", "NODE_PRESENCE_UP");
    assertThat(LabCluster.agentStatus(status, "node3").orElseThrow().getString("presence")).isEqualTo("left");
    assertThat(LabCluster.agentStatus(status, "node1").orElseThrow().getString("presence")).isEqualTo("up");
    assertThat(status.getInteger("agents_connected")).as("every agent still streams").isEqualTo(3);

    long leftNs = left.toEpochMilli() * 1_000_000L;
    Predicate<JsonObject> afterLeave = j -> points(j).containsAll(CLIENT_TO_WEB)
        && hopAt(j, "node2", "wordpress_net/br0").getLong("ts_ns") > leftNs;
    JsonObject journey = lab.awaitJourney("port=80&proto=tcp&limit=2000", afterLeave);
    System.out.printf("NodeLeavesSwarmIT: client->web journey after the leave: %s at %s%n", points(journey),
        Instant.EPOCH.plusNanos(hopAt(journey, "node2", "wordpress_net/br0").getLong("ts_ns")));
    assertThat(lab.collector().isAlive()).isTrue();
    for (String node : LabCluster.NODES) {
      assertThat(lab.agent(node).isAlive()).as("the agent of %s runs", node).isTrue();
    }
  }

  /** Node id to its presence in /api/v1/topology. */
  private Map<String, String> nodePresence() {
    JsonObject topology = new JsonObject(lab.get("/api/v1/topology").orElseThrow());
    return topology.getJsonArray("nodes").stream().map(n -> ((JsonObject) n).getJsonObject("node"))
        .collect(Collectors.toMap(n -> n.getString("id"), n -> n.getString("presence", "NODE_PRESENCE_UNSPECIFIED")));
  }
}

package io.dockercanvas.agent.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads a whole snapshot over a real unix socket from the recorded engine. */
class DockerEngineTest {

  @TempDir Path directory;

  private FakeEngineServer server;
  private DockerEngine engine;

  @BeforeEach
  void start() throws Exception {
    server = new FakeEngineServer(directory);
    EngineFixtures.serveRecordedEngine(server);
    engine = DockerEngine.connect(server.socket());
  }

  @AfterEach
  void stop() throws Exception {
    engine.close();
    server.close();
  }

  @Test
  void snapshot_manager_readsEverything() throws Exception {
    DockerSnapshot snapshot = engine.snapshot();

    assertThat(snapshot.node().nodeId()).isEqualTo(EngineFixtures.NODE_ID);
    assertThat(snapshot.networks())
        .extracting(DockerNetwork::name)
        .containsExactlyInAnyOrder(
            "bridge", "docker_gwbridge", "host", "ingress", "none", "wordpress_net");
    assertThat(snapshot.services())
        .extracting(DockerService::name)
        .containsExactlyInAnyOrder("web", "vipsvc");
    assertThat(snapshot.tasks()).hasSize(2);
    assertThat(snapshot.containers())
        .extracting(DockerContainer::sandboxName)
        .containsExactlyInAnyOrder("9e2b30730278", "f4039c587955");
    assertThat(snapshot.networkByIdPrefix("ht90nsb9wa"))
        .map(DockerNetwork::name)
        .hasValue("wordpress_net");
    assertThat(snapshot.taskByContainer(EngineFixtures.WEB_CONTAINER_ID))
        .map(DockerTask::id)
        .hasValue("3x57je9ms13cxvsu9wjjcl596");
    assertThat(server.requestsFor("/networks/"))
        .allSatisfy(request -> assertThat(request).endsWith("?verbose=true"));
    assertThat(server.requestsFor("/tasks"))
        .singleElement()
        .asString()
        .contains("filters=")
        .contains(EngineFixtures.NODE_ID);
  }

  @Test
  void snapshot_worker_skipsManagerOnlyEndpoints() throws Exception {
    ObjectNode info = (ObjectNode) EngineFixtures.json("info.json");
    ((ObjectNode) info.path("Swarm")).put("ControlAvailable", false);
    server.routes.put("/info", info.toString());

    DockerSnapshot snapshot = engine.snapshot();

    assertThat(snapshot.node().role()).isEqualTo(SwarmNode.Role.WORKER);
    assertThat(snapshot.services()).isEmpty();
    assertThat(server.requestsFor("/services")).isEmpty();
    assertThat(server.requestsFor("/tasks")).isEmpty();
    assertThat(snapshot.containers())
        .extracting(DockerContainer::serviceName)
        .containsExactlyInAnyOrder("web", "vipsvc");
  }

  @Test
  void snapshot_networkRemovedBetweenListAndInspect_isLeftOut() throws Exception {
    server.routes.remove("/networks/" + EngineFixtures.WORDPRESS_NET_ID);

    DockerSnapshot snapshot = engine.snapshot();

    assertThat(snapshot.networks())
        .extracting(DockerNetwork::name)
        .doesNotContain("wordpress_net")
        .contains("ingress");
  }

  @Test
  void snapshot_engineError_failsWithStatusAndMessage() {
    server.routes.remove("/info");

    assertThatThrownBy(() -> engine.snapshot())
        .isInstanceOf(DockerEngineException.class)
        .hasMessageContaining("GET /info");
  }

  @Test
  void snapshot_noEngine_failsNamingTheSocket() throws Exception {
    Path missing = directory.resolve("nothing.sock");
    try (DockerEngine absent = DockerEngine.connect(missing)) {
      assertThatThrownBy(absent::snapshot)
          .isInstanceOf(DockerEngineException.class)
          .hasMessageContaining(missing.toString());
    }
  }

  @Test
  void socketPath_unixUriOrPath_isThePath() {
    assertThat(DockerEngine.socketPath("unix:///var/run/docker.sock"))
        .isEqualTo(Path.of("/var/run/docker.sock"));
    assertThat(DockerEngine.socketPath("/lab/node1/docker.sock"))
        .isEqualTo(Path.of("/lab/node1/docker.sock"));
  }

  @Test
  void socketPath_remoteOrRelative_failsWithClearError() {
    for (String bad :
        new String[] {"tcp://198.51.100.11:2375", "unix://relative.sock", "docker.sock", ""}) {
      assertThatThrownBy(() -> DockerEngine.socketPath(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("local unix socket");
    }
  }
}

package io.dockercanvas.agent.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events keep the snapshot current; a broken event stream is reopened. Real unix socket, fake
 * engine.
 */
class DockerDiscoveryTest {

  private static final String DESTROY_EVENT =
      "{\"Type\":\"container\",\"Action\":\"destroy\",\"Actor\":{\"ID\":\""
          + EngineFixtures.VIPSVC_CONTAINER_ID
          + "\",\"Attributes\":{\"name\":\"vipsvc.1\"}},\"timeNano\":1}";

  @TempDir Path directory;

  private FakeEngineServer server;
  private DockerEngine engine;
  private final List<DockerSnapshot> published = new CopyOnWriteArrayList<>();

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
  void containerEvent_afterContainerRemoved_publishesSnapshotWithoutIt() {
    try (DockerDiscovery discovery = new DockerDiscovery(engine, published::add).start()) {
      await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 1);
      assertThat(published.get(0).containers()).hasSize(2);

      server.routes.put("/containers/json", containersWithout(EngineFixtures.VIPSVC_CONTAINER_ID));
      server.pushEvent(DESTROY_EVENT);

      await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 2);
      assertThat(published.get(1).containers())
          .extracting(DockerContainer::name)
          .containsExactly("web.1.3x57je9ms13cxvsu9wjjcl596");
      assertThat(discovery.current()).contains(published.get(1));
    }
  }

  @Test
  void eventStreamEnded_reconnectsAndRereads() {
    try (DockerDiscovery discovery = new DockerDiscovery(engine, published::add).start()) {
      await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 1);
      int infoReads = server.requestsFor("/info").size();

      server.routes.put("/containers/json", containersWithout(EngineFixtures.WEB_CONTAINER_ID));
      server.endEventStream(); // dockerd restarting: the change is seen on reconnect, without an
      // event

      await().atMost(Duration.ofSeconds(5)).until(() -> server.requestsFor("/events").size() == 2);
      await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 2);
      assertThat(server.requestsFor("/info").size()).isGreaterThan(infoReads);
      assertThat(published.get(1).containers()).hasSize(1);
    }
  }

  @Test
  void close_running_endsItsThreads() {
    DockerDiscovery discovery = new DockerDiscovery(engine, published::add).start();
    await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 1);

    discovery.close();

    // The refresh pool reports termination just before its thread has fully ended.
    await()
        .atMost(Duration.ofSeconds(2))
        .untilAsserted(
            () ->
                assertThat(Thread.getAllStackTraces().keySet())
                    .extracting(Thread::getName)
                    .doesNotContain("docker-events", "docker-discovery"));
  }

  private static String containersWithout(String containerId) {
    ArrayNode containers = (ArrayNode) EngineFixtures.json("containers.json");
    for (int i = containers.size() - 1; i >= 0; i--) {
      JsonNode container = containers.get(i);
      if (container.path("Id").asText().equals(containerId)) {
        containers.remove(i);
      }
    }
    return containers.toString();
  }
}

package io.dockercanvas.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dockercanvas.collector.replay.DemoSample;
import io.dockercanvas.collector.replay.DemoScenes;
import io.dockercanvas.collector.wire.WireJourneys;
import io.dockercanvas.pipeline.replay.CaptureReplay;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

  @TempDir Path dir;

  @Test
  void demo_onAFreePort_pageAndJourneysWithinSecondsThenStops() throws Exception {
    try (LiveCommands demo = LiveCommands.start("demo", "--listen", "127.0.0.1:0")) {
      String url = demo.awaitUrl(Duration.ofSeconds(20));
      long shownAt = System.currentTimeMillis();

      HttpResponse<String> journeys = demo.get(url + "api/v1/journeys?limit=50", null);
      HttpResponse<String> page = demo.get(url, null);

      assertThat(journeys.statusCode()).isEqualTo(200);
      JsonObject body = new JsonObject(journeys.body());
      assertThat(body.getJsonArray("journeys"))
          .as("journeys the moment the address is printed")
          .isNotEmpty();
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body())
          .contains("<div id=\"root\">", "docker-canvas")
          .doesNotContain("does not contain the web page");
      // the loop keeps going with fresh timestamps: new journeys stamped after the address was
      // printed
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  newestStart(demo.get(url + "api/v1/journeys?limit=5", null))
                      > shownAt * 1_000_000L);
      HttpResponse<String> status = demo.get(url + "api/v1/status", null);
      assertThat(status.body()).contains("node1", "node2", "node3").doesNotContain("\"wire\"");
      assertThat(demo.stop()).isZero();
    }
  }

  @Test
  void demo_scenes_listedForThePageAndSwitchedBetweenPasses() throws Exception {
    try (LiveCommands demo = LiveCommands.start("demo", "--listen", "127.0.0.1:0")) {
      String url = demo.awaitUrl(Duration.ofSeconds(20));

      JsonObject scenes = new JsonObject(demo.get(url + "api/v1/demo/scenes", null).body());
      assertThat(scenes.getString("current")).isEqualTo("swarm");
      assertThat(
              scenes.getJsonArray("scenes").stream()
                  .map(s -> ((JsonObject) s).getString("name"))
                  .toList())
          .containsExactly("swarm", "vxlan-drop", "routing-mesh");
      assertThat(scenes.getJsonArray("scenes").getJsonObject(1).getString("title"))
          .isEqualTo("A node drops VXLAN");

      HttpResponse<String> unknown = demo.post(url + "api/v1/demo/scene?name=mtu");
      assertThat(unknown.statusCode()).isEqualTo(400);
      assertThat(unknown.body()).contains("no scene 'mtu'", "swarm, vxlan-drop");

      HttpResponse<String> switched = demo.post(url + "api/v1/demo/scene?name=vxlan-drop");
      assertThat(switched.statusCode()).isEqualTo(202);
      assertThat(new JsonObject(switched.body()).getString("current")).isEqualTo("vxlan-drop");
      // the loop takes the switch after its pass: the new scene's agents stream its recording
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> demo.out.toString().contains("demo: now playing scene vxlan-drop"));
      assertThat(demo.err.toString()).doesNotContain("cannot play scene");
      Thread.sleep(3000); // the new scene plays on
      assertThat(demo.stop()).as("exit code; stderr: %s", demo.err).isZero();
    }
  }

  @Test
  void demo_beyondLoopbackWithoutTokenOrOpen_exit2SayingHow() {
    CliRun run = CliRun.of("demo", "--listen", "0.0.0.0:0");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--listen 0.0.0.0:0 is reachable from other machines");
  }

  @Test
  void demo_open_servesARecordingBeyondLoopbackWithoutToken() throws Exception {
    // what the collector image does (CANVAS_DEMO_LISTEN=0.0.0.0:8080, CANVAS_DEMO_OPEN=true)
    try (LiveCommands demo = LiveCommands.start("demo", "--listen", "0.0.0.0:0", "--open")) {
      String url = demo.awaitUrl(Duration.ofSeconds(20));
      HttpResponse<String> journeys = demo.get(url + "api/v1/journeys?limit=5", null);

      assertThat(journeys.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(journeys.body()).getJsonArray("journeys")).isNotEmpty();
      assertThat(demo.stop()).isZero();
    }
  }

  @Test
  void demo_unknownScene_exit2ListingTheScenes() {
    CliRun run = CliRun.of("demo", "--scene", "nope", "--listen", "127.0.0.1:0");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .contains("demo: --scene: no scene 'nope'; the scenes are swarm, vxlan-drop");
  }

  @Test
  void replay_isNoDemo_scenesAnswer404() throws Exception {
    try (LiveCommands replay =
        LiveCommands.start(
            "replay",
            "--manifest",
            LabSample.SAMPLE.resolve("manifest.json").toString(),
            "--listen",
            "127.0.0.1:0")) {
      String url = replay.awaitUrl(Duration.ofSeconds(60));

      HttpResponse<String> scenes = replay.get(url + "api/v1/demo/scenes", null);
      assertThat(scenes.statusCode()).isEqualTo(404);
      assertThat(scenes.body()).contains("not a demo");
    }
  }

  @Test
  void demo_portTaken_saysSoAndSuggestsListen() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRun run = CliRun.of("demo", "--listen", "127.0.0.1:" + taken.getLocalPort());

      assertThat(run.code()).isEqualTo(1);
      assertThat(run.err())
          .contains("cannot listen for HTTP on 127.0.0.1:" + taken.getLocalPort())
          .contains("--listen 127.0.0.1:" + (taken.getLocalPort() + 1));
    }
  }

  @Test
  void demo_help_describesTheTokenAsThePages() {
    assertThat(CliRun.of("demo", "--help").out().replaceAll("\\s+", " "))
        .contains(
            "--token=T Shared secret for the page when --listen is not loopback.",
            "--token-file=FILE");
  }

  @Test
  void demo_emptyTokenFile_usageErrorNamingTheFile() throws Exception {
    Path token = Files.writeString(dir.resolve("canvas_token"), "\n");

    CliRun run = CliRun.of("demo", "--listen", "127.0.0.1:0", "--token-file", token.toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("demo: --token-file " + token + ": the file is empty");
  }

  @Test
  void demoSample_packagedCopy_unpacksEveryCaptureAndTopology() throws Exception {
    Path unpacked = DemoSample.unpack();

    assertThat(unpacked.resolve("manifest.json")).exists();
    assertThat(unpacked.resolve("node2__topology.json")).exists();
    assertThat(unpacked.resolve("node2__wordpress_net__vxlan0.pcap"))
        .hasSameBinaryContentAs(LabSample.SAMPLE.resolve("node2__wordpress_net__vxlan0.pcap"));
    CaptureReplay replay = DemoCommand.swarmNodesOf(unpacked);
    assertThat(replay.input().nodes()).containsExactly("node1", "node2", "node3");
    try (var files = Files.list(unpacked)) {
      assertThat(files.count()).isGreaterThan(30);
    }
  }

  @Test
  void demoScenes_vxlanDrop_packagedCopyIsTheLabRecordingWithTheFaultOn() throws Exception {
    Path unpacked = DemoSample.unpack("sample-vxlan-drop");
    Path recorded = LabSample.SAMPLE.resolveSibling("sample-vxlan-drop");

    assertThat(unpacked.resolve("node2__eth0.pcap"))
        .hasSameBinaryContentAs(recorded.resolve("node2__eth0.pcap"));
    assertThat(
            new JsonObject(Files.readString(unpacked.resolve("capture.json")))
                .getJsonArray("faults"))
        .containsExactly(new JsonObject().put("node", "node2").put("kind", "vxlan-drop"));
    assertThat(DemoCommand.swarmNodesOf(DemoScenes.locate("vxlan-drop")).input().nodes())
        .containsExactly("node1", "node2", "node3");
  }

  @Test
  void demo_sampleWithATopologyThatIsNotASnapshot_exit2NamingTheFile(@TempDir Path set)
      throws Exception {
    Files.copy(LabSample.SAMPLE.resolve("manifest.json"), set.resolve("manifest.json"));
    Path topology =
        Files.writeString(set.resolve("node1__topology.json"), "{\"node\": {\"id\": \"node1\",");

    CliRun run = CliRun.of("demo", "--sample", set.toString(), "--listen", "127.0.0.1:0");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("demo: " + topology + ": not the JSON of 'canvas agent snapshot'");
  }

  private static long newestStart(HttpResponse<String> response) {
    return WireJourneys.page(response.body()).stream()
        .mapToLong(j -> WireJourneys.tsNs(j.getHops(0)))
        .max()
        .orElse(0);
  }
}

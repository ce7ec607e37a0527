package io.dockercanvas.collector.cli;

import static io.dockercanvas.collector.cli.LabSample.ROUTING_MESH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {

  private static final String TOKEN = "replay-token";

  @Test
  void replay_withToken_agentsStreamOverGrpcAndThePageApiShowsTheirJourneys() throws Exception {
    try (LiveCommands replay =
        LiveCommands.start(
            "replay",
            "--manifest",
            ROUTING_MESH.resolve("manifest.json").toString(),
            "--node-address",
            "manager=203.0.113.11",
            "--node-address",
            "worker=203.0.113.12",
            "--listen",
            "127.0.0.1:0",
            "--grpc",
            "127.0.0.1:0",
            "--token",
            TOKEN,
            "--speed",
            "20",
            "--window-ms",
            "200")) {
      String url = replay.awaitUrl(Duration.ofSeconds(20));

      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  new JsonObject(replay.get(url + "api/v1/journeys?port=8001", TOKEN).body())
                      .getJsonArray("journeys").stream()
                          .map(JsonObject.class::cast)
                          .anyMatch(j -> j.getJsonArray("hops").size() == 11));
      assertThat(replay.get(url + "api/v1/journeys", null).statusCode()).isEqualTo(401);
      String status = replay.get(url + "api/v1/status", TOKEN).body();
      assertThat(status).contains("manager", "worker");
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> replay.out.toString().contains("replayed 413 frames"));
      assertThat(replay.stop()).isZero();
    }
  }

  @Test
  void replay_nonLoopbackWithoutToken_refusedBeforeListening() {
    CliRun run =
        CliRun.of(
            "replay",
            "--manifest",
            ROUTING_MESH.resolve("manifest.json").toString(),
            "--listen",
            "0.0.0.0:0",
            "--token",
            "");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--listen 0.0.0.0:0 is reachable from other machines");
  }

  @Test
  void replay_help_describesTheTokenAsThePagesAndTheApis() {
    assertThat(CliRun.of("replay", "--help").out().replaceAll("\\s+", " "))
        .contains(
            "--token=T Shared secret for the page and the APIs; required unless both addresses are loopback.",
            "--token-file=FILE");
  }

  @Test
  void replay_emptyTokenFile_usageErrorNamingTheFile(@TempDir Path dir) throws Exception {
    Path token = Files.writeString(dir.resolve("canvas_token"), "\n");

    CliRun run =
        CliRun.of(
            "replay",
            "--manifest",
            LabSample.SAMPLE.resolve("manifest.json").toString(),
            "--listen",
            "127.0.0.1:0",
            "--grpc",
            "127.0.0.1:0",
            "--token-file",
            token.toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("replay: --token-file " + token + ": the file is empty");
  }
}

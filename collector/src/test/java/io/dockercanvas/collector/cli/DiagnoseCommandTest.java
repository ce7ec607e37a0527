package io.dockercanvas.collector.cli;

import static io.dockercanvas.collector.cli.LabSample.capture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code canvas diagnose} against real collectors fed with the lab's recording. */
class DiagnoseCommandTest {

  @Test
  void demoCollector_problemsGroupedByCauseAndPlace_exit3() throws Exception {
    try (LiveCommands demo = LiveCommands.start("demo", "--listen", "127.0.0.1:0")) {
      String url = demo.awaitUrl(Duration.ofSeconds(60));
      AtomicReference<CliRun> run = new AtomicReference<>();
      // the UDP probe client -> db:33435 is answered 'port unreachable' in every round
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> {
                run.set(CliRun.of("diagnose", "--collector", url, "--since", "10m"));
                return run.get().code() == DiagnoseCommand.PROBLEMS_FOUND;
              });

      assertThat(run.get().out())
          .contains("journeys with a problem in the last 10m")
          .containsPattern("10\\.0\\.1\\.4: \\d+ packets? answered 'port unreachable'");
      assertThat(run.get().out())
          .as("no STOPPED verdict on the healthy recording")
          .doesNotContain("never arrived", "dropped before decapsulation", "lost between");
    }
  }

  @Test
  void collectorWithOnlyDeliveredJourneys_saysNoProblems_exit0() throws Exception {
    // the outside client's HTTP to web's host-mode published port, as node2 captured it
    try (LiveCommands replay =
        LiveCommands.start(
            "replay",
            "--listen",
            "127.0.0.1:0",
            "--grpc",
            "127.0.0.1:0",
            "--topology",
            LabSample.SAMPLE.toString(),
            "--capture",
            capture("node2", "docker_gwbridge"),
            "--capture",
            capture("node2", "web/eth1"))) {
      String url = replay.awaitUrl(Duration.ofSeconds(60));
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () ->
                  !new JsonObject(
                          replay.get(url + "api/v1/journeys?verdict=DELIVERED", null).body())
                      .getJsonArray("journeys")
                      .isEmpty());

      CliRun run = CliRun.of("diagnose", "--collector", url, "--since", "1000d");

      assertThat(run.code()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).contains("no problems in the last 1000d");
    }
  }

  @Test
  void nothingListening_clearError_exit1() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }

    CliRun run = CliRun.of("diagnose", "--collector", "http://127.0.0.1:" + port);

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .contains("cannot reach the collector at http://127.0.0.1:" + port)
        .contains("--collector URL");
  }

  @Test
  void badSince_usageError_exit2() {
    CliRun run = CliRun.of("diagnose", "--since", "soon");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("--since: 'soon' is not a duration");
  }

  @Test
  void notAUrl_usageError_exit2() {
    CliRun run = CliRun.of("diagnose", "--collector", "127.0.0.1:8080");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("is not an http(s) URL");
  }
}

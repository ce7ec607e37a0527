package io.dockercanvas.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The collector's /metrics, fed by the demo sample, passes Prometheus' own linter (Debian's
 * prometheus package, promtool) and carries the labelled series.
 */
class MetricsPromtoolTest {

  @Test
  void demoMetrics_passPromtool_withLabelledSeries() throws Exception {
    try (LiveCommands demo = LiveCommands.start("demo", "--listen", "127.0.0.1:0")) {
      String url = demo.awaitUrl(Duration.ofSeconds(60));
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> demo.get(url + "metrics", null).body().contains("canvas_journeys_total{"));
      HttpResponse<String> metrics = demo.get(url + "metrics", null);
      String text = metrics.body();

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(promtool(text)).as("promtool check metrics").isEmpty();
      assertThat(text)
          .containsPattern(
              "canvas_observations_total\\{node=\"node[123]\",point=\"[^\"]+/(br0|vxlan0)\"\\} [1-9]")
          .containsPattern("canvas_journeys_total\\{class=\"data\",verdict=\"delivered\"\\} [1-9]")
          .containsPattern(
              "canvas_journeys_total\\{class=\"control\",verdict=\"unjudged\"\\} [1-9]")
          .containsPattern(
              "canvas_capture_kernel_drops_total\\{node=\"node2\",point=\"docker_gwbridge\"\\} 0")
          .contains(
              "canvas_lost_events_total{node=\"node1\",reason=\"kernel_drop\",source=\"agent_capture\"} 0")
          .containsPattern("canvas_stitch_latency_seconds_bucket\\{le=\"[0-9.]+\"\\} [0-9]")
          .containsPattern("canvas_stitch_latency_seconds_count [1-9]");
      assertThat(seriesCount(text, "canvas_observations_total"))
          .as("one series per node and point the demo's three nodes capture at")
          .isGreaterThan(6);
      demo.stop();
    }
  }

  /** What promtool says is wrong with the text (empty when it passes). */
  private static String promtool(String text) throws IOException, InterruptedException {
    Process process;
    try {
      process =
          new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException(
          "promtool not found: install Debian's prometheus package (.ci/run does)", e);
    }
    try (var in = process.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = process.waitFor();
    return code == 0 ? out.strip() : "exit " + code + ": " + out;
  }

  private static long seriesCount(String text, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "\\{").matcher(text);
    long n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}

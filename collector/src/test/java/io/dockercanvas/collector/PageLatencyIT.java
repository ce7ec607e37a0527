package io.dockercanvas.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockercanvas.testing.Poll;
import io.dockercanvas.testing.lab.Lab;
import io.dockercanvas.testing.lab.LabCanvas;
import io.dockercanvas.testing.lab.LabTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the page's first dot of a journey appears within 200 ms of the packet's capture. The
 * real collector's page in headless chromium (web/e2e/lab-first-dot.mjs, run inside node1's
 * namespace where the collector's HTTP listens) records when it first drew each journey's dot, in
 * the browser's wall clock; the lab's demo traffic makes the journeys; each journey's earliest hop
 * capture timestamp (the kernel's wall clock on this same machine) comes from the collector's REST
 * API. Prints p50/p90/max over every journey the page drew from the live stream (not the backlog it
 * replays on opening), split at the stream frame's arrival in the page, and asserts the median.
 */
@LabTest(
    canvas = true,
    tools = {"node", "chromium"},
    files = {"web/e2e/lab-first-dot.mjs", "web/node_modules/playwright-core/package.json"})
class PageLatencyIT {

  private static final double P50_LIMIT_MS = 200;
  private static final int MIN_JOURNEYS = 20;
  private static final int TRAFFIC_SECONDS = 15;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void labTraffic_pageDrawsEachJourneysFirstDot_p50Within200msOfCapture(Lab lab, LabCanvas canvas)
      throws Exception {
    lab.traffic(3).require(); // warm-up: the collector's and agents' first journeys, not measured
    Path dir = Files.createTempDirectory("page-latency-");
    Path ready = dir.resolve("ready");
    Path stop = dir.resolve("stop");
    Path out = dir.resolve("first-dots.json");
    Process page =
        lab.startInNetns(
            Lab.MANAGER,
            "page",
            Map.of("CANVAS_TOKEN", canvas.token()),
            List.of(
                "node",
                "web/e2e/lab-first-dot.mjs",
                canvas.httpUrl(),
                ready.toString(),
                stop.toString(),
                out.toString()));
    try {
      Poll.until(
          Duration.ofSeconds(90),
          () -> "the page is live (its log: " + lab.output(page) + ")",
          () -> {
            if (!page.isAlive()) {
              throw new AssertionError("the page script ended: " + lab.output(page));
            }
            return Files.exists(ready);
          });
      lab.traffic(TRAFFIC_SECONDS).require();
      Thread.sleep(3000); // the last journeys' updates reach the page
      Files.writeString(stop, "stop\n");
      assertThat(page.waitFor(120, TimeUnit.SECONDS)).as("the page script ends").isTrue();
    } finally {
      Lab.stop(page);
    }
    assertThat(page.exitValue()).as("page script: %s", lab.output(page)).isZero();

    List<Double> latencies = new ArrayList<>();
    List<Double> toFrame = new ArrayList<>(); // capture to the first stream frame with the journey
    List<Double> frameToDot = new ArrayList<>(); // that frame to the page's first dot of it
    int backlog = 0;
    List<String> slowest = new ArrayList<>(); // "latency ms: what, path" of the slowest journeys
    for (JsonNode j : JSON.readTree(out.toFile())) {
      if (!j.path("frameMs").isNumber()) {
        backlog++; // the page replays the journeys it found on opening: not live, not counted
        continue;
      }
      double captureMs = Long.parseLong(j.path("firstCaptureNs").asText()) / 1e6;
      double dotMs = j.path("dotMs").asDouble();
      latencies.add(dotMs - captureMs);
      slowest.add(
          String.format(
              Locale.ROOT,
              "%6.0f ms (frame after %.0f ms): journey %s %s: %s",
              dotMs - captureMs,
              j.path("frameMs").asDouble() - captureMs,
              j.path("id").asText(),
              j.path("what").asText(),
              j.path("path")));
      toFrame.add(j.path("frameMs").asDouble() - captureMs);
      frameToDot.add(dotMs - j.path("frameMs").asDouble());
    }
    String figures = figures(latencies);
    String load = Files.readString(Path.of("/proc/loadavg")).trim();
    System.out.printf(
        "PageLatencyIT: %d journeys from the stream (%d replayed from the backlog not counted), first"
            + " dot after capture: %s (%s, load average %s)%n"
            + "PageLatencyIT: of which capture to the stream frame: %s; frame to dot: %s%n"
            + "PageLatencyIT: the slowest:%n  %s%n"
            + "PageLatencyIT: page log:%n%s%n",
        latencies.size(),
        backlog,
        figures,
        Instant.now(),
        load,
        figures(toFrame),
        figures(frameToDot),
        String.join(
            "\n  ",
            slowest.stream()
                .sorted(Comparator.reverseOrder()) // the latency leads, padded
                .limit(8)
                .toList()),
        lab.output(page));
    assertThat(latencies)
        .as("journeys the page drew: %s", figures)
        .hasSizeGreaterThanOrEqualTo(MIN_JOURNEYS);
    // the same machine's wall clock on both sides: a dot before its capture is a broken measurement
    assertThat(latencies.get(0)).as("earliest first dot after capture, ms").isGreaterThan(-5.0);
    assertThat(percentile(latencies, 50))
        .as("p50 of the first dot after capture, ms: %s", figures)
        .isLessThanOrEqualTo(P50_LIMIT_MS);
  }

  /** "min A ms, p50 B ms, p90 C ms, max D ms" of the values (sorted in place). */
  private static String figures(List<Double> values) {
    if (values.isEmpty()) {
      return "none";
    }
    Collections.sort(values);
    return String.format(
        Locale.ROOT,
        "min %.0f ms, p50 %.0f ms, p90 %.0f ms, max %.0f ms",
        values.get(0),
        percentile(values, 50),
        percentile(values, 90),
        values.get(values.size() - 1));
  }

  /** Nearest-rank percentile of sorted values. */
  private static double percentile(List<Double> sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}

package io.dockercanvas.collector.cli;

import io.dockercanvas.collector.journey.StitcherConfig;
import io.dockercanvas.collector.replay.OfflineStitching;
import io.dockercanvas.collector.rest.JourneyJson;
import io.dockercanvas.collector.store.Filter;
import io.dockercanvas.collector.store.FilterBuilder;
import io.dockercanvas.pipeline.replay.CaptureReplay;
import io.dockercanvas.pipeline.replay.ReplayTotals;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code journeys}: stitches captures taken elsewhere into journeys and prints them, then exits.
 */
@Command(
    name = "journeys",
    mixinStandardHelpOptions = true,
    versionProvider = CollectorCli.VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Stitches captures taken on several nodes (tcpdump at each observation point, or 'canvas lab capture') into "
          + "journeys: each packet followed hop by hop with DNAT, SNAT, VXLAN ENCAP/DECAP, and prints them.",
      "",
      "The captures go through the agent's pipeline and the collector's ingest exactly as live traffic does; "
          + "packets are grouped within --window-ms of capture time."
    },
    footer = {
      "",
      "Examples:",
      "  journeys --manifest deploy/lab/sample/manifest.json",
      "  journeys --capture wire:cvlab0=wire.pcap --capture node2:wordpress_net/vxlan0=vx.pcap \\",
      "           --capture node2:wordpress_net/br0=br.pcap --json",
      "  journeys --manifest deploy/lab/sample/manifest.json --verdict PROBLEM",
      "  journeys --manifest manifest.json --node-address manager=203.0.113.11 --node-address worker=203.0.113.12",
      "",
      "Exit codes: 0 done, 1 a capture could not be read to the end, 2 bad options or unreadable input."
    })
public final class JourneysCommand implements Callable<Integer> {

  private static final String LOG_LEVEL = "canvas.log.level";

  @Mixin ReplaySources sources;

  @Option(
      names = "--json",
      description =
          "One JSON object per journey and line (the REST API's journey shape); "
              + "the counts go to stderr.")
  boolean json;

  @Option(
      names = "--window-ms",
      paramLabel = "W",
      defaultValue = "1000",
      description =
          "Capture time within which a packet's observations from all points are grouped; must cover the "
              + "clock difference between the nodes (default: ${DEFAULT-VALUE}).")
  long windowMs;

  @Option(
      names = "--same-clock",
      description =
          "All captures were stamped by one clock (one machine, as the lab): "
              + "show the time between hops on different nodes too.")
  boolean sameClock;

  @Option(
      names = "--ip",
      paramLabel = "ADDRESS|CIDR",
      description = "Only journeys with this address at some hop " + "(repeatable).")
  List<String> ips = new ArrayList<>();

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "Only journeys with this port at some hop (repeatable).")
  List<Integer> ports = new ArrayList<>();

  @Option(
      names = "--min-hops",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Only journeys seen at N points or more; 2 hides packets only one capture saw (default: "
              + "${DEFAULT-VALUE}).")
  int minHops;

  @Option(
      names = "--verdict",
      paramLabel = "STATE",
      description =
          "Only journeys with this verdict (repeatable): DELIVERED, STOPPED, UNKNOWN, ANSWERED, "
              + "UNANSWERED, or PROBLEM for any problem.")
  List<String> verdicts = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    if (System.getProperty(LOG_LEVEL) == null) {
      System.setProperty(
          LOG_LEVEL, "WARN"); // read when logging starts, which is later: results only on stdout
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CaptureReplay replay;
    Filter filter;
    StitcherConfig stitcher;
    try {
      if (windowMs < 1 || windowMs > 600_000) {
        throw new IllegalArgumentException("--window-ms must be from 1 to 600000, got " + windowMs);
      }
      stitcher = StitcherConfig.withWindow(Duration.ofMillis(windowMs)).withSharedClock(sameClock);
      filter = filter();
      replay = sources.replay();
    } catch (IllegalArgumentException | IOException e) {
      err.println("journeys: " + e.getMessage());
      return 2;
    }
    LongAdder shown = new LongAdder();
    OfflineStitching.Result result;
    try {
      result =
          OfflineStitching.run(
              replay,
              stitcher,
              journey -> {
                if (journey.hops().size() >= minHops && filter.matches(journey)) {
                  shown.increment();
                  out.print(
                      json
                          ? JourneyJson.journey(journey).encode() + "\n"
                          : JourneyTable.format(journey) + "\n");
                }
              });
    } catch (IOException e) {
      out.flush();
      err.println("journeys: " + e.getMessage());
      return 1;
    }
    out.flush();
    PrintWriter summary = json ? err : out;
    summary.println(summary(result, shown.sum()));
    result.replay().warnings().forEach(w -> err.println("journeys: warning: " + w));
    summary.flush();
    err.flush();
    return result.replay().warnings().isEmpty() ? 0 : 1;
  }

  private Filter filter() {
    if (minHops < 1) {
      throw new IllegalArgumentException("--min-hops must be at least 1, got " + minHops);
    }
    FilterBuilder filter = new FilterBuilder();
    ips.forEach(ip -> filter.ip("--ip", ip));
    ports.forEach(port -> filter.port("--port", port));
    verdicts.forEach(verdict -> filter.verdict("--verdict", verdict));
    return filter.build();
  }

  private static String summary(OfflineStitching.Result result, long shown) {
    ReplayTotals t = result.replay();
    return String.format(
        "%d frames read, %d observations (%d frames not IP, %d malformed, %d cut short, "
            + "%d not sampled); %d journeys%s; %d lost",
        t.frames(),
        t.observations(),
        t.notIp(),
        t.malformed(),
        t.cutShort(),
        t.notSampled(),
        result.journeys(),
        shown == result.journeys() ? "" : " (" + shown + " shown)",
        result.lost());
  }
}

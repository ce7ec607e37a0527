package io.dockercanvas.collector.cli;

import io.dockercanvas.collector.core.CoreSettings;
import io.dockercanvas.collector.journey.StitcherConfig;
import io.dockercanvas.collector.rest.ListenAddress;
import io.dockercanvas.collector.server.ServerSettings;
import io.dockercanvas.pipeline.cli.TokenOptions;
import io.dockercanvas.pipeline.replay.CaptureReplay;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code replay}: feeds recorded captures through a live collector in real time and serves the
 * page.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    versionProvider = CollectorCli.VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Feeds captures taken on several nodes through a running collector as if their agents were live: one agent "
          + "stream per node over gRPC, packets paced in real time (scaled by --speed) with timestamps moved to "
          + "now, and serves the page that animates them.",
      "",
      "Listening beyond loopback needs --token, as for the collector itself."
    },
    footer = {
      "",
      "Examples:",
      "  replay --manifest deploy/lab/sample/manifest.json --loop",
      "  replay --capture node1:eth0=n1.pcap --capture node2:eth0=n2.pcap --speed 0.25",
      "",
      "Exit codes: 0 stopped, 1 could not listen or a stream failed, 2 bad options or unreadable input."
    })
public final class ReplayCommand implements Callable<Integer> {

  @Mixin ReplaySources sources;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:8080",
      description = "HTTP address for the page and the REST API (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(
      names = "--grpc",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:9090",
      description =
          "gRPC address the replayed agents connect to, also serving the Observer API (default: "
              + "${DEFAULT-VALUE}).")
  String grpc;

  // what --token means here: the collector's resource bundle, shared-options.properties in this
  // package
  @Mixin TokenOptions token = new TokenOptions();

  @Option(
      names = "--speed",
      paramLabel = "X",
      defaultValue = "1",
      description =
          "Recorded time per wall time: 0.1 plays ten times slower, 2 twice as fast; the time between "
              + "hops stays as recorded (default: ${DEFAULT-VALUE}).")
  double speed;

  @Option(
      names = "--loop",
      description = "Play the captures again and again, each time stamped with fresh times.")
  boolean loop;

  @Option(
      names = "--window-ms",
      paramLabel = "W",
      defaultValue = "1000",
      description =
          "How long a packet's observations are gathered before its journey is stitched (default: "
              + "${DEFAULT-VALUE}).")
  long windowMs;

  @Option(
      names = "--same-clock",
      description =
          "All captures were stamped by one clock (one machine, as the lab): "
              + "show the time between hops on different nodes too.")
  boolean sameClock;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    CaptureReplay replay;
    ServerSettings settings;
    try {
      if (!(speed > 0) || speed > 1000) {
        throw new IllegalArgumentException(
            "--speed must be above 0 and at most 1000, got " + speed);
      }
      if (windowMs < 1 || windowMs > 60_000) {
        throw new IllegalArgumentException("--window-ms must be from 1 to 60000, got " + windowMs);
      }
      settings =
          new ServerSettings(
              ListenAddress.parse(listen, "--listen"),
              ListenAddress.parse(grpc, "--grpc"),
              token.token(),
              CoreSettings.defaults()
                  .withStitcher(
                      StitcherConfig.withWindow(Duration.ofMillis(windowMs))
                          .withSharedClock(sameClock)));
      replay = sources.replay();
    } catch (IllegalArgumentException | IOException e) {
      spec.commandLine().getErr().println("replay: " + e.getMessage());
      return 2;
    }
    return new LiveReplayRun("replay", spec.commandLine().getOut(), spec.commandLine().getErr())
        .run(replay, settings, speed, loop, false);
  }
}

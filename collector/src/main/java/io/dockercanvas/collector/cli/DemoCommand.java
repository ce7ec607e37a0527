package io.dockercanvas.collector.cli;

import io.dockercanvas.collector.core.CoreSettings;
import io.dockercanvas.collector.journey.StitcherConfig;
import io.dockercanvas.collector.replay.DemoScenes;
import io.dockercanvas.collector.rest.ListenAddress;
import io.dockercanvas.collector.server.ServerSettings;
import io.dockercanvas.pipeline.cli.TokenOptions;
import io.dockercanvas.pipeline.replay.CaptureManifest;
import io.dockercanvas.pipeline.replay.CaptureReplay;
import io.dockercanvas.pipeline.replay.CaptureSpec;
import io.dockercanvas.pipeline.replay.ReplayInput;
import io.dockercanvas.pipeline.replay.TopologyFiles;
import io.dockercanvas.proto.v1.NodeTopology;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: the lab's recorded 3-node swarm, replayed on loopback in a loop, with the page. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = CollectorCli.VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Shows docker-canvas without a swarm: replays a recording of the lab's real 3-node swarm (deploy/lab/sample: "
          + "HTTP client -> web over VXLAN, web -> db, pings, an outside client through a published port) through "
          + "the collector, as its three agents would stream it, again and again with fresh timestamps, and serves "
          + "the page on loopback."
    },
    footer = {
      "",
      "Examples:",
      "  demo                                  page on http://127.0.0.1:8080/",
      "  demo --listen 127.0.0.1:8090 --speed 0.5",
      "  demo --scene vxlan-drop                node2 drops VXLAN: where the packets stop",
      "  docker run -p 8080:8080 docker-canvas-collector demo",
      "                                        the same from the image (listens on 0.0.0.0:8080, --open)"
    })
public final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:CANVAS_DEMO_LISTEN:-127.0.0.1:8080}",
      description =
          "HTTP address for the page (default: ${DEFAULT-VALUE}, or the CANVAS_DEMO_LISTEN environment"
              + " variable); beyond loopback it needs --token or --open.")
  String listen;

  @Option(
      names = "--open",
      negatable = true,
      defaultValue = "${env:CANVAS_DEMO_OPEN:-false}",
      description =
          "Serve the page beyond loopback without a token: the demo shows a recording, not your"
              + " cluster (the collector image sets it with CANVAS_DEMO_OPEN=true, so"
              + " 'docker run -p 8080:8080 IMAGE demo' works).")
  boolean open;

  // what --token means here: the collector's resource bundle, shared-options.properties in this
  // package
  @Mixin TokenOptions token = new TokenOptions();

  @Option(
      names = "--speed",
      paramLabel = "X",
      defaultValue = "1",
      description = "Recorded time per wall time (default: ${DEFAULT-VALUE}).")
  double speed;

  @Option(
      names = "--scene",
      paramLabel = "NAME",
      defaultValue = DemoScenes.DEFAULT,
      description =
          "Which recording plays first: swarm (the default: the swarm at work) or vxlan-drop (node2 drops"
              + " VXLAN). The page lists them (GET /api/v1/demo/scenes) and switches (POST"
              + " /api/v1/demo/scene?name=NAME). Each is deploy/lab/sample* of this checkout, else the copy"
              + " inside the jar.")
  String scene;

  @Option(
      names = "--sample",
      paramLabel = "DIR",
      description =
          "Another capture set to loop instead of the scenes (a folder with manifest.json and"
              + " <node>__topology.json).")
  Path sample;

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
      // the lab recorded every node on one machine's clock: time between nodes is real
      settings =
          new ServerSettings(
              ListenAddress.parse(listen, "--listen"),
              ListenAddress.parse("127.0.0.1:0", "--grpc"),
              token.token(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              CoreSettings.defaults().withStitcher(StitcherConfig.defaults().withSharedClock(true)),
              open);
      if (DemoScenes.named(scene).isEmpty()) {
        throw new IllegalArgumentException(
            "--scene: no scene '" + scene + "'; the scenes are " + DemoScenes.names());
      }
      replay = swarmNodesOf(sample != null ? sample : DemoScenes.locate(scene));
    } catch (IllegalArgumentException | IOException e) {
      spec.commandLine().getErr().println("demo: " + e.getMessage());
      return 2;
    }
    // a capture set of one's own is played alone: no scenes to switch to
    DemoSceneSwitch scenes =
        sample != null ? null : new DemoSceneSwitch(scene, spec.commandLine().getErr());
    return new LiveReplayRun("demo", spec.commandLine().getOut(), spec.commandLine().getErr())
        .run(replay, settings, speed, true, true, scenes);
  }

  /**
   * The captures of the swarm's nodes (the ones with a topology), as their agents would send them.
   */
  static CaptureReplay swarmNodesOf(Path folder) throws IOException {
    Map<String, NodeTopology> topologies = TopologyFiles.readDir(folder);
    List<CaptureSpec> captures =
        CaptureManifest.read(folder.resolve("manifest.json")).stream()
            .filter(c -> topologies.containsKey(c.node()))
            .toList();
    if (captures.isEmpty()) {
      throw new IOException(folder + ": no capture belongs to a node with a <node>__topology.json");
    }
    CaptureReplay replay = new CaptureReplay(new ReplayInput(captures, topologies, Map.of()));
    replay.checkReadable();
    return replay;
  }
}

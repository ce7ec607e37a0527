package io.dockercanvas.collector.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.collector.journey.CaptureCoverage;
import io.dockercanvas.collector.journey.ExpectedPath;
import io.dockercanvas.collector.journey.ExpectedPath.Route;
import io.dockercanvas.collector.journey.ExpectedPaths;
import io.dockercanvas.collector.journey.Hop;
import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.journey.PathPoint;
import io.dockercanvas.collector.journey.PathTopology;
import io.dockercanvas.collector.journey.StitcherConfig;
import io.dockercanvas.pipeline.replay.CaptureManifest;
import io.dockercanvas.pipeline.replay.CaptureReplay;
import io.dockercanvas.pipeline.replay.CaptureSpec;
import io.dockercanvas.pipeline.replay.ReplayInput;
import io.dockercanvas.pipeline.replay.TopologyFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The expected-path model against the lab's real recording (deploy/lab/sample, every packet
 * delivered): each journey's hops, on the points the model expects, are exactly the captured part
 * of its expected path, in order.
 */
class ExpectedPathSampleTest {

  static final Path MANIFEST =
      Path.of("..", "deploy", "lab", "sample", "manifest.json").toAbsolutePath().normalize();

  static final List<Journey> journeys = new ArrayList<>();
  static PathTopology topology;
  static CaptureCoverage coverage;

  @BeforeAll
  static void stitchTheSample() throws Exception {
    List<CaptureSpec> specs = CaptureManifest.read(MANIFEST);
    Map<String, Set<String>> points = new TreeMap<>();
    specs.forEach(s -> points.computeIfAbsent(s.node(), n -> new TreeSet<>()).add(s.point()));
    coverage = new CaptureCoverage(points);
    CaptureReplay replay =
        new CaptureReplay(
            new ReplayInput(
                specs,
                TopologyFiles.readBeside(MANIFEST),
                CaptureManifest.recordedAddresses(MANIFEST)));
    AtomicReference<PathTopology> facts = new AtomicReference<>();
    OfflineStitching.run(
        replay,
        StitcherConfig.withWindow(Duration.ofSeconds(1)),
        core -> facts.set(core.pathFacts()),
        journeys::add);
    topology = facts.get();
  }

  static boolean controlPlane(Journey j) {
    var h = j.first().observation().headers();
    return Set.of(7946, 2377).contains(h.srcPort()) || Set.of(7946, 2377).contains(h.dstPort());
  }

  @Test
  void everyDeliveredJourney_crossesTheCapturedPointsOfItsExpectedPath_inOrder() {
    ExpectedPaths paths = new ExpectedPaths(topology);
    Map<Route, Integer> routes = new EnumMap<>(Route.class);
    List<String> mismatches = new ArrayList<>();
    for (Journey journey : journeys) {
      if (controlPlane(journey)) {
        continue;
      }
      var observations = journey.hops().stream().map(Hop::observation).toList();
      var expected = paths.of(observations, coverage);
      if (expected.isEmpty()) {
        mismatches.add("no expected path: " + journey.path());
        continue;
      }
      routes.merge(expected.get().route(), 1, Integer::sum);
      List<PathPoint> onPath =
          journey.hops().stream()
              .map(h -> PathPoint.of(h.observation()))
              .filter(p -> expected.get().points().contains(p))
              .distinct()
              .toList();
      if (!onPath.equals(expected.get().covered(coverage))) {
        mismatches.add(journey.path() + " expected " + expected.get());
      }
    }
    assertThat(mismatches).isEmpty();
    assertThat(routes.getOrDefault(Route.OVERLAY, 0))
        .as("client, web and db talk across nodes")
        .isGreaterThan(100);
    assertThat(routes.getOrDefault(Route.PUBLISHED_HOST_MODE, 0))
        .as("the outside client to web's port published in host mode, and back")
        .isGreaterThan(30);
  }

  @Test
  void publishedPortInHostMode_outsideToWeb_isNicGatewayBridgeTask() {
    ExpectedPaths paths = new ExpectedPaths(topology);
    Journey syn =
        journeys.stream()
            .filter(j -> j.first().observation().headers().dstPort() == 8001)
            .filter(j -> j.first().observation().headers().tcpFlags() == 2)
            .findFirst()
            .orElseThrow();
    ExpectedPath expected =
        paths.of(syn.hops().stream().map(Hop::observation).toList(), coverage).orElseThrow();
    assertThat(expected.route()).isEqualTo(Route.PUBLISHED_HOST_MODE);
    assertThat(expected.points().stream().map(PathPoint::toString))
        .containsExactly("outside:eth0", "node2:eth0", "node2:docker_gwbridge", "node2:web/eth1");
  }

  @Test
  void overlay_clientToWeb_isBridgeVtepUnderlayVtepBridgeContainer() {
    ExpectedPaths paths = new ExpectedPaths(topology);
    Journey request =
        journeys.stream()
            .filter(j -> j.first().observation().headers().dstPort() == 80)
            .filter(j -> j.first().point().equals("client/eth0"))
            .findFirst()
            .orElseThrow();
    // only its first observation: where it stopped must not change where it was going
    ExpectedPath expected =
        paths.of(List.of(request.first().observation()), coverage).orElseThrow();
    assertThat(expected.route()).isEqualTo(Route.OVERLAY);
    assertThat(expected.points().stream().map(PathPoint::toString))
        .containsExactly(
            "node1:client/eth0",
            "node1:wordpress_net/br0",
            "node1:wordpress_net/vxlan0",
            "node1:eth0",
            "node2:eth0",
            "node2:wordpress_net/vxlan0",
            "node2:wordpress_net/br0",
            "node2:web/eth0");
  }
}

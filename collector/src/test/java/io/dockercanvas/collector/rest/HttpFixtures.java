package io.dockercanvas.collector.rest;

import io.dockercanvas.collector.core.CollectorCore;
import io.dockercanvas.collector.core.CoreSettings;
import io.dockercanvas.collector.journey.Frames;
import io.dockercanvas.collector.journey.JourneyStitcher;
import io.dockercanvas.collector.journey.Observation;
import io.dockercanvas.collector.journey.StitcherConfig;
import io.dockercanvas.collector.journey.SwarmPackets;
import io.dockercanvas.collector.topology.RoutingMeshTopology;
import java.time.Clock;
import java.util.List;

/**
 * A collector core holding the lab topology and stitched routing-mesh journeys (with real frames).
 */
final class HttpFixtures {

  private HttpFixtures() {}

  static CollectorCore core() {
    CollectorCore core = new CollectorCore(CoreSettings.defaults(), Clock.systemUTC());
    core.cluster().replace("manager", 1, RoutingMeshTopology.manager());
    core.cluster().replace("worker", 1, RoutingMeshTopology.worker());
    return core;
  }

  static void stitch(CollectorCore core, List<Observation> observations) {
    JourneyStitcher stitcher =
        new JourneyStitcher(StitcherConfig.defaults(), core.pathFacts(), core.journeys()::add);
    Frames.withFrames(observations).forEach(o -> stitcher.accept(o, 0));
    stitcher.flush();
  }

  /** A stitcher into the core's journey store; its journeys' ids go on over calls. */
  static JourneyStitcher stitcher(CollectorCore core) {
    return new JourneyStitcher(StitcherConfig.defaults(), core.pathFacts(), core.journeys()::add);
  }

  /** {@code count} journeys of one SYN, each with its own id (flushed after each). */
  static void stitchMany(JourneyStitcher stitcher, int count) {
    List<Observation> syn = Frames.withFrames(SwarmPackets.synLive(0));
    for (int i = 0; i < count; i++) {
      syn.forEach(o -> stitcher.accept(o, 0));
      stitcher.flush();
    }
  }

  static void synAndSynAck(CollectorCore core) {
    stitch(core, SwarmPackets.synLive(-50_000_000L));
    stitch(core, SwarmPackets.synAckLive(-50_000_000L));
  }
}

package io.dockercanvas.collector.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs observations through a stitcher the way a file-fed source would, and returns the journeys.
 */
final class Stitching {

  private Stitching() {}

  static List<Journey> all(
      List<Observation> observations, PathTopology topology, boolean sharedClock) {
    List<Journey> journeys = new ArrayList<>();
    JourneyStitcher stitcher =
        new JourneyStitcher(
            StitcherConfig.defaults().withSharedClock(sharedClock), topology, journeys::add);
    observations.forEach(o -> stitcher.accept(o, 0));
    stitcher.flush();
    return journeys;
  }

  static Journey one(List<Observation> observations, PathTopology topology, boolean sharedClock) {
    List<Journey> journeys = all(observations, topology, sharedClock);
    assertThat(journeys).hasSize(1);
    return journeys.get(0);
  }
}

package io.dockercanvas.collector.core;

import io.dockercanvas.collector.ingest.CaptureSettings;
import io.dockercanvas.collector.journey.StitcherConfig;

/** Sizes and behaviour of the collector's in-memory pipeline. */
public record CoreSettings(
    int journeysCapacity,
    int flowsCapacity,
    int lostEventsCapacity,
    StitcherConfig stitcher,
    CaptureSettings capture) {

  public static final int DEFAULT_JOURNEYS = 10_000;
  public static final int DEFAULT_FLOWS = 50_000;

  public static CoreSettings defaults() {
    return new CoreSettings(
        DEFAULT_JOURNEYS,
        DEFAULT_FLOWS,
        1_000,
        StitcherConfig.defaults(),
        CaptureSettings.sampling(1.0, 0));
  }

  public CoreSettings withCapacities(int journeys, int flows) {
    return new CoreSettings(journeys, flows, lostEventsCapacity, stitcher, capture);
  }

  public CoreSettings withStitcher(StitcherConfig config) {
    return new CoreSettings(journeysCapacity, flowsCapacity, lostEventsCapacity, config, capture);
  }

  public CoreSettings withCapture(CaptureSettings settings) {
    return new CoreSettings(
        journeysCapacity, flowsCapacity, lostEventsCapacity, stitcher, settings);
  }
}

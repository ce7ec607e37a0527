package io.dockercanvas.collector.ingest;

import io.dockercanvas.collector.flow.Flow;
import io.dockercanvas.collector.journey.CaptureMonitor;
import io.dockercanvas.collector.journey.JourneyStitcher;
import io.dockercanvas.collector.metrics.PipelineMetrics;
import io.dockercanvas.collector.store.LostEventLog;
import io.dockercanvas.collector.store.RingStore;
import io.dockercanvas.collector.topology.ClusterModel;
import java.util.function.LongSupplier;

/**
 * Where agent streams deliver: observations to the stitcher (with arrival times from {@code
 * arrivalClock}, the clock the stitcher's expiry runs on), flows to the flow store, topology to the
 * cluster model, the points each agent captures to the capture monitor. {@code stitcherLagNs}: how
 * late windows close (live ingest waits while it is large: backpressure).
 */
public record IngestTargets(
    JourneyStitcher stitcher,
    RingStore<Flow> flows,
    ClusterModel cluster,
    LostEventLog lost,
    AgentRegistry agents,
    CaptureConfigPush config,
    PipelineMetrics metrics,
    LongSupplier arrivalClock,
    CaptureMonitor coverage,
    LongSupplier stitcherLagNs) {}

package io.dockercanvas.collector.rest;

import io.dockercanvas.collector.core.CollectorCore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Prometheus metrics of the pipeline (agents, observations, store fill, losses) and the JVM. The
 * per-point observations and the lost events by source, reason and node are labelled series of
 * {@link io.dockercanvas.collector.metrics.PipelineMetrics}; their sums are the totals.
 */
final class CollectorMetrics {

  private CollectorMetrics() {}

  static PrometheusMeterRegistry create(CollectorCore core) {
    // the core's registry holds the labelled pipeline series (PipelineMetrics); the totals join it
    PrometheusMeterRegistry registry = core.metrics().registry();
    Gauge.builder("canvas_agents_connected", core.agents(), a -> a.connectedCount())
        .description("Agents with an open ingest stream")
        .register(registry);
    Gauge.builder("canvas_journeys_kept", core.journeys(), s -> s.status().kept())
        .description("Journeys in the store")
        .register(registry);
    FunctionCounter.builder("canvas_journeys_stitched", core.journeys(), s -> s.status().seen())
        .description("Journeys stitched since start")
        .register(registry);
    Gauge.builder("canvas_flows_kept", core.flows(), s -> s.status().kept())
        .description("Flow records in the store")
        .register(registry);
    FunctionCounter.builder("canvas_flow_updates", core.flows(), s -> s.status().seen())
        .description("Flow updates received since start")
        .register(registry);
    FunctionCounter.builder("canvas_lost_batches", core.lost(), l -> l.batchesMissing())
        .description(
            "Batches missing from agent streams (sequence gaps; their observations the agents report)")
        .register(registry);
    Gauge.builder("canvas_stitcher_open_packets", core.stitcher(), s -> s.stats().open())
        .description("Packets waiting in the stitching window")
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    return registry;
  }
}

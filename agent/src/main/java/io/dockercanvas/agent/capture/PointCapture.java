package io.dockercanvas.agent.capture;

import io.dockercanvas.pipeline.decode.DecodeError;
import io.dockercanvas.pipeline.decode.DecodedFrame;
import io.dockercanvas.pipeline.decode.FrameDecoder;
import io.dockercanvas.pipeline.fingerprint.PacketFingerprint;
import io.dockercanvas.pipeline.flow.FlowTable;
import io.dockercanvas.pipeline.observation.ObservationMapper;
import io.dockercanvas.pipeline.observation.SamplingPolicy;
import io.dockercanvas.pipeline.stream.CaptureSink;
import io.dockercanvas.proto.v1.ObservationPoint;
import io.dockercanvas.proto.v1.PacketObservation;
import io.dockercanvas.proto.v1.SamplingReason;
import java.time.Duration;
import java.util.function.Supplier;
import org.pcap4j.core.PcapStat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture loop of one observation point, on its own thread: read a frame into the handle's
 * reused buffer, decode it into a reused {@link DecodedFrame}, fingerprint it, count it in the
 * point's flow table, and only when the sampling policy keeps it build an observation. Every second
 * the flow table is flushed and the kernel's drop counters are reported. Filter changes and closing
 * are handed to this thread, because a pcap handle must not be used by two threads at once.
 */
final class PointCapture implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PointCapture.class);
  private static final long REPORT_NANOS = Duration.ofSeconds(1).toNanos();

  private final CapturePoint spec;
  private final LiveHandle handle;
  private final FrameDecoder decoder;
  private final Supplier<SamplingPolicy> policy;
  private final CaptureSink sink;
  private final FlowTable flows;
  private final DecodedFrame frame = new DecodedFrame();
  private final Thread thread;
  private volatile String pendingFilter;
  private volatile boolean stopping;
  private String filter;
  private long capturedUnreported;
  private long malformedUnreported;
  private long untrackedReported;
  private long kernelDropsReported;
  private long interfaceDropsReported;

  PointCapture(
      CapturePoint spec,
      LiveHandle handle,
      int dataPathPort,
      Supplier<SamplingPolicy> policy,
      CaptureSink sink,
      FlowTable flows) {
    this.spec = spec;
    this.handle = handle;
    this.decoder =
        dataPathPort == FrameDecoder.VXLAN_PORT
            ? new FrameDecoder()
            : new FrameDecoder(dataPathPort);
    this.policy = policy;
    this.sink = sink;
    this.flows = flows;
    this.filter = spec.filter();
    this.thread = new Thread(this::run, "capture-" + spec.name());
    this.thread.setDaemon(true);
  }

  PointCapture start() {
    thread.start();
    return this;
  }

  CapturePoint spec() {
    return spec;
  }

  String filter() {
    String pending = pendingFilter;
    return pending != null ? pending : filter;
  }

  /** Replaces the kernel filter; applied by the capture thread within one read timeout. */
  void updateFilter(String newFilter) {
    pendingFilter = newFilter;
  }

  private void run() {
    long lastReport = System.nanoTime();
    try {
      while (!stopping) {
        applyPendingFilter();
        if (handle.next()) {
          process();
        }
        long now = System.nanoTime();
        if (now - lastReport >= REPORT_NANOS) {
          report();
          lastReport = now;
        }
      }
      report();
    } catch (Exception e) {
      if (!stopping) {
        log.warn("capture on {} stopped: {}", spec.name(), e.getMessage());
      }
    } finally {
      handle.close();
    }
  }

  private void applyPendingFilter() {
    String next = pendingFilter;
    if (next == null) {
      return;
    }
    pendingFilter = null;
    try {
      handle.setFilter(next);
      filter = next;
      log.info("filter on {} now '{}'", spec.name(), next);
    } catch (Exception e) {
      log.warn(
          "cannot set filter '{}' on {} (keeping '{}'): {}",
          next,
          spec.name(),
          filter,
          e.getMessage());
    }
  }

  private void process() {
    capturedUnreported++;
    long ts = handle.timestampNanos();
    decoder.decode(handle.buffer(), 0, handle.caplen(), handle.origLen(), handle.linkType(), frame);
    flows.update(frame, handle.origLen(), ts);
    if (!ObservationMapper.mappable(frame)) {
      if (frame.error() != DecodeError.NONE) {
        malformedUnreported++;
      }
      return;
    }
    long fingerprint = PacketFingerprint.of(frame);
    SamplingPolicy current = policy.get();
    SamplingReason reason = current.decide(fingerprint, frame);
    if (reason == SamplingReason.SAMPLING_REASON_UNSPECIFIED) {
      return;
    }
    PacketObservation observation =
        ObservationMapper.observation(
            spec.point(),
            ts,
            handle.caplen(),
            handle.origLen(),
            frame,
            fingerprint,
            current.snapLength(),
            reason);
    if (reason == SamplingReason.SAMPLING_REASON_TRACE_FILTER) {
      observation =
          observation.toBuilder().setTraceFilterId(current.traceFilters().match(frame)).build();
    }
    sink.observation(observation);
  }

  private void report() {
    ObservationPoint point = spec.point();
    sink.captured(capturedUnreported);
    capturedUnreported = 0;
    if (malformedUnreported > 0) {
      sink.malformed(point, malformedUnreported);
      malformedUnreported = 0;
    }
    flows.flush(System.currentTimeMillis() * 1_000_000L, flow -> sink.flow(point, flow));
    if (flows.untracked() > untrackedReported) {
      sink.flowsUntracked(flows.untracked() - untrackedReported);
      untrackedReported = flows.untracked();
    }
    try {
      PcapStat stats = handle.stats();
      long kernel = stats.getNumPacketsDropped() - kernelDropsReported;
      long iface = stats.getNumPacketsDroppedByIf() - interfaceDropsReported;
      if (kernel > 0 || iface > 0) {
        sink.kernelDropped(point, Math.max(0, kernel), Math.max(0, iface));
        kernelDropsReported = stats.getNumPacketsDropped();
        interfaceDropsReported = stats.getNumPacketsDroppedByIf();
      }
    } catch (Exception e) {
      log.debug("no pcap stats on {}: {}", spec.name(), e.getMessage());
    }
  }

  /** Stops the loop (within one read timeout) and closes the handle on the capture thread. */
  @Override
  public void close() {
    stopping = true;
    handle.wakeUp();
    try {
      thread.join(Duration.ofSeconds(2).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn("capture thread for {} did not stop within 2 s", spec.name());
    }
  }

  boolean isTerminated() {
    return !thread.isAlive();
  }
}

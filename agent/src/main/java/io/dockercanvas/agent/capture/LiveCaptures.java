package io.dockercanvas.agent.capture;

import io.dockercanvas.agent.netns.NamespaceRunner;
import io.dockercanvas.pipeline.flow.FlowTable;
import io.dockercanvas.pipeline.observation.SamplingPolicy;
import io.dockercanvas.pipeline.stream.CaptureSink;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running captures, kept equal to the latest capture plan: points that left the plan are
 * stopped (their handles closed, so a removed namespace is not kept alive), new points are opened
 * on the thread of their namespace, and points whose filter changed get the new filter. Not
 * thread-safe: one caller (the agent's model thread) applies plans.
 */
public final class LiveCaptures implements AutoCloseable {

  /**
   * Bytes captured per frame: headers of a VXLAN packet plus what sampling and fingerprints need.
   */
  public static final int CAPTURE_SNAP_LENGTH = 1024;

  private static final Logger log = LoggerFactory.getLogger(LiveCaptures.class);
  private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(5);

  private final NamespaceRunner namespaces;
  private final Supplier<SamplingPolicy> policy;
  private final CaptureSink sink;
  private final int flowsPerPoint;
  private final Duration flowIdle;
  private final Map<String, PointCapture> running = new HashMap<>();

  public LiveCaptures(
      NamespaceRunner namespaces,
      Supplier<SamplingPolicy> policy,
      CaptureSink sink,
      int flowsPerPoint,
      Duration flowIdle) {
    this.namespaces = namespaces;
    this.policy = policy;
    this.sink = sink;
    this.flowsPerPoint = flowsPerPoint;
    this.flowIdle = flowIdle;
  }

  /**
   * Brings the running captures in line with {@code plan}; a point that cannot be opened is tried
   * next time.
   */
  public void apply(List<CapturePoint> plan, int dataPathPort) {
    Map<String, CapturePoint> wanted =
        plan.stream().collect(Collectors.toMap(CapturePoint::name, p -> p, (a, b) -> a));
    for (PointCapture capture : List.copyOf(running.values())) {
      CapturePoint next = wanted.get(capture.spec().name());
      if (next == null || !sameHandle(next, capture.spec()) || capture.isTerminated()) {
        running.remove(capture.spec().name());
        capture.close();
        log.info("stopped capture on {}", capture.spec().name());
      } else if (!next.filter().equals(capture.filter())) {
        capture.updateFilter(next.filter());
      }
    }
    for (CapturePoint point : plan) {
      if (!running.containsKey(point.name())) {
        open(point, dataPathPort);
      }
    }
  }

  private static boolean sameHandle(CapturePoint a, CapturePoint b) {
    return a.namespaceName().equals(b.namespaceName())
        && a.interfaceName().equals(b.interfaceName())
        && a.point().equals(b.point());
  }

  private void open(CapturePoint point, int dataPathPort) {
    Callable<LiveHandle> opening =
        () -> LiveHandle.open(point.interfaceName(), CAPTURE_SNAP_LENGTH, point.filter());
    CompletableFuture<LiveHandle> inNamespace = null;
    try {
      LiveHandle handle;
      if (point.inHostNamespace()) {
        handle = opening.call();
      } else {
        inNamespace = namespaces.runIn(point.namespaceName(), opening);
        handle = inNamespace.get(OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
      PointCapture capture =
          new PointCapture(
                  point, handle, dataPathPort, policy, sink, new FlowTable(flowsPerPoint, flowIdle))
              .start();
      running.put(point.name(), capture);
      log.info(
          "capturing on {} ({} in {}) filter '{}'",
          point.name(),
          point.interfaceName(),
          point.inHostNamespace() ? "the host namespace" : point.namespaceName(),
          point.filter());
    } catch (Exception e) {
      if (inNamespace
          != null) { // a handle opened after we stopped waiting would leak: close it then
        inNamespace.whenComplete(
            (late, error) -> {
              if (late != null) {
                late.close();
              }
            });
      }
      log.warn("cannot capture on {} yet: {}", point.name(), e.getMessage());
    }
  }

  /** Names of the points being captured. */
  public Set<String> points() {
    return Set.copyOf(running.keySet());
  }

  /** Stops every capture. */
  @Override
  public void close() {
    running.values().forEach(PointCapture::close);
    running.clear();
  }
}

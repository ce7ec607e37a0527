package io.dockercanvas.agent.capture;

import io.dockercanvas.agent.netns.NamespaceThread;
import io.dockercanvas.agent.netns.NamespaceUnavailableException;
import io.dockercanvas.pipeline.flow.FlowSummary;
import io.dockercanvas.pipeline.flow.FlowTable;
import io.dockercanvas.pipeline.observation.SamplingPolicy;
import io.dockercanvas.pipeline.stream.CaptureSink;
import io.dockercanvas.proto.v1.ObservationPoint;
import io.dockercanvas.proto.v1.PacketObservation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's live capture path, measured on its own: the handle opened on a thread inside the
 * namespace, and the same {@link PointCapture} loop the agent runs (read into the reused buffer,
 * decode, fingerprint, flow table, sampling), with a sink that only counts. For the benchmark
 * against tcpdump on the same interface ({@code agent/bench/capture-vs-tcpdump.sh}).
 */
public final class CaptureBench {

  /**
   * What one run saw: frames the loop processed, and what the kernel dropped before the loop read
   * it.
   */
  public record Result(long captured, long kernelDropped, long observations, double seconds) {}

  private CaptureBench() {}

  /**
   * Captures on {@code interfaceName} for {@code duration}.
   *
   * @param namespaceFile the namespace's nsfs file (e.g. /run/netns/NAME), or null for the caller's
   *     own
   * @param policy what the loop keeps as observations (the deployed policy unless asked otherwise)
   * @param capturing told once the handle is open and the loop runs
   * @param stop ends the run before {@code duration} when counted down
   */
  public static Result run(
      Path namespaceFile,
      String interfaceName,
      String filter,
      Duration duration,
      SamplingPolicy policy,
      Runnable capturing,
      CountDownLatch stop)
      throws Exception {
    CountingSink sink = new CountingSink();
    LiveHandle handle;
    if (namespaceFile == null) {
      handle = LiveHandle.open(interfaceName, LiveCaptures.CAPTURE_SNAP_LENGTH, filter);
    } else {
      try (NamespaceThread namespace =
          NamespaceThread.start(namespaceFile, Duration.ofSeconds(5))) {
        handle =
            namespace
                .submit(
                    () -> LiveHandle.open(interfaceName, LiveCaptures.CAPTURE_SNAP_LENGTH, filter))
                .get(10, TimeUnit.SECONDS);
      } catch (NamespaceUnavailableException e) {
        throw new IllegalArgumentException(
            "cannot enter " + namespaceFile + ": " + e.getMessage(), e);
      }
    }
    CapturePoint point =
        new CapturePoint(
            "",
            interfaceName,
            filter,
            ObservationPoint.newBuilder().setName(interfaceName).build());
    long start = System.nanoTime();
    PointCapture capture =
        new PointCapture(
                point,
                handle,
                4789,
                () -> policy,
                sink,
                new FlowTable(16384, Duration.ofSeconds(30)))
            .start();
    capturing.run();
    stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    capture.close(); // stops the loop after a last report (its counts) and closes the handle
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(
        sink.captured.sum(), sink.kernelDropped.sum(), sink.observations.sum(), seconds);
  }

  private static final class CountingSink implements CaptureSink {
    final LongAdder captured = new LongAdder();
    final LongAdder kernelDropped = new LongAdder();
    final LongAdder observations = new LongAdder();

    @Override
    public boolean observation(PacketObservation observation) {
      observations.increment();
      return true;
    }

    @Override
    public void flow(ObservationPoint point, FlowSummary flow) {}

    @Override
    public void captured(long frames) {
      captured.add(frames);
    }

    @Override
    public void kernelDropped(ObservationPoint point, long dropped, long droppedByInterface) {
      kernelDropped.add(dropped + droppedByInterface);
    }

    @Override
    public void malformed(ObservationPoint point, long frames) {}

    @Override
    public void flowsUntracked(long flows) {}
  }
}

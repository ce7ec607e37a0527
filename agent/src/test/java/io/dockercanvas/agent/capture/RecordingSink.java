package io.dockercanvas.agent.capture;

import io.dockercanvas.pipeline.flow.FlowSummary;
import io.dockercanvas.pipeline.stream.CaptureSink;
import io.dockercanvas.proto.v1.ObservationPoint;
import io.dockercanvas.proto.v1.PacketObservation;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A capture sink that keeps everything, for tests. */
final class RecordingSink implements CaptureSink {

  final List<PacketObservation> observations = new CopyOnWriteArrayList<>();
  final List<FlowSummary> flows = new CopyOnWriteArrayList<>();
  final AtomicLong captured = new AtomicLong();
  final AtomicLong malformed = new AtomicLong();

  @Override
  public boolean observation(PacketObservation observation) {
    observations.add(observation);
    return true;
  }

  @Override
  public void flow(ObservationPoint point, FlowSummary flow) {
    flows.add(flow);
  }

  @Override
  public void captured(long frames) {
    captured.addAndGet(frames);
  }

  @Override
  public void kernelDropped(ObservationPoint point, long dropped, long droppedByInterface) {}

  @Override
  public void malformed(ObservationPoint point, long frames) {
    malformed.addAndGet(frames);
  }

  @Override
  public void flowsUntracked(long flows) {}

  List<PacketObservation> at(String point) {
    return observations.stream().filter(o -> o.getPoint().getName().equals(point)).toList();
  }
}

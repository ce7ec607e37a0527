package io.dockercanvas.pipeline.stream;

import com.google.protobuf.Timestamp;
import io.dockercanvas.pipeline.flow.FlowSummary;
import io.dockercanvas.pipeline.observation.AddressText;
import io.dockercanvas.proto.v1.FlowRecord;
import io.dockercanvas.proto.v1.LostEvent;
import io.dockercanvas.proto.v1.LostEventSource;
import io.dockercanvas.proto.v1.LostReason;
import io.dockercanvas.proto.v1.ObservationPoint;
import io.dockercanvas.proto.v1.PacketObservation;
import io.dockercanvas.proto.v1.Protocol;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded queues between the capture threads and the collector stream. Capture threads never
 * block: when a queue is full the item is dropped and counted, and the count goes to the collector
 * as a lost event (observations) or in the batch totals (flow updates, which the next update
 * heals).
 */
public final class ExportBuffer implements CaptureSink {

  private final String nodeId;
  private final BlockingQueue<PacketObservation> observations;
  private final BlockingQueue<FlowRecord> flows;
  private static final int LOST_CAPACITY = 1024;

  private final BlockingQueue<LostEvent> lost = new ArrayBlockingQueue<>(LOST_CAPACITY);
  final AtomicLong captured = new AtomicLong();
  final AtomicLong sampled = new AtomicLong();
  final AtomicLong observationsDropped = new AtomicLong();
  final AtomicLong flowUpdatesDropped = new AtomicLong();
  final AtomicLong flowsUntracked = new AtomicLong();
  final AtomicLong lostEventsDropped = new AtomicLong();
  private final AtomicLong droppedUnreported = new AtomicLong();
  private final AtomicLong lostUnqueued =
      new AtomicLong(); // counts of lost events that found their queue full

  public ExportBuffer(String nodeId, int capacity) {
    this.nodeId = nodeId;
    this.observations = new ArrayBlockingQueue<>(capacity);
    this.flows = new ArrayBlockingQueue<>(capacity);
  }

  @Override
  public boolean observation(PacketObservation observation) {
    sampled.incrementAndGet();
    if (observations.offer(observation)) {
      return true;
    }
    observationsDropped.incrementAndGet();
    droppedUnreported.incrementAndGet();
    return false;
  }

  @Override
  public void flow(ObservationPoint point, FlowSummary flow) {
    if (!flows.offer(FlowMapper.record(point, flow))) {
      flowUpdatesDropped.incrementAndGet();
    }
  }

  @Override
  public void captured(long frames) {
    captured.addAndGet(frames);
  }

  @Override
  public void kernelDropped(ObservationPoint point, long dropped, long droppedByInterface) {
    if (dropped > 0) {
      lost(
          LostEventSource.LOST_EVENT_SOURCE_AGENT_CAPTURE,
          LostReason.LOST_REASON_KERNEL_DROP,
          point,
          dropped,
          "packets the kernel dropped before the agent read them");
    }
    if (droppedByInterface > 0) {
      lost(
          LostEventSource.LOST_EVENT_SOURCE_AGENT_CAPTURE,
          LostReason.LOST_REASON_INTERFACE_DROP,
          point,
          droppedByInterface,
          "packets the interface dropped");
    }
  }

  @Override
  public void malformed(ObservationPoint point, long frames) {
    lost(
        LostEventSource.LOST_EVENT_SOURCE_AGENT_DECODE,
        LostReason.LOST_REASON_MALFORMED,
        point,
        frames,
        "frames that did not decode (truncated or malformed)");
  }

  @Override
  public void flowsUntracked(long count) {
    flowsUntracked.addAndGet(count);
  }

  /** A loss found by the export side (batches dropped while disconnected). */
  void lost(
      LostEventSource source,
      LostReason reason,
      ObservationPoint point,
      long count,
      String detail) {
    Timestamp now = now();
    LostEvent.Builder event =
        LostEvent.newBuilder()
            .setSource(source)
            .setReason(reason)
            .setNodeId(nodeId)
            .setCount(count)
            .setFirst(now)
            .setLast(now)
            .setDetail(detail);
    if (point != null) {
      event.setPoint(point);
    }
    if (!lost.offer(event.build())) {
      lostEventsDropped.incrementAndGet();
      lostUnqueued.addAndGet(
          count); // still reported, merged into one event, so no count goes missing
    }
  }

  /** Observation-queue drops since the last call, as a lost event (or null). */
  LostEvent takeQueueLoss() {
    long dropped = droppedUnreported.getAndSet(0);
    if (dropped == 0) {
      return null;
    }
    Timestamp now = now();
    return LostEvent.newBuilder()
        .setSource(LostEventSource.LOST_EVENT_SOURCE_AGENT_QUEUE)
        .setReason(LostReason.LOST_REASON_QUEUE_FULL)
        .setNodeId(nodeId)
        .setCount(dropped)
        .setFirst(now)
        .setLast(now)
        .setDetail(
            "observation queue full (capacity "
                + (observations.size() + observations.remainingCapacity())
                + ")")
        .build();
  }

  int queuedObservations() {
    return observations.size();
  }

  int drainObservations(List<PacketObservation> into, int max) {
    return observations.drainTo(into, max);
  }

  int drainFlows(List<FlowRecord> into, int max) {
    return flows.drainTo(into, max);
  }

  int drainLost(List<LostEvent> into) {
    int drained = lost.drainTo(into);
    long unqueued = lostUnqueued.getAndSet(0);
    if (unqueued > 0) {
      Timestamp now = now();
      into.add(
          LostEvent.newBuilder()
              .setSource(LostEventSource.LOST_EVENT_SOURCE_AGENT_QUEUE)
              .setReason(LostReason.LOST_REASON_QUEUE_FULL)
              .setNodeId(nodeId)
              .setCount(unqueued)
              .setFirst(now)
              .setLast(now)
              .setDetail(
                  "losses of several kinds merged: the lost-event queue ("
                      + LOST_CAPACITY
                      + ") was full")
              .build());
      drained++;
    }
    return drained;
  }

  private static Timestamp now() {
    Instant now = Instant.now();
    return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
  }

  /** The flow table's summary as the contract's record. */
  static final class FlowMapper {
    private FlowMapper() {}

    static FlowRecord record(ObservationPoint point, FlowSummary f) {
      FlowRecord.Builder r =
          FlowRecord.newBuilder()
              .setPoint(point)
              .setSrcIp(AddressText.ip(f.source(), 0, f.ipVersion()))
              .setDstIp(AddressText.ip(f.destination(), 0, f.ipVersion()))
              .setSrcPort(f.sourcePort())
              .setDstPort(f.destinationPort())
              .setProtocolValue(f.protocol())
              .setVni(f.vni())
              .setPackets(f.packets())
              .setBytes(f.bytes())
              .setFirstSeenNs(f.firstSeenNanos())
              .setLastSeenNs(f.lastSeenNanos())
              .setTcpFlagsSeen(f.tcpFlagsSeen())
              .setEnded(f.ended());
      if (f.outerSource().length == 4) {
        r.setOuterSrcIp(AddressText.ipv4(f.outerSource(), 0))
            .setOuterDstIp(AddressText.ipv4(f.outerDestination(), 0));
      }
      if (Protocol.forNumber(f.protocol()) == null) {
        r.setProtocol(Protocol.PROTOCOL_UNSPECIFIED);
      }
      return r.build();
    }
  }
}

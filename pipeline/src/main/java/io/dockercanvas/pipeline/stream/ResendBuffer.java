package io.dockercanvas.pipeline.stream;

import io.dockercanvas.proto.v1.AgentMessage;
import io.dockercanvas.proto.v1.LostEventSource;
import io.dockercanvas.proto.v1.LostReason;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The numbered batches kept until the collector acknowledges them, so that a reconnect can resend
 * what the collector's HelloAck says it lacks. Holds at most {@code capacity} batches: beyond, the
 * oldest is dropped and reported lost in the {@link ExportBuffer} at once if it was never sent, or,
 * if it was sent, when an Ack or HelloAck shows that it did not arrive. Keeps the count of
 * observations delivered, so {@link #totals()} can say what became of each one. Thread-safe; every
 * method holds this object's monitor.
 */
final class ResendBuffer {

  private static final int MAX_DROPS_IN_FLIGHT =
      100_000; // 32 bytes each; beyond, the oldest counts as lost

  /** A batch no longer held for resending. */
  private record Drop(long sequence, boolean observations, long count) {}

  private final ExportBuffer buffer;
  private final int capacity;
  private final Deque<AgentMessage> unacked = new ArrayDeque<>();
  private final Deque<Drop> droppedInFlight =
      new ArrayDeque<>(); // dropped after the current stream sent them
  private long
      sentOnThisStream; // the highest sequence the current stream sent (or its resume point)
  private long delivered; // observations in batches the collector acknowledged
  private long deliveredOnThisStream;

  ResendBuffer(ExportBuffer buffer, int capacity) {
    this.buffer = buffer;
    this.capacity = capacity;
  }

  /**
   * Keeps a new batch (the next sequence); drops the oldest when more than {@code capacity} are
   * kept.
   */
  synchronized void add(AgentMessage batch) {
    unacked.addLast(batch);
    if (unacked.size() <= capacity) {
      return;
    }
    AgentMessage dropped = unacked.removeFirst();
    Drop drop =
        new Drop(
            sequenceOf(dropped),
            dropped.hasObservationBatch(),
            dropped.hasObservationBatch()
                ? dropped.getObservationBatch().getObservationsCount()
                : dropped.getFlowUpdateBatch().getFlowsCount());
    if (drop.sequence() > sentOnThisStream) {
      reportLost(drop, "dropped unacknowledged");
    } else {
      // sent and maybe delivered: its ack, or the next HelloAck, tells whether it was lost
      droppedInFlight.addLast(drop);
      if (droppedInFlight.size() > MAX_DROPS_IN_FLIGHT) {
        reportLost(droppedInFlight.removeFirst(), "sent but never acknowledged");
      }
    }
  }

  /**
   * A new stream's HelloAck: the collector holds everything up to {@code arrivedUpTo}. What an
   * earlier stream sent beyond it is resent if still kept; if already dropped, it is lost (a stream
   * is in order).
   */
  synchronized void resume(long arrivedUpTo) {
    while (!unacked.isEmpty() && sequenceOf(unacked.peekFirst()) <= arrivedUpTo) {
      delivered += observationsIn(unacked.removeFirst());
    }
    deliveredOnThisStream = 0;
    sentOnThisStream = arrivedUpTo;
    while (!droppedInFlight.isEmpty()) {
      Drop drop = droppedInFlight.removeFirst();
      if (drop.sequence() > arrivedUpTo) {
        reportLost(drop, "sent on a stream that broke before it arrived");
      } else if (drop.observations()) {
        delivered += drop.count();
      }
    }
  }

  /**
   * The kept batches after {@code sequence}, oldest first: what is still to be sent on this stream.
   */
  synchronized List<AgentMessage> after(long sequence) {
    return unacked.stream().filter(m -> sequenceOf(m) > sequence).toList();
  }

  /** The current stream has sent everything up to {@code sequence}. */
  synchronized void sent(long sequence) {
    sentOnThisStream = Math.max(sentOnThisStream, sequence);
  }

  /** The collector acknowledged everything up to {@code upTo}. */
  synchronized void acked(long upTo) {
    long before = delivered;
    while (!droppedInFlight.isEmpty() && droppedInFlight.peekFirst().sequence() <= upTo) {
      Drop drop = droppedInFlight.removeFirst();
      delivered += drop.observations() ? drop.count() : 0;
    }
    while (!unacked.isEmpty() && sequenceOf(unacked.peekFirst()) <= upTo) {
      delivered += observationsIn(unacked.removeFirst());
    }
    deliveredOnThisStream += delivered - before;
  }

  /**
   * The agent's account of its observations: the export queue's, this buffer's and what was
   * delivered.
   */
  synchronized ExportTotals totals() {
    long held = buffer.queuedObservations();
    for (AgentMessage batch : unacked) {
      held += observationsIn(batch);
    }
    for (Drop drop : droppedInFlight) {
      held += drop.observations() ? drop.count() : 0;
    }
    return new ExportTotals(
        buffer.sampled.get(),
        delivered,
        deliveredOnThisStream,
        buffer.observationsDropped.get(),
        held);
  }

  private void reportLost(Drop drop, String what) {
    if (drop.observations()) {
      buffer.observationsDropped.addAndGet(drop.count());
    }
    buffer.lost(
        LostEventSource.LOST_EVENT_SOURCE_AGENT_EXPORT,
        LostReason.LOST_REASON_DISCONNECTED,
        null,
        drop.count(),
        "batch "
            + drop.sequence()
            + " "
            + what
            + " (resend buffer holds "
            + capacity
            + " batches)");
  }

  private static long observationsIn(AgentMessage batch) {
    return batch.hasObservationBatch() ? batch.getObservationBatch().getObservationsCount() : 0;
  }

  static long sequenceOf(AgentMessage batch) {
    return batch.hasObservationBatch()
        ? batch.getObservationBatch().getSequence()
        : batch.getFlowUpdateBatch().getSequence();
  }
}

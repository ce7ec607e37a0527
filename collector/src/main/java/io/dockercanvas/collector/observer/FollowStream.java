package io.dockercanvas.collector.observer;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The live part of a followed stream. New items wait in a bounded queue and go out as fast as the
 * client reads (gRPC readiness); when the queue is full, items are counted and the client gets one
 * lost-events message with the count where the gap is, instead of the collector buffering without
 * bound. Store items carry their sequence so those already sent with the stored part are not sent
 * twice.
 */
final class FollowStream<R> {

  private static final long NOT_STORED = -1;

  private final ServerCallStreamObserver<R> out;
  private final int capacity;
  private final LongFunction<R> lostMessage;
  private final ArrayDeque<Entry<R>> queue = new ArrayDeque<>();
  private final List<Runnable> unsubscribes = new ArrayList<>();
  private boolean live;
  private boolean closed;
  private long skipThrough;
  private long dropped; // lost since the last queued entry: reported just before the next one

  FollowStream(ServerCallStreamObserver<R> out, int capacity, LongFunction<R> lostMessage) {
    this.out = out;
    this.capacity = capacity;
    this.lostMessage = lostMessage;
    out.setOnReadyHandler(this::drain);
    out.setOnCancelHandler(this::close);
  }

  synchronized void onClose(Runnable unsubscribe) {
    if (closed) {
      unsubscribe.run();
    } else {
      unsubscribes.add(unsubscribe);
    }
  }

  /** A new store item with its sequence. */
  void offerStored(long sequence, R response) {
    offer(new Entry<>(sequence, response, 0));
  }

  /** Something not from a store (lost events, agent connection changes). */
  void offer(R response) {
    offer(new Entry<>(NOT_STORED, response, 0));
  }

  /** Sends a stored item now, before the live part starts. */
  synchronized void sendStored(R response) {
    if (!closed) {
      out.onNext(response);
    }
  }

  /**
   * Starts the live part; store items with a sequence up to {@code sentThrough} were already sent.
   */
  synchronized void goLive(long sentThrough) {
    live = true;
    skipThrough = sentThrough;
    drainLocked();
  }

  synchronized long dropped() {
    return dropped;
  }

  private synchronized void offer(Entry<R> entry) {
    if (closed) {
      return;
    }
    drainLocked(); // make room first if the client has caught up
    if (queue.size() >= capacity) {
      dropped++;
      return;
    }
    queue.add(new Entry<>(entry.sequence, entry.response, dropped));
    dropped = 0;
    drainLocked();
  }

  private synchronized void drain() {
    drainLocked();
  }

  private void drainLocked() {
    if (!live || closed) {
      return;
    }
    while (out.isReady() && !queue.isEmpty()) {
      Entry<R> entry = queue.poll();
      if (entry.lostBefore > 0) {
        out.onNext(lostMessage.apply(entry.lostBefore));
      }
      if (entry.sequence == NOT_STORED || entry.sequence > skipThrough) {
        out.onNext(entry.response);
      }
    }
    if (out.isReady() && queue.isEmpty() && dropped > 0) {
      out.onNext(lostMessage.apply(dropped));
      dropped = 0;
    }
  }

  private synchronized void close() {
    closed = true;
    queue.clear();
    unsubscribes.forEach(Runnable::run);
    unsubscribes.clear();
  }

  private record Entry<R>(long sequence, R response, long lostBefore) {}
}

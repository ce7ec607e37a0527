package io.dockercanvas.collector.bench;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps the simulated agents within {@code slack} journeys of each other. Real agents capture one
 * packet's hops within microseconds; free-running benchmark threads on a starved machine drift
 * seconds apart, and the two halves of a journey would then arrive further apart than the stitching
 * window and never join.
 */
final class Lockstep {

  private final AtomicLongArray sentUpTo;
  private final long slack;

  Lockstep(int agents, long slack) {
    this.sentUpTo = new AtomicLongArray(agents);
    this.slack = slack;
  }

  /**
   * Waits until a batch reaching journey {@code k} is no more than the slack ahead of every other
   * agent.
   */
  void awaitTurn(int agent, long k) {
    while (k > slowestOther(agent) + slack) {
      LockSupport.parkNanos(200_000);
    }
  }

  void sent(int agent, long k) {
    sentUpTo.set(agent, k);
  }

  void finished(int agent) {
    sentUpTo.set(agent, Long.MAX_VALUE / 2);
  }

  private long slowestOther(int agent) {
    long min = Long.MAX_VALUE / 2;
    for (int i = 0; i < sentUpTo.length(); i++) {
      if (i != agent) {
        min = Math.min(min, sentUpTo.get(i));
      }
    }
    return min;
  }
}

package io.dockercanvas.pipeline.stream;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link StreamClock} whose time moves only when something sleeps on it, by exactly the time
 * slept, while the real wait is 40 times shorter: backoffs can be checked to the millisecond, and
 * quickly. A test can also {@link #hold()} whoever sleeps next, to act while the stream waits
 * between two pumps.
 */
final class FastClock implements StreamClock {

  private final AtomicLong nanos = new AtomicLong();
  private boolean held; // guarded by this
  private int waiting; // guarded by this: sleepers kept by the hold

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public void sleep(long millis) throws InterruptedException {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    Thread.sleep(Math.max(1, millis / 40));
    synchronized (this) {
      waiting++;
      try {
        while (held) {
          wait();
        }
      } finally {
        waiting--;
      }
    }
  }

  /** Keeps whoever sleeps from now on asleep until {@link #release()}. */
  synchronized void hold() {
    held = true;
  }

  /** Whether someone is asleep because of the hold. */
  synchronized boolean holding() {
    return held && waiting > 0;
  }

  synchronized void release() {
    held = false;
    notifyAll();
  }
}

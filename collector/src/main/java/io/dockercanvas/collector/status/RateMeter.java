package io.dockercanvas.collector.status;

import java.util.function.LongSupplier;

/** Events per second over the last few whole seconds, in one-second buckets. Thread-safe. */
public final class RateMeter {

  private static final int SECONDS = 5;
  private final long[] buckets = new long[SECONDS + 1];
  private final LongSupplier nanoClock;
  private long currentSecond;

  public RateMeter(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.currentSecond = second();
  }

  public static RateMeter system() {
    return new RateMeter(System::nanoTime);
  }

  public synchronized void add(long count) {
    roll();
    buckets[(int) (currentSecond % buckets.length)] += count;
  }

  /** Average over the last full seconds (the running second is left out: it is not over yet). */
  public synchronized double perSecond() {
    roll();
    long sum = 0;
    for (int i = 1; i <= SECONDS; i++) {
      sum +=
          buckets[(int) ((currentSecond - i) % buckets.length + buckets.length) % buckets.length];
    }
    return sum / (double) SECONDS;
  }

  private void roll() {
    long now = second();
    long steps = Math.min(now - currentSecond, buckets.length);
    for (long i = 1; i <= steps; i++) {
      buckets[(int) ((currentSecond + i) % buckets.length)] = 0;
    }
    currentSecond = Math.max(currentSecond, now);
  }

  private long second() {
    return nanoClock.getAsLong() / 1_000_000_000L;
  }
}

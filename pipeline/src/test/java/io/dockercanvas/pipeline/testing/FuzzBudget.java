package io.dockercanvas.pipeline.testing;

import java.util.SplittableRandom;

/**
 * How long a seeded mutation fuzz loop runs: a fixed number of executions in the normal build (the
 * same inputs every run, so a failure reproduces), or {@code -Dfuzz.seconds=N} for a long run,
 * {@code -Dfuzz.seed=S} for other inputs. A failure message carries the seed and the execution
 * number.
 */
public final class FuzzBudget {

  private final long executions;
  private final long deadlineNanos;
  private final long seed;
  private long done;

  private FuzzBudget(long executions, long deadlineNanos, long seed) {
    this.executions = executions;
    this.deadlineNanos = deadlineNanos;
    this.seed = seed;
  }

  /** The budget from system properties, {@code defaultExecutions} when no time is given. */
  public static FuzzBudget fromProperties(long defaultExecutions) {
    long seed = Long.getLong("fuzz.seed", 20261127L);
    long seconds = Long.getLong("fuzz.seconds", 0L);
    if (seconds > 0) {
      return new FuzzBudget(Long.MAX_VALUE, System.nanoTime() + seconds * 1_000_000_000L, seed);
    }
    return new FuzzBudget(Long.getLong("fuzz.executions", defaultExecutions), Long.MAX_VALUE, seed);
  }

  public SplittableRandom random() {
    return new SplittableRandom(seed);
  }

  /**
   * Counts one execution; false when the budget is spent (time is checked every 4096 executions).
   */
  public boolean another() {
    if (done >= executions) {
      return false;
    }
    if ((done & 4095) == 0
        && deadlineNanos != Long.MAX_VALUE
        && System.nanoTime() > deadlineNanos) {
      return false;
    }
    done++;
    return true;
  }

  public long done() {
    return done;
  }

  public String where() {
    return "seed " + seed + ", execution " + done;
  }
}

package io.dockercanvas.testing;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Polls a condition every half second until it holds, for checks on processes and the lab outside
 * the JVM.
 */
public final class Poll {

  private Poll() {}

  /** A condition polled until it holds. */
  public interface Check {
    boolean holds() throws Exception;
  }

  public static void until(Duration timeout, String what, Check check) throws Exception {
    until(timeout, () -> what, check);
  }

  /** As above, the failure message made when it fails (to show the last state seen). */
  public static void until(Duration timeout, Supplier<String> what, Check check) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what.get());
      }
      Thread.sleep(500);
    }
  }
}

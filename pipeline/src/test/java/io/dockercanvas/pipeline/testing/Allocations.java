package io.dockercanvas.pipeline.testing;

import java.lang.management.ManagementFactory;

/**
 * Bytes the current thread allocates while some code runs, from HotSpot's per-thread counter. Warm
 * the code up first (class loading and compilation allocate), and run it many times so that a
 * per-call allocation shows far above the few hundred bytes the measurement itself may cost.
 */
public final class Allocations {

  /** Code to measure; may throw, as writers do. */
  public interface Work {
    void run() throws Exception;
  }

  private Allocations() {}

  public static long allocatedBy(Work work) throws Exception {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    work.run();
    return threads.getThreadAllocatedBytes(thread) - before;
  }
}

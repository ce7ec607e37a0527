package io.dockercanvas.collector.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Heap during a phase: the peak of used heap (sum of the heap pools' peaks) and the most heap still
 * used right after a collection (what survives: stores, open windows, buffers), from GC
 * notifications.
 */
final class HeapWatch implements AutoCloseable {

  private final List<Runnable> removals = new ArrayList<>();
  private volatile long maxAfterGc;
  private volatile long collections;

  HeapWatch() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    NotificationListener listener =
        (notification, handback) -> {
          if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
              notification.getType())) {
            return;
          }
          var info =
              GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
          long used =
              info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                  .mapToLong(MemoryUsage::getUsed)
                  .sum();
          collections++;
          maxAfterGc = Math.max(maxAfterGc, heapOnly(used, info));
        };
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      NotificationEmitter emitter = (NotificationEmitter) gc;
      emitter.addNotificationListener(listener, null, null);
      removals.add(
          () -> {
            try {
              emitter.removeNotificationListener(listener);
            } catch (Exception ignored) {
              // already removed
            }
          });
    }
  }

  long peakUsedBytes() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed())
        .sum();
  }

  long maxUsedAfterGcBytes() {
    return maxAfterGc;
  }

  long collections() {
    return collections;
  }

  /** Heap used after a full collection now (what the collector retains at rest). */
  static long usedAfterFullGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static long maxHeapBytes() {
    return Runtime.getRuntime().maxMemory();
  }

  @Override
  public void close() {
    removals.forEach(Runnable::run);
  }

  /** The notification's after-GC usage covers all pools; keep only the heap's. */
  private static long heapOnly(long allPools, GarbageCollectionNotificationInfo info) {
    long nonHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.NON_HEAP) {
        MemoryUsage u = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
        nonHeap += u == null ? 0 : u.getUsed();
      }
    }
    return allPools - nonHeap;
  }
}

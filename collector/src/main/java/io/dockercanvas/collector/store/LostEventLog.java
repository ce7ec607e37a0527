package io.dockercanvas.collector.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Every lost event since start: totals overall and per node, and the latest events for the streams. */
public final class LostEventLog {

  private final RingStore<LostEvent> recent;
  private final AtomicLong total = new AtomicLong();
  private final Map<String, LongAdder> byNode = new ConcurrentHashMap<>();

  public LostEventLog(int capacity) {
    this.recent = new RingStore<>(capacity);
  }

  public void record(LostEvent event) {
    if (event.count() <= 0) {
      return;
    }
    total.addAndGet(event.count());
    if (!event.node().isEmpty()) {
      byNode.computeIfAbsent(event.node(), n -> new LongAdder()).add(event.count());
    }
    recent.add(event);
  }

  /** Sum of all counts since start. */
  public long total() {
    return total.get();
  }

  public long totalFor(String node) {
    LongAdder adder = byNode.get(node);
    return adder == null ? 0 : adder.sum();
  }

  /** The latest events, and a way to hear of new ones. */
  public RingStore<LostEvent> events() {
    return recent;
  }
}

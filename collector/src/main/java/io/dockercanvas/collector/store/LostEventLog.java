package io.dockercanvas.collector.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every lost event since start: totals overall and per node, and the latest events for the streams.
 * The totals sum the counts of observations, or of what never became one (packets the kernel
 * dropped, frames that did not decode), and of flow records where a flow batch was lost. Sequence
 * gaps count batches ({@link LostEvent#countsBatches()}) and are totalled apart.
 */
public final class LostEventLog {

  private final RingStore<LostEvent> recent;
  private final AtomicLong total = new AtomicLong();
  private final Map<String, LongAdder> byNode = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> batchesByNode = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> kernelDropsByNode = new ConcurrentHashMap<>();

  public LostEventLog(int capacity) {
    this.recent = new RingStore<>(capacity);
  }

  public void record(LostEvent event) {
    if (event.count() <= 0) {
      return;
    }
    if (event.countsBatches()) {
      batchesByNode.computeIfAbsent(event.node(), n -> new LongAdder()).add(event.count());
    } else {
      total.addAndGet(event.count());
      if (!event.node().isEmpty()) {
        byNode.computeIfAbsent(event.node(), n -> new LongAdder()).add(event.count());
      }
      if (event.reason() == LostEvent.Reason.KERNEL_DROP) {
        kernelDropsByNode.computeIfAbsent(event.node(), n -> new LongAdder()).add(event.count());
      }
    }
    recent.add(event);
  }

  /** Packets this node's captures dropped in the kernel since start (libpcap ps_drop). */
  public long kernelDropsFor(String node) {
    return sum(kernelDropsByNode, node);
  }

  /** The sum of the counts of every event but sequence gaps since start. */
  public long total() {
    return total.get();
  }

  /** The same for one node's events. */
  public long totalFor(String node) {
    return sum(byNode, node);
  }

  /** Batches missing from this node's agent streams since start (sequence gaps). */
  public long batchesMissingFor(String node) {
    return sum(batchesByNode, node);
  }

  /** Batches missing from every agent's streams since start. */
  public long batchesMissing() {
    return batchesByNode.values().stream().mapToLong(LongAdder::sum).sum();
  }

  private static long sum(Map<String, LongAdder> counts, String node) {
    LongAdder adder = counts.get(node);
    return adder == null ? 0 : adder.sum();
  }

  /** The latest events, and a way to hear of new ones. */
  public RingStore<LostEvent> events() {
    return recent;
  }
}

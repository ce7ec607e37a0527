package io.dockercanvas.collector.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Events some stage lost instead of delivering: reported by agents, or counted by the collector
 * itself (sequence gaps, malformed observations, slow stream readers). Never silent.
 *
 * @param node the agent's node; empty for collector stages
 * @param point the observation point, where the loss is per point; empty otherwise
 */
public record LostEvent(
    Source source,
    Reason reason,
    String node,
    String point,
    long count,
    Instant first,
    Instant last,
    String detail) {

  /** Mirrors the contract's LostEventSource. */
  public enum Source {
    UNSPECIFIED,
    AGENT_CAPTURE,
    AGENT_DECODE,
    AGENT_QUEUE,
    AGENT_EXPORT,
    COLLECTOR_INGEST,
    COLLECTOR_STITCHER,
    OBSERVER_STREAM
  }

  /** Mirrors the contract's LostReason. */
  public enum Reason {
    UNSPECIFIED,
    QUEUE_FULL,
    KERNEL_DROP,
    INTERFACE_DROP,
    MALFORMED,
    DISCONNECTED,
    SLOW_CONSUMER,
    SEQUENCE_GAP
  }

  public LostEvent {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(reason, "reason");
    node = node == null ? "" : node;
    point = point == null ? "" : point;
    detail = detail == null ? "" : detail;
    first = first == null ? Instant.EPOCH : first;
    last = last == null ? first : last;
  }

  /**
   * Whether {@link #count()} counts batches rather than observations: a sequence gap is the batches
   * missing from an agent's stream. Their observations are not known here (a gap may hold flow
   * batches too), and the agent reports the observations of batches it dropped itself, so a gap is
   * never converted or added to the observation totals.
   */
  public boolean countsBatches() {
    return reason == Reason.SEQUENCE_GAP;
  }

  /** A loss the collector noticed just now. */
  public static LostEvent now(
      Source source, Reason reason, String node, long count, String detail) {
    Instant now = Instant.now();
    return new LostEvent(source, reason, node, "", count, now, now, detail);
  }
}

package io.dockercanvas.collector.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LostEventLogTest {

  private final LostEventLog log = new LostEventLog(16);

  @Test
  void record_sequenceGap_countedInBatchesApartFromTheTotals() {
    log.record(
        LostEvent.now(
            LostEvent.Source.AGENT_EXPORT,
            LostEvent.Reason.DISCONNECTED,
            "node1",
            3000,
            "batches 5..7 dropped"));
    log.record(
        LostEvent.now(
            LostEvent.Source.COLLECTOR_INGEST,
            LostEvent.Reason.SEQUENCE_GAP,
            "node1",
            3,
            "batches 5..7 never arrived"));
    log.record(
        LostEvent.now(
            LostEvent.Source.COLLECTOR_STITCHER,
            LostEvent.Reason.QUEUE_FULL,
            "",
            10,
            "window full"));

    assertThat(log.totalFor("node1")).isEqualTo(3000);
    assertThat(log.total()).isEqualTo(3010);
    assertThat(log.batchesMissingFor("node1")).isEqualTo(3);
    assertThat(log.batchesMissingFor("node2")).isZero();
    assertThat(log.batchesMissing()).isEqualTo(3);
    assertThat(log.events().find(e -> e.reason() == LostEvent.Reason.SEQUENCE_GAP)).isPresent();
  }
}

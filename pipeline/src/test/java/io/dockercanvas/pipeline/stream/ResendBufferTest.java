package io.dockercanvas.pipeline.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.proto.v1.AgentMessage;
import io.dockercanvas.proto.v1.FlowRecord;
import io.dockercanvas.proto.v1.FlowUpdateBatch;
import io.dockercanvas.proto.v1.LostEvent;
import io.dockercanvas.proto.v1.LostEventSource;
import io.dockercanvas.proto.v1.ObservationBatch;
import io.dockercanvas.proto.v1.PacketObservation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Batches of ten observations each, offered to the export buffer first so that the totals add up.
 */
class ResendBufferTest {

  private final ExportBuffer exportBuffer = new ExportBuffer("node1", 1000);
  private final ResendBuffer resend = new ResendBuffer(exportBuffer, 2);
  private long sequence;

  @AfterEach
  void everyObservationDeliveredLostOrPending() {
    ExportTotals totals = resend.totals();
    assertThat(totals.delivered() + totals.lost() + totals.pending())
        .as(totals.summary())
        .isEqualTo(totals.offered());
  }

  @Test
  void add_beyondCapacityNeverSent_dropsTheOldestAndReportsItLost() {
    addObservationBatches(3);

    assertThat(resend.totals()).isEqualTo(new ExportTotals(30, 0, 0, 10, 20));
    assertThat(lostEvents())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getSource())
                  .isEqualTo(LostEventSource.LOST_EVENT_SOURCE_AGENT_EXPORT);
              assertThat(event.getCount()).isEqualTo(10);
              assertThat(event.getDetail()).startsWith("batch 1 dropped unacknowledged");
            });
    assertThat(sequences(resend.after(0))).containsExactly(2L, 3L);
  }

  @Test
  void add_beyondCapacityAfterSending_waitsForTheAck() {
    addObservationBatches(1);
    resend.sent(1);
    addObservationBatches(2); // batch 1 leaves the buffer, but may have arrived

    assertThat(lostEvents()).isEmpty();
    assertThat(resend.totals()).isEqualTo(new ExportTotals(30, 0, 0, 0, 30));

    resend.acked(1);

    assertThat(resend.totals()).isEqualTo(new ExportTotals(30, 10, 10, 0, 20));
    assertThat(lostEvents()).isEmpty();
  }

  @Test
  void acked_upToASequence_deliversThoseOnThisStreamAndKeepsTheRest() {
    addObservationBatches(2);
    resend.sent(2);

    resend.acked(1);

    assertThat(resend.totals()).isEqualTo(new ExportTotals(20, 10, 10, 0, 10));
    assertThat(sequences(resend.after(0))).containsExactly(2L);
  }

  @Test
  void resume_collectorHoldsSome_deliversThemNotOnThisStreamAndResendsTheRest() {
    addObservationBatches(2);
    resend.sent(2);
    resend.acked(1); // on the stream that then broke

    resend.resume(2);

    assertThat(resend.totals()).isEqualTo(new ExportTotals(20, 20, 0, 0, 0));
    assertThat(resend.after(2)).isEmpty();
  }

  @Test
  void resume_collectorLacksABatchAlreadyDropped_reportsItLostAndResendsWhatIsKept() {
    addObservationBatches(1);
    resend.sent(1);
    addObservationBatches(2); // batch 1 sent, then dropped from the buffer

    resend.resume(0); // a collector that restarted without memory

    assertThat(lostEvents())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getCount()).isEqualTo(10);
              assertThat(event.getDetail())
                  .startsWith("batch 1 sent on a stream that broke before it arrived");
            });
    assertThat(resend.totals()).isEqualTo(new ExportTotals(30, 0, 0, 10, 20));
    assertThat(sequences(resend.after(0))).containsExactly(2L, 3L);
  }

  @Test
  void resume_afterDroppingUnsentBatches_theNextDropsAreLostAtOnce() {
    addObservationBatches(1);
    resend.sent(1);
    resend.resume(0); // the new stream has sent nothing yet

    addObservationBatches(2);

    assertThat(lostEvents())
        .extracting(LostEvent::getDetail)
        .singleElement()
        .asString()
        .startsWith("batch 1 dropped unacknowledged");
  }

  @Test
  void add_flowBatchBeyondCapacity_reportsItsFlowsLostButNoObservations() {
    resend.add(
        AgentMessage.newBuilder()
            .setFlowUpdateBatch(
                FlowUpdateBatch.newBuilder()
                    .setSequence(++sequence)
                    .addFlows(FlowRecord.getDefaultInstance())
                    .addFlows(FlowRecord.getDefaultInstance()))
            .build());
    addObservationBatches(2);

    assertThat(lostEvents()).extracting(LostEvent::getCount).containsExactly(2L);
    assertThat(resend.totals()).isEqualTo(new ExportTotals(20, 0, 0, 0, 20));
  }

  private void addObservationBatches(int count) {
    for (int i = 0; i < count; i++) {
      for (int n = 0; n < 10; n++) {
        exportBuffer.observation(PacketObservation.newBuilder().setFingerprint(n).build());
      }
      List<PacketObservation> observations = new ArrayList<>();
      exportBuffer.drainObservations(observations, 10);
      resend.add(
          AgentMessage.newBuilder()
              .setObservationBatch(
                  ObservationBatch.newBuilder()
                      .setSequence(++sequence)
                      .addAllObservations(observations))
              .build());
    }
  }

  private List<LostEvent> lostEvents() {
    List<LostEvent> events = new ArrayList<>();
    exportBuffer.drainLost(events);
    return events;
  }

  private static List<Long> sequences(List<AgentMessage> batches) {
    return batches.stream().map(ResendBuffer::sequenceOf).toList();
  }
}

package io.dockercanvas.pipeline.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.proto.v1.LostEvent;
import io.dockercanvas.proto.v1.LostEventSource;
import io.dockercanvas.proto.v1.LostReason;
import io.dockercanvas.proto.v1.ObservationPoint;
import io.dockercanvas.proto.v1.PacketObservation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportBufferTest {

  private final ExportBuffer buffer = new ExportBuffer("node1", 3);

  @Test
  void observation_queueFull_dropsCountsAndReportsTheExactNumberOnce() {
    for (int i = 0; i < 10; i++) {
      buffer.observation(PacketObservation.newBuilder().setFingerprint(i).build());
    }

    List<PacketObservation> queued = new ArrayList<>();
    assertThat(buffer.drainObservations(queued, 100)).isEqualTo(3);
    LostEvent loss = buffer.takeQueueLoss();
    assertThat(loss.getCount()).isEqualTo(7);
    assertThat(loss.getSource()).isEqualTo(LostEventSource.LOST_EVENT_SOURCE_AGENT_QUEUE);
    assertThat(loss.getNodeId()).isEqualTo("node1");
    assertThat(buffer.takeQueueLoss()).isNull();
    assertThat(buffer.sampled.get()).isEqualTo(10);
    assertThat(buffer.observationsDropped.get()).isEqualTo(7);
  }

  @Test
  void lost_moreEventsThanTheQueueHolds_everyCountIsStillReported() {
    for (int i = 0; i < 3000; i++) {
      buffer.lost(
          LostEventSource.LOST_EVENT_SOURCE_AGENT_EXPORT,
          LostReason.LOST_REASON_DISCONNECTED,
          null,
          5,
          "batch");
    }

    List<LostEvent> events = new ArrayList<>();
    buffer.drainLost(events);

    assertThat(events.stream().mapToLong(LostEvent::getCount).sum()).isEqualTo(3000 * 5);
    assertThat(events.size()).isLessThanOrEqualTo(1025);
  }

  @Test
  void kernelDropped_reportsKernelAndInterfaceDropsForThePoint() {
    ObservationPoint point = ObservationPoint.newBuilder().setName("eth0").build();
    buffer.kernelDropped(point, 4, 2);
    buffer.kernelDropped(point, 0, 0);

    List<LostEvent> events = new ArrayList<>();
    buffer.drainLost(events);

    assertThat(events)
        .extracting(LostEvent::getReason, LostEvent::getCount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(LostReason.LOST_REASON_KERNEL_DROP, 4L),
            org.assertj.core.groups.Tuple.tuple(LostReason.LOST_REASON_INTERFACE_DROP, 2L));
    assertThat(events).allMatch(e -> e.getPoint().equals(point));
  }
}

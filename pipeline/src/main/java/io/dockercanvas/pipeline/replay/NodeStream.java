package io.dockercanvas.pipeline.replay;

import io.dockercanvas.proto.v1.AgentMessage;
import io.dockercanvas.proto.v1.ObservationBatch;
import io.dockercanvas.proto.v1.PacketObservation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One replayed node's agent stream: its batch sequence, running totals and the observations not yet
 * sent.
 */
final class NodeStream {

  private final String node;
  private final AgentLink link;
  private final List<PacketObservation> pending = new ArrayList<>();
  private long sequence;
  private long framesBefore;
  private long sampled;

  NodeStream(String node, AgentLink link) {
    this.node = node;
    this.link = link;
  }

  String node() {
    return node;
  }

  AgentLink link() {
    return link;
  }

  void add(PacketObservation observation) {
    pending.add(observation);
    sampled++;
  }

  int pendingCount() {
    return pending.size();
  }

  /**
   * Sends what is pending as one batch; {@code framesRead} counts this node's frames read so far.
   */
  void flush(long framesRead) throws IOException {
    if (pending.isEmpty()) {
      return;
    }
    link.send(
        AgentMessage.newBuilder()
            .setObservationBatch(
                ObservationBatch.newBuilder()
                    .setSequence(++sequence)
                    .addAllObservations(pending)
                    .setPacketsCapturedTotal(framesBefore + framesRead)
                    .setObservationsSampledTotal(sampled)
                    .setObservationsBatchedTotal(sampled))
            .build());
    pending.clear();
  }

  /** A pass ended: its frames become the base of the running total. */
  void passEnded(long framesRead) {
    framesBefore += framesRead;
  }
}

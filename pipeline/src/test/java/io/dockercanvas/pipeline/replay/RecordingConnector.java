package io.dockercanvas.pipeline.replay;

import io.dockercanvas.proto.v1.AgentMessage;
import io.dockercanvas.proto.v1.PacketObservation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps every message each replayed node sent, in order; a stand-in for the collector's ingest. */
final class RecordingConnector implements AgentConnector {

  final Map<String, List<AgentMessage>> sent = new LinkedHashMap<>();
  final List<String> closed = new ArrayList<>();

  @Override
  public AgentLink open(String nodeId) {
    List<AgentMessage> messages = new ArrayList<>();
    sent.put(nodeId, messages);
    return new AgentLink() {
      @Override
      public void send(AgentMessage message) {
        messages.add(message);
      }

      @Override
      public void close() {
        closed.add(nodeId);
      }
    };
  }

  List<PacketObservation> observations(String node) {
    List<PacketObservation> all = new ArrayList<>();
    sent.get(node).stream()
        .filter(AgentMessage::hasObservationBatch)
        .forEach(m -> all.addAll(m.getObservationBatch().getObservationsList()));
    return all;
  }

  List<PacketObservation> observations() {
    List<PacketObservation> all = new ArrayList<>();
    sent.keySet().forEach(node -> all.addAll(observations(node)));
    return all;
  }
}

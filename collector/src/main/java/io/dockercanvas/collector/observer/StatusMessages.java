package io.dockercanvas.collector.observer;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.dockercanvas.collector.flow.Flow;
import io.dockercanvas.collector.status.AgentStatus;
import io.dockercanvas.collector.status.CollectorStatus;
import io.dockercanvas.collector.status.NodeConnectionEvent;
import io.dockercanvas.collector.store.LostEvent;
import io.dockercanvas.proto.v1.FlowRecord;
import io.dockercanvas.proto.v1.LostEventSource;
import io.dockercanvas.proto.v1.LostReason;
import io.dockercanvas.proto.v1.NodeState;
import io.dockercanvas.proto.v1.NodeStatusEvent;
import io.dockercanvas.proto.v1.ObservationPoint;
import io.dockercanvas.proto.v1.ServerStatusResponse;
import java.time.Instant;

/**
 * Flows, losses, connection events and status out of the public API: domain records to contract
 * messages.
 */
final class StatusMessages {

  private StatusMessages() {}

  static FlowRecord flow(Flow f) {
    return FlowRecord.newBuilder()
        .setPoint(ObservationPoint.newBuilder().setNodeId(f.node()).setName(f.point()))
        .setSrcIp(f.srcIp())
        .setDstIp(f.dstIp())
        .setSrcPort(f.srcPort())
        .setDstPort(f.dstPort())
        .setProtocolValue(f.protocol())
        .setVni(f.vni())
        .setOuterSrcIp(f.outerSrcIp())
        .setOuterDstIp(f.outerDstIp())
        .setPackets(f.packets())
        .setBytes(f.bytes())
        .setFirstSeenNs(f.firstSeenNs())
        .setLastSeenNs(f.lastSeenNs())
        .setTcpFlagsSeen(f.tcpFlagsSeen())
        .setEnded(f.ended())
        .build();
  }

  static io.dockercanvas.proto.v1.LostEvent lost(LostEvent e) {
    return io.dockercanvas.proto.v1.LostEvent.newBuilder()
        .setSource(LostEventSource.valueOf("LOST_EVENT_SOURCE_" + e.source().name()))
        .setReason(LostReason.valueOf("LOST_REASON_" + e.reason().name()))
        .setNodeId(e.node())
        .setPoint(ObservationPoint.newBuilder().setNodeId(e.node()).setName(e.point()))
        .setCount(e.count())
        .setFirst(timestamp(e.first()))
        .setLast(timestamp(e.last()))
        .setDetail(e.detail())
        .build();
  }

  static NodeStatusEvent nodeStatus(NodeConnectionEvent e) {
    return NodeStatusEvent.newBuilder()
        .setState(
            e.connected() ? NodeState.NODE_STATE_CONNECTED : NodeState.NODE_STATE_DISCONNECTED)
        .addNodeIds(e.nodeId())
        .setMessage(e.message() == null ? "" : e.message())
        .build();
  }

  static ServerStatusResponse status(CollectorStatus s) {
    ServerStatusResponse.Builder out =
        ServerStatusResponse.newBuilder()
            .setVersion(s.version())
            .setUptime(
                Duration.newBuilder()
                    .setSeconds(s.uptime().getSeconds())
                    .setNanos(s.uptime().getNano()))
            .setAgentsConnected(s.agentsConnected())
            .setObservationsSeen(s.observationsSeen())
            .setObservationsPerSecond(s.observationsPerSecond())
            .setJourneysKept(s.journeys().kept())
            .setJourneysSeen(s.journeys().seen())
            .setJourneysCapacity(s.journeys().capacity())
            .setFlowsKept(s.flows().kept())
            .setFlowsSeen(s.flows().seen())
            .setFlowsCapacity(s.flows().capacity())
            .setLost(s.lost());
    s.agents().forEach(a -> out.addAgents(agent(a)));
    return out.build();
  }

  private static io.dockercanvas.proto.v1.AgentStatus agent(AgentStatus a) {
    var out =
        io.dockercanvas.proto.v1.AgentStatus.newBuilder()
            .setNodeId(a.nodeId())
            .setConnected(a.connected())
            .setAgentVersion(a.agentVersion())
            .setObservationsSeen(a.observationsSeen())
            .setObservationsPerSecond(a.observationsPerSecond())
            .setLost(a.lost())
            .setLostBatches(a.lostBatches())
            .addAllLimitations(a.limitations())
            .addAllCapturePoints(a.capturePoints())
            .setKernelDrops(a.kernelDrops());
    if (a.connectedSince() != null) {
      out.setConnectedSince(timestamp(a.connectedSince()));
    }
    if (a.lastMessage() != null) {
      out.setLastMessage(timestamp(a.lastMessage()));
    }
    return out.build();
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}

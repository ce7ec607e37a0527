package io.dockercanvas.proto.v1;

import static io.dockercanvas.proto.v1.ContractSamples.TS_NS;
import static io.dockercanvas.proto.v1.ContractSamples.timestamp;

import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import java.util.List;

/** One message for every case of the ingest and Observer streams, plus the Observer requests. */
final class StreamSamples {

  private StreamSamples() {}

  static List<AgentMessage> agentMessages() {
    Hello hello = Hello.newBuilder()
        .setNode(ContractSamples.managerNode()).setAgentVersion("0.1.0").setInstanceId("c0ffee")
        .addCapabilities(Capability.CAPABILITY_DOCKER_DISCOVERY).addCapabilities(Capability.CAPABILITY_LIVE_CAPTURE)
        .setClock(ClockInfo.newBuilder().setWallTimeNs(TS_NS).setSynchronized(true).setMaxErrorNs(250_000))
        .addLimitations("no IPVS: routing mesh unavailable")
        .build();
    TopologyDelta delta = TopologyDelta.newBuilder()
        .setRevision(8).setNode(ContractSamples.managerNode())
        .addUpsertedNamespaces(ContractSamples.containerNamespace()).addRemovedNamespaces("/var/run/docker/netns/old")
        .addUpsertedNetworks(ContractSamples.ingressNetwork()).addRemovedNetworks("gone-net")
        .addUpsertedServices(ContractSamples.webService()).addRemovedServices("gone-svc")
        .addUpsertedTasks(ContractSamples.webTask()).addRemovedTasks("gone-task")
        .addUpsertedContainers(ContractSamples.nodeTopology().getContainers(0)).addRemovedContainers("gone-ctr")
        .build();
    ObservationBatch observations = ObservationBatch.newBuilder()
        .setSequence(3).addObservations(ContractSamples.encapsulatedObservation())
        .setPacketsCapturedTotal(10_000).setObservationsSampledTotal(120)
        .setObservationsDroppedTotal(5).setObservationsBatchedTotal(115)
        .build();
    FlowUpdateBatch flows = FlowUpdateBatch.newBuilder()
        .setSequence(4).addFlows(ContractSamples.flowRecord()).setUpdatesDroppedTotal(1).setFlowsUntrackedTotal(2)
        .build();
    return List.of(
        AgentMessage.newBuilder().setHello(hello).build(),
        AgentMessage.newBuilder().setTopologySnapshot(
            TopologySnapshot.newBuilder().setRevision(7).setTopology(ContractSamples.nodeTopology())).build(),
        AgentMessage.newBuilder().setTopologyDelta(delta).build(),
        AgentMessage.newBuilder().setObservationBatch(observations).build(),
        AgentMessage.newBuilder().setFlowUpdateBatch(flows).build(),
        AgentMessage.newBuilder().setLostEvent(ContractSamples.lostEvent()).build());
  }

  static List<CollectorMessage> collectorMessages() {
    CaptureConfig config = CaptureConfig.newBuilder()
        .setRevision(2).setSampleBelow(0x028F_5C28_F5C2_8F5CL).setSampleAll(false).setSnapLength(128)
        .addTraceFilters(TraceFilter.newBuilder().setId("trace-web").addCidrs("10.0.0.0/24").addPorts(80)
            .addProtocols(Protocol.PROTOCOL_TCP).addVnis(4096))
        .setExtraDataPathPort(7789)
        .build();
    return List.of(
        CollectorMessage.newBuilder().setHelloAck(
            HelloAck.newBuilder().setCollectorVersion("0.1.0").setWallTimeNs(TS_NS).setResumeAfterSequence(2)).build(),
        CollectorMessage.newBuilder().setCaptureConfig(config).build(),
        CollectorMessage.newBuilder().setCaptureConfig(
            CaptureConfig.newBuilder().setRevision(3).setSampleAll(true)).build(),
        CollectorMessage.newBuilder().setAck(Ack.newBuilder().setSequence(4)).build());
  }

  static Filter webFilter() {
    return Filter.newBuilder()
        .addNodes("node1").addNetworks("ingress").addServices("web").addIps("10.0.0.0/24").addPorts(8001)
        .addProtocols(Protocol.PROTOCOL_TCP).addVnis(4096)
        .build();
  }

  static List<Message> observerMessages() {
    NodeStatusEvent disconnected = NodeStatusEvent.newBuilder()
        .setState(NodeState.NODE_STATE_DISCONNECTED).addNodeIds("node2").setMessage("stream reset")
        .build();
    AgentStatus agent = AgentStatus.newBuilder()
        .setNodeId("node1").setConnected(true).setAgentVersion("0.1.0").setConnectedSince(timestamp(TS_NS))
        .setLastMessage(timestamp(TS_NS + 1_000_000_000L)).setObservationsSeen(120).setObservationsPerSecond(12.5)
        .setLost(42).addLimitations("no IPVS: routing mesh unavailable")
        .build();
    ServerStatusResponse status = ServerStatusResponse.newBuilder()
        .setVersion("0.1.0").setUptime(Duration.newBuilder().setSeconds(3600)).setAgentsConnected(1).addAgents(agent)
        .setObservationsSeen(120).setObservationsPerSecond(12.5)
        .setJourneysKept(40).setJourneysSeen(60).setJourneysCapacity(50_000)
        .setFlowsKept(7).setFlowsSeen(9).setFlowsCapacity(100_000).setLost(42)
        .build();
    return List.of(
        GetFlowsRequest.newBuilder().setNumber(20).setFirst(true).setFollow(false).addAllowlist(webFilter())
            .addDenylist(Filter.newBuilder().addPorts(22)).build(),
        GetFlowsRequest.newBuilder().setSince(timestamp(TS_NS)).setUntil(timestamp(TS_NS + 60_000_000_000L)).build(),
        GetFlowsRequest.newBuilder().setFollow(true).build(),
        GetFlowsResponse.newBuilder().setFlow(ContractSamples.flowRecord()).setTime(timestamp(TS_NS)).build(),
        GetFlowsResponse.newBuilder().setLostEvents(ContractSamples.lostEvent()).build(),
        GetFlowsResponse.newBuilder().setNodeStatus(disconnected).build(),
        GetJourneysRequest.newBuilder().setNumber(5).setFirst(true).addAllowlist(webFilter())
            .addDenylist(Filter.newBuilder().addVnis(4097)).build(),
        GetJourneysRequest.newBuilder().setFollow(true).setSince(timestamp(TS_NS)).build(),
        GetJourneysRequest.newBuilder().setSince(timestamp(TS_NS)).setUntil(timestamp(TS_NS + 1)).build(),
        GetJourneysResponse.newBuilder().setJourney(ContractSamples.journey()).setTime(timestamp(TS_NS)).build(),
        GetJourneysResponse.newBuilder().setLostEvents(ContractSamples.lostEvent()).build(),
        GetJourneysResponse.newBuilder().setNodeStatus(disconnected).build(),
        GetTopologyRequest.getDefaultInstance(),
        GetTopologyResponse.newBuilder().setTopology(ContractSamples.clusterTopology()).build(),
        ServerStatusRequest.getDefaultInstance(),
        status);
  }
}

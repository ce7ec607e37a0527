package io.dockercanvas.collector.ingest;

import static io.dockercanvas.collector.journey.SwarmPackets.MANAGER;
import static io.dockercanvas.collector.journey.SwarmPackets.MANAGER_IP;
import static io.dockercanvas.collector.journey.SwarmPackets.WORKER;
import static io.dockercanvas.collector.journey.SwarmPackets.WORKER_IP;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.collector.core.CollectorCore;
import io.dockercanvas.collector.core.CoreSettings;
import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.journey.Observation;
import io.dockercanvas.collector.journey.SwarmPackets;
import io.dockercanvas.collector.status.AgentStatus;
import io.dockercanvas.collector.store.LostEvent;
import io.dockercanvas.proto.v1.AgentMessage;
import io.dockercanvas.proto.v1.CapturePoints;
import io.dockercanvas.proto.v1.CollectorMessage;
import io.dockercanvas.proto.v1.IngestGrpc;
import io.dockercanvas.proto.v1.LostEventSource;
import io.dockercanvas.proto.v1.LostReason;
import io.dockercanvas.proto.v1.ObservationBatch;
import io.dockercanvas.proto.v1.PacketObservation;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IngestServiceTest {

  private static final long FIFTY_MS = 50_000_000L;

  private CollectorCore core;
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    core = new CollectorCore(CoreSettings.defaults(), Clock.systemUTC());
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(new IngestService(core.ingestTargets()))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
    core.close();
  }

  @Test
  void connect_twoAgentsWithSkewedClocks_oneJourneyInPathOrderAndBatchesAcked() {
    List<Observation> syn = SwarmPackets.synLive(-FIFTY_MS);
    Agent manager = connect(MANAGER, MANAGER_IP, "m-1");
    Agent worker = connect(WORKER, WORKER_IP, "w-1");
    manager.send(
        AgentMessages.batch(1, syn.stream().filter(o -> o.node().equals(MANAGER)).toList()));
    worker.send(AgentMessages.batch(1, syn.stream().filter(o -> o.node().equals(WORKER)).toList()));
    core.flushJourneys();

    assertThat(manager.received)
        .extracting(CollectorMessage::getMessageCase)
        .containsExactly(
            CollectorMessage.MessageCase.HELLO_ACK,
            CollectorMessage.MessageCase.CAPTURE_CONFIG,
            CollectorMessage.MessageCase.ACK);
    assertThat(manager.received.get(2).getAck().getSequence()).isEqualTo(1);
    Journey journey = core.journeys().find(j -> true).orElseThrow();
    assertThat(journey.nodes()).containsExactly(MANAGER, WORKER);
    assertThat(journey.hops()).hasSize(11);
    assertThat(core.status().agentsConnected()).isEqualTo(2);
    assertThat(core.status().observationsSeen()).isEqualTo(11);
  }

  @Test
  void connect_firstMessageIsNotHello_failedPrecondition() {
    Agent agent = new Agent();
    agent.send(AgentMessages.batch(1, List.of()));

    assertThat(Status.fromThrowable(agent.error).getCode())
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(agent.error).hasMessageContaining("first message").hasMessageContaining("hello");
  }

  @Test
  void connect_helloWithoutNodeId_invalidArgumentNamingTheField() {
    Agent agent = new Agent();
    agent.send(AgentMessages.hello("", "", "x"));

    assertThat(Status.fromThrowable(agent.error).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(agent.error).hasMessageContaining("hello.node.id");
  }

  @Test
  void batch_sequenceGapAndResend_gapCountedInBatchesApartFromLostObservations() {
    Agent agent = connect(MANAGER, MANAGER_IP, "m-1");
    List<Observation> one = SwarmPackets.synOnManager().subList(0, 1);
    agent.send(AgentMessages.batch(1, one));
    // as a real agent does: batches 2 and 3 were dropped from its resend buffer, one observation
    // each
    agent.send(
        AgentMessage.newBuilder()
            .setLostEvent(
                io.dockercanvas.proto.v1.LostEvent.newBuilder()
                    .setSource(LostEventSource.LOST_EVENT_SOURCE_AGENT_EXPORT)
                    .setReason(LostReason.LOST_REASON_DISCONNECTED)
                    .setNodeId(MANAGER)
                    .setCount(2)
                    .setDetail("batches 2, 3 dropped unacknowledged"))
            .build());
    agent.send(AgentMessages.batch(4, one));
    agent.send(AgentMessages.batch(2, one));

    assertThat(agent.acks()).containsExactly(1L, 4L, 4L);
    AgentStatus status = core.status().agents().get(0);
    assertThat(status.observationsSeen()).isEqualTo(2);
    assertThat(status.lost()).as("observations, as the agent reported them").isEqualTo(2);
    assertThat(status.lostBatches()).as("batches 2..3").isEqualTo(2);
    assertThat(core.lost().total()).isEqualTo(2);
    assertThat(core.lost().events().find(e -> e.reason() == LostEvent.Reason.SEQUENCE_GAP))
        .get()
        .extracting(LostEvent::count, LostEvent::detail)
        .containsExactly(2L, "batches 2..3 never arrived");
  }

  @Test
  void connect_sameInstanceAgain_helloAckResumesAfterHighestSequence() {
    Agent first = connect(MANAGER, MANAGER_IP, "m-1");
    first.send(AgentMessages.batch(1, List.of()));
    first.send(AgentMessages.batch(2, List.of()));
    first.requests.onCompleted();

    Agent again = connect(MANAGER, MANAGER_IP, "m-1");
    Agent restarted = connect(MANAGER, MANAGER_IP, "m-2");

    assertThat(again.received.get(0).getHelloAck().getResumeAfterSequence()).isEqualTo(2);
    assertThat(restarted.received.get(0).getHelloAck().getResumeAfterSequence()).isZero();
  }

  @Test
  void batch_malformedObservation_rejectedAndCountedOthersKept() {
    Agent agent = connect(MANAGER, MANAGER_IP, "m-1");
    PacketObservation good = AgentMessages.packet(SwarmPackets.synOnManager().get(0));
    PacketObservation noPoint = good.toBuilder().clearPoint().build();
    agent.send(
        AgentMessage.newBuilder()
            .setObservationBatch(
                ObservationBatch.newBuilder()
                    .setSequence(1)
                    .addObservations(good)
                    .addObservations(noPoint))
            .build());

    assertThat(core.status().observationsSeen()).isEqualTo(1);
    assertThat(core.lost().events().find(e -> true).orElseThrow())
        .satisfies(e -> assertThat(e.reason()).isEqualTo(LostEvent.Reason.MALFORMED))
        .satisfies(e -> assertThat(e.detail()).contains("without point.name"));
  }

  @Test
  void configUpdate_everyConnectedAgentGetsIt() {
    Agent manager = connect(MANAGER, MANAGER_IP, "m-1");
    Agent worker = connect(WORKER, WORKER_IP, "w-1");
    core.config().update(CaptureSettings.sampling(0.01, 96));

    for (Agent agent : List.of(manager, worker)) {
      CollectorMessage last = agent.received.get(agent.received.size() - 1);
      assertThat(last.getCaptureConfig().getSnapLength()).isEqualTo(96);
      assertThat(
              Long.compareUnsigned(last.getCaptureConfig().getSampleBelow(), 0x028F5C28F5C28F5CL))
          .isZero();
    }
  }

  @Test
  void disconnect_agentClosesStream_shownDisconnected() {
    Agent agent = connect(MANAGER, MANAGER_IP, "m-1");
    agent.requests.onCompleted();

    assertThat(core.status().agentsConnected()).isZero();
    assertThat(core.status().agents())
        .singleElement()
        .satisfies(a -> assertThat(a.connected()).isFalse());
  }

  @Test
  void capturePoints_becomeTheNodesCoverage_canonicalNamesOnlyAndForgottenOnDisconnect() {
    Agent agent = connect(MANAGER, MANAGER_IP, "m-1");
    agent.send(
        AgentMessage.newBuilder()
            .setCapturePoints(
                CapturePoints.newBuilder()
                    .addPoints("eth0")
                    .addPoints("web__eth1")
                    .addPoints("wordpress_net/vxlan0")
                    .addPoints("a/b/c"))
            .build());

    assertThat(core.captureMonitor().coverage().points(MANAGER))
        .containsExactly("eth0", "web/eth1", "wordpress_net/vxlan0");
    assertThat(agent.error).isNull();

    agent.requests.onCompleted();

    assertThat(core.captureMonitor().coverage().covers(MANAGER)).isFalse();
  }

  private Agent connect(String node, String address, String instance) {
    Agent agent = new Agent();
    agent.send(AgentMessages.hello(node, address, instance));
    agent.send(AgentMessages.snapshot(node, address));
    return agent;
  }

  /** The agent's side of one Connect stream, recording what the collector answers. */
  private final class Agent implements StreamObserver<CollectorMessage> {
    final List<CollectorMessage> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    final StreamObserver<AgentMessage> requests = IngestGrpc.newStub(channel).connect(this);
    Throwable error;

    void send(AgentMessage message) {
      requests.onNext(message);
    }

    List<Long> acks() {
      return received.stream()
          .filter(CollectorMessage::hasAck)
          .map(m -> m.getAck().getSequence())
          .toList();
    }

    @Override
    public void onNext(CollectorMessage value) {
      received.add(value);
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {}
  }
}

package io.dockercanvas.collector.ingest;

import static io.dockercanvas.collector.journey.SwarmPackets.MANAGER;
import static io.dockercanvas.collector.journey.SwarmPackets.MANAGER_IP;
import static io.dockercanvas.collector.journey.SwarmPackets.WORKER;
import static io.dockercanvas.collector.journey.SwarmPackets.WORKER_IP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.dockercanvas.collector.core.CoreSettings;
import io.dockercanvas.collector.journey.Observation;
import io.dockercanvas.collector.journey.SwarmPackets;
import io.dockercanvas.collector.rest.ListenAddress;
import io.dockercanvas.collector.server.CollectorServer;
import io.dockercanvas.collector.server.ServerSettings;
import io.dockercanvas.proto.v1.AgentMessage;
import io.dockercanvas.proto.v1.CollectorMessage;
import io.dockercanvas.proto.v1.IngestGrpc;
import io.dockercanvas.proto.v1.ObservationBatch;
import io.dockercanvas.proto.v1.ObservationPoint;
import io.dockercanvas.proto.v1.PacketObservation;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Agent messages that break the ingest contract, sent to the real collector over real gRPC on
 * loopback while a well-behaved agent streams next to them: each bad stream ends with a clear
 * status, the good agent's batches keep being acked, and the collector stays healthy.
 */
class IngestContractTest {

  private CollectorServer server;
  private ManagedChannel channel;
  private Agent good;
  private long goodSequence;

  @BeforeEach
  void start() throws IOException {
    server =
        CollectorServer.start(
            new ServerSettings(
                new ListenAddress("127.0.0.1", 0),
                new ListenAddress("127.0.0.1", 0),
                Optional.empty(),
                CoreSettings.defaults()));
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
    good = connect(WORKER, WORKER_IP, "w-1");
    assertGoodAgentStillServed();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.close();
  }

  @Test
  void observationsBeforeHello_failedPrecondition() {
    Agent bad = new Agent();
    bad.send(AgentMessages.batch(1, SwarmPackets.synOnManager()));

    assertThat(bad.status().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(bad.status().getDescription())
        .contains("first message on an ingest stream must be hello");
    assertGoodAgentStillServed();
  }

  @Test
  void secondHello_failedPrecondition() {
    Agent bad = connect(MANAGER, MANAGER_IP, "m-1");
    bad.send(AgentMessages.hello(MANAGER, MANAGER_IP, "m-1"));

    assertThat(bad.status().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(bad.status().getDescription()).contains("hello sent twice");
    assertGoodAgentStillServed();
  }

  @Test
  void messageBeyondTheMaxInboundSize_streamResetAndTheCollectorLogsWhy() {
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger("io.dockercanvas.collector.server.RefusedStreamLog");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log =
        new ch.qos.logback.core.read.ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      Agent bad = connect(MANAGER, MANAGER_IP, "m-1");
      bad.send(
          AgentMessage.newBuilder()
              .setObservationBatch(
                  ObservationBatch.newBuilder()
                      .setSequence(1)
                      .addObservations(
                          PacketObservation.newBuilder()
                              .setFrameHead(ByteString.copyFrom(new byte[5 << 20]))))
              .build());

      // grpc-java resets the stream (the client sees CANCELLED); the collector's log says why
      assertThat(bad.status().getCode())
          .isIn(Status.Code.CANCELLED, Status.Code.RESOURCE_EXHAUSTED);
      await().atMost(Duration.ofSeconds(10)).until(() -> !log.list.isEmpty());
      assertThat(log.list.get(0).getFormattedMessage())
          .contains("docker_canvas.v1.Ingest/Connect")
          .contains("exceeds maximum size 4194304");
      assertGoodAgentStillServed();
    } finally {
      logger.detachAppender(log);
    }
  }

  @Test
  void batchNamingAnotherNode_attributedToTheStreamsOwnNodeOnly() {
    Agent agent = connect(MANAGER, MANAGER_IP, "m-1");
    List<Observation> syn = SwarmPackets.synOnManager();
    AgentMessage batch = AgentMessages.batch(1, syn);
    ObservationBatch.Builder forged = batch.getObservationBatch().toBuilder();
    for (PacketObservation.Builder o : forged.getObservationsBuilderList()) {
      o.setPoint(ObservationPoint.newBuilder(o.getPoint()).setNodeId("node-nobody-runs"));
    }
    agent.send(AgentMessage.newBuilder().setObservationBatch(forged).build());

    await().atMost(Duration.ofSeconds(10)).until(() -> agent.acks().contains(1L));
    assertThat(server.core().status().agents())
        .extracting(a -> a.nodeId())
        .containsExactlyInAnyOrder(MANAGER, WORKER);
    assertThat(server.core().status().agents())
        .filteredOn(a -> a.nodeId().equals(MANAGER))
        .singleElement()
        .satisfies(a -> assertThat(a.observationsSeen()).isEqualTo(syn.size()));
    assertGoodAgentStillServed();
  }

  @Test
  void garbageBytes_invalidArgumentNamingTheParse() {
    MethodDescriptor<byte[], byte[]> raw =
        IngestGrpc.getConnectMethod().toBuilder(new RawBytes(), new RawBytes()).build();
    ClientCall<byte[], byte[]> call = channel.newCall(raw, io.grpc.CallOptions.DEFAULT);
    AtomicReference<Throwable> error = new AtomicReference<>();
    StreamObserver<byte[]> requests =
        ClientCalls.asyncBidiStreamingCall(
            call,
            new StreamObserver<>() {
              @Override
              public void onNext(byte[] value) {}

              @Override
              public void onError(Throwable t) {
                error.set(t);
              }

              @Override
              public void onCompleted() {}
            });
    requests.onNext(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x12, 0x7f, 0x00, 0x01});

    await().atMost(Duration.ofSeconds(10)).until(() -> error.get() != null);
    Status status = Status.fromThrowable(error.get());
    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getDescription())
        .startsWith("7 bytes that are not a docker_canvas.v1.AgentMessage");
    assertGoodAgentStillServed();
  }

  /** The well-behaved agent's next batch is acked and /healthz answers 200. */
  private void assertGoodAgentStillServed() {
    long sequence = ++goodSequence;
    good.send(
        AgentMessages.batch(
            sequence,
            SwarmPackets.synOnManager().subList(0, 1).stream()
                .map(
                    o ->
                        new Observation(
                            WORKER,
                            o.point(),
                            o.timestampNs(),
                            o.fingerprint(),
                            o.headers(),
                            o.vxlan(),
                            o.frame(),
                            o.frameLength(),
                            o.linkType()))
                .toList()));
    await().atMost(Duration.ofSeconds(10)).until(() -> good.acks().contains(sequence));
    assertThat(good.error.get()).isNull();
    try {
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.httpPort() + "/healthz"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private Agent connect(String node, String address, String instance) {
    Agent agent = new Agent();
    agent.send(AgentMessages.hello(node, address, instance));
    agent.send(AgentMessages.snapshot(node, address));
    await().atMost(Duration.ofSeconds(10)).until(() -> !agent.received.isEmpty());
    return agent;
  }

  /** One Connect stream, recording what the collector answers. */
  private final class Agent implements StreamObserver<CollectorMessage> {
    final List<CollectorMessage> received = new CopyOnWriteArrayList<>();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    final StreamObserver<AgentMessage> requests = IngestGrpc.newStub(channel).connect(this);

    void send(AgentMessage message) {
      requests.onNext(message);
    }

    List<Long> acks() {
      return received.stream()
          .filter(CollectorMessage::hasAck)
          .map(m -> m.getAck().getSequence())
          .toList();
    }

    Status status() {
      await().atMost(Duration.ofSeconds(10)).until(() -> error.get() != null);
      return Status.fromThrowable(error.get());
    }

    @Override
    public void onNext(CollectorMessage value) {
      received.add(value);
    }

    @Override
    public void onError(Throwable t) {
      error.set(t);
    }

    @Override
    public void onCompleted() {}
  }

  private static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}

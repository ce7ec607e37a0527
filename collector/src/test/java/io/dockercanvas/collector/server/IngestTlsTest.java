package io.dockercanvas.collector.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dockercanvas.collector.certs.TestCertificates;
import io.dockercanvas.collector.core.CoreSettings;
import io.dockercanvas.collector.ingest.AgentMessages;
import io.dockercanvas.collector.journey.Observation;
import io.dockercanvas.collector.journey.StitcherConfig;
import io.dockercanvas.collector.journey.SwarmPackets;
import io.dockercanvas.collector.rest.ListenAddress;
import io.dockercanvas.pipeline.security.GrpcTls;
import io.dockercanvas.pipeline.security.TlsFiles;
import io.dockercanvas.pipeline.stream.CollectorStream;
import io.dockercanvas.pipeline.stream.ExportBuffer;
import io.dockercanvas.proto.v1.Node;
import io.dockercanvas.proto.v1.NodeTopology;
import io.dockercanvas.proto.v1.ObserverGrpc;
import io.dockercanvas.proto.v1.ServerStatusRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Mutual TLS on the real gRPC port over loopback: only agents with a valid certificate from the
 * cluster CA get in.
 */
class IngestTlsTest {

  private static final NodeTopology TOPOLOGY =
      NodeTopology.newBuilder()
          .setNode(
              Node.newBuilder()
                  .setId("node1")
                  .setHostname("node1")
                  .setAdvertiseAddress("198.51.100.11"))
          .build();

  @TempDir Path dir;

  private TestCertificates certs;
  private CollectorServer server;
  private ManagedChannel channel;
  private CollectorStream stream;

  @BeforeEach
  void start() throws Exception {
    certs = new TestCertificates(dir);
    Path collector = certs.collector();
    TlsFiles tls = new TlsFiles(collector, TestCertificates.keyOf(collector), certs.ca());
    CoreSettings core =
        CoreSettings.defaults().withStitcher(StitcherConfig.withWindow(Duration.ofMillis(200)));
    server =
        CollectorServer.start(
            new ServerSettings(
                new ListenAddress("127.0.0.1", 0),
                new ListenAddress("127.0.0.1", 0),
                Optional.empty(),
                Optional.of(tls),
                core));
  }

  @AfterEach
  void stop() {
    if (stream != null) {
      stream.close();
    }
    if (channel != null) {
      channel.shutdownNow();
    }
    server.close();
  }

  private ManagedChannel tlsChannel(Path agentCertificate, String serverName) throws Exception {
    TlsFiles files =
        new TlsFiles(agentCertificate, TestCertificates.keyOf(agentCertificate), certs.ca());
    channel = GrpcTls.channel("127.0.0.1", server.grpcPort(), Optional.of(files), serverName);
    return channel;
  }

  private static StatusRuntimeException refusal(ManagedChannel channel) {
    try {
      ObserverGrpc.newBlockingStub(channel)
          .withDeadlineAfter(Duration.ofSeconds(10))
          .serverStatus(ServerStatusRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("the collector answered");
  }

  @Test
  void agentWithValidCertificate_connectsAndStreams() throws Exception {
    ExportBuffer buffer = new ExportBuffer("node1", 10_000);
    List<Observation> syn = SwarmPackets.synLive(-50_000_000L);
    syn.forEach(o -> buffer.observation(AgentMessages.packet(o)));
    stream =
        new CollectorStream(
                tlsChannel(certs.agent(), null),
                null,
                buffer,
                () -> TOPOLOGY,
                policy -> {},
                16,
                "test")
            .start();

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> server.core().status().observationsSeen() == syn.size());
    assertThat(stream.connected()).isTrue();
    assertThat(server.core().status().agentsConnected()).isEqualTo(1);
  }

  @Test
  void clientWithoutCertificate_isRefusedInTheHandshake() throws Exception {
    channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort())
            .sslContext(
                io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts.forClient()
                    .trustManager(certs.ca().toFile())
                    .build())
            .build();

    StatusRuntimeException refused = refusal(channel);

    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(server.core().status().agentsConnected()).isZero();
  }

  @Test
  void agentWithCertificateFromAnotherCa_isRefusedAndItsLogSaysWhy() throws Exception {
    assertThat(refusal(tlsChannel(certs.foreignAgent(), null)).getStatus().getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);

    assertThat(firstAgentWarning(channel))
        .contains("the collector refused this agent's certificate");
    assertThat(server.core().status().agentsConnected()).isZero();
  }

  @Test
  void agentWithExpiredCertificate_isRefusedAndItsLogSaysWhy() throws Exception {
    assertThat(refusal(tlsChannel(certs.expiredAgent(), null)).getStatus().getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);

    assertThat(firstAgentWarning(channel))
        .contains("the collector refused this agent's certificate");
  }

  @Test
  void agentDiallingANameNotInTheCollectorCertificate_refusesTheCollector() throws Exception {
    assertThat(refusal(tlsChannel(certs.agent(), "collector.elsewhere")).getStatus().getCode())
        .isEqualTo(Status.Code.UNAVAILABLE);

    assertThat(firstAgentWarning(channel)).contains("does not carry the name dialled");
  }

  @Test
  void agentTrustingAnotherCa_refusesTheCollector() throws Exception {
    Path foreignCa = new TestCertificates(Files.createDirectories(dir.resolve("other"))).ca();
    Path agent = certs.agent();
    channel =
        GrpcTls.channel(
            "127.0.0.1",
            server.grpcPort(),
            Optional.of(new TlsFiles(agent, TestCertificates.keyOf(agent), foreignCa)),
            null);

    assertThat(firstAgentWarning(channel)).contains("not signed by this agent's --tls-ca");
  }

  @Test
  void plaintextAgent_isRefusedAndItsLogSaysWhy() {
    channel = GrpcTls.channel("127.0.0.1", server.grpcPort(), Optional.empty(), null);

    assertThat(firstAgentWarning(channel))
        .contains("takes mutual TLS only")
        .contains("start this agent with --tls-cert, --tls-key and --tls-ca");
    assertThat(server.core().status().agentsConnected()).isZero();
  }

  /** Runs the real agent stream on the channel and returns the first warning it logs. */
  private String firstAgentWarning(ManagedChannel channel) {
    Logger logger = (Logger) LoggerFactory.getLogger(CollectorStream.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    logger.addAppender(log);
    try {
      stream =
          new CollectorStream(
                  channel,
                  null,
                  new ExportBuffer("node1", 10),
                  () -> TOPOLOGY,
                  policy -> {},
                  16,
                  "test")
              .start();
      await().atMost(Duration.ofSeconds(15)).until(() -> !log.list.isEmpty());
      assertThat(stream.connected()).isFalse();
      return log.list.get(0).getFormattedMessage();
    } finally {
      logger.detachAppender(log);
    }
  }
}

package io.dockercanvas.collector.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockercanvas.collector.certs.TestCertificates;
import io.dockercanvas.collector.cli.CollectorCli;
import io.dockercanvas.collector.core.CoreSettings;
import io.dockercanvas.collector.rest.ListenAddress;
import io.dockercanvas.pipeline.security.GrpcTls;
import io.dockercanvas.pipeline.security.TlsFiles;
import io.dockercanvas.proto.v1.AgentMessage;
import io.dockercanvas.proto.v1.CollectorMessage;
import io.dockercanvas.proto.v1.IngestGrpc;
import io.dockercanvas.proto.v1.ObserverGrpc;
import io.dockercanvas.proto.v1.ServerStatusRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: Observer clients of a TLS collector need no agent certificate. On the real servers over
 * loopback: the main gRPC port keeps mutual TLS for everybody, the --observer-grpc port asks for
 * none but still wants a token, and serves nothing an agent could use.
 */
class ObserverPortTest {

  private static final String TOKEN = "agents-secret";
  private static final String VIEWER = "viewer-secret";

  @TempDir Path dir;

  private TestCertificates certs;
  private CollectorServer server;
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    certs = new TestCertificates(dir);
    Path collector = certs.collector();
    TlsFiles tls = new TlsFiles(collector, TestCertificates.keyOf(collector), certs.ca());
    server =
        CollectorServer.start(
            new ServerSettings(
                new ListenAddress("127.0.0.1", 0),
                new ListenAddress("127.0.0.1", 0),
                Optional.of(TOKEN),
                Optional.of(VIEWER),
                Optional.of(tls),
                Optional.empty(),
                Optional.of(new ListenAddress("127.0.0.1", 0)),
                CoreSettings.defaults()));
  }

  @AfterEach
  void stop() {
    channels.forEach(ManagedChannel::shutdownNow);
    server.close();
  }

  /** What grpcurl -cacert ca.crt does: trusts the CA, has no certificate of its own. */
  private ManagedChannel caOnly(int port) throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port)
            .sslContext(GrpcTls.clientWithoutCertificate(certs.ca()))
            .overrideAuthority("localhost")
            .build();
    channels.add(channel);
    return channel;
  }

  private static ObserverGrpc.ObserverBlockingStub observer(ManagedChannel channel, String token) {
    Metadata headers = new Metadata();
    if (token != null) {
      headers.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    }
    return ObserverGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(Duration.ofSeconds(10));
  }

  @Test
  void viewerWithTheCaOnly_readsTheObserverPort() throws Exception {
    ManagedChannel channel = caOnly(server.observerGrpcPort());
    assertThat(observer(channel, VIEWER).serverStatus(ServerStatusRequest.getDefaultInstance()))
        .satisfies(status -> assertThat(status.getVersion()).isNotEmpty());
    assertThat(
            HealthGrpc.newBlockingStub(channel)
                .check(
                    HealthCheckRequest.newBuilder().setService("docker_canvas.v1.Observer").build())
                .getStatus())
        .isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void theSameClientOnTheMainPort_isRefusedInTheHandshake() throws Exception {
    ManagedChannel channel = caOnly(server.grpcPort());
    assertThatThrownBy(
            () -> observer(channel, VIEWER).serverStatus(ServerStatusRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void observerPort_stillNeedsAToken() throws Exception {
    ManagedChannel channel = caOnly(server.observerGrpcPort());
    assertThatThrownBy(
            () -> observer(channel, null).serverStatus(ServerStatusRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void observerPort_servesNoIngest_evenWithTheAgentsToken() throws Exception {
    ManagedChannel channel = caOnly(server.observerGrpcPort());
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + TOKEN);
    CompletableFuture<Throwable> refused = new CompletableFuture<>();
    IngestGrpc.newStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .connect(
            new StreamObserver<CollectorMessage>() {
              @Override
              public void onNext(CollectorMessage value) {}

              @Override
              public void onError(Throwable t) {
                refused.complete(t);
              }

              @Override
              public void onCompleted() {}
            })
        .onNext(AgentMessage.getDefaultInstance());
    assertThat(Status.fromThrowable(refused.get(10, TimeUnit.SECONDS)).getCode())
        .isEqualTo(Status.Code.UNIMPLEMENTED);
  }

  @Test
  void observerPortBeyondLoopbackWithoutToken_isRefusedNamingTheOption() {
    assertThatThrownBy(
            () ->
                new ServerSettings(
                    new ListenAddress("127.0.0.1", 0),
                    new ListenAddress("127.0.0.1", 0),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(new ListenAddress("0.0.0.0", 9091)),
                    CoreSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--observer-grpc 0.0.0.0:9091")
        .hasMessageContaining("--token");
  }

  @Test
  void badObserverPortAddress_exits2WithTheOptionNamed() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    java.io.PrintStream saved = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true));
    int exit;
    try {
      exit =
          CollectorCli.run(
              new PrintWriter(out), new PrintWriter(err), "--observer-grpc", "nowhere");
    } finally {
      System.setErr(saved);
    }
    assertThat(exit).isEqualTo(2);
    assertThat(captured.toString()).contains("--observer-grpc");
  }
}

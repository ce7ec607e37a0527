package io.dockercanvas.collector.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockercanvas.collector.core.CoreSettings;
import io.dockercanvas.collector.rest.ListenAddress;
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
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** grpcurl and orchestrators' probes: server reflection and grpc.health.v1 on the real server. */
class GrpcServicesTest {

  private static final String TOKEN = "tok";
  private static final String VIEWER = "view";

  private CollectorServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    server =
        CollectorServer.start(
            new ServerSettings(
                ListenAddress.parse("127.0.0.1:0", "--listen"),
                ListenAddress.parse("127.0.0.1:0", "--grpc"),
                Optional.of(TOKEN),
                Optional.of(VIEWER),
                Optional.empty(),
                Optional.empty(),
                CoreSettings.defaults()));
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.close();
  }

  @Test
  void reflectionListsTheCollectorsServices() throws Exception {
    assertThat(listServices(withToken(TOKEN)))
        .contains(
            "docker_canvas.v1.Observer",
            "docker_canvas.v1.Ingest",
            "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection");
  }

  @Test
  void viewerToken_readsTheObserver_butIngestRefusesIt() throws Exception {
    assertThat(
            ObserverGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(withToken(VIEWER)))
                .serverStatus(ServerStatusRequest.getDefaultInstance())
                .getVersion())
        .isNotEmpty();
    CompletableFuture<Throwable> refused = new CompletableFuture<>();
    IngestGrpc.newStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(withToken(VIEWER)))
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
    assertThat(refused.get(10, TimeUnit.SECONDS))
        .hasMessageContaining("UNAUTHENTICATED")
        .hasMessageContaining("viewer token may only read");
  }

  @Test
  void reflectionNeedsTheTokenLikeTheOtherApis() {
    assertThatThrownBy(() -> listServices(new Metadata()))
        .hasCauseInstanceOf(StatusRuntimeException.class)
        .cause()
        .satisfies(
            e ->
                assertThat(((StatusRuntimeException) e).getStatus().getCode())
                    .isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void healthIsServingWithoutAToken_forTheServerAndTheObserver() {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
    assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(ServingStatus.SERVING);
    assertThat(
            health
                .check(
                    HealthCheckRequest.newBuilder().setService("docker_canvas.v1.Observer").build())
                .getStatus())
        .isEqualTo(ServingStatus.SERVING);
    assertThatThrownBy(
            () ->
                health.check(HealthCheckRequest.newBuilder().setService("no.such.Service").build()))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("NOT_FOUND");
  }

  @Test
  void healthIsNotServingOnceClosing() {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
    server.close();
    // a closed server answers no probe: the orchestrator sees it down either way
    assertThatThrownBy(() -> health.check(HealthCheckRequest.getDefaultInstance()))
        .isInstanceOf(StatusRuntimeException.class);
  }

  private Metadata withToken(String token) {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return headers;
  }

  private List<String> listServices(Metadata headers) throws Exception {
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests =
        ServerReflectionGrpc.newStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
            .serverReflectionInfo(
                new StreamObserver<>() {
                  @Override
                  public void onNext(ServerReflectionResponse value) {
                    answer.complete(value);
                  }

                  @Override
                  public void onError(Throwable t) {
                    answer.completeExceptionally(t);
                  }

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
    try {
      return answer.get(10, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
          .map(ServiceResponse::getName)
          .toList();
    } finally {
      requests.onCompleted();
    }
  }
}

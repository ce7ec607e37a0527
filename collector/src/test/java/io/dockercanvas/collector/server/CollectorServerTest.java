package io.dockercanvas.collector.server;

import static io.dockercanvas.collector.journey.SwarmPackets.MANAGER;
import static io.dockercanvas.collector.journey.SwarmPackets.MANAGER_IP;
import static io.dockercanvas.collector.journey.SwarmPackets.WORKER;
import static io.dockercanvas.collector.journey.SwarmPackets.WORKER_IP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dockercanvas.collector.auth.FailedAttempts;
import io.dockercanvas.collector.core.CoreSettings;
import io.dockercanvas.collector.ingest.AgentMessages;
import io.dockercanvas.collector.journey.Observation;
import io.dockercanvas.collector.journey.StitcherConfig;
import io.dockercanvas.collector.journey.SwarmPackets;
import io.dockercanvas.collector.rest.ListenAddress;
import io.dockercanvas.collector.wire.WireJourneys;
import io.dockercanvas.proto.v1.AgentMessage;
import io.dockercanvas.proto.v1.CollectorMessage;
import io.dockercanvas.proto.v1.IngestGrpc;
import io.dockercanvas.proto.v1.ObserverGrpc;
import io.dockercanvas.proto.v1.ServerStatusRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole collector on loopback: agents over real gRPC, the page's REST API over real HTTP. */
class CollectorServerTest {

  private static final String TOKEN = "tok";

  private CollectorServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    CoreSettings core =
        CoreSettings.defaults().withStitcher(StitcherConfig.withWindow(Duration.ofMillis(200)));
    server =
        CollectorServer.start(
            new ServerSettings(
                ListenAddress.parse("127.0.0.1:0", "--listen"),
                ListenAddress.parse("127.0.0.1:0", "--grpc"),
                Optional.of(TOKEN),
                core));
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.close();
  }

  @Test
  void agentsOverGrpc_journeyServedOverHttpWithinTheWindow() throws Exception {
    List<Observation> syn = SwarmPackets.synLive(-50_000_000L);
    send(MANAGER, MANAGER_IP, syn);
    send(WORKER, WORKER_IP, syn);

    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/api/v1/journeys"))
            .header("Authorization", "Bearer " + TOKEN)
            .build();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              HttpResponse<String> response =
                  http.send(request, HttpResponse.BodyHandlers.ofString());
              assertThat(response.statusCode()).isEqualTo(200);
              var journeys = WireJourneys.page(response.body());
              assertThat(journeys).isNotEmpty();
              var journey = journeys.get(0);
              assertThat(WireJourneys.points(journey, ":")).contains("worker:web/eth0");
              assertThat(WireJourneys.kinds(journey)).contains("DECAP");
            });
    assertThat(server.core().status().agentsConnected()).isEqualTo(2);
  }

  @Test
  void grpcWithoutToken_unauthenticated() {
    assertThatThrownBy(
            () ->
                ObserverGrpc.newBlockingStub(channel)
                    .serverStatus(ServerStatusRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void grpcWrongToken_unauthenticated_rightTokenServed() {
    ObserverGrpc.ObserverBlockingStub observer = ObserverGrpc.newBlockingStub(channel);
    assertThatThrownBy(
            () ->
                observer
                    .withInterceptors(bearer("wrong"))
                    .serverStatus(ServerStatusRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
              assertThat(e.getStatus().getDescription()).contains("authorization: Bearer <token>");
            });
    assertThat(
            observer
                .withInterceptors(bearer(TOKEN))
                .serverStatus(ServerStatusRequest.getDefaultInstance())
                .getVersion())
        .isNotEmpty();
  }

  @Test
  void grpcTenWrongTokens_thenEvenTheRightOneRefusedForAMinute() {
    ObserverGrpc.ObserverBlockingStub observer = ObserverGrpc.newBlockingStub(channel);
    for (int i = 0; i < FailedAttempts.LIMIT; i++) {
      String guess = "guess-" + i;
      assertThatThrownBy(
              () ->
                  observer
                      .withInterceptors(bearer(guess))
                      .serverStatus(ServerStatusRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    }
    assertThatThrownBy(
            () ->
                observer
                    .withInterceptors(bearer(TOKEN))
                    .serverStatus(ServerStatusRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
              assertThat(e.getStatus().getDescription())
                  .matches(
                      "too many wrong tokens from 127\\.0\\.0\\.1: try again in [1-6]?[0-9] s");
            });
  }

  @Test
  void loginCookie_ofAPreviousRunOrAnotherToken_refused() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> login =
        http.send(
            HttpRequest.newBuilder(uri(server, "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("token=" + TOKEN))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(303);
    String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    assertThat(status(http, server, "Cookie", cookie)).isEqualTo(200);

    server.close();
    server =
        CollectorServer.start(
            new ServerSettings(
                ListenAddress.parse("127.0.0.1:0", "--listen"),
                ListenAddress.parse("127.0.0.1:0", "--grpc"),
                Optional.of(TOKEN),
                CoreSettings.defaults()));
    assertThat(status(http, server, "Cookie", cookie)).as("same token, next run").isEqualTo(401);
    assertThat(status(http, server, "Authorization", "Bearer " + TOKEN)).isEqualTo(200);

    try (CollectorServer rotated =
        CollectorServer.start(
            new ServerSettings(
                ListenAddress.parse("127.0.0.1:0", "--listen"),
                ListenAddress.parse("127.0.0.1:0", "--grpc"),
                Optional.of("rotated"),
                CoreSettings.defaults()))) {
      assertThat(status(http, rotated, "Cookie", cookie)).as("another token").isEqualTo(401);
    }
  }

  private static URI uri(CollectorServer server, String path) {
    return URI.create("http://127.0.0.1:" + server.httpPort() + path);
  }

  private static int status(HttpClient http, CollectorServer server, String header, String value)
      throws Exception {
    return http.send(
            HttpRequest.newBuilder(uri(server, "/api/v1/status")).header(header, value).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private void send(String node, String address, List<Observation> all) {
    StreamObserver<AgentMessage> requests =
        IngestGrpc.newStub(channel)
            .withInterceptors(bearer())
            .connect(
                new StreamObserver<CollectorMessage>() {
                  @Override
                  public void onNext(CollectorMessage value) {}

                  @Override
                  public void onError(Throwable t) {}

                  @Override
                  public void onCompleted() {}
                });
    requests.onNext(AgentMessages.hello(node, address, node + "-1"));
    requests.onNext(AgentMessages.snapshot(node, address));
    requests.onNext(
        AgentMessages.batch(1, all.stream().filter(o -> o.node().equals(node)).toList()));
  }

  private static io.grpc.ClientInterceptor bearer() {
    return bearer(TOKEN);
  }

  private static io.grpc.ClientInterceptor bearer(String token) {
    Metadata metadata = new Metadata();
    metadata.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return MetadataUtils.newAttachHeadersInterceptor(metadata);
  }
}

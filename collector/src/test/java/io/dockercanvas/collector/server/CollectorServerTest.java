package io.dockercanvas.collector.server;

import io.dockercanvas.collector.core.CoreSettings;
import static io.dockercanvas.collector.journey.SwarmPackets.MANAGER;
import static io.dockercanvas.collector.journey.SwarmPackets.MANAGER_IP;
import static io.dockercanvas.collector.journey.SwarmPackets.WORKER;
import static io.dockercanvas.collector.journey.SwarmPackets.WORKER_IP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dockercanvas.collector.rest.ListenAddress;
import io.dockercanvas.collector.ingest.AgentMessages;
import io.dockercanvas.collector.journey.Observation;
import io.dockercanvas.collector.journey.StitcherConfig;
import io.dockercanvas.collector.journey.SwarmPackets;
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
    CoreSettings core = CoreSettings.defaults().withStitcher(StitcherConfig.withWindow(Duration.ofMillis(200)));
    server = CollectorServer.start(new ServerSettings(ListenAddress.parse("127.0.0.1:0", "--listen"),
        ListenAddress.parse("127.0.0.1:0", "--grpc"), Optional.of(TOKEN), core));
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
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/api/v1/journeys"))
        .header("Authorization", "Bearer " + TOKEN).build();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"point\":\"web/eth0\"").contains("\"kind\":\"DECAP\"");
    });
    assertThat(server.core().status().agentsConnected()).isEqualTo(2);
  }

  @Test
  void grpcWithoutToken_unauthenticated() {
    assertThatThrownBy(() -> ObserverGrpc.newBlockingStub(channel).serverStatus(ServerStatusRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  private void send(String node, String address, List<Observation> all) {
    StreamObserver<AgentMessage> requests = IngestGrpc.newStub(channel).withInterceptors(bearer())
        .connect(new StreamObserver<CollectorMessage>() {
          @Override
          public void onNext(CollectorMessage value) {}

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        });
    requests.onNext(AgentMessages.hello(node, address, node + "-1"));
    requests.onNext(AgentMessages.snapshot(node, address));
    requests.onNext(AgentMessages.batch(1, all.stream().filter(o -> o.node().equals(node)).toList()));
  }

  private static io.grpc.ClientInterceptor bearer() {
    Metadata metadata = new Metadata();
    metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + TOKEN);
    return MetadataUtils.newAttachHeadersInterceptor(metadata);
  }
}

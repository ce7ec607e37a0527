package io.dockercanvas.collector.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Duration;
import io.dockercanvas.collector.core.CoreSettings;
import io.dockercanvas.collector.rest.ListenAddress;
import io.dockercanvas.proto.v1.AddTraceRequest;
import io.dockercanvas.proto.v1.ListTracesRequest;
import io.dockercanvas.proto.v1.RemoveTraceRequest;
import io.dockercanvas.proto.v1.Trace;
import io.dockercanvas.proto.v1.TracesGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Capture on demand through the real server: gRPC Traces and REST /api/v1/traces, by token. */
class TracesApiTest {

  private static final String TOKEN = "tok";
  private static final String VIEWER = "view";

  private CollectorServer server;
  private ManagedChannel channel;
  private final HttpClient http = HttpClient.newHttpClient();

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

  private TracesGrpc.TracesBlockingStub traces(String token) {
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return TracesGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  @Test
  void grpc_addListRemove_andTheAgentsConfigFollows() {
    Trace added =
        traces(TOKEN)
            .addTrace(
                AddTraceRequest.newBuilder()
                    .addPorts(8001)
                    .setDuration(Duration.newBuilder().setSeconds(60))
                    .build())
            .getTrace();

    assertThat(added.getPortsList()).containsExactly(8001);
    assertThat(added.getExpiresAt().getSeconds() - added.getCreatedAt().getSeconds()).isEqualTo(60);
    assertThat(server.core().config().current().traceFilters())
        .singleElement()
        .satisfies(f -> assertThat(f.id()).isEqualTo(added.getId()));
    assertThat(traces(VIEWER).listTraces(ListTracesRequest.getDefaultInstance()).getTracesList())
        .containsExactly(added);

    traces(TOKEN).removeTrace(RemoveTraceRequest.newBuilder().setId(added.getId()).build());
    assertThat(server.core().config().current().traceFilters()).isEmpty();
    assertThatThrownBy(
            () ->
                traces(TOKEN)
                    .removeTrace(RemoveTraceRequest.newBuilder().setId(added.getId()).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void grpc_viewerMayNotChange_badFieldIsInvalidArgument_noTokenUnauthenticated() {
    assertThatThrownBy(
            () -> traces(VIEWER).addTrace(AddTraceRequest.newBuilder().addPorts(80).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    assertThatThrownBy(
            () -> traces(TOKEN).addTrace(AddTraceRequest.newBuilder().addPorts(0).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).startsWith("ports: ");
            });
    assertThatThrownBy(
            () ->
                TracesGrpc.newBlockingStub(channel)
                    .listTraces(ListTracesRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  private HttpResponse<String> rest(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .header("Authorization", "Bearer " + token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void rest_postGetDelete_viewer403_bad400NamingTheField() throws Exception {
    HttpResponse<String> added =
        rest(
            "POST",
            "/api/v1/traces",
            TOKEN,
            "{\"ports\":[8001],\"protocols\":[\"tcp\"],\"bpf\":\"tcp port 8001\",\"duration\":\"40s\"}");
    assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    JsonObject trace = new JsonObject(added.body());
    assertThat(trace.getJsonArray("ports").getList()).containsExactly(8001);
    assertThat(trace.getJsonArray("protocols").getList()).containsExactly("PROTOCOL_TCP");
    assertThat(trace.getString("bpf")).isEqualTo("tcp port 8001");
    assertThat(server.core().config().current().traceFilters().get(0).protocols())
        .containsExactly(6);

    HttpResponse<String> list = rest("GET", "/api/v1/traces", VIEWER, null);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(list.body()).getJsonArray("traces").getJsonObject(0).getString("id"))
        .isEqualTo(trace.getString("id"));

    assertThat(rest("POST", "/api/v1/traces", VIEWER, "{\"ports\":[1]}").statusCode())
        .isEqualTo(403);
    assertThat(rest("DELETE", "/api/v1/traces/" + trace.getString("id"), VIEWER, null).statusCode())
        .isEqualTo(403);

    HttpResponse<String> bad = rest("POST", "/api/v1/traces", TOKEN, "{\"ports\":[\"x\"]}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(bad.body()).getString("error")).startsWith("ports: ");
    bad = rest("POST", "/api/v1/traces", TOKEN, "{\"port\":80}");
    assertThat(new JsonObject(bad.body()).getString("error")).startsWith("port: not a trace field");
    bad = rest("POST", "/api/v1/traces", TOKEN, "{\"ports\":[80],\"duration\":\"2h\"}");
    assertThat(new JsonObject(bad.body()).getString("error")).startsWith("duration: ");
    bad = rest("POST", "/api/v1/traces", TOKEN, "not json");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(bad.body()).getString("error")).startsWith("body: ");

    HttpResponse<String> removed =
        rest("DELETE", "/api/v1/traces/" + trace.getString("id"), TOKEN, null);
    assertThat(removed.statusCode()).isEqualTo(200);
    assertThat(rest("DELETE", "/api/v1/traces/" + trace.getString("id"), TOKEN, null).statusCode())
        .isEqualTo(404);
    assertThat(
            new JsonObject(rest("GET", "/api/v1/traces", TOKEN, null).body())
                .getJsonArray("traces", new io.vertx.core.json.JsonArray()))
        .isEmpty();
  }
}

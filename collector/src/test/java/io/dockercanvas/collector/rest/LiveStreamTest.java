package io.dockercanvas.collector.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.collector.core.CollectorCore;
import io.dockercanvas.collector.journey.SwarmPackets;
import io.dockercanvas.collector.wire.WireJourneys;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class LiveStreamTest {

  private CollectorCore core;
  private HttpClient client;
  private int port;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    core = HttpFixtures.core();
    HttpSettings settings =
        new HttpSettings(ListenAddress.parse("127.0.0.1:0", "--listen"), Optional.of("tok"));
    CollectorHttp.start(vertx, core, settings)
        .onComplete(
            ctx.succeeding(
                server -> {
                  port = server.actualPort();
                  client = vertx.createHttpClient();
                  ctx.completeNow();
                }));
  }

  @AfterEach
  void stop() {
    core.close();
  }

  @Test
  void stream_connected_topologyAndStatusFirstThenNewJourneys(Vertx vertx, VertxTestContext ctx) {
    List<JsonObject> frames = new ArrayList<>();
    client
        .webSocket(options().addHeader("Authorization", "Bearer tok"))
        .onComplete(
            ctx.succeeding(
                ws -> {
                  ws.textMessageHandler(
                      text -> {
                        JsonObject frame = new JsonObject(text);
                        frames.add(frame);
                        if (frames.size() == 2) {
                          HttpFixtures.stitch(
                              core,
                              SwarmPackets.synLive(
                                  0)); // a journey arrives after the page connected
                        }
                        if (frame.getString("type").equals("journey")) {
                          ctx.verify(
                              () -> {
                                assertThat(frames.get(0).getString("type")).isEqualTo("topology");
                                assertThat(
                                        frames
                                            .get(0)
                                            .getJsonObject("topology")
                                            .getJsonArray("nodes"))
                                    .hasSize(2);
                                assertThat(
                                        frames
                                            .get(1)
                                            .getJsonObject("status")
                                            .getInteger("agents_connected"))
                                    .isZero();
                                assertThat(WireJourneys.page(frame).get(0).getHopsList())
                                    .hasSize(11);
                                // the proto's JSON leaves complete: false out: the frame type says
                                // it
                                assertThat(
                                        frames.stream()
                                            .filter(f -> f.getString("type").startsWith("journey"))
                                            .flatMap(
                                                f ->
                                                    WireJourneys.page(f).stream()
                                                        .map(
                                                            j ->
                                                                f.getString("type")
                                                                    + " "
                                                                    + j.getComplete())))
                                    .containsAnyOf("journey_update false", "journey true")
                                    .allMatch(
                                        t ->
                                            t.equals("journey_update false")
                                                || t.equals("journey true"));
                              });
                          ws.close();
                          ctx.completeNow();
                        }
                      });
                }));
  }

  @Test
  void stream_withoutToken_refused(VertxTestContext ctx) {
    client
        .webSocket(options())
        .onComplete(
            ctx.failing(
                e ->
                    ctx.verify(
                        () -> {
                          assertThat(e).isInstanceOf(UpgradeRejectedException.class);
                          assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(401);
                          ctx.completeNow();
                        })));
  }

  @Test
  void stream_openedByAnotherSitesPage_refused(VertxTestContext ctx) {
    client
        .webSocket(
            options()
                .addHeader("Authorization", "Bearer tok")
                .addHeader("Origin", "http://evil.example"))
        .onComplete(
            ctx.failing(
                e ->
                    ctx.verify(
                        () -> {
                          assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(403);
                          ctx.completeNow();
                        })));
  }

  private WebSocketConnectOptions options() {
    return new WebSocketConnectOptions()
        .setHost("127.0.0.1")
        .setPort(port)
        .setURI("/api/v1/stream");
  }
}

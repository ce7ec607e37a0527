package io.dockercanvas.collector.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.collector.core.CollectorCore;
import io.dockercanvas.collector.journey.JourneyStitcher;
import io.dockercanvas.collector.journey.SwarmPackets;
import io.dockercanvas.collector.wire.WireJourneys;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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

  /**
   * A page that stops reading for a moment (a busy tab, a slow link) while more is published than
   * the socket and the kernel hold: the journeys wait in the collector, up to its bound, and reach
   * the page once it reads again, none lost. (It once dropped everything pending whenever the
   * socket's write queue was full.)
   */
  @Test
  void stream_pageReadingSlowlyForAMoment_getsEveryJourneyOnceItReadsAgain(
      Vertx vertx, VertxTestContext ctx) throws InterruptedException {
    // together no more than the collector keeps for one page: whatever the first batch leaves
    // pending when the socket fills, nothing has to be dropped
    int batch = StreamClient.MAX_PENDING / 2;
    JourneyStitcher stitcher = HttpFixtures.stitcher(core);
    Set<String> ids = new HashSet<>();
    long[] lost = {0};
    HttpClient roomy =
        vertx.createHttpClient(new HttpClientOptions().setMaxWebSocketMessageSize(256 << 20));
    roomy
        .webSocket(options().addHeader("Authorization", "Bearer tok"))
        .onComplete(
            ctx.succeeding(
                ws -> {
                  ws.textMessageHandler(
                      text -> {
                        JsonObject frame = new JsonObject(text);
                        if (frame.getString("type").equals("lost")) {
                          lost[0] += frame.getLong("lost");
                        }
                        if (frame.getString("type").equals("journey")) {
                          WireJourneys.page(frame).forEach(j -> ids.add(j.getId()));
                        }
                        if (ids.size() == 2 * batch) {
                          ctx.verify(() -> assertThat(lost[0]).isZero());
                          ws.close();
                          ctx.completeNow();
                        }
                      });
                  ws.pause(); // the page stops reading
                  vertx
                      .executeBlocking(
                          () -> {
                            // the first batch fills the socket and the kernel's buffers (tens of
                            // MB)
                            HttpFixtures.stitchMany(stitcher, batch);
                            Thread.sleep(500);
                            HttpFixtures.stitchMany(
                                stitcher, batch); // published while nothing is read
                            Thread.sleep(500);
                            return null;
                          })
                      .onComplete(ctx.succeeding(v -> ws.resume()));
                }));
    ctx.awaitCompletion(60, TimeUnit.SECONDS);
    ctx.verify(
        () ->
            assertThat(ids)
                .as("journeys received (lost frames said %d)", lost[0])
                .hasSize(2 * batch));
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

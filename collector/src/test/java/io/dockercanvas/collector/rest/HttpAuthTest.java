package io.dockercanvas.collector.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockercanvas.collector.core.CollectorCore;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HttpAuthTest {

  private static final String TOKEN = "s3cret-t0ken";

  private CollectorCore core;
  private WebClient client;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    core = HttpFixtures.core();
    HttpSettings settings =
        new HttpSettings(ListenAddress.parse("127.0.0.1:0", "--listen"), Optional.of(TOKEN));
    CollectorHttp.start(vertx, core, settings)
        .onComplete(
            ctx.succeeding(
                server -> {
                  client =
                      WebClient.create(
                          vertx,
                          new WebClientOptions()
                              .setDefaultPort(server.actualPort())
                              .setDefaultHost("127.0.0.1")
                              .setFollowRedirects(false));
                  ctx.completeNow();
                }));
  }

  @AfterEach
  void stop() {
    core.close();
  }

  @Test
  void settings_nonLoopbackWithoutToken_refusedWithAClearMessage() {
    assertThatThrownBy(
            () ->
                new HttpSettings(ListenAddress.parse("0.0.0.0:8080", "--listen"), Optional.empty()))
        .hasMessageContaining("--listen 0.0.0.0:8080 is reachable from other machines")
        .hasMessageContaining("--token");
    assertThat(
            new HttpSettings(ListenAddress.parse("[::1]:8080", "--listen"), Optional.empty())
                .token())
        .isEmpty();
  }

  @Test
  void request_withoutToken_401ButHealthzOpen(VertxTestContext ctx) {
    client
        .get("/api/v1/status")
        .send()
        .compose(
            status -> {
              ctx.verify(
                  () -> {
                    assertThat(status.statusCode()).isEqualTo(401);
                    assertThat(status.bodyAsJsonObject().getString("error")).contains("Bearer");
                  });
              return client.get("/metrics").send();
            })
        .compose(
            metrics -> {
              ctx.verify(() -> assertThat(metrics.statusCode()).isEqualTo(401));
              return client.get("/healthz").send();
            })
        .onComplete(
            ctx.succeeding(
                health ->
                    ctx.verify(
                        () -> {
                          assertThat(health.statusCode()).isEqualTo(200);
                          ctx.completeNow();
                        })));
  }

  @Test
  void request_bearerToken_served(VertxTestContext ctx) {
    client
        .get("/api/v1/status")
        .bearerTokenAuthentication(TOKEN)
        .send()
        .compose(
            ok -> {
              ctx.verify(() -> assertThat(ok.statusCode()).isEqualTo(200));
              return client.get("/api/v1/status").bearerTokenAuthentication("wrong").send();
            })
        .onComplete(
            ctx.succeeding(
                wrong ->
                    ctx.verify(
                        () -> {
                          assertThat(wrong.statusCode()).isEqualTo(401);
                          ctx.completeNow();
                        })));
  }

  @Test
  void browser_withoutSession_sentToLoginThenCookieOpensEverything(VertxTestContext ctx) {
    client
        .get("/")
        .putHeader("Accept", "text/html")
        .send()
        .compose(
            page -> {
              ctx.verify(
                  () -> {
                    assertThat(page.statusCode()).isEqualTo(302);
                    assertThat(page.getHeader("Location")).isEqualTo("/login");
                  });
              return client
                  .post("/login")
                  .sendForm(MultiMap.caseInsensitiveMultiMap().add("token", "guess"));
            })
        .compose(
            refused -> {
              ctx.verify(
                  () -> {
                    assertThat(refused.statusCode()).isEqualTo(401);
                    assertThat(refused.cookies()).isEmpty();
                  });
              return client
                  .post("/login")
                  .sendForm(MultiMap.caseInsensitiveMultiMap().add("token", TOKEN));
            })
        .compose(
            login -> {
              String cookie = login.cookies().get(0);
              ctx.verify(
                  () -> {
                    assertThat(login.statusCode()).isEqualTo(303);
                    assertThat(cookie)
                        .containsIgnoringCase("HttpOnly")
                        .contains("SameSite=Strict")
                        .doesNotContain(TOKEN);
                  });
              return client
                  .get("/api/v1/status")
                  .putHeader("Cookie", cookie.substring(0, cookie.indexOf(';')))
                  .send();
            })
        .onComplete(
            ctx.succeeding(
                status ->
                    ctx.verify(
                        () -> {
                          assertThat(status.statusCode()).isEqualTo(200);
                          ctx.completeNow();
                        })));
  }
}

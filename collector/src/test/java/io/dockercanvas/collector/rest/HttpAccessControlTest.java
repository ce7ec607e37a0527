package io.dockercanvas.collector.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dockercanvas.collector.auth.FailedAttempts;
import io.dockercanvas.collector.auth.TestClock;
import io.dockercanvas.collector.core.CollectorCore;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token's guard on a real HTTP server on loopback: WebSocket upgrade, login cookies,
 * wrong-token limit.
 */
class HttpAccessControlTest {

  private static final String TOKEN = "s3cret-t0ken";

  private final TestClock clock = new TestClock(Instant.parse("2026-12-04T10:00:00Z"));
  private Vertx vertx;
  private CollectorCore core;
  private int port;
  private WebClient client;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    core = HttpFixtures.core();
    HttpSettings settings =
        new HttpSettings(ListenAddress.parse("127.0.0.1:0", "--listen"), Optional.of(TOKEN));
    port = await(CollectorHttp.start(vertx, core, settings, clock)).actualPort();
    client = clientFrom("127.0.0.1");
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
    core.close();
  }

  @Test
  void stream_withoutOrWithAWrongToken_upgradeRefused401_loginCookieOpensIt() throws Exception {
    assertThat(upgradeRefusal(List.of())).isEqualTo(401);
    assertThat(upgradeRefusal(List.of("Authorization", "Bearer wrong"))).isEqualTo(401);

    WebSocket socket = await(webSocket(List.of("Cookie", login(client))));
    assertThat(socket.isClosed()).as("the login cookie opens the stream").isFalse();
    await(socket.close());
  }

  @Test
  void forgedCookies_refusedAsWithoutAToken() throws Exception {
    assertRefused(
        List.of(
            "forged",
            TOKEN,
            v1Cookie(TOKEN), // the previous scheme: the token's HMAC, the same in every run, never
            // ending
            "99999999999.",
            ".",
            ""));

    String real = login(client).substring("canvas_session=".length());
    String expiry = real.substring(0, real.indexOf('.'));
    String mac = real.substring(real.indexOf('.') + 1);
    assertRefused(
        List.of(
            (Long.parseLong(expiry) + 86_400)
                + "."
                + mac, // a real cookie made to last a day longer
            expiry + "." + (mac.charAt(0) == 'A' ? 'B' : 'A') + mac.substring(1)));
    assertThat(get("/api/v1/status", "Cookie", "canvas_session=" + real).statusCode())
        .isEqualTo(200);
  }

  private void assertRefused(List<String> cookieValues) throws Exception {
    for (String value : cookieValues) {
      assertThat(get("/api/v1/status", "Cookie", "canvas_session=" + value).statusCode())
          .as(value)
          .isEqualTo(401);
      assertThat(upgradeRefusal(List.of("Cookie", "canvas_session=" + value)))
          .as(value)
          .isEqualTo(401);
    }
  }

  @Test
  void loginCookie_livesEightHoursThenRefused() throws Exception {
    HttpResponse<Buffer> login = postLogin(client, TOKEN);
    assertThat(login.statusCode()).isEqualTo(303);
    String cookie = cookie(login);

    clock.advance(Duration.ofHours(8).minusSeconds(1));
    assertThat(get("/api/v1/status", "Cookie", cookie).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(1));
    assertThat(get("/api/v1/status", "Cookie", cookie).statusCode()).isEqualTo(401);
    assertThat(upgradeRefusal(List.of("Cookie", cookie))).isEqualTo(401);
    assertThat(
            await(
                    client
                        .get("/")
                        .putHeader("Accept", "text/html")
                        .putHeader("Cookie", cookie)
                        .send())
                .getHeader("Location"))
        .as("the page sends the browser to log in again")
        .isEqualTo("/login");
    assertThat(login.cookies())
        .singleElement()
        .asString()
        .as("the browser drops it too")
        .contains("Max-Age=28800")
        .containsIgnoringCase("HttpOnly")
        .contains("SameSite=Strict");
  }

  @Test
  void login_tenWrongTokens_thenEvenTheRightOneGets429UntilTheMinuteIsOver() throws Exception {
    for (int i = 0; i < FailedAttempts.LIMIT; i++) {
      assertThat(postLogin(client, "guess-" + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<Buffer> limited = postLogin(client, TOKEN);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.getHeader("Retry-After")).isEqualTo("60");
    assertThat(limited.bodyAsString())
        .contains("too many wrong tokens from this address: try again in 60 s");
    assertThat(limited.cookies()).isEmpty();
    assertThat(get("/api/v1/status", "Authorization", "Bearer " + TOKEN).statusCode())
        .as("the API's Bearer header counts the same")
        .isEqualTo(429);

    assertThat(postLogin(clientFrom("127.0.0.2"), TOKEN).statusCode())
        .as("another address")
        .isEqualTo(303);

    clock.advance(Duration.ofSeconds(59));
    assertThat(postLogin(client, TOKEN).getHeader("Retry-After")).isEqualTo("1");
    clock.advance(Duration.ofSeconds(1));
    assertThat(postLogin(client, TOKEN).statusCode()).isEqualTo(303);
  }

  @Test
  void bearer_tenWrongTokens_thenEvenTheRightOneGets429_aLoggedInBrowserStillServed()
      throws Exception {
    String session = login(client);
    for (int i = 0; i < 20; i++) {
      assertThat(get("/api/v1/status").statusCode())
          .as("no token is not a wrong token")
          .isEqualTo(401);
    }
    for (int i = 0; i < FailedAttempts.LIMIT; i++) {
      assertThat(get("/api/v1/status", "Authorization", "Bearer guess-" + i).statusCode())
          .isEqualTo(401);
    }
    HttpResponse<Buffer> limited = get("/api/v1/status", "Authorization", "Bearer " + TOKEN);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.getHeader("Retry-After")).isEqualTo("60");
    assertThat(limited.bodyAsJsonObject().getString("error")).contains("try again in 60 s");
    assertThat(upgradeRefusal(List.of("Authorization", "Bearer " + TOKEN))).isEqualTo(429);
    assertThat(postLogin(client, TOKEN).statusCode()).isEqualTo(429);

    assertThat(get("/api/v1/status", "Cookie", session).statusCode()).isEqualTo(200);
  }

  private WebClient clientFrom(String localAddress) {
    return WebClient.create(
        vertx,
        new WebClientOptions()
            .setDefaultHost("127.0.0.1")
            .setDefaultPort(port)
            .setLocalAddress(localAddress)
            .setFollowRedirects(false));
  }

  private HttpResponse<Buffer> get(String path, String... header) throws Exception {
    var request = client.get(path);
    for (int i = 0; i < header.length; i += 2) {
      request.putHeader(header[i], header[i + 1]);
    }
    return await(request.send());
  }

  private static HttpResponse<Buffer> postLogin(WebClient from, String token) throws Exception {
    return await(
        from.post("/login").sendForm(MultiMap.caseInsensitiveMultiMap().add("token", token)));
  }

  /** The {@code Cookie} header value a browser sends after logging in. */
  private static String login(WebClient from) throws Exception {
    HttpResponse<Buffer> response = postLogin(from, TOKEN);
    assertThat(response.statusCode()).isEqualTo(303);
    return cookie(response);
  }

  private static String cookie(HttpResponse<Buffer> login) {
    String setCookie = login.cookies().get(0);
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private Future<WebSocket> webSocket(List<String> header) {
    WebSocketConnectOptions options =
        new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/api/v1/stream");
    for (int i = 0; i < header.size(); i += 2) {
      options.addHeader(header.get(i), header.get(i + 1));
    }
    return vertx.createHttpClient(new HttpClientOptions()).webSocket(options);
  }

  private int upgradeRefusal(List<String> header) {
    Throwable refused = catchThrowable(() -> await(webSocket(header)));
    assertThat(refused)
        .as("upgrade refused")
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(UpgradeRejectedException.class);
    return ((UpgradeRejectedException) refused.getCause()).getStatus();
  }

  /**
   * The cookie of the previous scheme: anyone holding the token could make it, and it never ended.
   */
  private static String v1Cookie(String token) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of()
        .formatHex(mac.doFinal("docker-canvas session v1".getBytes(StandardCharsets.US_ASCII)));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}

package io.dockercanvas.collector.rest;

import io.dockercanvas.collector.auth.FailedAttempts;
import io.dockercanvas.collector.auth.TokenCheck;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;

/**
 * Token auth: {@code Authorization: Bearer <token>}, or the session cookie the login page sets
 * (what a browser's WebSocket can carry; see {@link SessionCookies}). A browser asking for a page
 * without either is sent to the login page; anything else gets 401. Wrong tokens, given here or to
 * /login, count against the client's address ({@link FailedAttempts}); past the limit it gets 429
 * and its tokens are not looked at.
 */
final class TokenAuth implements Handler<RoutingContext> {

  static final String COOKIE = "canvas_session";

  private final TokenCheck token;
  private final SessionCookies sessions;
  private final FailedAttempts failures;

  TokenAuth(String token, Clock clock) {
    this.token = new TokenCheck(token);
    this.sessions = new SessionCookies(clock);
    this.failures = new FailedAttempts(clock);
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    Cookie cookie = request.getCookie(COOKIE);
    if (cookie != null && sessions.valid(cookie.getValue())) {
      ctx.next();
      return;
    }
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      Duration wait = waitBeforeTrying(request);
      if (!wait.isZero()) {
        retryAfter(ctx, wait);
        ctx.response()
            .setStatusCode(429)
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .end(new JsonObject().put("error", tooManyMessage(wait)).encode());
        return;
      }
      if (accepts(request, header.substring(7).trim())) {
        ctx.next();
        return;
      }
    }
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    if (request.method().name().equals("GET") && accept != null && accept.contains("text/html")) {
      ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, "/login").end();
      return;
    }
    ctx.response()
        .setStatusCode(401)
        .putHeader("WWW-Authenticate", "Bearer realm=\"docker-canvas\"")
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(
            new JsonObject()
                .put(
                    "error",
                    "unauthorized: send 'Authorization: Bearer <token>' or log in at /login")
                .encode());
  }

  /** Zero when this client may present a token now; otherwise how long until it may. */
  Duration waitBeforeTrying(HttpServerRequest request) {
    return failures.waitFor(client(request));
  }

  /** Checks a token the client presented, and counts it against the client when it is wrong. */
  boolean accepts(HttpServerRequest request, String candidate) {
    if (token.matches(candidate)) {
      failures.succeeded(client(request));
      return true;
    }
    failures.failed(client(request));
    return false;
  }

  Cookie sessionCookie() {
    return Cookie.cookie(COOKIE, sessions.issue())
        .setPath("/")
        .setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT)
        .setMaxAge(SessionCookies.LIFETIME.toSeconds());
  }

  static void retryAfter(RoutingContext ctx, Duration wait) {
    ctx.response().putHeader("Retry-After", Long.toString(FailedAttempts.seconds(wait)));
  }

  static String tooManyMessage(Duration wait) {
    return "too many wrong tokens from this address: try again in "
        + FailedAttempts.seconds(wait)
        + " s";
  }

  private static String client(HttpServerRequest request) {
    return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
  }
}

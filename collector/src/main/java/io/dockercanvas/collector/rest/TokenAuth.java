package io.dockercanvas.collector.rest;

import io.dockercanvas.collector.auth.Access;
import io.dockercanvas.collector.auth.Access.Role;
import io.dockercanvas.collector.auth.FailedAttempts;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Token auth: {@code Authorization: Bearer <token>}, or the session cookie the login page sets
 * (what a browser's WebSocket can carry; see {@link SessionCookies}). A browser asking for a page
 * without either is sent to the login page; anything else gets 401. Wrong tokens, given here or to
 * /login, count against the client's address ({@link FailedAttempts}); past the limit it gets 429
 * and its tokens are not looked at.
 */
final class TokenAuth implements Handler<RoutingContext> {

  static final String COOKIE = "canvas_session";

  /** Where a request's {@link Role} is kept in its routing context. */
  static final String ROLE = "canvas.role";

  private final Access access;
  private final SessionCookies sessions;
  private final FailedAttempts failures;
  private final boolean secureCookie;

  TokenAuth(Access access, Clock clock, boolean secureCookie) {
    this.access = access;
    this.sessions = new SessionCookies(clock);
    this.failures = new FailedAttempts(clock);
    this.secureCookie = secureCookie;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    Cookie cookie = request.getCookie(COOKIE);
    Optional<Role> session = cookie == null ? Optional.empty() : sessions.valid(cookie.getValue());
    if (session.isPresent()) {
      ctx.put(ROLE, session.get());
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
      Optional<Role> role = accepts(request, header.substring(7).trim());
      if (role.isPresent()) {
        ctx.put(ROLE, role.get());
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

  /**
   * Checks a token the client presented, and counts it against the client when it is neither the
   * agents' nor the viewer token; returns what it allows.
   */
  Optional<Role> accepts(HttpServerRequest request, String candidate) {
    Optional<Role> role = candidate == null ? Optional.empty() : access.roleOf(candidate);
    if (role.isPresent()) {
      failures.succeeded(client(request));
    } else {
      failures.failed(client(request));
    }
    return role;
  }

  /** The role a request was let in with: everything when no token is set (loopback only). */
  static Role role(RoutingContext ctx) {
    Role role = ctx.get(ROLE);
    return role == null ? Role.FULL : role;
  }

  /**
   * A login cookie for {@code role}: HttpOnly, SameSite=Strict, ends with the session, Secure over
   * TLS.
   */
  Cookie sessionCookie(Role role) {
    return Cookie.cookie(COOKIE, sessions.issue(role))
        .setPath("/")
        .setSecure(secureCookie)
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

package io.dockercanvas.collector.rest;

import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Token auth: {@code Authorization: Bearer <token>}, or the session cookie the login page sets (what a
 * browser's WebSocket can carry). The cookie holds an HMAC of the token, not the token itself. A browser
 * asking for a page without either is sent to the login page; anything else gets 401.
 */
final class TokenAuth implements Handler<RoutingContext> {

  static final String COOKIE = "canvas_session";

  private final byte[] token;
  private final byte[] session;

  TokenAuth(String token) {
    this.token = token.getBytes(StandardCharsets.UTF_8);
    this.session = HexFormat.of().formatHex(hmac(this.token)).getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (authorized(ctx.request())) {
      ctx.next();
      return;
    }
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    if (ctx.request().method().name().equals("GET") && accept != null && accept.contains("text/html")) {
      ctx.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, "/login").end();
      return;
    }
    ctx.response().setStatusCode(401)
        .putHeader("WWW-Authenticate", "Bearer realm=\"docker-canvas\"")
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("error",
            "unauthorized: send 'Authorization: Bearer <token>' or log in at /login").encode());
  }

  boolean accepts(String candidate) {
    return candidate != null && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
  }

  Cookie sessionCookie() {
    return Cookie.cookie(COOKIE, new String(session, StandardCharsets.US_ASCII))
        .setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT);
  }

  private boolean authorized(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && accepts(header.substring(7).trim())) {
      return true;
    }
    Cookie cookie = request.getCookie(COOKIE);
    return cookie != null && MessageDigest.isEqual(session, cookie.getValue().getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal("docker-canvas session v1".getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}

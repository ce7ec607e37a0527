package io.dockercanvas.collector.rest;

import io.dockercanvas.collector.auth.Access.Role;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.Optional;

/**
 * A small login page: a form posting the token; a right token gets the session cookie and goes to
 * the page. Wrong tokens count against the client's address: past the limit it gets 429 with
 * Retry-After, unchecked. Without a token configured (loopback only) there is nothing to log in to
 * and both go straight to the page.
 */
final class LoginPage {

  private static final String FORM =
      """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>docker-canvas: log in</title>
      <style>body{font:16px system-ui,sans-serif;margin:4rem auto;max-width:24rem}
      input,button{font:inherit;padding:.4rem;width:100%%;box-sizing:border-box;margin:.3rem 0}
      .error{color:#b00020}</style></head>
      <body><h1>docker-canvas</h1>
      <p>This collector asks for its token (the <code>--token</code> it was started with).</p>
      %s
      <form method="post" action="/login">
      <input type="password" name="token" autocomplete="current-password" placeholder="token" autofocus required>
      <button type="submit">Log in</button></form></body></html>
      """;

  private LoginPage() {}

  static void mount(Router router, TokenAuth auth) {
    router
        .get("/login")
        .handler(
            ctx -> {
              if (auth == null) {
                redirectToPage(ctx);
              } else {
                html(ctx, 200, "");
              }
            });
    router
        .post("/login")
        .handler(BodyHandler.create().setBodyLimit(4096))
        .handler(
            ctx -> {
              if (auth == null) {
                redirectToPage(ctx);
                return;
              }
              Duration wait = auth.waitBeforeTrying(ctx.request());
              if (!wait.isZero()) {
                TokenAuth.retryAfter(ctx, wait);
                html(ctx, 429, "<p class=\"error\">" + TokenAuth.tooManyMessage(wait) + ".</p>");
                return;
              }
              Optional<Role> role =
                  auth.accepts(ctx.request(), ctx.request().getFormAttribute("token"));
              if (role.isPresent()) {
                ctx.response().addCookie(auth.sessionCookie(role.get()));
                redirectToPage(ctx);
              } else {
                html(
                    ctx,
                    401,
                    "<p class=\"error\">That token is not the one this collector was started with.</p>");
              }
            });
  }

  private static void redirectToPage(RoutingContext ctx) {
    ctx.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, "/").end();
  }

  private static void html(RoutingContext ctx, int status, String message) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .end(String.format(FORM, message));
  }
}

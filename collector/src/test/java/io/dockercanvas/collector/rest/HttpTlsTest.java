package io.dockercanvas.collector.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.collector.certs.TestCertificates;
import io.dockercanvas.collector.core.CollectorCore;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page's port over real HTTPS: the login cookie is Secure, HttpOnly, SameSite=Strict, expiring.
 */
class HttpTlsTest {

  @TempDir Path dir;

  @Test
  void httpsLogin_setsASecureStrictHttpOnlyExpiringCookie() throws Exception {
    TestCertificates certs = new TestCertificates(dir);
    Path cert = certs.collector();
    Vertx vertx = Vertx.vertx();
    CollectorCore core = HttpFixtures.core();
    try {
      HttpSettings settings =
          new HttpSettings(
              ListenAddress.parse("127.0.0.1:0", "--listen"),
              Optional.of("tok"),
              Optional.of("view"),
              Optional.of(new HttpSettings.Tls(cert, TestCertificates.keyOf(cert))));
      HttpServer server =
          CollectorHttp.start(vertx, core, settings)
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      WebClient client =
          WebClient.create(
              vertx,
              new WebClientOptions()
                  .setSsl(true)
                  .setTrustOptions(new PemTrustOptions().addCertPath(certs.ca().toString()))
                  .setDefaultHost("127.0.0.1")
                  .setDefaultPort(server.actualPort())
                  .setFollowRedirects(false));
      HttpResponse<Buffer> login =
          client
              .post("/login")
              .sendForm(MultiMap.caseInsensitiveMultiMap().add("token", "view"))
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);

      assertThat(login.statusCode()).isEqualTo(303);
      assertThat(login.cookies()).hasSize(1);
      assertThat(login.cookies().get(0))
          .startsWith("canvas_session=")
          .containsIgnoringCase("; HttpOnly")
          .contains("; Secure", "; SameSite=Strict", "Max-Age=28800", ".viewer.");
    } finally {
      core.close();
      vertx.close();
    }
  }
}

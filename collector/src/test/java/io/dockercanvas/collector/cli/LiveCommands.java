package io.dockercanvas.collector.cli;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A long-running command (demo, replay) started on its own thread, its page address read from its
 * output.
 */
final class LiveCommands implements AutoCloseable {

  private static final Pattern URL = Pattern.compile("open (http://[^/ ]+/)");

  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  private final AtomicInteger exitCode = new AtomicInteger(Integer.MIN_VALUE);
  private final Thread thread;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private LiveCommands(String... args) {
    thread =
        new Thread(
            () ->
                exitCode.set(
                    CollectorCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args)),
            "live-command");
    thread.setDaemon(true);
    thread.start();
  }

  static LiveCommands start(String... args) {
    return new LiveCommands(args);
  }

  /** The page's address once the command printed it. */
  String awaitUrl(Duration within) {
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> URL.matcher(out.toString()).find() || !thread.isAlive());
    Matcher m = URL.matcher(out.toString());
    if (!m.find()) {
      throw new AssertionError(
          "no page address printed; exit " + exitCode.get() + ", stderr: " + err);
    }
    return m.group(1);
  }

  HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String url) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(5))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Stops the command as Ctrl-C would (the thread is interrupted) and returns its exit code. */
  int stop() throws InterruptedException {
    thread.interrupt();
    thread.join(Duration.ofSeconds(15).toMillis());
    return exitCode.get();
  }

  @Override
  public void close() throws InterruptedException {
    if (thread.isAlive()) {
      stop();
    }
  }
}

package io.dockercanvas.collector.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A collector under test in its own JVM, started from a jar with the service's JVM options and a GC
 * log: its CPU time comes from /proc, its heap after each collection from the log, so the agents'
 * and the probe's work (in the benchmark's JVM) is not counted, and any version's jar can be
 * measured the same way.
 */
final class CollectorProcess implements AutoCloseable {

  private static final Pattern AFTER_GC = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\(");

  final String label;
  final int grpcPort;
  final int httpPort;
  private final Process process;
  private final Path gcLog;
  private final HttpClient http = HttpClient.newHttpClient();

  private CollectorProcess(String label, Process process, Path gcLog, int grpcPort, int httpPort) {
    this.label = label;
    this.process = process;
    this.gcLog = gcLog;
    this.grpcPort = grpcPort;
    this.httpPort = httpPort;
  }

  static CollectorProcess start(String label, Path jar, List<String> javaOptions, Path workDir)
      throws IOException, InterruptedException {
    int grpc = freePort();
    int http = freePort();
    Files.createDirectories(workDir);
    Path gcLog = Files.createTempFile(workDir, "gc-" + label + "-", ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaOptions);
    command.add("-Xlog:gc:file=" + gcLog);
    command.add("-jar");
    command.add(jar.toString());
    command.add("--listen");
    command.add("127.0.0.1:" + http);
    command.add("--grpc");
    command.add("127.0.0.1:" + grpc);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("CANVAS_TOKEN");
    builder.redirectErrorStream(true);
    builder.redirectOutput(workDir.resolve("collector-" + label + ".out").toFile());
    CollectorProcess collector = new CollectorProcess(label, builder.start(), gcLog, grpc, http);
    collector.awaitHealthy();
    return collector;
  }

  /** CPU time (user + system) the collector's process used so far, in nanoseconds. */
  long cpuNs() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
    return ticks * 10_000_000L; // USER_HZ is 100 on Linux
  }

  /**
   * The largest heap occupancy right after a collection, over the GC log lines from {@code
   * fromLine}.
   */
  long maxHeapAfterGcBytes(int fromLine) throws IOException {
    List<String> lines = Files.readAllLines(gcLog);
    long max = 0;
    for (int i = fromLine; i < lines.size(); i++) {
      Matcher m = AFTER_GC.matcher(lines.get(i));
      if (m.find()) {
        max = Math.max(max, bytes(Long.parseLong(m.group(3)), m.group(4)));
      }
    }
    return max;
  }

  int gcLogLines() throws IOException {
    return Files.readAllLines(gcLog).size();
  }

  /** The collector's /api/v1/status body. */
  String status() throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1/status"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private void awaitHealthy() throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(label + ": collector exited with " + process.exitValue());
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/healthz"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IOException(label + ": collector not healthy within 60 s");
  }

  private static long bytes(long value, String unit) {
    return switch (unit) {
      case "K" -> value << 10;
      case "M" -> value << 20;
      default -> value << 30;
    };
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}

package io.dockercanvas.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command on this machine with a time limit and returns its exit code and merged output. */
public final class HostCommand {

  /** What a finished command did. */
  public record Result(List<String> command, int exitCode, String output, Duration took) {
    public boolean succeeded() {
      return exitCode == 0;
    }

    /**
     * The output of a command that had to succeed; a failure fails the test with {@link
     * #describe()}.
     */
    public String require() {
      if (!succeeded()) {
        throw new AssertionError("command failed: " + describe());
      }
      return output;
    }

    /** For assertion messages: the command, its exit code and what it printed. */
    public String describe() {
      return String.join(" ", command)
          + " -> exit "
          + exitCode
          + " after "
          + took.toSeconds()
          + "s\n"
          + output;
    }
  }

  private HostCommand() {}

  public static Result run(Duration limit, List<String> command) {
    return run(limit, command, null, Map.of());
  }

  public static Result run(Duration limit, List<String> command, Path directory) {
    return run(limit, command, directory, Map.of());
  }

  /**
   * Runs COMMAND in DIRECTORY (null: the current one) with ENV added; a command over its limit is
   * killed, with what it started, and fails the test.
   */
  public static Result run(
      Duration limit, List<String> command, Path directory, Map<String, String> env) {
    long start = System.nanoTime();
    Path output = null;
    try {
      // Output goes to a file, not a pipe: a command that leaves children behind cannot block us.
      output = Files.createTempFile("host-command", ".out");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      if (directory != null) {
        builder.directory(directory.toFile());
      }
      builder.environment().putAll(env);
      Process process = builder.start();
      process.getOutputStream().close();
      if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        throw new AssertionError(
            "timed out after "
                + limit.toSeconds()
                + "s: "
                + String.join(" ", command)
                + "\n"
                + Files.readString(output, StandardCharsets.UTF_8));
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      return new Result(
          command, process.exitValue(), text, Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + String.join(" ", command), e);
    } finally {
      if (output != null) {
        output.toFile().delete();
      }
    }
  }

  /** Output of a quick query command, or empty text when it fails or is missing. */
  public static String query(String... command) {
    try {
      Result result = run(Duration.ofSeconds(30), List.of(command));
      return result.succeeded() ? result.output() : "";
    } catch (AssertionError e) {
      return "";
    }
  }

  /**
   * Is PROGRAM an executable on the PATH (or in an sbin directory, which a non-login PATH may
   * lack)?
   */
  public static boolean onPath(String program) {
    String path =
        System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin")
            + ":/usr/local/sbin:/usr/sbin:/sbin";
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  public static boolean isRoot() {
    return query("id", "-u").strip().equals("0");
  }
}

package io.dockercanvas.agent.cli;

import io.dockercanvas.pipeline.testing.MiniJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One run of the command line through {@link AgentCli#execute}, with stdout and stderr captured.
 */
record CliRun(int exitCode, String out, String err) {

  static CliRun of(String... args) {
    return run(AgentCli::execute, args);
  }

  /** The same command line, always through picocli (no start-up fast path). */
  static CliRun viaPicocli(String... args) {
    return run(AgentCli::executeWithPicocli, args);
  }

  private interface Entry {
    int execute(String[] args, PrintStream out, PrintStream err);
  }

  private static CliRun run(Entry entry, String[] args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        entry.execute(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new CliRun(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  List<String> lines() {
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }

  /** Every stdout line parsed as one JSON object. */
  List<Map<String, Object>> objects() {
    return lines().stream().map(MiniJson::object).collect(Collectors.toList());
  }
}

package io.dockercanvas.agent.cli;

import io.dockercanvas.agent.capture.JnaLibraryPath;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code canvas}: the agent jar's command line, a container of subcommands ({@code decode} now; the
 * live agent and snapshots come later).
 */
@Command(
    name = "canvas",
    description = "docker-canvas: see, packet by packet, how a Docker Swarm overlay network works.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {DecodeCommand.class, AgentCommand.class})
public final class AgentCli implements Callable<Integer> {
  /** Usage errors (picocli's code, written out so the fast path need not load picocli). */
  public static final int EXIT_USAGE = 2;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Spec CommandSpec spec;

  private final PrintStream out;
  private final PrintStream err;

  public AgentCli() {
    this(System.out, System.err);
  }

  /** A command line writing to the given streams (tests capture them). */
  public AgentCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  @Override
  public Integer call() {
    err.println("canvas: a command is required");
    spec.commandLine().usage(err);
    return EXIT_USAGE;
  }

  public static void main(String[] args) {
    JnaLibraryPath.setUnlessGiven();
    System.exit(execute(args, System.out, System.err));
  }

  /** Runs one command line and returns its exit code. */
  public static int execute(String[] args, PrintStream out, PrintStream err) {
    DecodeRun plainDecode = DecodeRun.parsePlain(args);
    if (plainDecode != null) {
      return plainDecode.run(out, err);
    }
    return executeWithPicocli(args, out, err);
  }

  /** The full command line: help, usage errors and every command. */
  static int executeWithPicocli(String[] args, PrintStream out, PrintStream err) {
    CommandLine commandLine = new CommandLine(new AgentCli(out, err));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          err.println("canvas " + cmd.getCommandName() + ": internal error: " + e);
          e.printStackTrace(err);
          return CommandLine.ExitCode.SOFTWARE;
        });
    return commandLine.execute(args);
  }
}

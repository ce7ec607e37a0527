package io.dockercanvas.agent.cli;

import io.dockercanvas.agent.capture.CaptureBench;
import io.dockercanvas.pipeline.observation.ObservationSampling;
import io.dockercanvas.pipeline.observation.SamplingPolicy;
import io.dockercanvas.pipeline.observation.TraceFilters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code canvas agent capture-bench}: the agent's capture loop on one interface for a while,
 * counting. Hidden: it is the benchmark's probe (agent/bench/capture-vs-tcpdump.sh), not something
 * users run.
 */
@Command(
    name = "capture-bench",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = {
      "Run the agent's live capture loop (handle opened inside the namespace, decode,",
      "fingerprint, flow table, sampling) on one interface for a fixed time; print the frames it",
      "processed and the kernel's drops as one line of key=value pairs. SIGINT or SIGTERM end it",
      "early (the counts are still printed). Needs root and libpcap."
    })
final class CaptureBenchCommand implements Callable<Integer> {

  @ParentCommand AgentCommand agent;

  @Option(
      names = "--netns",
      paramLabel = "FILE",
      description =
          "The network namespace's file, e.g. /run/netns/NAME (default: the agent's own namespace).")
  Path netns;

  @Option(
      names = "--iface",
      paramLabel = "NAME",
      required = true,
      description = "The interface to capture on.")
  String iface;

  @Option(
      names = "--filter",
      paramLabel = "EXPR",
      defaultValue = "",
      description =
          "pcap filter expression run in the kernel, as tcpdump takes it (default: every frame).")
  String filter;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      defaultValue = "10",
      description = "How long to capture (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(
      names = "--sample",
      paramLabel = "FRACTION",
      defaultValue = "0.01",
      description =
          "Fraction of packets kept by fingerprint hash, plus TCP SYN/FIN/RST: the deployed policy"
              + " (deploy/stack.yml, the agent's default) unless set (default: ${DEFAULT-VALUE}).")
  double sample;

  @Override
  public Integer call() throws Exception {
    if (seconds <= 0 || seconds > 3600) {
      agent
          .cli
          .err()
          .println(
              "canvas agent capture-bench: --seconds must be in (0, 3600] (got " + seconds + ")");
      return AgentCli.EXIT_USAGE;
    }
    SamplingPolicy policy;
    try {
      policy =
          new SamplingPolicy(
              0,
              ObservationSampling.ofFraction(sample),
              TraceFilters.NONE,
              SamplingPolicy.DEFAULT.snapLength());
    } catch (IllegalArgumentException e) {
      agent.cli.err().println("canvas agent capture-bench: --sample: " + e.getMessage());
      return AgentCli.EXIT_USAGE;
    }
    if (netns != null && !Files.exists(netns)) {
      agent.cli.err().println("canvas agent capture-bench: --netns " + netns + " does not exist");
      return AgentCli.EXIT_USAGE;
    }
    // SIGINT/SIGTERM end the run early, as with tcpdump: the counts are still printed
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch printed = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.countDown();
                  try {
                    printed.await(5, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    CaptureBench.Result result =
        CaptureBench.run(
            netns,
            iface,
            filter,
            Duration.ofMillis(Math.round(seconds * 1000)),
            policy,
            () ->
                agent
                    .cli
                    .err()
                    .println(
                        "canvas agent capture-bench: capturing on "
                            + iface
                            + " for "
                            + seconds
                            + " s"),
            stop);
    agent
        .cli
        .out()
        .println(
            String.format(
                Locale.ROOT,
                "captured=%d kernel_dropped=%d observations=%d seconds=%.2f",
                result.captured(),
                result.kernelDropped(),
                result.observations(),
                result.seconds()));
    agent.cli.out().flush();
    printed.countDown();
    return 0;
  }
}

package io.dockercanvas.agent.cli;

import io.dockercanvas.agent.capture.CapturePlan;
import io.dockercanvas.agent.capture.LibpcapBpf;
import io.dockercanvas.agent.capture.LiveCaptures;
import io.dockercanvas.agent.capture.LiveHandle;
import io.dockercanvas.agent.discovery.DockerEngine;
import io.dockercanvas.agent.export.NodeTopologyMapper;
import io.dockercanvas.agent.node.NodeWatch;
import io.dockercanvas.pipeline.cli.TlsOptions;
import io.dockercanvas.pipeline.cli.TokenOptions;
import io.dockercanvas.pipeline.observation.SamplingPolicy;
import io.dockercanvas.pipeline.security.GrpcTls;
import io.dockercanvas.pipeline.security.TlsFiles;
import io.dockercanvas.pipeline.stream.CollectorStream;
import io.dockercanvas.pipeline.stream.CollectorThreads;
import io.dockercanvas.pipeline.stream.ExportBuffer;
import io.dockercanvas.proto.v1.NodeTopology;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code canvas agent}: the live agent of one node, streaming to the collector until stopped. */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    versionProvider = AgentVersion.class,
    resourceBundle = "io.dockercanvas.agent.cli.shared-options",
    subcommands = {SnapshotCommand.class, CaptureBenchCommand.class},
    description = {
      "Capture this node's overlay plumbing live and stream it to the collector.",
      "Needs root (or CAP_NET_ADMIN, CAP_NET_RAW, CAP_SYS_ADMIN) and libpcap. Reads Docker only."
    })
final class AgentCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(AgentCommand.class);

  @ParentCommand AgentCli cli;

  @Mixin NodeOptions node = new NodeOptions();

  @Option(
      names = "--collector",
      paramLabel = "HOST:PORT",
      description = "The collector's ingest address (required).")
  String collector;

  // what --token and --tls-* mean here: shared-options.properties in this package (the resource
  // bundle)
  @Mixin TokenOptions token = new TokenOptions();

  @Mixin TlsOptions tls = new TlsOptions();

  @Option(
      names = "--tls-server-name",
      paramLabel = "NAME",
      description =
          "The name the collector's certificate must carry (default: the host of --collector).")
  String tlsServerName;

  @Option(
      names = "--queue",
      defaultValue = "65536",
      description = "Observations and flow updates held at most (default: ${DEFAULT-VALUE}).")
  int queue;

  private static final Duration DRAIN = Duration.ofSeconds(5);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  @Override
  public Integer call() throws Exception {
    if (collector == null || !collector.matches("[^:\\s]+:\\d{1,5}")) {
      cli.err().println("canvas agent: --collector HOST:PORT is required (got " + collector + ")");
      return AgentCli.EXIT_USAGE;
    }
    String host = collector.substring(0, collector.lastIndexOf(':'));
    int port = Integer.parseInt(collector.substring(collector.lastIndexOf(':') + 1));
    if (port < 1 || port > 65535) {
      cli.err().println("canvas agent: --collector port must be 1-65535 (got " + collector + ")");
      return AgentCli.EXIT_USAGE;
    }
    Optional<TlsFiles> tlsFiles;
    String bearer;
    try {
      tlsFiles = tls.files();
      bearer = token.token().orElse(null);
    } catch (IllegalArgumentException e) {
      cli.err().println("canvas agent: " + e.getMessage());
      return AgentCli.EXIT_USAGE;
    }
    DockerEngine docker = node.connect(cli.err(), "canvas agent");
    if (docker == null) {
      return AgentCli.EXIT_USAGE;
    }
    AtomicReference<SamplingPolicy> policy = new AtomicReference<>(SamplingPolicy.DEFAULT);
    AtomicReference<NodeTopology> topology = new AtomicReference<>();
    ExportBuffer buffer = new ExportBuffer(node.nodeName, queue);
    ScheduledExecutorService planner =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "capture-plan"));
    CollectorThreads grpcThreads = new CollectorThreads();
    ManagedChannel channel =
        GrpcTls.channel(
            grpcThreads.applyTo(NettyChannelBuilder.forAddress(host, port)),
            tlsFiles,
            tlsServerName);
    String exclude = CapturePlan.collectorExclusion(host, port);
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    try (DockerEngine engine = docker) {
      AtomicReference<LiveCaptures> captures = new AtomicReference<>();
      // what is captured, as the collector must know it: null until the first plan is applied
      AtomicReference<List<String>> capturing = new AtomicReference<>();
      NodeWatch watch =
          new NodeWatch(
              node.nodeName,
              engine,
              Path.of(node.netnsDir),
              exclude,
              state -> {
                topology.set(NodeTopologyMapper.topology(state, Instant.now()));
                planner.execute(
                    () -> {
                      captures.get().apply(CapturePlan.of(state), state.dataPathPort());
                      capturing.set(captures.get().points().stream().sorted().toList());
                    });
              });
      captures.set(
          new LiveCaptures(
              watch.namespaceRunner(), policy::get, buffer, 16384, Duration.ofSeconds(30)));
      CollectorStream stream =
          new CollectorStream(
                  channel,
                  bearer,
                  buffer,
                  topology::get,
                  next -> policy.set(withTraceBpf(next)),
                  256,
                  AgentVersion.current())
              .capturePoints(capturing::get);
      // The JVM halts once its hooks return: this one lets the stop below finish (drain, summary)
      // first.
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    stop.countDown();
                    awaitQuietly(stopped, STOP_TIMEOUT);
                  }));
      ResourceLog resources = new ResourceLog();
      planner.scheduleWithFixedDelay(
          () ->
              resources
                  .lineFor(
                      new ResourceLog.Counts(
                          watch.current().map(state -> state.namespaces().size()).orElse(0),
                          captures.get().points().size(),
                          LiveHandle.openCount()))
                  .ifPresent(log::info),
          5,
          5,
          TimeUnit.SECONDS);
      watch.start();
      stream.start();
      cli.err()
          .println(
              "canvas agent: streaming to "
                  + collector
                  + (tlsFiles.isPresent() ? " over mutual TLS" : " in plaintext")
                  + " (stop with Ctrl-C)");
      stop.await();
      watch.close();
      planner.submit(() -> captures.get().close()).get();
      stream.close(DRAIN); // captures stopped: what they offered last still reaches the collector
      cli.err().println("canvas agent: stopped; " + stream.totals().summary());
    } finally {
      planner.shutdownNow();
      channel.shutdownNow();
      grpcThreads.close();
      stopped.countDown();
    }
    return 0;
  }

  private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
    try {
      latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Which node to read: shared by {@code agent} and {@code agent snapshot}. */
  static final class NodeOptions {
    @Option(
        names = "--docker",
        paramLabel = "unix://PATH",
        defaultValue = "unix:///var/run/docker.sock",
        description = "This node's Docker engine socket (default: ${DEFAULT-VALUE}).")
    String docker;

    @Option(
        names = "--netns-dir",
        paramLabel = "DIR",
        defaultValue = "/var/run/docker/netns",
        description = "Where Docker keeps its network namespaces (default: ${DEFAULT-VALUE}).")
    String netnsDir;

    @Option(
        names = "--node-name",
        paramLabel = "NAME",
        defaultValue = "",
        description = "The name this node goes by (default: the engine's hostname).")
    String nodeName;

    /** The engine client, or null after saying why when --docker is not a local unix socket. */
    DockerEngine connect(java.io.PrintStream err, String command) {
      try {
        return DockerEngine.connect(docker);
      } catch (IllegalArgumentException e) {
        err.println(command + ": --docker: " + e.getMessage());
        return null;
      }
    }
  }

  /**
   * The collector's trace filters' tcpdump expressions compiled by libpcap; one that does not
   * compile matches nothing, and the log says why.
   */
  private static SamplingPolicy withTraceBpf(SamplingPolicy next) {
    SamplingPolicy compiled = next.withBpf(LibpcapBpf.INSTANCE);
    compiled.traceFilters().errors().forEach(e -> log.warn("trace filter not applied: {}", e));
    if (!compiled.traceFilters().isEmpty() || next.revision() > 0) {
      log.info(
          "capture config revision {}: {} trace filter(s)",
          next.revision(),
          compiled.traceFilters().size());
    }
    return compiled;
  }
}

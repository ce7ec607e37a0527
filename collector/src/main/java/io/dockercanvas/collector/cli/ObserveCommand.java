package io.dockercanvas.collector.cli;

import com.google.protobuf.Timestamp;
import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.journey.JourneyPcapng;
import io.dockercanvas.collector.observer.JourneyRecords;
import io.dockercanvas.pipeline.cli.TokenOptions;
import io.dockercanvas.proto.v1.GetJourneysRequest;
import io.dockercanvas.proto.v1.GetJourneysResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code observe}: journeys from a running collector's gRPC Observer API (or read back from a file
 * it wrote), filtered and printed as {@code hubble observe} prints flows.
 */
@Command(
    name = "observe",
    mixinStandardHelpOptions = true,
    versionProvider = CollectorCli.VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Streams journeys from a running collector's gRPC Observer API (GetJourneys), like 'hubble observe'"
          + " streams flows: the last 20 stored, a time window, or every new one as it is stitched"
          + " (--follow). Filters select by address, service, node, point, network, port, protocol, VNI,"
          + " rewrite, verdict and traffic class; values of one flag OR, different flags AND; --not before a"
          + " flag leaves out what it selects.",
      "",
      "Lost events and agent (dis)connections arrive with the journeys: on stderr in the compact, table"
          + " and json formats, as their own lines in jsonpb. --input-file reads jsonpb or json lines back"
          + " (networks and services then match by name only)."
    },
    footer = {
      "",
      "Examples:",
      "  observe",
      "      the last 20 journeys of the collector on 127.0.0.1:9090",
      "  observe --follow --traffic data",
      "      every new data-plane journey, until Ctrl-C",
      "  observe --since 5m --verdict PROBLEM -o table",
      "      the problems of the last five minutes, in columns",
      "  observe --from-ip 10.0.1.0/24 --to-service db --proto tcp --port 5432",
      "  observe --node node2 --not --point eth0",
      "      journeys through node2, leaving out those seen on an eth0",
      "  observe --last 100 -o jsonpb > journeys.jsonl",
      "  observe --input-file journeys.jsonl --vni 4097 --pcapng vxlan.pcapng",
      "      read back, filtered, written for Wireshark",
      "  observe --collector 10.0.0.5:9091 --tls-ca ca.crt --token-file viewer_token",
      "      a TLS collector's --observer-grpc port: its CA and a viewer token, no",
      "      client certificate",
      "",
      "Exit codes: 0 done (also when nothing matched), 1 the collector could not be reached or the stream"
          + " failed, 2 bad options, refused by the collector (bad filter, token) or unreadable input file."
    })
public final class ObserveCommand implements Callable<Integer> {

  static final int DEFAULT_LAST = 20;

  @Option(
      names = "--collector",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:9090",
      description =
          "The collector's gRPC address (its --grpc, or --observer-grpc) (default: ${DEFAULT-VALUE}).")
  String collector;

  // what --token means here: shared-options.properties in this package (the resource bundle)
  @Mixin TokenOptions token = new TokenOptions();

  @Option(
      names = "--tls-ca",
      paramLabel = "FILE",
      description =
          "Speak TLS and trust the collector's certificate when this CA (PEM, the ca.crt of 'canvas"
              + " certs') signed it. Enough for an --observer-grpc port.")
  Path tlsCa;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description =
          "With --tls-key: show this client certificate, for a collector's main --grpc port under"
              + " mutual TLS.")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "The client certificate's private key (PKCS#8 PEM).")
  Path tlsKey;

  @Option(
      names = "--tls-server-name",
      paramLabel = "NAME",
      description =
          "The name the collector's certificate must carry (default: the host of --collector).")
  String tlsServerName;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep streaming new journeys as they are stitched, until Ctrl-C.")
  boolean follow;

  @Option(
      names = "--last",
      paramLabel = "N",
      description =
          "The last N stored journeys (default: 20, unless --follow, --since, --until, --first or"
              + " --all).")
  Long last;

  @Option(
      names = "--first",
      paramLabel = "N",
      description = "The first (oldest) N stored journeys.")
  Long first;

  @Option(names = "--all", description = "Every stored journey.")
  boolean all;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description =
          "Journeys whose first hop is at or after TIME: RFC 3339 (2026-12-05T09:30:00Z) or a"
              + " duration before now (30s, 5m, 1h, 2d).")
  String since;

  @Option(
      names = "--until",
      paramLabel = "TIME",
      description = "Journeys whose first hop is before TIME (as --since).")
  String until;

  @Option(
      names = "--progressive",
      description =
          "With --follow: also show each journey while it is being stitched (marked 'so far').")
  boolean progressive;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "compact",
      description =
          "compact (one line per journey), table (aligned columns), json (each Journey in the proto's"
              + " JSON mapping, one per line) or jsonpb (each GetJourneysResponse so, lost events and"
              + " node status too) (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(
      names = "--input-file",
      paramLabel = "FILE",
      description =
          "Read jsonpb or json lines (as -o jsonpb/json wrote them; - for stdin) instead of asking a"
              + " collector; filters, limits and formats apply the same.")
  String inputFile;

  @Option(
      names = "--pcapng",
      paramLabel = "FILE",
      description =
          "Also write the journeys received as pcapng: one interface per node:point, one frame per"
              + " hop, the rewrites in each frame's comment (written when the stream ends).")
  Path pcapng;

  @Mixin ObserveFilters filters = new ObserveFilters();

  @Spec CommandSpec spec;

  /** A usage error (exit 2) or a failed stream (exit 1), with what to tell the user. */
  static final class Failure extends Exception {
    final int exit;

    Failure(int exit, String message) {
      super(message);
      this.exit = exit;
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Thread runner = Thread.currentThread();
    CountDownLatch done = new CountDownLatch(1);
    // Ctrl-C while following: end the stream, so the output is flushed and the pcapng written
    Thread hook =
        new Thread(
            () -> {
              runner.interrupt();
              try {
                done.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "observe-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return run(out, err);
    } catch (Failure e) {
      out.flush();
      err.println("observe: " + e.getMessage());
      err.flush();
      return e.exit;
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook is running
      }
    }
  }

  private int run(PrintWriter out, PrintWriter err) throws Failure {
    ObserveOutput.Format format = format();
    GetJourneysRequest request = request();
    ObserveOutput printer = new ObserveOutput(format, follow, out, err);
    List<Journey> captured = new ArrayList<>();
    Iterator<GetJourneysResponse> items;
    ObserverConnection connection = null;
    if (inputFile != null) {
      items = ObserveInput.read(inputFile, request, filters).iterator();
    } else {
      connection = ObserverConnection.open(this);
      items = connection.journeys(request);
    }
    try {
      while (items.hasNext()) {
        GetJourneysResponse item = items.next();
        printer.print(item);
        if (pcapng != null && item.hasJourney()) {
          capture(item.getJourney(), captured, err);
        }
      }
    } catch (ObserverConnection.StreamFailure e) {
      if (!e.interrupted()) {
        printer.finish();
        throw new Failure(e.exit(), e.getMessage());
      }
    } finally {
      if (connection != null) {
        connection.close();
      }
    }
    printer.finish();
    if (pcapng != null) {
      writePcapng(captured, err);
    }
    return 0;
  }

  private static void capture(
      io.dockercanvas.proto.v1.Journey journey, List<Journey> captured, PrintWriter err) {
    try {
      captured.add(JourneyRecords.journey(journey));
    } catch (IllegalArgumentException e) {
      err.println("observe: --pcapng: journey " + journey.getId() + " left out: " + e.getMessage());
    }
  }

  private void writePcapng(List<Journey> journeys, PrintWriter err) throws Failure {
    // an interrupted thread cannot write through an interruptible channel: write, then re-interrupt
    boolean interrupted = Thread.interrupted();
    try {
      JourneyPcapng.Export export = JourneyPcapng.write(journeys);
      Files.write(pcapng, export.bytes());
      err.printf(
          "observe: wrote %d journeys as %d frames on %d interfaces to %s%s%n",
          journeys.size(),
          export.frames(),
          export.interfaces(),
          pcapng,
          export.skipped() == 0 ? "" : " (" + export.skipped() + " hops without frame bytes)");
      err.flush();
    } catch (IOException e) {
      throw new Failure(1, "--pcapng " + pcapng + ": cannot write it (" + e.getMessage() + ")");
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private ObserveOutput.Format format() throws Failure {
    try {
      return ObserveOutput.Format.valueOf(output.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Failure(2, "-o: '" + output + "' is not one of compact, table, json, jsonpb");
    }
  }

  /** The request the options ask for; contradictions are usage errors naming the options. */
  GetJourneysRequest request() throws Failure {
    if (filters.danglingNot()) {
      throw new Failure(
          2, "--not: give the filter flag it negates after it, e.g. --not --node node2");
    }
    if (last != null && first != null) {
      throw new Failure(2, "--last and --first: give one of them");
    }
    Long number = last != null ? last : first;
    if (number != null && (number < 1 || number > Integer.MAX_VALUE)) {
      throw new Failure(2, (last != null ? "--last" : "--first") + " must be at least 1");
    }
    if (number != null && all) {
      throw new Failure(2, "--all: not with --last or --first");
    }
    if (first != null && follow) {
      throw new Failure(2, "--first: not with --follow (it takes the oldest journeys)");
    }
    if (until != null && follow) {
      throw new Failure(2, "--until: not with --follow");
    }
    if (progressive && !follow) {
      throw new Failure(2, "--progressive: only with --follow");
    }
    if (number != null && (since != null || until != null)) {
      throw new Failure(2, "--since/--until: not with --last or --first (the window selects)");
    }
    if (follow && inputFile != null) {
      throw new Failure(2, "--follow: not with --input-file");
    }
    GetJourneysRequest.Builder request =
        GetJourneysRequest.newBuilder()
            .setFollow(follow)
            .setProgressive(progressive)
            .setFirst(first != null)
            .addAllAllowlist(filters.allowlist())
            .addAllDenylist(filters.denylist());
    Instant now = Instant.now();
    Timestamp from = since == null ? null : time("--since", since, now);
    Timestamp to = until == null ? null : time("--until", until, now);
    if (from != null) {
      request.setSince(from);
    }
    if (to != null) {
      request.setUntil(to);
    }
    if (from != null
        && to != null
        && Instant.ofEpochSecond(from.getSeconds(), from.getNanos())
            .isAfter(Instant.ofEpochSecond(to.getSeconds(), to.getNanos()))) {
      throw new Failure(2, "--since: " + since + " is after --until " + until);
    }
    if (number != null) {
      request.setNumber(number);
    } else if (!follow && !all && from == null && to == null && inputFile == null) {
      request.setNumber(DEFAULT_LAST); // as hubble: the last 20
    }
    return request.build();
  }

  /** RFC 3339, or a duration before now. */
  static Timestamp time(String option, String text, Instant now) throws Failure {
    Instant at;
    try {
      at = OffsetDateTime.parse(text.trim()).toInstant();
    } catch (DateTimeParseException notAbsolute) {
      try {
        at = now.minus(DiagnoseCommand.duration(text));
      } catch (IllegalArgumentException notRelative) {
        throw new Failure(
            2,
            option
                + ": '"
                + text
                + "' is neither an RFC 3339 time (2026-12-05T09:30:00Z) nor a duration such as 30s,"
                + " 5m, 1h or 2d");
      }
    }
    return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
  }
}

package io.dockercanvas.collector.cli;

import io.dockercanvas.collector.certs.ClusterCertificates;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code canvas certs}: a CA and the collector's and agents' certificates for one cluster's mutual
 * TLS.
 */
@Command(
    name = "certs",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Makes a certificate authority for one cluster and the certificates its collector and agents present to"
          + " each other (mutual TLS on the gRPC ingest port): ca.crt, ca.key, collector.crt, collector.key,"
          + " agent.crt, agent.key, as PEM (keys PKCS#8, EC P-256, mode 0600).",
      "",
      "The collector's certificate names collector, canvas_collector, tasks.collector, localhost, 127.0.0.1"
          + " and every --san. Keep ca.key offline; it is only needed to make new certificates."
    },
    footer = {
      "",
      "Examples:",
      "  certs --out ./tls --san collector.example.org --san 198.51.100.11",
      "  collector --tls-cert tls/collector.crt --tls-key tls/collector.key --tls-ca tls/ca.crt ...",
      "  agent --collector collector.example.org:9090 --tls-cert tls/agent.crt --tls-key tls/agent.key"
          + " --tls-ca tls/ca.crt"
    })
final class CertsCommand implements Callable<Integer> {

  @Option(
      names = "--out",
      paramLabel = "DIR",
      required = true,
      description = "Where to write the six files (made if missing).")
  Path out;

  @Option(
      names = "--san",
      paramLabel = "NAME|IP",
      description =
          "Another host name or IP address agents may use to reach the collector (repeatable).")
  List<String> sans = new ArrayList<>();

  @Option(
      names = "--days",
      paramLabel = "N",
      defaultValue = "365",
      description = "How long the certificates are valid (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--force",
      description = "Replace files that already exist in DIR (by default nothing is overwritten).")
  boolean force;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    List<Path> written;
    try {
      written = ClusterCertificates.write(out, sans, days, force);
    } catch (IllegalArgumentException e) {
      err.println("certs: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("certs: " + e.getMessage());
      return 1;
    }
    written.forEach(spec.commandLine().getOut()::println);
    err.printf(
        "certs: valid for %d days; the collector takes collector.*, every agent agent.*, both ca.crt%n",
        days);
    return 0;
  }
}

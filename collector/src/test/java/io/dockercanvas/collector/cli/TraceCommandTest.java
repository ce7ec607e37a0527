package io.dockercanvas.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.collector.core.CoreSettings;
import io.dockercanvas.collector.ingest.CaptureSettings;
import io.dockercanvas.collector.rest.ListenAddress;
import io.dockercanvas.collector.server.CollectorServer;
import io.dockercanvas.collector.server.ServerSettings;
import io.dockercanvas.collector.topology.RoutingMeshTopology;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code canvas trace} against a real collector on a free port, with an agents' and a viewer token.
 */
class TraceCommandTest {

  private CollectorServer server;
  private String url;

  @BeforeEach
  void start() throws Exception {
    server =
        CollectorServer.start(
            new ServerSettings(
                ListenAddress.parse("127.0.0.1:0", "--listen"),
                ListenAddress.parse("127.0.0.1:0", "--grpc"),
                Optional.of("tok"),
                Optional.of("view"),
                Optional.empty(),
                Optional.empty(),
                CoreSettings.defaults()));
    url = "http://127.0.0.1:" + server.httpPort();
    server.core().cluster().replace("manager", 1, RoutingMeshTopology.manager());
    server.core().cluster().replace("worker", 1, RoutingMeshTopology.worker());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun trace(String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "trace";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--collector";
    all[args.length + 2] = url;
    all[args.length + 3] = "--token";
    all[args.length + 4] = "tok";
    return CliRun.of(all);
  }

  @Test
  void addListRemove_theAgentsConfigFollows() {
    CliRun add = trace("add", "--port", "8001", "--for", "1m");
    assertThat(add.code()).as(add.err()).isZero();
    assertThat(add.out()).matches("(?s)trace t1 active until \\S+Z: ports 8001\\n");
    CaptureSettings.TraceFilter filter = server.core().config().current().traceFilters().get(0);
    assertThat(filter.ports()).containsExactly(8001);

    CliRun service = trace("add", "--service", "web", "--proto", "tcp", "--bpf", "tcp port 8001");
    assertThat(service.code()).as(service.err()).isZero();
    assertThat(server.core().config().current().traceFilters().get(1).cidrs())
        .contains("10.0.0.108");

    CliRun list = trace("list");
    assertThat(list.code()).isZero();
    assertThat(list.out().lines())
        .hasSize(2)
        .anySatisfy(l -> assertThat(l).matches("t1 +\\d+s left  ports 8001"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("t2", "services web", "ips 10.0.0.108", "protocols tcp")
                    .contains("bpf 'tcp port 8001'"));

    assertThat(trace("remove", "t1").out()).isEqualTo("trace t1 removed\n");
    assertThat(server.core().config().current().traceFilters()).hasSize(1);
    CliRun again = trace("remove", "t1");
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("id: no active trace 't1'");
  }

  @Test
  void viewerToken_mayListButNotAdd_exit2() {
    CliRun add = CliRun.of("trace", "add", "--port", "80", "--collector", url, "--token", "view");
    assertThat(add.code()).isEqualTo(2);
    assertThat(add.err()).contains("the viewer token may list traces, not change them");
    CliRun list = CliRun.of("trace", "list", "--collector", url, "--token", "view");
    assertThat(list.code()).isZero();
    assertThat(list.out()).isEqualTo("no active traces\n");
  }

  @Test
  void badUsage_exit2_namingTheProblem() {
    assertThat(trace("add", "--port", "80", "--for", "2h").err())
        .contains("--for: 2h is not between");
    assertThat(trace("add", "--for", "1m").err()).contains("say what to trace");
    CliRun badPort = trace("add", "--port", "70000");
    assertThat(badPort.code()).isEqualTo(2);
    assertThat(badPort.err()).contains("ports: 70000 is not a port");
    assertThat(trace("add", "--service", "nosuch").err())
        .contains("services: no running task of a service 'nosuch'");
    assertThat(trace("add", "--port", "x").code()).isEqualTo(2);
    assertThat(CliRun.of("trace").code()).isEqualTo(2);
    assertThat(server.core().config().current().traceFilters()).isEmpty();
  }

  @Test
  void nothingListening_exit1() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    CliRun run = CliRun.of("trace", "list", "--collector", "http://127.0.0.1:" + port);
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("cannot reach the collector at http://127.0.0.1:" + port);
  }

  @Test
  void help_showsExamples() {
    CliRun help = CliRun.of("trace", "add", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out())
        .contains("trace add --port 8001 --for 1m", "--bpf=EXPR", "--for=DURATION");
  }
}

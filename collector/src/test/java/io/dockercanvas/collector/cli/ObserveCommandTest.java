package io.dockercanvas.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.dockercanvas.collector.certs.TestCertificates;
import io.dockercanvas.collector.core.CoreSettings;
import io.dockercanvas.collector.rest.ListenAddress;
import io.dockercanvas.collector.server.CollectorServer;
import io.dockercanvas.collector.server.ServerSettings;
import io.dockercanvas.collector.store.IpRange;
import io.dockercanvas.pipeline.security.TlsFiles;
import io.dockercanvas.proto.v1.GetJourneysResponse;
import io.dockercanvas.proto.v1.Hop;
import io.dockercanvas.proto.v1.Journey;
import io.dockercanvas.proto.v1.LostEvent;
import io.dockercanvas.proto.v1.LostEventSource;
import io.dockercanvas.proto.v1.LostReason;
import io.dockercanvas.proto.v1.NodeState;
import io.dockercanvas.proto.v1.NodeStatusEvent;
import io.dockercanvas.proto.v1.ObservationPoint;
import io.dockercanvas.proto.v1.PacketObservation;
import io.dockercanvas.proto.v1.RewriteKind;
import io.dockercanvas.proto.v1.TrafficClass;
import io.dockercanvas.proto.v1.VerdictState;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code canvas observe} against a real collector: the demo (the lab's recorded swarm, replayed in
 * a loop) on free ports, read over its gRPC Observer port. Every filter kind is checked twice: what
 * the collector sends matches it, and the same flags over a jsonpb file read back select exactly
 * the journeys of the file that match it.
 */
class ObserveCommandTest {

  private static final Pattern GRPC = Pattern.compile("gRPC Observer API on ([0-9.]+:\\d+)");
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();

  @TempDir static Path dir;

  private static LiveCommands demo;
  private static String grpc;
  private static Path snapshot;
  private static List<Journey> stored;

  @BeforeAll
  static void startDemo() throws Exception {
    demo = LiveCommands.start("demo", "--listen", "127.0.0.1:0");
    demo.awaitUrl(Duration.ofSeconds(60));
    Matcher m = GRPC.matcher(demo.out.toString());
    assertThat(m.find()).as(demo.out.toString()).isTrue();
    grpc = m.group(1);
    // the demo plays the whole recording at once before it prints its address: data is there
    CliRun all = observe("--all", "-o", "jsonpb");
    assertThat(all.code()).as(all.err()).isZero();
    snapshot = Files.writeString(dir.resolve("snapshot.jsonl"), all.out());
    stored =
        responses(all.out()).stream().filter(r -> r.hasJourney()).map(r -> r.getJourney()).toList();
    assertThat(stored).hasSizeGreaterThan(200);
  }

  @AfterAll
  static void stopDemo() throws InterruptedException {
    if (demo != null) {
      demo.close();
    }
  }

  private static CliRun observe(String... args) {
    List<String> line = new ArrayList<>(List.of("observe", "--collector", grpc));
    line.addAll(Arrays.asList(args));
    return CliRun.of(line.toArray(String[]::new));
  }

  private static CliRun observeFile(Path file, String... args) {
    List<String> line = new ArrayList<>(List.of("observe", "--input-file", file.toString()));
    line.addAll(Arrays.asList(args));
    return CliRun.of(line.toArray(String[]::new));
  }

  // ---- output formats

  @Test
  void compact_byDefault_theLast20_oneLineEach() {
    CliRun run = observe();

    assertThat(run.code()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(ObserveCommand.DEFAULT_LAST);
    assertThat(lines)
        .allMatch(
            l ->
                l.matches(
                    "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z  #\\d+  .* → .*  \\d+ hops? .*"),
            "time, #id, src → dst, hops");
  }

  @Test
  void compact_vxlanJourney_showsPathRewritesAndVerdict() {
    CliRun run = observe("--last", "5", "--vni", "4097", "--proto", "icmp");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out().lines())
        .hasSize(5)
        .allSatisfy(
            l ->
                assertThat(l)
                    .containsPattern("ICMP 10\\.0\\.1\\.\\d+ → 10\\.0\\.1\\.\\d+")
                    .containsPattern("\\d hops node\\d:\\S+ → node\\d:\\S+ \\(node\\d,node\\d\\)")
                    .contains("ENCAP 4097", "DECAP 4097")
                    .containsPattern("DELIVERED"));
  }

  @Test
  void table_headerAndAlignedColumns() {
    CliRun run = observe("--last", "6", "-o", "table");

    assertThat(run.code()).as(run.err()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(7);
    String header = lines.get(0);
    assertThat(header)
        .startsWith("TIME")
        .contains("ID", "SOURCE", "DESTINATION", "HOPS", "VERDICT");
    int hops = header.indexOf("HOPS");
    int source = header.indexOf("SOURCE");
    for (String row : lines.subList(1, lines.size())) {
      assertThat(row.charAt(source - 1)).as(row).isEqualTo(' ');
      assertThat(row.substring(source)).as(row).matches("\\S.*");
      assertThat(row.substring(hops)).as(row).matches("\\d+ .*");
    }
  }

  @Test
  void json_eachLineAJourneyInTheProtoMapping() throws Exception {
    CliRun run = observe("--last", "7", "-o", "json");

    assertThat(run.code()).as(run.err()).isZero();
    List<Journey> journeys = journeys(run.out());
    assertThat(journeys).hasSize(7).allSatisfy(j -> assertThat(j.getHopsCount()).isPositive());
    assertThat(run.out()).contains("\"traffic_class\":\"TRAFFIC_CLASS_", "\"node_id\":\"node");
    // stored order, oldest first: as --all lists them. Not id order: a request is stored when its
    // reply came or its window ended, after journeys that began later (seen: 597, 598, 599, 554,
    // 601)
    List<String> ids = journeys.stream().map(Journey::getId).toList();
    List<String> all =
        journeys(observe("--all", "-o", "json").out()).stream().map(Journey::getId).toList();
    assertThat(all).containsSubsequence(ids);
  }

  @Test
  void jsonpb_eachLineAGetJourneysResponse() throws Exception {
    CliRun run = observe("--last", "3", "-o", "jsonpb");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(responses(run.out()))
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.hasJourney() && r.hasTime()).isTrue());
  }

  // ---- --input-file

  @Test
  void jsonpbReadBack_givesTheSameJourneys() throws Exception {
    CliRun live = observe("--last", "60", "-o", "jsonpb");
    Path file = Files.writeString(dir.resolve("last60.jsonl"), live.out());

    CliRun again = observeFile(file, "-o", "jsonpb");
    CliRun asJson = observeFile(file, "-o", "json");

    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).isEqualTo(live.out());
    List<Journey> sent = responses(live.out()).stream().map(r -> r.getJourney()).toList();
    assertThat(sent).hasSize(60);
    assertThat(journeys(asJson.out())).isEqualTo(sent);
  }

  @Test
  void jsonReadBack_givesTheSameJourneys_andCompactPrintsThemAlike() throws Exception {
    CliRun live = observe("--last", "10", "-o", "json");
    Path file = Files.writeString(dir.resolve("last10.json"), live.out());

    CliRun again = observeFile(file, "-o", "json");
    assertThat(journeys(again.out())).isEqualTo(journeys(live.out()));

    Path jsonpb =
        Files.writeString(dir.resolve("last10.jsonl"), observeFile(file, "-o", "jsonpb").out());
    assertThat(observeFile(jsonpb).out()).isEqualTo(observeFile(file).out()).isNotEmpty();
  }

  @Test
  void inputFile_lastAndFirst_pickFromTheEnds() throws Exception {
    List<Journey> last = journeys(observeFile(snapshot, "--last", "4", "-o", "json").out());
    List<Journey> first = journeys(observeFile(snapshot, "--first", "4", "-o", "json").out());

    assertThat(last).isEqualTo(stored.subList(stored.size() - 4, stored.size()));
    assertThat(first).isEqualTo(stored.subList(0, 4));
  }

  @Test
  void inputFile_lostEventsAndNodeStatus_onStderrInCompact_keptInJsonpb() throws Exception {
    GetJourneysResponse lost =
        GetJourneysResponse.newBuilder()
            .setLostEvents(
                LostEvent.newBuilder()
                    .setSource(LostEventSource.LOST_EVENT_SOURCE_AGENT_CAPTURE)
                    .setReason(LostReason.LOST_REASON_KERNEL_DROP)
                    .setNodeId("node2")
                    .setPoint(ObservationPoint.newBuilder().setName("eth0"))
                    .setCount(12)
                    .setDetail("pcap_stats ps_drop"))
            .build();
    GetJourneysResponse status =
        GetJourneysResponse.newBuilder()
            .setNodeStatus(
                NodeStatusEvent.newBuilder()
                    .setState(NodeState.NODE_STATE_DISCONNECTED)
                    .addNodeIds("node3")
                    .setMessage("stream reset"))
            .build();
    String journey = Files.readAllLines(snapshot).get(0);
    Path file =
        Files.writeString(
            dir.resolve("events.jsonl"),
            journey + "\n" + ObserveOutput.json(lost) + "\n" + ObserveOutput.json(status) + "\n");

    CliRun compact = observeFile(file);
    CliRun jsonpb = observeFile(file, "-o", "jsonpb");

    assertThat(compact.out().lines()).hasSize(1);
    assertThat(compact.err())
        .contains("lost: 12 events at node2 eth0 (AGENT_CAPTURE, KERNEL_DROP): pcap_stats ps_drop")
        .contains("node status: node3 DISCONNECTED (stream reset)");
    assertThat(responses(jsonpb.out())).hasSize(3).contains(lost, status);
  }

  @Test
  void inputFile_notJourneys_exit2NamingTheLine() throws Exception {
    Path file =
        Files.writeString(dir.resolve("bad.jsonl"), "{\"journey\":{\"id\":\"1\"}}\n{oops\n");

    CliRun run = observeFile(file);

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("bad.jsonl line 1");
    assertThat(observeFile(dir.resolve("missing.jsonl")).err())
        .contains("--input-file")
        .contains("missing.jsonl");
  }

  // ---- filters: the collector's answer, and the same flags over the file

  static Stream<Arguments> filters() {
    return Stream.of(
        filter(j -> hops(j).anyMatch(h -> node(h).equals("node2")), "--node", "node2"),
        filter(j -> hops(j).noneMatch(h -> node(h).equals("node2")), "--not", "--node", "node2"),
        filter(
            j -> hops(j).anyMatch(h -> node(h).equals("node1") || node(h).equals("node3")),
            "--node",
            "node1",
            "--node",
            "node3"),
        filter(
            j ->
                hops(j).anyMatch(h -> node(h).equals("node3"))
                    && hops(j).anyMatch(h -> protocol(h) == 6),
            "--node",
            "node3",
            "--proto",
            "tcp"),
        filter(
            j -> j.getNetworkNamesList().contains("wordpress_net"), "--network", "wordpress_net"),
        filter(j -> j.getServiceNamesList().contains("db"), "--service", "db"),
        filter(
            j -> hops(j).anyMatch(h -> addresses(h).anyMatch("10.0.1.4"::equals)),
            "--ip",
            "10.0.1.4"),
        filter(
            j -> hops(j).anyMatch(h -> addresses(h).anyMatch(a -> in("198.51.100.0/24", a))),
            "--ip",
            "198.51.100.0/24"),
        filter(j -> hops(j).anyMatch(h -> ports(h).anyMatch(p -> p == 80)), "--port", "80"),
        filter(j -> hops(j).anyMatch(h -> protocol(h) == 1), "--proto", "icmp"),
        filter(j -> hops(j).anyMatch(h -> vnis(h).anyMatch(v -> v == 4097)), "--vni", "4097"),
        filter(
            j ->
                j.getVerdict().getState() == VerdictState.VERDICT_STATE_DELIVERED
                    || j.getVerdict().getAnswer() == VerdictState.VERDICT_STATE_DELIVERED,
            "--verdict",
            "DELIVERED"),
        filter(
            j -> j.getVerdict().getAnswer() == VerdictState.VERDICT_STATE_ANSWERED,
            "--verdict",
            "answered"),
        filter(j -> j.getVerdict().getProblem(), "--verdict", "PROBLEM"),
        filter(
            j -> !j.getVerdict().getProblem() && hops(j).anyMatch(h -> protocol(h) == 1),
            "--proto",
            "icmp",
            "--not",
            "--verdict",
            "PROBLEM"),
        // Filter fields 8..14, server side on main from the lead's merge on
        filter(
            j -> hops(j).anyMatch(h -> in("10.0.1.6/32", inner(h).getSrc())),
            "--from-ip",
            "10.0.1.6"),
        filter(
            j -> hops(j).anyMatch(h -> in("10.0.1.4/32", inner(h).getDst())),
            "--to-ip",
            "10.0.1.4"),
        filter(
            j -> hops(j).anyMatch(h -> h.getObservation().getPoint().getName().equals("web/eth1")),
            "--point",
            "web/eth1"),
        filter(
            j ->
                hops(j)
                    .anyMatch(
                        h ->
                            node(h).equals("node2")
                                && h.getObservation()
                                    .getPoint()
                                    .getName()
                                    .equals("docker_gwbridge")),
            "--point",
            "node2:docker_gwbridge"),
        filter(
            j ->
                hops(j)
                    .anyMatch(
                        h ->
                            h.getRewritesList().stream()
                                .anyMatch(r -> r.getKind() == RewriteKind.REWRITE_KIND_DNAT)),
            "--rewrite",
            "DNAT"),
        filter(
            j -> j.getTrafficClass() == TrafficClass.TRAFFIC_CLASS_CONTROL, "--traffic", "control"),
        filter(
            j -> j.getTrafficClass() != TrafficClass.TRAFFIC_CLASS_CONTROL,
            "--not",
            "--traffic",
            "control"));
  }

  private static Arguments filter(Predicate<Journey> expected, String... flags) {
    return Arguments.of(String.join(" ", flags), expected, flags);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filters")
  void filter_collectorSendsOnlyMatches_andTheFileGivesExactlyTheMatches(
      String name, Predicate<Journey> expected, String[] flags) throws Exception {
    List<String> live = new ArrayList<>(List.of("--last", "40", "-o", "json"));
    live.addAll(Arrays.asList(flags));
    CliRun run = observe(live.toArray(String[]::new));

    assertThat(run.code()).as(run.err()).isZero();
    List<Journey> sent = journeys(run.out());
    assertThat(sent).as("the demo has journeys for " + name).isNotEmpty();
    assertThat(sent).allMatch(expected, name);

    List<String> offline = new ArrayList<>(List.of("-o", "json"));
    offline.addAll(Arrays.asList(flags));
    CliRun read = observeFile(snapshot, offline.toArray(String[]::new));
    assertThat(read.code()).as(read.err()).isZero();
    assertThat(journeys(read.out())).isEqualTo(stored.stream().filter(expected).toList());
  }

  /**
   * The collector resolves --from-service/--to-service to task addresses from its topology (the
   * recording's db task container on node3 is 10.0.1.4): requests to db and db's replies.
   */
  @Test
  void directionAwareServices_whatIsSentGoesTheRightWay() throws Exception {
    CliRun to = observe("--all", "-o", "json", "--to-service", "db");
    CliRun from = observe("--all", "-o", "json", "--from-service", "db");

    assertThat(to.code()).as(to.err()).isZero();
    assertThat(from.code()).as(from.err()).isZero();
    assertThat(journeys(to.out()))
        .isNotEmpty()
        .allMatch(j -> hops(j).anyMatch(h -> inner(h).getDst().equals("10.0.1.4")));
    assertThat(journeys(from.out()))
        .isNotEmpty()
        .allMatch(j -> hops(j).anyMatch(h -> inner(h).getSrc().equals("10.0.1.4")));
  }

  // ---- time window and limits

  @Test
  void since_relative_onlyRecentJourneys_untilInThePast_nothing_exit0() throws Exception {
    long before = Instant.now().minusSeconds(30).toEpochMilli() * 1_000_000L;
    CliRun recent = observe("--since", "30s", "-o", "json");
    CliRun none = observe("--until", "2020-01-01T00:00:00Z");

    assertThat(recent.code()).as(recent.err()).isZero();
    assertThat(journeys(recent.out()))
        .isNotEmpty()
        .allMatch(j -> earliest(j) >= before - 1_000_000_000L);
    assertThat(none.code()).as(none.err()).isZero();
    assertThat(none.out()).isEmpty();
  }

  @Test
  void firstAndLast_comeFromTheTwoEndsOfTheStore() throws Exception {
    List<Journey> first = journeys(observe("--first", "3", "-o", "json").out());
    List<Journey> last = journeys(observe("--last", "3", "-o", "json").out());

    assertThat(first).hasSize(3);
    assertThat(last).hasSize(3);
    assertThat(Long.parseLong(first.get(2).getId()))
        .isLessThan(Long.parseLong(last.get(0).getId()));
  }

  @Test
  void follow_streamsNewJourneysUntilInterrupted_exit0() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    AtomicInteger code = new AtomicInteger(Integer.MIN_VALUE);
    Thread follow =
        new Thread(
            () ->
                code.set(
                    CollectorCli.run(
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        "observe",
                        "--collector",
                        grpc,
                        "--follow",
                        "--traffic",
                        "data",
                        "-o",
                        "json")));
    follow.start();
    long startNs = Instant.now().minusSeconds(2).toEpochMilli() * 1_000_000L;
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> out.toString().lines().count() >= 3 || !follow.isAlive());
    follow.interrupt();
    follow.join(TimeUnit.SECONDS.toMillis(10));

    assertThat(follow.isAlive()).isFalse();
    assertThat(code.get()).as(err.toString()).isZero();
    List<String> complete = out.toString().lines().filter(l -> l.endsWith("}")).toList();
    assertThat(journeys(String.join("\n", complete)))
        .hasSizeGreaterThanOrEqualTo(3)
        .allMatch(j -> j.getTrafficClass() == TrafficClass.TRAFFIC_CLASS_DATA)
        .allMatch(j -> earliest(j) >= startNs, "only new journeys");
  }

  // ---- pcapng

  @Test
  void pcapng_tsharkReadsEveryHopAsAFrameNamedByItsPoint() throws Exception {
    assumeThat(onPath("tshark")).as("tshark is not installed (apt-get install tshark)").isTrue();
    Path pcapng = dir.resolve("vxlan.pcapng");

    CliRun run =
        observe("--last", "4", "--vni", "4097", "-o", "json", "--pcapng", pcapng.toString());

    assertThat(run.code()).as(run.err()).isZero();
    List<Journey> journeys = journeys(run.out());
    assertThat(journeys).hasSize(4);
    List<String> points =
        journeys.stream()
            .flatMap(j -> j.getHopsList().stream())
            .map(h -> node(h) + ":" + h.getObservation().getPoint().getName())
            .toList();
    List<String[]> frames = tshark(pcapng, "frame.interface_name", "frame.comment");
    assertThat(frames).extracting(f -> f[0]).isEqualTo(points);
    assertThat(frames)
        .extracting(f -> f[1])
        .anyMatch(c -> c.contains("ENCAP vni 4097"))
        .anyMatch(c -> c.contains("DECAP vni 4097"))
        .allMatch(c -> c.startsWith("journey "));
    assertThat(run.err()).contains("wrote 4 journeys as " + points.size() + " frames");
  }

  // ---- errors

  static Stream<Arguments> badFlags() {
    return Stream.of(
        Arguments.of(
            List.of("--ip", "10.0.0.300/8"), "--ip: '10.0.0.300/8' is not an IP address or CIDR"),
        Arguments.of(List.of("--from-ip", "web"), "--from-ip: 'web' is not an IP address or CIDR"),
        Arguments.of(List.of("--since", "soon"), "--since: 'soon' is neither an RFC 3339 time"),
        Arguments.of(List.of("--until", "yesterday"), "--until: 'yesterday'"),
        Arguments.of(
            List.of("--proto", "gre"), "--proto: 'gre' is not one of icmp, tcp, udp, icmpv6, sctp"),
        Arguments.of(
            List.of("--verdict", "LOST"),
            "--verdict: 'LOST' is not one of DELIVERED, STOPPED, UNKNOWN, ANSWERED, UNANSWERED, PROBLEM"),
        Arguments.of(
            List.of("--traffic", "web"),
            "--traffic: 'web' is not one of data, control, dns, overlay-control"),
        Arguments.of(
            List.of("--rewrite", "NAT"), "--rewrite: 'NAT' is not one of DNAT, SNAT, ENCAP, DECAP"),
        Arguments.of(List.of("--port", "0"), "--port: '0' is not a port (1-65535)"),
        Arguments.of(List.of("--vni", "16777216"), "--vni: '16777216' is not a VNI"),
        Arguments.of(List.of("--node", "node2", "--not"), "--not: give the filter flag it negates"),
        Arguments.of(
            List.of("-o", "yaml"), "-o: 'yaml' is not one of compact, table, json, jsonpb"),
        Arguments.of(List.of("--last", "0"), "--last must be at least 1"),
        Arguments.of(List.of("--first", "2", "--follow"), "--first: not with --follow"),
        Arguments.of(List.of("--last", "2", "--since", "5m"), "--since/--until: not with --last"),
        Arguments.of(List.of("--collector", "nowhere"), "--collector: 'nowhere' is not HOST:PORT"),
        Arguments.of(List.of("--tls-cert", "x.crt"), "--tls-cert and --tls-key go together"));
  }

  @ParameterizedTest
  @MethodSource("badFlags")
  void badFlags_exit2_namingTheFlag(List<String> flags, String message) {
    List<String> line = new ArrayList<>(List.of("observe"));
    line.addAll(flags);
    CliRun run = CliRun.of(line.toArray(String[]::new));

    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err()).contains(message);
  }

  @Test
  void nothingListening_exit1_namingTheAddressAndStatus() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }

    CliRun run = CliRun.of("observe", "--collector", "127.0.0.1:" + port);

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .contains("cannot reach the collector at 127.0.0.1:" + port + ": UNAVAILABLE")
        .contains("--collector HOST:PORT");
  }

  @Test
  void tlsCollector_observerPortWithTheCaAndViewerToken_noClientCertificate() throws Exception {
    TestCertificates certs = new TestCertificates(Files.createDirectories(dir.resolve("certs")));
    Path cert = certs.collector();
    try (CollectorServer server =
        CollectorServer.start(
            new ServerSettings(
                new ListenAddress("127.0.0.1", 0),
                new ListenAddress("127.0.0.1", 0),
                Optional.of("agents-secret"),
                Optional.of("viewer-secret"),
                Optional.of(new TlsFiles(cert, TestCertificates.keyOf(cert), certs.ca())),
                Optional.empty(),
                Optional.of(new ListenAddress("127.0.0.1", 0)),
                CoreSettings.defaults()))) {
      String address = "127.0.0.1:" + server.observerGrpcPort();
      String ca = certs.ca().toString();

      CliRun viewer =
          CliRun.of(
              "observe",
              "--collector",
              address,
              "--tls-ca",
              ca,
              "--tls-server-name",
              "localhost",
              "--token",
              "viewer-secret");
      CliRun noToken =
          CliRun.of(
              "observe",
              "--collector",
              address,
              "--tls-ca",
              ca,
              "--tls-server-name",
              "localhost",
              "--token",
              "");
      CliRun plaintext = CliRun.of("observe", "--collector", address, "--token", "viewer-secret");

      assertThat(viewer.code()).as(viewer.err()).isZero();
      assertThat(viewer.out()).isEmpty(); // nothing stored yet: no match is no error
      assertThat(noToken.code()).isEqualTo(2);
      assertThat(noToken.err()).contains("UNAUTHENTICATED").contains("--token");
      assertThat(plaintext.code()).isEqualTo(1);
      assertThat(plaintext.err()).contains("the collector at " + address);
    }
  }

  // ---- helpers

  private static List<Journey> journeys(String jsonLines) throws InvalidProtocolBufferException {
    List<Journey> journeys = new ArrayList<>();
    for (String line : jsonLines.lines().filter(l -> !l.isBlank()).toList()) {
      Journey.Builder j = Journey.newBuilder();
      PARSER.merge(line, j);
      journeys.add(j.build());
    }
    return journeys;
  }

  private static List<GetJourneysResponse> responses(String jsonLines)
      throws InvalidProtocolBufferException {
    List<GetJourneysResponse> responses = new ArrayList<>();
    for (String line : jsonLines.lines().filter(l -> !l.isBlank()).toList()) {
      GetJourneysResponse.Builder r = GetJourneysResponse.newBuilder();
      PARSER.merge(line, r);
      responses.add(r.build());
    }
    return responses;
  }

  private static Stream<Hop> hops(Journey j) {
    return j.getHopsList().stream();
  }

  private static String node(Hop h) {
    return h.getObservation().getPoint().getNodeId();
  }

  private static io.dockercanvas.proto.v1.IP inner(Hop h) {
    return h.getObservation().getInner().getIp();
  }

  private static int protocol(Hop h) {
    return inner(h).getProtocol();
  }

  private static Stream<String> addresses(Hop h) {
    PacketObservation o = h.getObservation();
    return o.hasOuter()
        ? Stream.of(
            inner(h).getSrc(),
            inner(h).getDst(),
            o.getOuter().getIp().getSrc(),
            o.getOuter().getIp().getDst())
        : Stream.of(inner(h).getSrc(), inner(h).getDst());
  }

  private static Stream<Integer> ports(Hop h) {
    var inner = h.getObservation().getInner();
    return switch (inner.getL4Case()) {
      case TCP -> Stream.of(inner.getTcp().getSrcPort(), inner.getTcp().getDstPort());
      case UDP -> Stream.of(inner.getUdp().getSrcPort(), inner.getUdp().getDstPort());
      default -> Stream.of();
    };
  }

  private static Stream<Integer> vnis(Hop h) {
    Stream<Integer> outer =
        h.getObservation().hasOuter()
            ? Stream.of(h.getObservation().getOuter().getVni())
            : Stream.of();
    return Stream.concat(outer, h.getRewritesList().stream().map(r -> r.getVni()));
  }

  private static boolean in(String cidr, String address) {
    return !address.isEmpty() && IpRange.parse(cidr).contains(address);
  }

  private static long earliest(Journey j) {
    return hops(j).mapToLong(h -> h.getObservation().getTsNs()).min().orElseThrow();
  }

  private static List<String[]> tshark(Path file, String... fields) throws Exception {
    List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString()));
    command.addAll(List.of("-T", "fields", "-E", "separator=\t"));
    for (String field : fields) {
      command.addAll(List.of("-e", field));
    }
    Path errors = dir.resolve("tshark.err");
    Process tshark = new ProcessBuilder(command).redirectError(errors.toFile()).start();
    byte[] out = tshark.getInputStream().readAllBytes();
    assertThat(tshark.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(tshark.exitValue()).as(Files.readString(errors)).isZero();
    return new String(out, StandardCharsets.UTF_8).lines().map(l -> l.split("\t", -1)).toList();
  }

  private static boolean onPath(String command) throws IOException {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, command))) {
        return true;
      }
    }
    return false;
  }
}

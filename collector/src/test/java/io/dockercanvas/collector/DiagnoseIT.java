package io.dockercanvas.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockercanvas.testing.HostCommand;
import io.dockercanvas.testing.lab.Journeys;
import io.dockercanvas.testing.lab.Lab;
import io.dockercanvas.testing.lab.LabCanvas;
import io.dockercanvas.testing.lab.LabTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 12's acceptance on the swarm lab: for every kind of {@code ./canvas lab fault}, the demo
 * traffic runs with the fault on, and the collector's REST API must say where the affected packets
 * stopped and why (STOPPED, the right {@code expected_next} and cause for at least 90 % of them;
 * for a task without listener, the RST answering each SYN carries the cause), while the traffic the
 * fault does not touch keeps its verdict (not one false STOPPED); after {@code lab fault clear} the
 * same kind of traffic is DELIVERED again. One lab and one collector for the whole class; each
 * fault gets {@value #SECONDS} s of traffic. The figures are printed at the end
 * (docs/reliability.md, "faults the tool diagnoses").
 *
 * <p>Which packets a fault affects is known from the lab, not from the collector: by the addresses
 * and ports of the packet as it left its sender (its first hop), and for the MTU fault by the size
 * of the frame, read from the journey's own pcap.
 */
@LabTest(canvas = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiagnoseIT {

  private static final int SECONDS = 3;
  private static final int RATE = 2;
  private static final double ENOUGH = 0.9;
  // a full 1450-byte inner packet in its Ethernet frame (the lab traffic's 'big' ping)
  private static final int FULL_FRAME = 14 + 1450;

  // The verdict's causes (StopCause; compared without a CAUSE_ prefix, as the proto enum may carry
  // one).
  private static final String DROPPED_BEFORE_DECAP = "DROPPED_BEFORE_DECAP";
  private static final String MTU_EXCEEDED = "MTU_EXCEEDED";
  private static final String NO_FDB_ENTRY = "NO_FDB_ENTRY";
  private static final String RESET_BY_DESTINATION = "RESET_BY_DESTINATION";
  private static final String PUBLISHED_PORT_NOT_DELIVERED = "PUBLISHED_PORT_NOT_DELIVERED";

  private static final List<String> FIGURES = new ArrayList<>();

  private static String client;
  private static String web;
  private static String db;
  private static String overlaySubnet;
  private static String node2;

  @BeforeAll
  static void addresses(Lab lab) {
    client =
        lab.docker(
            Lab.MANAGER,
            "inspect",
            "--format",
            "{{(index .NetworkSettings.Networks \"" + Lab.OVERLAY + "\").IPAddress}}",
            "client");
    web = lab.webTask().orElseThrow().ip();
    db = taskIp(lab, "db");
    overlaySubnet =
        lab.docker(
            Lab.MANAGER,
            "network",
            "inspect",
            Lab.OVERLAY,
            "--format",
            "{{(index .IPAM.Config 0).Subnet}}");
    node2 = lab.node("node2").address();
  }

  @AfterAll
  static void printFigures() {
    System.out.println(
        "DiagnoseIT figures:\n"
            + "| fault | affected packets | STOPPED with the right expected_next and cause |"
            + " unaffected | false STOPPED | after clear: DELIVERED |\n"
            + "|---|---|---|---|---|---|\n"
            + String.join("\n", FIGURES));
  }

  @Test
  @Order(1)
  void vxlanDrop_node2_stopsBeforeDecapsulationOnNode2_clientToDbStaysDelivered(
      Lab lab, LabCanvas canvas) throws Exception {
    diagnose(
        lab,
        canvas,
        "node2",
        "vxlan-drop",
        // everything carried by VXLAN into node2: client -> web, db's answers to web
        j -> dst(j).equals(web) && (src(j).equals(client) || src(j).equals(db)),
        stopped("node2:" + Lab.OVERLAY + "/vxlan0", DROPPED_BEFORE_DECAP));
  }

  @Test
  @Order(2)
  void mtu_node2_fullSizeFramesStopBeforeNode2Eth0(Lab lab, LabCanvas canvas) throws Exception {
    diagnose(
        lab,
        canvas,
        "node2",
        "mtu",
        j ->
            src(j).equals(client)
                && dst(j).equals(web)
                && proto(j).equals("icmp")
                && firstFrameLength(canvas, j) >= FULL_FRAME,
        stopped("node2:eth0", MTU_EXCEEDED));
  }

  @Test
  @Order(3)
  void fdb_node1_framesToOtherNodesNeverEncapsulated(Lab lab, LabCanvas canvas) throws Exception {
    diagnose(
        lab,
        canvas,
        "node1",
        "fdb",
        j -> src(j).equals(client) && (dst(j).equals(web) || dst(j).equals(db)),
        // tcpdump on vxlan0 sees a frame go out before the driver finds no FDB entry for it
        stopped("node1:eth0", NO_FDB_ENTRY));
  }

  @Test
  @Order(4)
  void noListener_node2_httpToWebIsReset(Lab lab, LabCanvas canvas) throws Exception {
    diagnose(
        lab,
        canvas,
        "node2",
        "no-listener",
        j ->
            proto(j).equals("tcp")
                && isSyn(j)
                && ((src(j).equals(client) && dst(j).equals(web) && dport(j) == 80)
                    || (dst(j).equals(node2) && dport(j) == 8001)),
        // the SYN is delivered to web's namespace: its answer, a RST, says why nothing came of it
        (syn, all) ->
            all.stream()
                .anyMatch(
                    answer ->
                        isRst(answer)
                            && dst(answer).equals(src(syn))
                            && dport(answer) == sport(syn)
                            && cause(answer).equals(RESET_BY_DESTINATION)));
  }

  @Test
  @Order(5)
  void gwbridgeDrop_node2_publishedPortNeverReachesTheContainerBehindTheGatewayBridge(
      Lab lab, LabCanvas canvas) throws Exception {
    diagnose(
        lab,
        canvas,
        "node2",
        "gwbridge-drop",
        j -> src(j).equals(Lab.OUTSIDE_ADDRESS) && dst(j).equals(node2) && dport(j) == 8001,
        // host mode: DNAT'ed to web's container, whose gateway interface is eth1
        stopped("node2:web/eth1", PUBLISHED_PORT_NOT_DELIVERED));
  }

  /**
   * FAULT on NODE, traffic, the journeys of that time read; then the fault cleared, traffic again,
   * and the affected kind of journey read once more.
   */
  private void diagnose(
      Lab lab,
      LabCanvas canvas,
      String node,
      String kind,
      Predicate<JsonNode> affected,
      BiPredicate<JsonNode, List<JsonNode>> diagnosed)
      throws Exception {
    String fault = node + " " + kind;
    long faultFrom = nowNs();
    lab.run(Duration.ofSeconds(60), "fault", node, kind).require();
    HostCommand.Result traffic = lab.traffic(SECONDS, RATE);
    long faultTo = nowNs();
    System.out.println("DiagnoseIT: " + fault + ": traffic with the fault on\n" + traffic.output());
    lab.run(Duration.ofSeconds(60), "fault", "clear").require();
    long clearedAt = nowNs();
    List<JsonNode> during = settledJourneys(canvas, faultFrom, faultTo);

    List<JsonNode> hit = during.stream().filter(affected).toList();
    List<JsonNode> rightlyStopped = hit.stream().filter(j -> diagnosed.test(j, during)).toList();
    List<JsonNode> unaffected = during.stream().filter(affected.negate()).toList();
    List<JsonNode> falselyStopped =
        unaffected.stream().filter(j -> state(j).equals("STOPPED")).toList();

    lab.traffic(2, RATE).require();
    // a second for what the fault held back (retransmissions) to pass
    List<JsonNode> after =
        settledJourneys(canvas, clearedAt + 1_000_000_000L, nowNs()).stream()
            .filter(affected)
            .toList();
    List<JsonNode> deliveredAfter =
        after.stream().filter(j -> state(j).equals("DELIVERED")).toList();

    FIGURES.add(
        String.format(
            Locale.ROOT,
            "| `lab fault %s` | %d | %d (%.0f %%) | %d | %d | %d of %d |",
            fault,
            hit.size(),
            rightlyStopped.size(),
            hit.isEmpty() ? 0.0 : 100.0 * rightlyStopped.size() / hit.size(),
            unaffected.size(),
            falselyStopped.size(),
            deliveredAfter.size(),
            after.size()));

    assertThat(hit).as("%s: journeys of the packets it affects", fault).isNotEmpty();
    assertThat((double) rightlyStopped.size())
        .as(
            "%s: diagnosed right, of %d affected; the others: %s",
            fault, hit.size(), describe(notIn(hit, rightlyStopped)))
        .isGreaterThanOrEqualTo(ENOUGH * hit.size());
    assertThat(falselyStopped)
        .as("%s: STOPPED journeys the fault does not touch: %s", fault, describe(falselyStopped))
        .isEmpty();
    assertThat(after).as("%s cleared: new journeys of the same kind", fault).isNotEmpty();
    assertThat(deliveredAfter)
        .as("%s cleared: DELIVERED again; not: %s", fault, describe(notIn(after, deliveredAfter)))
        .hasSameSizeAs(after);
  }

  /**
   * The lab's journeys (overlay and outside client; not the nodes' own gossip) whose first hop lies
   * in [from, to], once their count has stopped growing (stitching windows closed).
   */
  private List<JsonNode> settledJourneys(LabCanvas canvas, long fromNs, long toNs)
      throws InterruptedException {
    String query =
        "/api/v1/journeys?limit=10000&ip=" + overlaySubnet + "&ip=" + Lab.OUTSIDE_ADDRESS + "/32";
    List<JsonNode> last = List.of();
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    int stableRounds = 0;
    while (System.nanoTime() < deadline && stableRounds < 3) {
      Thread.sleep(1000);
      List<JsonNode> now = new ArrayList<>();
      canvas
          .api()
          .json(query)
          .ifPresent(
              body ->
                  body.path("journeys")
                      .forEach(
                          j -> {
                            long start = Journeys.tsNs(j.path("hops").path(0));
                            if (start >= fromNs && start <= toNs) {
                              now.add(j);
                            }
                          }));
      stableRounds = !now.isEmpty() && now.size() == last.size() ? stableRounds + 1 : 0;
      last = now;
    }
    return last;
  }

  /** STOPPED, with that expected_next ("node:point") and cause. */
  private static BiPredicate<JsonNode, List<JsonNode>> stopped(String expectedNext, String cause) {
    return (journey, all) ->
        state(journey).equals("STOPPED")
            && text(journey.path("verdict"), "expected_next").equals(expectedNext)
            && cause(journey).equals(cause);
  }

  private static String cause(JsonNode journey) {
    return text(journey.path("verdict"), "cause").replaceFirst("^STOP_CAUSE_", "");
  }

  private static String state(JsonNode journey) {
    return text(journey.path("verdict"), "state").replaceFirst("^VERDICT_STATE_", "");
  }

  private static String text(JsonNode node, String name) {
    return node.path(name).asText("");
  }

  private static JsonNode first(JsonNode journey) {
    return journey.path("hops").path(0);
  }

  private static String src(JsonNode journey) {
    return Journeys.src(first(journey));
  }

  private static String dst(JsonNode journey) {
    return Journeys.dst(first(journey));
  }

  private static int dport(JsonNode journey) {
    return Journeys.dport(first(journey));
  }

  /** tcp, udp, icmp or the protocol number. */
  private static String proto(JsonNode journey) {
    return Journeys.proto(first(journey));
  }

  private static int sport(JsonNode journey) {
    return Journeys.sport(first(journey));
  }

  private static boolean isRst(JsonNode journey) {
    return proto(journey).equals("tcp") && (Journeys.tcpFlags(first(journey)) & 0x04) != 0;
  }

  private static boolean isSyn(JsonNode journey) {
    int flags = Journeys.tcpFlags(first(journey));
    return (flags & 0x02) != 0 && (flags & 0x10) == 0;
  }

  /** The captured length of the journey's first frame, read from its pcap (-1 without one). */
  private static int firstFrameLength(LabCanvas canvas, JsonNode journey) {
    try {
      Path pcap = Files.createTempFile("diagnose-", ".pcap");
      try {
        if (!canvas
            .api()
            .download("/api/v1/journeys/" + journey.path("id").asText() + "/pcap", pcap)) {
          return -1;
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(pcap));
        if (bytes.remaining() < 24 + 16) {
          return -1;
        }
        int magic = bytes.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        boolean little = magic == 0xa1b2c3d4 || magic == 0xa1b23c4d;
        // pcap record header after the 24-byte file header: ts_sec, ts_frac, incl_len, orig_len
        return bytes.order(little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN).getInt(24 + 12);
      } finally {
        Files.deleteIfExists(pcap);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<JsonNode> notIn(List<JsonNode> all, List<JsonNode> some) {
    return all.stream().filter(j -> !some.contains(j)).toList();
  }

  private static String describe(List<JsonNode> journeys) {
    StringBuilder text = new StringBuilder();
    journeys.stream()
        .limit(10)
        .forEach(
            j ->
                text.append("\n  ")
                    .append(src(j))
                    .append(" -> ")
                    .append(dst(j))
                    .append(':')
                    .append(dport(j))
                    .append(' ')
                    .append(proto(j))
                    .append(" verdict ")
                    .append(j.path("verdict"))
                    .append(" hops ")
                    .append(Journeys.points(j)));
    if (journeys.size() > 10) {
      text.append("\n  ... ").append(journeys.size() - 10).append(" more");
    }
    return text.toString();
  }

  private static String taskIp(Lab lab, String service) {
    String task =
        lab.docker(Lab.MANAGER, "service", "ps", "-q", "--filter", "desired-state=running", service)
            .split("\\s+")[0];
    return lab.docker(
            Lab.MANAGER,
            "inspect",
            "--format",
            "{{range .NetworksAttachments}}{{if eq .Network.Spec.Name \""
                + Lab.OVERLAY
                + "\"}}{{index .Addresses 0}}{{end}}{{end}}",
            task)
        .replaceAll("/.*", "");
  }

  private static long nowNs() {
    return System.currentTimeMillis() * 1_000_000L;
  }
}

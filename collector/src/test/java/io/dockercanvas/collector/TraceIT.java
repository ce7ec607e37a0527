package io.dockercanvas.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockercanvas.pipeline.pcapfile.CaptureFiles;
import io.dockercanvas.pipeline.pcapfile.CapturedFrame;
import io.dockercanvas.pipeline.pcapfile.FrameSource;
import io.dockercanvas.testing.HostCommand;
import io.dockercanvas.testing.Poll;
import io.dockercanvas.testing.lab.Journeys;
import io.dockercanvas.testing.lab.Lab;
import io.dockercanvas.testing.lab.LabCanvas;
import io.dockercanvas.testing.lab.LabTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Capture on demand on the swarm lab: the collector restarted to keep 1% of packets by hash (plus
 * TCP SYN/FIN/RST), then {@code ./canvas trace add --port 8001 --for 1m}, as the issue asks. While
 * the trace is active, the outside client's HTTP to node2's published port 8001 must be at node2
 * eth0 in the collector's journeys packet for packet, as many as tcpdump on the same interface in
 * the same namespace saw; after it expired, the same traffic is sampled again: fewer than
 * tcpdump's.
 */
@LabTest(
    canvas = true,
    tools = {"tcpdump"})
class TraceIT {

  private static final String NODE = "node2";
  private static final String POINT = "eth0";
  private static final int PORT = 8001;
  private static final Duration TRACE_FOR = Duration.ofMinutes(1);
  private static final Pattern ADDED = Pattern.compile("trace (\\S+) active until");

  @Test
  void traceOnPort8001_everyPacketAtNode2Eth0WhileActive_sampledAgainAfter(
      Lab lab, LabCanvas canvas) throws Exception {
    canvas.killCollector();
    canvas.startCollector("--sample", "0.01");
    awaitAgents(lab, canvas);

    HostCommand.Result added =
        canvasCli(lab, canvas, "trace", "add", "--port", Integer.toString(PORT), "--for", "1m");
    assertThat(added.exitCode()).as(added.describe()).isZero();
    Matcher id = ADDED.matcher(added.output());
    assertThat(id.find()).as(added.output()).isTrue();
    long addedAt = System.nanoTime();
    Thread.sleep(1000); // the new config reaches every agent's capture threads

    Window active = measure(lab, "active", 12);
    long activeEnded = System.nanoTime();
    assertThat(Duration.ofNanos(activeEnded - addedAt))
        .as("the active window ended before the trace expired")
        .isLessThan(TRACE_FOR);

    HostCommand.Result list = canvasCli(lab, canvas, "trace", "list");
    System.out.printf("TraceIT: trace list while active:%n%s%n", list.output());
    Thread.sleep(Math.max(0, TRACE_FOR.toMillis() - (System.nanoTime() - addedAt) / 1_000_000));
    Poll.until(
        Duration.ofSeconds(10),
        "the trace expired",
        () -> canvasCli(lab, canvas, "trace", "list").output().contains("no active traces"));

    Window expired = measure(lab, "expired", 12);
    Thread.sleep(8000); // stitching windows close, batches arrive

    Counts during = count(canvas, active);
    Counts after = count(canvas, expired);
    System.out.printf(
        "TraceIT: sampling 1%%, trace %s on port %d for %ds; at %s %s:%n"
            + "  while active: tcpdump %d packets (%d to %d, %d without SYN/FIN/RST), canvas %d (%d)%n"
            + "  after expiry: tcpdump %d packets (%d to %d, %d without SYN/FIN/RST), canvas %d (%d)%n",
        id.group(1),
        PORT,
        TRACE_FOR.toSeconds(),
        NODE,
        POINT,
        active.tcpdump(),
        active.tcpdumpToPort(),
        PORT,
        active.tcpdumpData(),
        during.hops(),
        during.data(),
        expired.tcpdump(),
        expired.tcpdumpToPort(),
        PORT,
        expired.tcpdumpData(),
        after.hops(),
        after.data());

    assertThat(active.tcpdump()).as("tcpdump saw the traffic").isGreaterThan(50);
    assertThat(during.hops())
        .as("every packet tcpdump saw at %s %s while the trace was active", NODE, POINT)
        .isEqualTo(active.tcpdump());
    assertThat(after.hops())
        .as("after expiry sampled again: fewer than tcpdump's %d", expired.tcpdump())
        .isLessThan(expired.tcpdump());
    assertThat(after.data())
        .as("after expiry packets without SYN/FIN/RST are kept by the 1%% hash only")
        .isLessThan(expired.tcpdumpData() / 4);
  }

  private record Window(
      long fromNs, long toNs, long tcpdump, long tcpdumpToPort, long tcpdumpData) {}

  private record Counts(long hops, long data) {}

  /** tcpdump at node2 eth0 around SECONDS of lab traffic; the window in epoch nanoseconds. */
  private static Window measure(Lab lab, String name, int seconds) throws Exception {
    Path pcap = Files.createTempFile("trace-it-" + name + "-", ".pcap");
    Process tcpdump =
        lab.startInNetns(
            NODE,
            "tcpdump-" + name,
            Map.of(),
            List.of(
                "tcpdump", "-i", POINT, "-nn", "-U", "-w", pcap.toString(), "tcp port " + PORT));
    Thread.sleep(1500); // tcpdump's socket open
    long from = epochNanos();
    lab.traffic(seconds).require();
    Thread.sleep(1000); // the last answers
    long to = epochNanos();
    Lab.stop(tcpdump);
    long all = 0;
    long toPort = 0;
    long data = 0;
    try (FrameSource source = CaptureFiles.open(pcap)) {
      CapturedFrame frame = new CapturedFrame();
      while (source.next(frame)) {
        all++;
        // Ethernet + IPv4 (20-byte header from the lab's stacks): the TCP destination port
        byte[] b = frame.buffer();
        int ihl = (b[frame.offset() + 14] & 0x0F) * 4;
        int dport =
            (b[frame.offset() + 14 + ihl + 2] & 0xFF) << 8
                | b[frame.offset() + 14 + ihl + 3] & 0xFF;
        if (dport == PORT) {
          toPort++;
        }
        if ((b[frame.offset() + 14 + ihl + 13] & 0x07) == 0) {
          data++;
        }
      }
    } finally {
      Files.deleteIfExists(pcap);
    }
    return new Window(from, to, all, toPort, data);
  }

  /** The hops at node2 eth0 with port 8001 in the collector's journeys, within the window. */
  private static Counts count(LabCanvas canvas, Window window) {
    JsonNode body =
        canvas
            .api()
            .json("/api/v1/journeys?port=" + PORT + "&limit=10000")
            .orElseThrow(() -> new AssertionError("no journeys from the collector"));
    long hops = 0;
    long data = 0;
    for (JsonNode journey : body.path("journeys")) {
      for (JsonNode hop : journey.path("hops")) {
        long ts = Journeys.tsNs(hop);
        if (NODE.equals(Journeys.node(hop))
            && POINT.equals(Journeys.point(hop))
            && (Journeys.sport(hop) == PORT || Journeys.dport(hop) == PORT)
            && ts >= window.fromNs()
            && ts <= window.toNs()) {
          hops++;
          if ((Journeys.tcpFlags(hop) & 0x07) == 0) {
            data++; // neither SYN, FIN nor RST: kept by the trace or by the 1% hash only
          }
        }
      }
    }
    return new Counts(hops, data);
  }

  private static HostCommand.Result canvasCli(Lab lab, LabCanvas canvas, String... args) {
    String[] command = new String[args.length + 5];
    command[0] = lab.canvas().toString();
    System.arraycopy(args, 0, command, 1, args.length);
    command[args.length + 1] = "--collector";
    command[args.length + 2] = canvas.httpUrl();
    command[args.length + 3] = "--token";
    command[args.length + 4] = canvas.token();
    return lab.inNetns(Lab.MANAGER, Duration.ofSeconds(60), command);
  }

  private static void awaitAgents(Lab lab, LabCanvas canvas) throws Exception {
    int expected = lab.nodes().size();
    Poll.until(
        Duration.ofSeconds(90),
        expected + " agents connected to the restarted collector",
        () ->
            canvas
                .api()
                .status()
                .map(s -> s.path("agents_connected").asInt() == expected)
                .orElse(false));
    Thread.sleep(2000);
  }

  private static long epochNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}

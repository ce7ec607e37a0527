package io.dockercanvas.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dockercanvas.agent.netns.NamespaceThread;
import io.dockercanvas.pipeline.observation.ObservationSampling;
import io.dockercanvas.pipeline.observation.PointNames;
import io.dockercanvas.pipeline.observation.SamplingPolicy;
import io.dockercanvas.pipeline.observation.TraceFilters;
import io.dockercanvas.proto.v1.PacketObservation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live capture inside two namespaces made here and joined by a veth (203.0.113.1 and .2): handles
 * are opened on each namespace's own thread, both ends see the same ICMP packets with the same
 * fingerprints, the kernel filter keeps out what it should, and stopping closes every handle.
 */
class LiveCaptureIT {

  private static final String A = "canvas-capit-a";
  private static final String B = "canvas-capit-b";
  private final Map<String, NamespaceThread> threads = new HashMap<>();

  @BeforeAll
  static void requireRoot() {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "LiveCaptureIT needs root (netns, pcap); CI runs it as root");
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/nsenter"))
                && Files.isExecutable(Path.of("/usr/sbin/ip"))
            || Files.isExecutable(Path.of("/sbin/ip")),
        "LiveCaptureIT needs iproute2 and util-linux");
    assumeTrue(
        Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libpcap.so.0.8"))
            || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/libpcap.so.0.8")),
        "LiveCaptureIT needs libpcap0.8");
  }

  @BeforeEach
  void twoNamespacesOnAVeth() throws Exception {
    cleanUp();
    run("ip", "netns", "add", A);
    run("ip", "netns", "add", B);
    run("ip", "-n", A, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", B);
    run("ip", "-n", A, "addr", "add", "203.0.113.1/24", "dev", "eth0");
    run("ip", "-n", B, "addr", "add", "203.0.113.2/24", "dev", "eth0");
    run("ip", "-n", A, "link", "set", "eth0", "up");
    run("ip", "-n", B, "link", "set", "eth0", "up");
    threads.put(A, NamespaceThread.start(Path.of("/run/netns", A), Duration.ofSeconds(2)));
    threads.put(B, NamespaceThread.start(Path.of("/run/netns", B), Duration.ofSeconds(2)));
  }

  @AfterEach
  void cleanUp() throws Exception {
    threads.values().forEach(NamespaceThread::close);
    threads.clear();
    for (String ns : List.of(A, B)) {
      new ProcessBuilder("ip", "netns", "del", ns)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
    }
  }

  @Test
  void apply_pingAcrossVeth_bothEndsSeeSameFingerprintsAndHandlesClose() throws Exception {
    int handlesBefore = LiveHandle.openCount();
    RecordingSink sink = new RecordingSink();
    SamplingPolicy all = new SamplingPolicy(1, ObservationSampling.ALL, TraceFilters.NONE, 128);
    try (LiveCaptures captures =
        new LiveCaptures(this::runIn, () -> all, sink, 1024, Duration.ofSeconds(30))) {
      captures.apply(List.of(point(A, "a/eth0", "icmp"), point(B, "b/eth0", "icmp")), 4789);
      assertThat(captures.points()).containsExactlyInAnyOrder("a/eth0", "b/eth0");
      assertThat(LiveHandle.openCount()).isEqualTo(handlesBefore + 2);
      Thread.sleep(300);

      run("ip", "netns", "exec", A, "busybox", "ping", "-c", "20", "-A", "-q", "203.0.113.2");
      run(
          "ip",
          "netns",
          "exec",
          A,
          "bash",
          "-c",
          "echo hi > /dev/udp/203.0.113.2/9 || true"); // filtered out

      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> sink.at("a/eth0").size() >= 40 && sink.at("b/eth0").size() >= 40);
      // the UDP probe itself is filtered out; its ICMP port-unreachable answer is ICMP and stays
      Set<Long> atA = fingerprints(echoes(sink.at("a/eth0")));
      Set<Long> atB = fingerprints(echoes(sink.at("b/eth0")));
      assertThat(atA).hasSize(40).isEqualTo(atB);
      PacketObservation first = sink.at("b/eth0").get(0);
      assertThat(first.getInner().getIp().getSrc()).isIn("203.0.113.1", "203.0.113.2");
      assertThat(first.getInner().hasIcmp()).isTrue();
      assertThat(first.getFrameHead().size())
          .isEqualTo(first.getCaplen()); // ping frames are shorter than 128
      assertThat(first.getTsNs())
          .isCloseTo(
              System.currentTimeMillis() * 1_000_000L,
              org.assertj.core.data.Offset.offset(60_000_000_000L));
      assertThat(sink.observations).allMatch(o -> o.getInner().hasIcmp());

      await()
          .atMost(Duration.ofSeconds(3))
          .untilAsserted(
              () -> assertThat(sink.flows).anySatisfy(f -> assertThat(f.packets()).isEqualTo(20)));

      // a narrower filter while running: ICMP replies only
      captures.apply(
          List.of(
              point(A, "a/eth0", "icmp[icmptype] == icmp-echoreply"), point(B, "b/eth0", "icmp")),
          4789);
      Thread.sleep(300);
      int before = sink.at("a/eth0").size();
      run("ip", "netns", "exec", A, "busybox", "ping", "-c", "5", "-A", "-q", "203.0.113.2");
      await().atMost(Duration.ofSeconds(3)).until(() -> sink.at("a/eth0").size() >= before + 5);
      Thread.sleep(300);
      assertThat(sink.at("a/eth0").subList(before, sink.at("a/eth0").size()))
          .hasSize(5)
          .allMatch(o -> o.getInner().getIcmp().getType() == 0);

      captures.apply(List.of(point(B, "b/eth0", "icmp")), 4789);
      assertThat(captures.points()).containsExactly("b/eth0");
      assertThat(LiveHandle.openCount()).isEqualTo(handlesBefore + 1);
    }
    assertThat(LiveHandle.openCount()).isEqualTo(handlesBefore);
    System.out.printf(
        "LiveCaptureIT: %d frames captured, %d observations%n",
        sink.captured.get(), sink.observations.size());
  }

  private static List<PacketObservation> echoes(List<PacketObservation> observations) {
    return observations.stream()
        .filter(o -> o.getInner().getIcmp().getType() == 0 || o.getInner().getIcmp().getType() == 8)
        .toList();
  }

  private static Set<Long> fingerprints(List<PacketObservation> observations) {
    return observations.stream().map(PacketObservation::getFingerprint).collect(Collectors.toSet());
  }

  private static CapturePoint point(String namespace, String name, String filter) {
    return new CapturePoint(
        namespace, "eth0", filter, PointNames.point("test", name, "/run/netns/" + namespace));
  }

  private <T> CompletableFuture<T> runIn(String namespace, Callable<T> task) {
    return threads.get(namespace).submit(task);
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("%s: %s", String.join(" ", command), output).isZero();
  }
}

package io.dockercanvas.collector.journey;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.collector.journey.JourneyVerdict.State;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Coverage live: what the agents report capturing, else what has seen packets. */
class CaptureMonitorTest {

  private static final IpHeaders PUBLISHED =
      new IpHeaders("198.51.100.100", "198.51.100.12", 36298, 8001, IpHeaders.TCP, 1, 64, 0x02);
  private static final IpHeaders TRANSLATED =
      new IpHeaders("198.51.100.100", "172.17.0.3", 36298, 80, IpHeaders.TCP, 1, 63, 0x02);

  private final CaptureMonitor monitor = new CaptureMonitor();

  @Test
  void reportedPoints_areTheCoverage_evenThoseThatSawNothing() {
    monitor.saw(journey(observation("node2", "eth0"), observation("node2", "docker_gwbridge")));
    monitor.captures("node2", List.of("eth0", "docker_gwbridge", "web/eth0", "web/eth1"));

    CaptureCoverage coverage = monitor.coverage();

    assertThat(coverage.points("node2"))
        .containsExactly("docker_gwbridge", "eth0", "web/eth0", "web/eth1");
    assertThat(coverage.captures(new PathPoint("node2", "web/eth1"))).isTrue();
  }

  @Test
  void reportedPoints_replaceWhatWasSeen_aPointNoLongerReportedIsNotExpected() {
    monitor.captures("node2", List.of("eth0", "docker_gwbridge", "web/eth1"));
    monitor.saw(journey(observation("node2", "eth0"), observation("node2", "docker_gwbridge")));
    monitor.coverage();
    monitor.captures("node2", List.of("eth0", "docker_gwbridge"));

    assertThat(monitor.coverage().points("node2")).containsExactly("docker_gwbridge", "eth0");
  }

  @Test
  void agentWithoutReport_pointsSeenAreTheCoverage() {
    monitor.saw(journey(observation("node1", "eth0"), observation("node1", "docker_gwbridge")));
    monitor.captures("node2", List.of("eth0"));

    assertThat(monitor.coverage().points("node1")).containsExactly("docker_gwbridge", "eth0");
    assertThat(monitor.coverage().points("node2")).containsExactly("eth0");
  }

  @Test
  void disconnected_forgetsReportedAndSeenPoints() {
    monitor.saw(journey(observation("node2", "eth0")));
    monitor.captures("node2", List.of("eth0", "web/eth1"));
    monitor.coverage();

    monitor.disconnected("node2");

    assertThat(monitor.coverage().covers("node2")).isFalse();
  }

  @Test
  void publishedPortDroppedBehindTheGatewayBridge_stoppedOnlyWhenTheTasksPortIsReported() {
    NodeAddresses topology =
        new NodeAddresses()
            .putAddress("node2", "198.51.100.12")
            .putMac("02:42:ac:11:00:03", new Endpoint("node2", "web", "eth1", "docker_gwbridge"));
    byte[] toWebEth1 = new byte[60];
    System.arraycopy(new byte[] {0x02, 0x42, (byte) 0xac, 0x11, 0x00, 0x03}, 0, toWebEth1, 0, 6);
    Journey dropped =
        journey(
            new Observation("node2", "eth0", 1, 1, PUBLISHED, null, new byte[60], 60, 1),
            new Observation("node2", "docker_gwbridge", 2, 1, TRANSLATED, null, toWebEth1, 60, 1));
    VerdictJudge judge = new VerdictJudge(topology, monitor::coverage, monitor);

    // only the points that saw packets: web/eth1 saw none, so it is not known to be captured
    monitor.saw(dropped);
    JourneyVerdict unreported = judge.judge(dropped).orElseThrow();
    monitor.captures("node2", List.of("eth0", "docker_gwbridge", "web/eth0", "web/eth1"));
    JourneyVerdict reported = judge.judge(dropped).orElseThrow();

    assertThat(unreported.state()).isNotEqualTo(State.STOPPED);
    assertThat(reported.state()).isEqualTo(State.STOPPED);
    assertThat(reported.expectedNext()).hasToString("node2:web/eth1");
    assertThat(reported.cause()).isEqualTo(StopCause.PUBLISHED_PORT_NOT_DELIVERED);
  }

  private static Observation observation(String node, String point) {
    return new Observation(node, point, 1, 1, PUBLISHED, null, null, 60, 1);
  }

  private static Journey journey(Observation... observations) {
    return new Journey(
        1,
        1,
        java.util.Arrays.stream(observations)
            .map(o -> new Hop(o, List.of(), Hop.LATENCY_UNKNOWN))
            .toList(),
        List.of(),
        List.of());
  }
}

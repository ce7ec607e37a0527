package io.dockercanvas.collector.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficClassTest {

  @Test
  void of_gossipRaftDnsUnknownVxlanAndData() {
    assertThat(
            classOf(
                hop("eth0", udp("198.51.100.11", 7946, "198.51.100.12", 7946), null), List.of()))
        .isEqualTo(TrafficClass.CONTROL);
    assertThat(
            classOf(
                hop("eth0", tcp("198.51.100.12", 40000, "198.51.100.11", 2377), null), List.of()))
        .isEqualTo(TrafficClass.CONTROL);
    assertThat(
            classOf(hop("web.1/eth0", udp("10.0.1.6", 40000, "127.0.0.11", 53), null), List.of()))
        .isEqualTo(TrafficClass.DNS);
    assertThat(classOf(hop("web.1/eth0", udp("10.0.1.6", 40000, "10.0.1.9", 53), null), List.of()))
        .isEqualTo(TrafficClass.DNS);
    assertThat(
            classOf(hop("eth0", udp("198.51.100.11", 40000, "198.51.100.1", 53), null), List.of()))
        .as("port 53 on the underlay is not the embedded resolver")
        .isEqualTo(TrafficClass.DATA);
    VxlanHeaders vxlan = new VxlanHeaders("198.51.100.11", "198.51.100.12", 50000, 4789, 4242);
    assertThat(classOf(hop("eth0", tcp("10.0.9.2", 40000, "10.0.9.3", 80), vxlan), List.of()))
        .isEqualTo(TrafficClass.OVERLAY_CONTROL);
    assertThat(classOf(hop("eth0", tcp("10.0.9.2", 40000, "10.0.9.3", 80), vxlan), List.of("app")))
        .isEqualTo(TrafficClass.DATA);
  }

  @Test
  void journey_carriesItsClass_throughVerdictAndCompletion() {
    Journey j =
        new Journey(
            1,
            2,
            List.of(hop("eth0", udp("198.51.100.11", 7946, "198.51.100.12", 7946), null)),
            List.of(),
            List.of(),
            null,
            false);

    assertThat(j.trafficClass()).isEqualTo(TrafficClass.CONTROL);
    assertThat(j.asComplete().trafficClass()).isEqualTo(TrafficClass.CONTROL);
    assertThat(TrafficClass.CONTROL.judged()).isFalse();
    assertThat(TrafficClass.DNS.judged()).isTrue();
  }

  private static TrafficClass classOf(Hop hop, List<String> networks) {
    return TrafficClass.of(List.of(hop), networks);
  }

  private static Hop hop(String point, IpHeaders h, VxlanHeaders vxlan) {
    return new Hop(
        new Observation("node1", point, 1, 7, h, vxlan, (byte[]) null, 60, 1),
        List.of(),
        Hop.LATENCY_UNKNOWN);
  }

  private static IpHeaders udp(String src, int sport, String dst, int dport) {
    return new IpHeaders(src, dst, sport, dport, IpHeaders.UDP, 1, 64, 0);
  }

  private static IpHeaders tcp(String src, int sport, String dst, int dport) {
    return new IpHeaders(src, dst, sport, dport, IpHeaders.TCP, 1, 64, 2);
  }
}

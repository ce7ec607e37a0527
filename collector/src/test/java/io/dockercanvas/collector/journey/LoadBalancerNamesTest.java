package io.dockercanvas.collector.journey;

import static io.dockercanvas.collector.journey.SwarmPackets.plain;
import static io.dockercanvas.collector.journey.SwarmPackets.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.pipeline.ipvs.Ipvs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The IPVS choice on hops, with the table the VM lab's node1 reported (ingress_sbox, fwmark 256:
 * 198.51.100.100:56480 -> 172.17.0.2:8001 sent to web.1's 10.0.0.6:8001 on node2).
 */
class LoadBalancerNamesTest {

  static final Ipvs INGRESS_SBOX =
      new Ipvs(
          List.of(
              new Ipvs.Service(
                  "FWM",
                  "",
                  0,
                  256,
                  "rr",
                  List.of(new Ipvs.RealServer("10.0.0.6", 0, "Masq", 1, 0, 5)))),
          List.of(
              new Ipvs.Connection(
                  "TCP",
                  "198.51.100.100",
                  56480,
                  "172.17.0.2",
                  8001,
                  "10.0.0.6",
                  8001,
                  "SYN_RECV")),
          0);

  /** The request as node1 saw it: NIC, docker_gwbridge (DNAT), ingress_sbox in and out. */
  static List<Observation> request() {
    return List.of(
        plain("node1", "eth0", 0, 7, tcp("198.51.100.100", "198.51.100.11", 56480, 8001, 1, 64)),
        plain(
            "node1",
            "docker_gwbridge",
            10,
            7,
            tcp("198.51.100.100", "172.17.0.2", 56480, 8001, 1, 63)),
        plain(
            "node1",
            "ingress_sbox/eth1",
            20,
            7,
            tcp("198.51.100.100", "172.17.0.2", 56480, 8001, 1, 63)),
        plain(
            "node1", "ingress_sbox/eth0", 30, 7, tcp("10.0.0.2", "10.0.0.6", 56480, 8001, 1, 62)));
  }

  static NodeAddresses topology() {
    return new NodeAddresses()
        .putAddress("node1", "198.51.100.11")
        .putAddress("node2", "198.51.100.12")
        .putTask("node2", "10.0.0.6", "web.1");
  }

  @Test
  void namesTheChoiceOnTheHopsInsideTheBalancingNamespace() {
    NodeAddresses topology = topology().putIpvs("node1", "ingress_sbox", false, INGRESS_SBOX);
    Journey journey = new JourneyAssembler(topology, true).assemble(1, 7, request(), true);

    assertThat(journey.hops())
        .extracting(h -> h.point() + "=" + h.loadBalanced().map(LoadBalancing::task).orElse("-"))
        .containsExactly(
            "eth0=-", "docker_gwbridge=-", "ingress_sbox/eth1=web.1", "ingress_sbox/eth0=web.1");
    assertThat(journey.hops().get(3).loadBalancing().summary())
        .isEqualTo(
            "IPVS in ingress_sbox: fwmark 256 (172.17.0.2:8001) -> 10.0.0.6:8001 (task web.1 on"
                + " node2), round-robin, 1 backend");
  }

  @Test
  void aJourneyAssembledBeforeTheTableArrivedIsNamedWhenAskedAgain() {
    NodeAddresses topology = topology();
    Journey early = new JourneyAssembler(topology, true).assemble(1, 7, request(), true);
    assertThat(early.hops()).allMatch(h -> h.loadBalanced().isEmpty());
    assertThat(LoadBalancerNames.explain(early, topology)).isSameAs(early);

    topology.putIpvs("node1", "ingress_sbox", false, INGRESS_SBOX);
    Journey named = LoadBalancerNames.explain(early, topology);

    assertThat(named.hops().get(2).loadBalanced()).isPresent();
    assertThat(named.hops().get(3).loadBalanced().orElseThrow().taskNode()).isEqualTo("node2");
    assertThat(named.id()).isEqualTo(early.id());
    assertThat(named.trafficClass()).isEqualTo(early.trafficClass());
  }

  @Test
  void anotherClientPortIsNotThisConnection() {
    NodeAddresses topology = topology().putIpvs("node1", "ingress_sbox", false, INGRESS_SBOX);
    List<Observation> other =
        List.of(
            plain(
                "node1",
                "ingress_sbox/eth1",
                0,
                9,
                tcp("198.51.100.100", "172.17.0.2", 56481, 8001, 2, 63)));
    Journey journey = new JourneyAssembler(topology, true).assemble(2, 9, other, true);
    assertThat(journey.hops().get(0).loadBalanced()).isEmpty();
  }

  @Test
  void aConnectionTheTableForgot_isNamedByTheDnatToARealServer() {
    Ipvs servicesOnly = new Ipvs(INGRESS_SBOX.services(), List.of(), 0);
    NodeAddresses topology = topology().putIpvs("node1", "ingress_sbox", false, servicesOnly);
    Journey journey = new JourneyAssembler(topology, true).assemble(1, 7, request(), true);

    assertThat(journey.hops())
        .extracting(h -> h.point() + "=" + h.loadBalanced().map(LoadBalancing::task).orElse("-"))
        .containsExactly(
            "eth0=-", "docker_gwbridge=-", "ingress_sbox/eth1=web.1", "ingress_sbox/eth0=web.1");
    LoadBalancing lb = journey.hops().get(3).loadBalancing();
    assertThat(lb.virtualAddress() + ":" + lb.virtualPort()).isEqualTo("172.17.0.2:8001");
    assertThat(lb.chosenAddress()).isEqualTo("10.0.0.6");
    // docker_gwbridge's DNAT (to ingress_sbox's address) is not IPVS: no service has that backend.
    assertThat(journey.hops().get(1).loadBalanced()).isEmpty();
  }
}

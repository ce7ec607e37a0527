package io.dockercanvas.agent.capture;

import static io.dockercanvas.pipeline.testing.TestFrames.ETHERTYPE_IPV4;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_ACK;
import static io.dockercanvas.pipeline.testing.TestFrames.ethernet;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Tcp;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Udp;
import static io.dockercanvas.pipeline.testing.TestFrames.vxlanFrame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.dockercanvas.agent.discovery.SwarmNode;
import io.dockercanvas.agent.node.NodeState;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;

class CapturePlanTest {

  private static final String MAC_A = "02:42:c6:33:64:0b";
  private static final String MAC_B = "02:42:c6:33:64:0c";
  private static final String COLLECTOR = CapturePlan.collectorExclusion("198.51.100.1", 7070);
  private static PcapHandle dead;

  @BeforeAll
  static void openDead() {
    try {
      dead = Pcaps.openDead(DataLinkType.EN10MB, 65536);
    } catch (Throwable e) { // no libpcap: the filter checks cannot run here
      dead = null;
    }
  }

  @AfterAll
  static void closeDead() {
    if (dead != null) {
      dead.close();
    }
  }

  private static Map<String, CapturePoint> byName(List<CapturePoint> points) {
    return points.stream().collect(Collectors.toMap(CapturePoint::name, p -> p));
  }

  private static BpfProgram compiled(String filter) throws Exception {
    assumeThat(dead).as("libpcap (libpcap0.8) is needed to compile filters").isNotNull();
    return dead.compileFilter(
        filter, BpfProgram.BpfCompileMode.OPTIMIZE, PcapHandle.PCAP_NETMASK_UNKNOWN);
  }

  private static boolean keeps(String filter, byte[] frame) throws Exception {
    BpfProgram program = compiled(filter);
    try {
      return program.applyFilter(frame);
    } finally {
      program.free();
    }
  }

  @Test
  void of_managerNode_hasEveryObservationPointOfTheOverlay() {
    List<CapturePoint> points = CapturePlan.of(TestNodeStates.managerNode1(COLLECTOR));

    assertThat(points)
        .extracting(CapturePoint::name)
        .containsExactlyInAnyOrder(
            "eth0",
            "docker_gwbridge",
            "ingress_sbox/eth0",
            "ingress_sbox/eth1",
            "ingress/vxlan0",
            "ingress/br0",
            "web_net/vxlan0",
            "web_net/br0");
    Map<String, CapturePoint> named = byName(points);
    assertThat(named.get("eth0").inHostNamespace()).isTrue();
    assertThat(named.get("web_net/vxlan0").namespaceName()).isEqualTo("1-ht90nsb9wa");
    assertThat(named.get("web_net/vxlan0").interfaceName()).isEqualTo("vxlan0");
    assertThat(named.get("ingress_sbox/eth1").namespaceName()).isEqualTo("ingress_sbox");
    assertThat(named.get("web_net/br0").point().getNodeId()).isEqualTo("node1");
  }

  @Test
  void of_taskContainer_everyInterfaceThatIsUpByItsServicesName_unknownContainerNot() {
    NodeState state =
        TestNodeStates.state(
            TestNodeStates.docker(
                SwarmNode.Role.WORKER, List.of(), List.of(TestNodeStates.WEB_NET)),
            COLLECTOR,
            TestNodeStates.container("f4039c587955"),
            TestNodeStates.container("0123456789ab")); // started after the last discovery

    Map<String, CapturePoint> named = byName(CapturePlan.of(state));

    assertThat(named.keySet())
        .containsExactlyInAnyOrder("eth0", "docker_gwbridge", "web/eth0", "web/eth1");
    assertThat(named.get("web/eth1").namespaceName()).isEqualTo("f4039c587955");
    assertThat(named.get("web/eth1").interfaceName()).isEqualTo("eth1");
    assertThat(named.get("web/eth1").point().getNodeId()).isEqualTo("node1");
    assertThat(named.get("web/eth0").filter()).isEqualTo("(ip or ip6) and not (" + COLLECTOR + ")");
  }

  @Test
  void of_managerNode_filtersFollowDataPathPortPublishedPortsAndSubnets() {
    Map<String, CapturePoint> named = byName(CapturePlan.of(TestNodeStates.managerNode1("")));

    assertThat(named.get("eth0").filter())
        .isEqualTo("udp port 4789 or udp port 5353 or tcp port 8001");
    assertThat(named.get("docker_gwbridge").filter())
        .isEqualTo("tcp port 80 or tcp port 8001 or udp port 53 or udp port 5353");
    assertThat(named.get("web_net/br0").filter()).isEqualTo("net 10.0.1.0/24");
    assertThat(named.get("ingress/vxlan0").filter()).isEqualTo("net 10.0.0.0/24");
    assertThat(named.get("ingress_sbox/eth0").filter()).isEqualTo("ip or ip6");
  }

  @Test
  void of_everyFilter_compilesWithLibpcap() throws Exception {
    NodeState worker =
        TestNodeStates.state(
            TestNodeStates.docker(
                SwarmNode.Role.WORKER,
                List.of(),
                List.of(TestNodeStates.INGRESS, TestNodeStates.WEB_NET)),
            CapturePlan.collectorExclusion("collector", 7070),
            TestNodeStates.ingressSandbox(),
            TestNodeStates.overlay("1-ht90nsb9wa", 4097));
    for (NodeState state :
        List.of(TestNodeStates.managerNode1(COLLECTOR), TestNodeStates.managerNode1(""), worker)) {
      for (CapturePoint point : CapturePlan.of(state)) {
        compiled(point.filter())
            .free(); // throws PcapNativeException with libpcap's message when invalid
      }
    }
  }

  @Test
  void of_underlay_keepsVxlanAndPublishedPortsButNotTheCollectorStream() throws Exception {
    String underlay =
        byName(CapturePlan.of(TestNodeStates.managerNode1(COLLECTOR))).get("eth0").filter();

    byte[] vxlan =
        vxlanFrame(
            "198.51.100.11",
            "198.51.100.12",
            34633,
            4097,
            ethernet(
                MAC_A,
                MAC_B,
                ETHERTYPE_IPV4,
                ipv4Tcp("10.0.1.3", "10.0.1.4", 1, 64, 40000, 80, 1, 1, TCP_ACK, new byte[0])));
    byte[] published =
        ethernet(
            MAC_A,
            MAC_B,
            ETHERTYPE_IPV4,
            ipv4Tcp(
                "198.51.100.50", "198.51.100.11", 1, 64, 40000, 8001, 1, 1, TCP_ACK, new byte[0]));
    byte[] toCollector =
        ethernet(
            MAC_A,
            MAC_B,
            ETHERTYPE_IPV4,
            ipv4Tcp(
                "198.51.100.11", "198.51.100.1", 1, 64, 40000, 7070, 1, 1, TCP_ACK, new byte[0]));
    byte[] ssh =
        ethernet(
            MAC_A,
            MAC_B,
            ETHERTYPE_IPV4,
            ipv4Tcp(
                "198.51.100.50", "198.51.100.11", 1, 64, 40000, 22, 1, 1, TCP_ACK, new byte[0]));

    assertThat(keeps(underlay, vxlan)).isTrue();
    assertThat(keeps(underlay, published)).isTrue();
    assertThat(keeps(underlay, toCollector)).isFalse();
    assertThat(keeps(underlay, ssh)).isFalse();
  }

  @Test
  void of_workerWithoutServices_keepsAllTcpButSwarmControlAndTheCollectorStream() throws Exception {
    NodeState worker =
        TestNodeStates.state(
            TestNodeStates.docker(
                SwarmNode.Role.WORKER, List.of(), List.of(TestNodeStates.WEB_NET)),
            COLLECTOR);
    Map<String, CapturePoint> named = byName(CapturePlan.of(worker));
    String underlay = named.get("eth0").filter();

    assertThat(
            keeps(
                underlay,
                ethernet(
                    MAC_A,
                    MAC_B,
                    ETHERTYPE_IPV4,
                    ipv4Tcp(
                        "198.51.100.50",
                        "198.51.100.12",
                        1,
                        64,
                        40000,
                        8001,
                        1,
                        1,
                        TCP_ACK,
                        new byte[0]))))
        .isTrue();
    assertThat(
            keeps(
                underlay,
                ethernet(
                    MAC_A,
                    MAC_B,
                    ETHERTYPE_IPV4,
                    ipv4Tcp(
                        "198.51.100.11",
                        "198.51.100.12",
                        1,
                        64,
                        40000,
                        7946,
                        1,
                        1,
                        TCP_ACK,
                        new byte[0]))))
        .isFalse();
    assertThat(
            keeps(
                underlay,
                ethernet(
                    MAC_A,
                    MAC_B,
                    ETHERTYPE_IPV4,
                    ipv4Tcp(
                        "198.51.100.12",
                        "198.51.100.1",
                        1,
                        64,
                        40000,
                        7070,
                        1,
                        1,
                        TCP_ACK,
                        new byte[0]))))
        .isFalse();
    assertThat(named.get("docker_gwbridge").filter()).startsWith("(ip or ip6) and not (");
  }

  @Test
  void of_collectorExclusion_appliesToHostPointsOnly() {
    List<CapturePoint> points = CapturePlan.of(TestNodeStates.managerNode1(COLLECTOR));

    assertThat(points)
        .filteredOn(CapturePoint::inHostNamespace)
        .isNotEmpty()
        .allMatch(p -> p.filter().endsWith(" and not (host 198.51.100.1 and tcp port 7070)"));
    assertThat(points)
        .filteredOn(p -> !p.inHostNamespace())
        .isNotEmpty()
        .noneMatch(p -> p.filter().contains("7070"));
  }

  @Test
  void of_overlayBridge_keepsTheNetworksSubnetOnly() throws Exception {
    String br0 =
        byName(CapturePlan.of(TestNodeStates.managerNode1(""))).get("web_net/br0").filter();

    assertThat(
            keeps(
                br0,
                ethernet(
                    MAC_A,
                    MAC_B,
                    ETHERTYPE_IPV4,
                    ipv4Udp("10.0.1.3", "10.0.1.4", 1, 64, 40000, 53, new byte[4]))))
        .isTrue();
    assertThat(
            keeps(
                br0,
                ethernet(
                    MAC_A,
                    MAC_B,
                    ETHERTYPE_IPV4,
                    ipv4Udp("10.0.2.3", "10.0.2.4", 1, 64, 40000, 53, new byte[4]))))
        .isFalse();
  }

  @Test
  void of_nothingKnownYet_hostPointsOnlyWithWideFilters() {
    NodeState unknown =
        new NodeState(
            "node1", null, TestNodeStates.host(), "/proc/1/ns/net", "eth0", 4789, Map.of(), "");

    Map<String, CapturePoint> named = byName(CapturePlan.of(unknown));

    assertThat(named.keySet()).containsExactlyInAnyOrder("eth0", "docker_gwbridge");
    assertThat(named.get("eth0").filter())
        .isEqualTo("udp port 4789 or (tcp and not port 2377 and not port 7946)");
  }

  @Test
  void collectorExclusion_nameOrAddress() {
    assertThat(CapturePlan.collectorExclusion("198.51.100.1", 7070))
        .isEqualTo("host 198.51.100.1 and tcp port 7070");
    assertThat(CapturePlan.collectorExclusion("collector.lab", 7070)).isEqualTo("tcp port 7070");
  }
}

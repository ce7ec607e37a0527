package io.dockercanvas.collector.cli;

import static io.dockercanvas.collector.cli.LabSample.ROUTING_MESH;
import static io.dockercanvas.collector.cli.LabSample.SAMPLE;
import static io.dockercanvas.collector.cli.LabSample.capture;
import static io.dockercanvas.collector.wire.WireJourneys.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.collector.store.IpRange;
import io.dockercanvas.collector.wire.WireJourneys;
import io.dockercanvas.proto.v1.Hop;
import io.dockercanvas.proto.v1.Journey;
import io.dockercanvas.proto.v1.Rewrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code canvas journeys} on recordings of real traffic: the lab's 3-node sample and the seed's
 * routing mesh.
 */
class JourneysCommandTest {

  private static final String CLIENT =
      LabSample.containerAddress("node1", "client", "wordpress_net");
  private static final String WEB = LabSample.containerAddress("node2", "web", "wordpress_net");
  private static final int WORDPRESS_VNI = LabSample.vniOf("node2", "wordpress_net");
  private static final String NODE2 = LabSample.topology("node2").getNode().getAdvertiseAddress();

  @Test
  void
      journeys_node2UnderlayVtepAndBridge_clientToWebSegmentsAreThreeHopsEncapThenDecapWithTheNetworksVni() {
    CliRun run =
        CliRun.of(
            "journeys",
            "--json",
            "--topology",
            SAMPLE.toString(),
            "--capture",
            capture("node2", "eth0"),
            "--capture",
            capture("node2", "wordpress_net/vxlan0"),
            "--capture",
            capture("node2", "wordpress_net/br0"));

    assertThat(run.code()).as(run.err()).isZero();
    List<Journey> toWeb =
        matching(
            run.journeys(),
            hop -> src(hop).equals(CLIENT) && dst(hop).equals(WEB) && dport(hop) == 80);
    assertThat(toWeb)
        .as("client -> web HTTP segments (6 requests)")
        .hasSizeGreaterThanOrEqualTo(6 * 4);
    assertThat(toWeb)
        .allSatisfy(
            j -> {
              assertThat(points(j))
                  .containsExactly(
                      "node2/eth0", "node2/wordpress_net/vxlan0", "node2/wordpress_net/br0");
              assertThat(vni(hop(j, 0))).isEqualTo(WORDPRESS_VNI);
              assertThat(outerDst(hop(j, 0))).isEqualTo(NODE2);
              assertThat(kinds(hop(j, 0)))
                  .as("encapsulated before the first captured point")
                  .containsExactly("ENCAP");
              assertThat(rewrite(hop(j, 0), 0).getVni()).isEqualTo(WORDPRESS_VNI);
              assertThat(kinds(hop(j, 1))).containsExactly("DECAP");
              assertThat(rewrite(hop(j, 1), 0).getVni()).isEqualTo(WORDPRESS_VNI);
              assertThat(kinds(hop(j, 2))).containsExactly("BRIDGE");
              assertThat(j.getNetworkNamesList()).containsExactly("wordpress_net");
            });
    // the answers leave the same way: bridge, VTEP, then encapsulated on the NIC
    List<Journey> fromWeb =
        matching(
            run.journeys(),
            hop -> src(hop).equals(WEB) && dst(hop).equals(CLIENT) && sport(hop) == 80);
    assertThat(fromWeb)
        .isNotEmpty()
        .allSatisfy(
            j -> {
              assertThat(points(j))
                  .containsExactly(
                      "node2/wordpress_net/br0", "node2/wordpress_net/vxlan0", "node2/eth0");
              assertThat(kinds(hop(j, 2))).containsExactly("ENCAP");
              assertThat(rewrite(hop(j, 2), 0).getVni()).isEqualTo(WORDPRESS_VNI);
            });
    assertThat(run.err()).contains("journeys").contains("0 malformed").contains("0 lost");
  }

  @Test
  void journeys_wholeLabSample_clientRequestEncapsulatedOnNode1ThenDecapsulatedOnNode2() {
    CliRun run =
        CliRun.of("journeys", "--json", "--manifest", SAMPLE.resolve("manifest.json").toString());

    assertThat(run.code()).as(run.err()).isZero();
    List<Journey> syns =
        matching(
            run.journeys(),
            hop -> src(hop).equals(CLIENT) && dst(hop).equals(WEB) && tcpFlags(hop) == 2);
    assertThat(syns)
        .hasSize(6)
        .allSatisfy(
            j -> {
              assertThat(points(j))
                  .containsExactly(
                      "node1/client/eth0",
                      "node1/wordpress_net/br0",
                      "node1/wordpress_net/vxlan0",
                      "node1/eth0",
                      "wire/cvlab0",
                      "node2/eth0",
                      "node2/wordpress_net/vxlan0",
                      "node2/wordpress_net/br0",
                      "node2/web/eth0");
              assertThat(kinds(hop(j, 3))).containsExactly("ENCAP");
              assertThat(rewrite(hop(j, 3), 0).getVni()).isEqualTo(WORDPRESS_VNI);
              assertThat(kinds(hop(j, 6))).containsExactly("DECAP");
              assertThat(rewrite(hop(j, 6), 0).getVni()).isEqualTo(WORDPRESS_VNI);
              assertThat(j.getServiceNamesList()).containsExactly("web");
            });
  }

  @Test
  void journeys_node2NicAndGatewayBridge_outsideRequestToPublishedPortIsDnatToTheContainer() {
    // a task's docker_gwbridge address is on no list of the engine's: the network's subnet is
    IpRange gatewaySubnet =
        IpRange.parse(LabSample.network("node2", "docker_gwbridge").getSubnets(0).getCidr());

    CliRun run =
        CliRun.of(
            "journeys",
            "--json",
            "--port",
            "8001",
            "--capture",
            capture("node2", "eth0"),
            "--capture",
            capture("node2", "docker_gwbridge"));

    assertThat(run.code()).as(run.err()).isZero();
    List<Journey> requests =
        matching(run.journeys(), hop -> dst(hop).equals(NODE2) && dport(hop) == 8001);
    assertThat(requests)
        .as("outside client -> node2:8001 segments")
        .hasSizeGreaterThanOrEqualTo(6 * 4);
    assertThat(requests)
        .allSatisfy(
            j -> {
              assertThat(points(j)).containsExactly("node2/eth0", "node2/docker_gwbridge");
              assertThat(kinds(hop(j, 1))).containsExactly("DNAT");
              assertThat(before(j, 1, 0)).isEqualTo(NODE2 + ":8001");
              String after = after(j, 1, 0);
              assertThat(after).endsWith(":80");
              assertThat(gatewaySubnet.contains(after.substring(0, after.lastIndexOf(':'))))
                  .as(after)
                  .isTrue();
            });
  }

  @Test
  void journeys_routingMeshRecording_firstSynIsOneJourneyInTheReadmesOrderWithEveryRewrite() {
    CliRun run =
        CliRun.of(
            "journeys",
            "--json",
            "--manifest",
            ROUTING_MESH.resolve("manifest.json").toString(),
            "--node-address",
            "manager=203.0.113.11",
            "--node-address",
            "worker=203.0.113.12");

    assertThat(run.code()).as(run.err()).isZero();
    List<Journey> syn = matching(run.journeys(), hop -> ipId(hop) == 0x9eeb);
    assertThat(syn).hasSize(1);
    Journey j = syn.get(0);
    assertThat(points(j))
        .containsExactly(
            "client/eth0",
            "manager/eth0",
            "manager/docker_gwbridge",
            "manager/ingress_sbox/eth1",
            "manager/ingress_sbox/eth0",
            "manager/ingress/br0",
            "manager/ingress/vxlan0",
            "wire/mlabbr",
            "worker/ingress/vxlan0",
            "worker/ingress/br0",
            "worker/web/eth0");
    assertThat(kinds(hop(j, 2))).containsExactly("DNAT");
    assertThat(kinds(hop(j, 4))).containsExactly("DNAT", "SNAT");
    assertThat(after(j, 4, 1)).isEqualTo("10.0.0.2:42478");
    assertThat(kinds(hop(j, 7))).containsExactly("ENCAP");
    assertThat(rewrite(hop(j, 7), 0).getVni()).isEqualTo(4096);
    assertThat(kinds(hop(j, 8))).containsExactly("DECAP");
    assertThat(rewrite(hop(j, 8), 0).getVni()).isEqualTo(4096);
  }

  @Test
  void journeys_table_blockPerJourneyWithHopsAndCountsAtTheEnd() {
    CliRun run =
        CliRun.of(
            "journeys",
            "--manifest",
            ROUTING_MESH.resolve("manifest.json").toString(),
            "--node-address",
            "manager=203.0.113.11",
            "--node-address",
            "worker=203.0.113.12",
            "--min-hops",
            "11");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("journey 1  TCP 203.0.113.100:42478 → 203.0.113.11:8001 [SYN]  11 hops")
        .contains("DNAT 203.0.113.11:8001 → 172.21.0.2:8001")
        .contains("SNAT 203.0.113.100:42478 → 10.0.0.2:42478")
        .contains("ENCAP vni 4096")
        .contains("DECAP vni 4096")
        .contains("203.0.113.11 → 203.0.113.12")
        .containsPattern("(?m)^ +8 +wire +mlabbr ")
        .contains(
            "413 frames read, 413 observations (0 frames not IP, 0 malformed, 0 cut short, 0 not sampled)");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void journeys_badInput_exit2WithTheReason() {
    CliRun nothing = CliRun.of("journeys");
    CliRun missing = CliRun.of("journeys", "--capture", "node1:eth0=/nonexistent/x.pcap");
    CliRun badSpec = CliRun.of("journeys", "--capture", "node1-eth0.pcap");
    CliRun badWindow =
        CliRun.of("journeys", "--window-ms", "0", "--capture", capture("node2", "eth0"));

    assertThat(nothing.code()).isEqualTo(2);
    assertThat(nothing.err()).contains("nothing to replay: give --capture NODE:POINT=FILE");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("capture node1:eth0=/nonexistent/x.pcap: no such file");
    assertThat(badSpec.err()).contains("--capture 'node1-eth0.pcap' is not NODE:POINT=FILE");
    assertThat(badWindow.err()).contains("--window-ms must be from 1");
  }

  @Test
  void journeys_manifestBesideATopologyThatIsNotASnapshot_exit2NamingTheFile(@TempDir Path set)
      throws IOException {
    Files.copy(SAMPLE.resolve("node2__eth0.pcap"), set.resolve("node2__eth0.pcap"));
    Files.writeString(
        set.resolve("manifest.json"),
        "[{\"node\": \"node2\", \"point\": \"eth0\", " + "\"file\": \"node2__eth0.pcap\"}]");
    // the lab's former inventory format, not what 'canvas agent snapshot' prints
    Path topology =
        Files.writeString(
            set.resolve("node2__topology.json"),
            "{\"node\": {\"name\": \"node2\", \"address\": \"198.51.100.12\", \"namespaces\": []}}");

    CliRun run = CliRun.of("journeys", "--manifest", set.resolve("manifest.json").toString());

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("journeys: " + topology + ": not the JSON of 'canvas agent snapshot'");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void help_explainsEveryOptionWithExamples() {
    CliRun help = CliRun.of("journeys", "--help");

    assertThat(help.code()).isZero();
    assertThat(help.out())
        .contains(
            "--capture=NODE:POINT=FILE",
            "--manifest=FILE",
            "--topology=DIR",
            "--node-address=NODE=IP",
            "--json",
            "--window-ms=W",
            "--same-clock",
            "--min-hops=N",
            "Examples:");
  }

  private static List<Journey> matching(List<Journey> journeys, Predicate<Hop> anyHop) {
    return journeys.stream().filter(j -> j.getHopsList().stream().anyMatch(anyHop)).toList();
  }

  private static Hop hop(Journey journey, int index) {
    return journey.getHops(index);
  }

  private static List<String> points(Journey journey) {
    return WireJourneys.points(journey, "/");
  }

  private static Rewrite rewrite(Hop hop, int index) {
    return hop.getRewrites(index);
  }
}

package io.dockercanvas.collector.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.collector.journey.Hop;
import io.dockercanvas.collector.journey.Journey;
import io.dockercanvas.collector.journey.LoadBalancing;
import io.dockercanvas.collector.journey.RewriteKind;
import io.dockercanvas.collector.journey.StitcherConfig;
import io.dockercanvas.pipeline.replay.CaptureManifest;
import io.dockercanvas.pipeline.replay.CaptureReplay;
import io.dockercanvas.pipeline.replay.ReplayInput;
import io.dockercanvas.pipeline.replay.TopologyFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The routing mesh as the VM lab recorded it (deploy/lab/sample-routing-mesh: Debian 13's kernel
 * with IPVS, Docker 26): the outside client's requests to node1:8001 in path order through
 * ingress_sbox's IPVS and VXLAN 4096 to web on node2, each ingress_sbox hop naming the task IPVS
 * chose; client -> web by name naming the VIP and the task.
 */
class RoutingMeshSampleTest {

  static final Path MANIFEST =
      Path.of("..", "deploy", "lab", "sample-routing-mesh", "manifest.json")
          .toAbsolutePath()
          .normalize();
  static final String OUTSIDE = "198.51.100.100";
  static final String NODE1 = "198.51.100.11";

  static final List<Journey> journeys = new ArrayList<>();

  @BeforeAll
  static void stitchTheSample() throws Exception {
    CaptureReplay replay =
        new CaptureReplay(
            new ReplayInput(
                CaptureManifest.read(MANIFEST),
                TopologyFiles.readBeside(MANIFEST),
                CaptureManifest.recordedAddresses(MANIFEST)));
    OfflineStitching.run(
        replay, StitcherConfig.withWindow(Duration.ofSeconds(1)), core -> {}, journeys::add);
  }

  private static List<String> path(Journey journey) {
    return journey.hops().stream().map(h -> h.node() + ":" + h.point()).toList();
  }

  private static Optional<Hop> at(Journey journey, String point) {
    return journey.hops().stream()
        .filter(h -> (h.node() + ":" + h.point()).equals(point))
        .findFirst();
  }

  @Test
  void outsideToNode1_goesThroughIngressSboxIpvsAndVxlanToWebOnNode2_namingTheTask() {
    List<Journey> requests =
        journeys.stream()
            .filter(j -> j.first().observation().headers().src().equals(OUTSIDE))
            .filter(j -> j.first().observation().headers().dst().equals(NODE1))
            .toList();
    assertThat(requests).hasSizeGreaterThanOrEqualTo(10);

    List<String> expected =
        List.of(
            "node1:eth0",
            "node1:docker_gwbridge",
            "node1:ingress_sbox/eth1",
            "node1:ingress_sbox/eth0",
            "node1:ingress/br0",
            "node1:ingress/vxlan0",
            "node1:eth0",
            "node2:eth0",
            "node2:ingress/vxlan0",
            "node2:ingress/br0",
            "node2:web/eth0");
    for (Journey journey : requests) {
      // The underlay bridge's two copies (plain, then VXLAN) sit before node1 and between the
      // nodes.
      List<String> swarmHops = path(journey).stream().filter(p -> p.startsWith("node")).toList();
      assertThat(swarmHops).as("journey %d", journey.id()).isEqualTo(expected);
      assertThat(path(journey))
          .as("journey %d", journey.id())
          .containsSubsequence(
              "outside:eth0",
              "wire:cvlab0",
              "node1:eth0",
              "node1:eth0",
              "wire:cvlab0",
              "node2:eth0");

      assertThat(at(journey, "node1:docker_gwbridge").orElseThrow().has(RewriteKind.DNAT)).isTrue();
      Hop sboxOut = at(journey, "node1:ingress_sbox/eth0").orElseThrow();
      assertThat(sboxOut.has(RewriteKind.DNAT) && sboxOut.has(RewriteKind.SNAT)).isTrue();
      assertThat(at(journey, "node2:ingress/vxlan0").orElseThrow().has(RewriteKind.DECAP)).isTrue();

      for (String point : List.of("node1:ingress_sbox/eth1", "node1:ingress_sbox/eth0")) {
        LoadBalancing lb = at(journey, point).orElseThrow().loadBalanced().orElseThrow();
        assertThat(lb.vip()).isFalse();
        assertThat(lb.namespace()).isEqualTo("ingress_sbox");
        assertThat(lb.fwmark()).isEqualTo(256);
        assertThat(lb.virtualAddress() + ":" + lb.virtualPort()).isEqualTo("172.17.0.2:8001");
        assertThat(lb.task()).isEqualTo("web.1");
        assertThat(lb.taskNode()).isEqualTo("node2");
        assertThat(lb.summary())
            .isEqualTo(
                "IPVS in ingress_sbox: fwmark 256 (172.17.0.2:8001) -> 10.0.0.6:8001"
                    + " (task web.1 on node2), round-robin, 1 backend");
      }
      // Only where IPVS ran: no other hop claims the choice.
      assertThat(journey.hops().stream().filter(h -> h.loadBalanced().isPresent())).hasSize(2);
    }
  }

  @Test
  void clientToWebByName_namesTheVipAndTheTask() {
    List<LoadBalancing> choices =
        journeys.stream()
            .filter(j -> j.first().point().equals("client/eth0"))
            .filter(j -> j.first().observation().headers().dst().equals("10.0.1.2"))
            .map(j -> j.first().loadBalanced())
            .flatMap(Optional::stream)
            .toList();
    assertThat(choices).hasSizeGreaterThanOrEqualTo(10);
    assertThat(choices)
        .allSatisfy(
            lb -> {
              assertThat(lb.vip()).isTrue();
              assertThat(lb.namespace()).startsWith("lb_");
              assertThat(lb.virtualAddress()).isEqualTo("10.0.1.2");
              assertThat(lb.task()).isEqualTo("web.1");
              assertThat(lb.summary()).contains("VIP 10.0.1.2:80", "task web.1 on node2");
            });
  }
}

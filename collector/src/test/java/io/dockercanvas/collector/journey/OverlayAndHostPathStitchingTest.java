package io.dockercanvas.collector.journey;

import static io.dockercanvas.collector.journey.SwarmPackets.MANAGER;
import static io.dockercanvas.collector.journey.SwarmPackets.MANAGER_IP;
import static io.dockercanvas.collector.journey.SwarmPackets.WORKER;
import static io.dockercanvas.collector.journey.SwarmPackets.WORKER_IP;
import static io.dockercanvas.collector.journey.SwarmPackets.encap;
import static io.dockercanvas.collector.journey.SwarmPackets.plain;
import static io.dockercanvas.collector.journey.SwarmPackets.shifted;
import static io.dockercanvas.collector.journey.SwarmPackets.synAck;
import static io.dockercanvas.collector.journey.SwarmPackets.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Paths 2 and 3 of the architecture: service to service on a user overlay, and a host-mode publish.
 */
class OverlayAndHostPathStitchingTest {

  private static final long FP = 0x1234_5678_9abc_def0L;
  private static final long FIFTY_MS = 50_000_000L;

  @Test
  void stitch_serviceToServiceOnUserOverlay_containerBridgeVtepWireVtepBridgeContainer() {
    IpHeaders inner = tcp("10.0.1.5", "10.0.1.9", 51000, 3306, 0x4411, 64);
    List<Observation> observations =
        List.of(
            shifted(plain(WORKER, "wordpress_db.1.x7q/eth0", 31, FP, inner), -FIFTY_MS),
            shifted(plain(WORKER, "wordpress_net/br0", 36, FP, inner), -FIFTY_MS),
            shifted(plain(WORKER, "wordpress_net/vxlan0", 33, FP, inner), -FIFTY_MS),
            shifted(vxlan4097(WORKER, 30, inner), -FIFTY_MS),
            vxlan4097(MANAGER, 9, inner),
            plain(MANAGER, "wordpress_net/vxlan0", 4, FP, inner),
            plain(MANAGER, "wordpress_net/br0", 6, FP, inner),
            plain(MANAGER, "wordpress.1.k2d/eth0", 0, FP, inner));

    Journey journey = Stitching.one(observations, SwarmPackets.topology(), false);

    assertThat(journey.path())
        .containsExactly(
            "manager/wordpress.1.k2d/eth0",
            "manager/wordpress_net/br0",
            "manager/wordpress_net/vxlan0",
            "manager/eth0",
            "worker/eth0",
            "worker/wordpress_net/vxlan0",
            "worker/wordpress_net/br0",
            "worker/wordpress_db.1.x7q/eth0");
    assertThat(journey.hops().get(3).rewrites())
        .singleElement()
        .satisfies(r -> assertThat(r.kind()).isEqualTo(RewriteKind.ENCAP))
        .satisfies(r -> assertThat(r.vni()).isEqualTo(4097));
    assertThat(journey.hops().get(5).has(RewriteKind.DECAP)).isTrue();
    assertThat(journey.hops().get(7).has(RewriteKind.BRIDGE)).isTrue();
    assertThat(journey.networks()).containsExactly("wordpress_net");
  }

  @Test
  void stitch_hostModePublish_nicDnatGatewayContainerThenReplyBackUndoingIt() {
    NodeAddresses topology = SwarmPackets.topology();
    List<Observation> request =
        List.of(
            plain(WORKER, "web/eth1", 40, FP, tcp("203.0.113.100", "172.21.0.3", 40000, 80, 7, 63)),
            plain(
                WORKER,
                "docker_gwbridge",
                42,
                FP,
                tcp("203.0.113.100", "172.21.0.3", 40000, 80, 7, 63)),
            plain(WORKER, "eth0", 0, FP, tcp("203.0.113.100", WORKER_IP, 40000, 8001, 7, 64)));
    List<Observation> reply =
        List.of(
            plain(
                WORKER,
                "eth0",
                70,
                FP + 1,
                synAck(tcp(WORKER_IP, "203.0.113.100", 8001, 40000, 0, 63))),
            plain(
                WORKER,
                "docker_gwbridge",
                80,
                FP + 1,
                synAck(tcp("172.21.0.3", "203.0.113.100", 80, 40000, 0, 64))),
            plain(
                WORKER,
                "web/eth1",
                85,
                FP + 1,
                synAck(tcp("172.21.0.3", "203.0.113.100", 80, 40000, 0, 64))));

    Journey in = Stitching.one(request, topology, false);
    Journey out = Stitching.one(reply, topology, false);

    assertThat(in.path())
        .containsExactly("worker/eth0", "worker/docker_gwbridge", "worker/web/eth1");
    assertThat(in.hops().get(1).rewrites())
        .containsExactly(
            Rewrite.of(
                RewriteKind.DNAT,
                new FieldChange("inner.ip.dst", "203.0.113.12", "172.21.0.3"),
                new FieldChange("inner.tcp.dst_port", "8001", "80")));
    assertThat(out.path())
        .containsExactly("worker/web/eth1", "worker/docker_gwbridge", "worker/eth0");
    assertThat(out.hops().get(2).rewrites())
        .containsExactly(
            Rewrite.of(
                RewriteKind.UN_DNAT,
                new FieldChange("inner.ip.src", "172.21.0.3", "203.0.113.12"),
                new FieldChange("inner.tcp.src_port", "80", "8001")));
  }

  @Test
  void stitch_routingMeshToLocalTask_throughIngressSandboxIntoContainerOnTheSameNode() {
    IpHeaders toTask = tcp("10.0.0.2", "10.0.0.7", 42478, 8001, 9, 62);
    List<Observation> observations =
        List.of(
            plain(MANAGER, "web.2/eth0", 60, FP, toTask),
            plain(MANAGER, "ingress/br0", 70, FP, toTask),
            plain(MANAGER, "ingress_sbox/eth0", 50, FP, toTask),
            plain(
                MANAGER,
                "docker_gwbridge",
                20,
                FP,
                tcp("203.0.113.100", "172.21.0.2", 42478, 8001, 9, 63)),
            plain(MANAGER, "eth0", 0, FP, tcp("203.0.113.100", MANAGER_IP, 42478, 8001, 9, 64)));

    Journey journey = Stitching.one(observations, SwarmPackets.topology(), false);

    assertThat(journey.path())
        .containsExactly(
            "manager/eth0",
            "manager/docker_gwbridge",
            "manager/ingress_sbox/eth0",
            "manager/ingress/br0",
            "manager/web.2/eth0");
  }

  @Test
  void
      stitch_leavingWithOnlyTheUnderlayBridgeCaptured_tunnelSourceOrdersTheSenderNotItsTimestamps() {
    IpHeaders inner = tcp("10.0.1.5", "10.0.1.9", 80, 51000, 0x4411, 64);
    Observation wire = vxlan4097(MANAGER, 12, inner);
    List<Observation> observations =
        List.of(
            plain(MANAGER, "wordpress_net/vxlan0", 0, FP, inner), // this tap stamps before br0's
            plain(MANAGER, "wordpress_net/br0", 8, FP, inner),
            new Observation(
                "wire", "mlabbr", wire.timestampNs(), FP, inner, wire.vxlan(), null, 0, 1),
            plain(WORKER, "wordpress_net/br0", 20, FP, inner),
            plain(WORKER, "wordpress_net/vxlan0", 21, FP, inner));

    Journey journey = Stitching.one(observations, SwarmPackets.topology(), true);

    assertThat(journey.path())
        .containsExactly(
            "manager/wordpress_net/br0",
            "manager/wordpress_net/vxlan0",
            "wire/mlabbr",
            "worker/wordpress_net/vxlan0",
            "worker/wordpress_net/br0");
  }

  @Test
  void stitch_redirectInContainer_dstPortChangeOnSameAddress() {
    List<Observation> observations =
        List.of(
            plain(WORKER, "ingress/br0", 0, FP, tcp("10.0.0.2", "10.0.0.108", 1, 8001, 1, 62)),
            plain(WORKER, "web/eth0", 5, FP, tcp("10.0.0.2", "10.0.0.108", 1, 80, 1, 62)));

    Journey journey = Stitching.one(observations, SwarmPackets.topology(), false);

    assertThat(journey.hops().get(1).rewrites())
        .containsExactly(
            Rewrite.of(RewriteKind.REDIRECT, new FieldChange("inner.tcp.dst_port", "8001", "80")));
  }

  @Test
  void stitch_routedWithoutRewrite_noBridgeWhenTtlDrops() {
    List<Observation> observations =
        List.of(
            plain(MANAGER, "ingress_sbox/eth1", 0, FP, tcp("10.0.0.2", "10.0.0.108", 1, 80, 1, 63)),
            plain(
                MANAGER, "ingress_sbox/eth0", 5, FP, tcp("10.0.0.2", "10.0.0.108", 1, 80, 1, 62)));

    Journey journey = Stitching.one(observations, SwarmPackets.topology(), false);

    assertThat(journey.hops().get(1).rewrites()).isEmpty();
  }

  private static Observation vxlan4097(String node, long micros, IpHeaders inner) {
    Observation o = encap(node, "eth0", micros, FP, inner, MANAGER_IP, 40001, WORKER_IP, 0);
    return new Observation(
        o.node(),
        o.point(),
        o.timestampNs(),
        o.fingerprint(),
        o.headers(),
        new VxlanHeaders(MANAGER_IP, WORKER_IP, 40001, 4789, 4097),
        o.frame(),
        o.frameLength(),
        o.linkType());
  }
}

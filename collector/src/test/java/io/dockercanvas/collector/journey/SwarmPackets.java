package io.dockercanvas.collector.journey;

import java.util.ArrayList;
import java.util.List;

/**
 * Observations shaped like the routing-mesh recording (shared/captures/routing-mesh/README.md):
 * client 203.0.113.100 → manager 203.0.113.11:8001, DNAT to ingress_sbox 172.21.0.2, DNAT+SNAT to
 * 10.0.0.2 → 10.0.0.108, VXLAN VNI 4096 to the worker 203.0.113.12, task "web". Times are the
 * recording's µs offsets, which are not in path order within a node.
 */
public final class SwarmPackets {

  public static final String MANAGER = "manager";
  public static final String WORKER = "worker";
  public static final String MANAGER_IP = "203.0.113.11";
  public static final String WORKER_IP = "203.0.113.12";
  public static final String CLIENT_IP = "203.0.113.100";
  public static final long T0 = 1_795_000_000_000_000_000L;
  public static final long SYN_FP = 0x9eeb_0000_0e44_1f72L;
  public static final long SYN_ACK_FP = 0x0000_5eed_1f41_a5f0L;

  private SwarmPackets() {}

  /** The topology the agents would report for the two nodes. */
  public static NodeAddresses topology() {
    return new NodeAddresses()
        .putAddress(MANAGER, MANAGER_IP)
        .putAddress(WORKER, WORKER_IP)
        .putNetwork("ingress", 4096)
        .putNetwork("wordpress_net", 4097)
        .putInterface(WORKER, "web", "eth0", "ingress")
        .putInterface(WORKER, "web", "eth1", ObservationPoint.GATEWAY_BRIDGE)
        .putService(WORKER, "web", "web");
  }

  /**
   * The first SYN as every live agent would see it: manager and worker NICs each see the VXLAN
   * packet.
   */
  public static List<Observation> synLive(long workerClockOffsetNs) {
    List<Observation> list = new ArrayList<>(synOnManager());
    list.add(encap(MANAGER, "eth0", 218, SYN_FP, synInner(), MANAGER_IP, 34633, WORKER_IP, 0));
    list.add(
        encap(
            WORKER,
            "eth0",
            231,
            SYN_FP,
            synInner(),
            MANAGER_IP,
            34633,
            WORKER_IP,
            workerClockOffsetNs));
    list.addAll(synOnWorker(workerClockOffsetNs));
    return list;
  }

  /**
   * The first SYN as recorded: one underlay capture ("wire/mlabbr") between the nodes, one clock.
   */
  public static List<Observation> synRecorded() {
    List<Observation> list = new ArrayList<>(synOnManager());
    list.add(encap("wire", "mlabbr", 218, SYN_FP, synInner(), MANAGER_IP, 34633, WORKER_IP, 0));
    list.addAll(synOnWorker(0));
    return list;
  }

  public static List<Observation> synOnManager() {
    return List.of(
        plain(MANAGER, "eth0", 0, SYN_FP, tcp(CLIENT_IP, MANAGER_IP, 42478, 8001, 0x9eeb, 64)),
        plain(
            MANAGER,
            "docker_gwbridge",
            46,
            SYN_FP,
            tcp(CLIENT_IP, "172.21.0.2", 42478, 8001, 0x9eeb, 63)),
        plain(
            MANAGER,
            "ingress_sbox/eth1",
            54,
            SYN_FP,
            tcp(CLIENT_IP, "172.21.0.2", 42478, 8001, 0x9eeb, 63)),
        plain(MANAGER, "ingress_sbox/eth0", 129, SYN_FP, synInner()),
        plain(MANAGER, "ingress/br0", 205, SYN_FP, synInner()),
        plain(MANAGER, "ingress/vxlan0", 139, SYN_FP, synInner()));
  }

  public static List<Observation> synOnWorker(long clockOffsetNs) {
    return List.of(
        shifted(plain(WORKER, "ingress/vxlan0", 240, SYN_FP, synInner()), clockOffsetNs),
        shifted(plain(WORKER, "ingress/br0", 248, SYN_FP, synInner()), clockOffsetNs),
        shifted(plain(WORKER, "web/eth0", 252, SYN_FP, synInner()), clockOffsetNs));
  }

  /** The first SYN-ACK, live, in the recording's µs offsets (worker first). */
  public static List<Observation> synAckLive(long workerClockOffsetNs) {
    IpHeaders fromTask = synAck(tcp("10.0.0.108", "10.0.0.2", 8001, 42478, 0, 64));
    return List.of(
        shifted(plain(WORKER, "web/eth0", 0, SYN_ACK_FP, fromTask), workerClockOffsetNs),
        shifted(plain(WORKER, "ingress/br0", 8, SYN_ACK_FP, fromTask), workerClockOffsetNs),
        shifted(plain(WORKER, "ingress/vxlan0", 3, SYN_ACK_FP, fromTask), workerClockOffsetNs),
        encap(
            WORKER,
            "eth0",
            10,
            SYN_ACK_FP,
            fromTask,
            WORKER_IP,
            57608,
            MANAGER_IP,
            workerClockOffsetNs),
        encap(MANAGER, "eth0", 16, SYN_ACK_FP, fromTask, WORKER_IP, 57608, MANAGER_IP, 0),
        plain(MANAGER, "ingress/vxlan0", 19, SYN_ACK_FP, fromTask),
        plain(MANAGER, "ingress/br0", 22, SYN_ACK_FP, fromTask),
        plain(MANAGER, "ingress_sbox/eth0", 23, SYN_ACK_FP, fromTask),
        plain(
            MANAGER,
            "ingress_sbox/eth1",
            28,
            SYN_ACK_FP,
            synAck(tcp("172.21.0.2", CLIENT_IP, 8001, 42478, 0, 63))),
        plain(
            MANAGER,
            "docker_gwbridge",
            31,
            SYN_ACK_FP,
            synAck(tcp("172.21.0.2", CLIENT_IP, 8001, 42478, 0, 63))),
        plain(
            MANAGER,
            "eth0",
            34,
            SYN_ACK_FP,
            synAck(tcp(MANAGER_IP, CLIENT_IP, 8001, 42478, 0, 62))));
  }

  public static IpHeaders synInner() {
    return tcp("10.0.0.2", "10.0.0.108", 42478, 8001, 0x9eeb, 62);
  }

  public static IpHeaders tcp(String src, String dst, int sport, int dport, int ipId, int ttl) {
    return new IpHeaders(src, dst, sport, dport, IpHeaders.TCP, ipId, ttl, 0x02);
  }

  /** The same headers with SYN and ACK set (tcp() makes SYNs). */
  public static IpHeaders synAck(IpHeaders h) {
    return new IpHeaders(
        h.src(), h.dst(), h.srcPort(), h.dstPort(), h.protocol(), h.ipId(), h.ttl(), 0x12);
  }

  public static Observation plain(
      String node, String point, long micros, long fingerprint, IpHeaders headers) {
    return new Observation(
        node,
        point,
        T0 + micros * 1_000,
        fingerprint,
        headers,
        null,
        new byte[] {1, 2, 3},
        74,
        Observation.LINKTYPE_ETHERNET);
  }

  public static Observation encap(
      String node,
      String point,
      long micros,
      long fingerprint,
      IpHeaders inner,
      String outerSrc,
      int outerSrcPort,
      String outerDst,
      long clockOffsetNs) {
    VxlanHeaders vxlan = new VxlanHeaders(outerSrc, outerDst, outerSrcPort, 4789, 4096);
    return new Observation(
        node,
        point,
        T0 + micros * 1_000 + clockOffsetNs,
        fingerprint,
        inner,
        vxlan,
        new byte[] {4, 5, 6},
        124,
        Observation.LINKTYPE_ETHERNET);
  }

  public static Observation shifted(Observation o, long offsetNs) {
    return new Observation(
        o.node(),
        o.point(),
        o.timestampNs() + offsetNs,
        o.fingerprint(),
        o.headers(),
        o.vxlan(),
        o.frame(),
        o.frameLength(),
        o.linkType());
  }
}

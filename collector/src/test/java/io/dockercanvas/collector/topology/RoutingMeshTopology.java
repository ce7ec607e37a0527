package io.dockercanvas.collector.topology;

import static io.dockercanvas.collector.topology.NetNamespace.InterfaceKind.BRIDGE;
import static io.dockercanvas.collector.topology.NetNamespace.InterfaceKind.ETHERNET;
import static io.dockercanvas.collector.topology.NetNamespace.InterfaceKind.VETH;
import static io.dockercanvas.collector.topology.NetNamespace.InterfaceKind.VXLAN;

import java.time.Instant;
import java.util.List;

/**
 * The two-node routing-mesh lab as the agents would report it: manager 203.0.113.11 and worker
 * 203.0.113.12, ingress overlay (VNI 4096, 10.0.0.0/24), docker_gwbridge 172.21.0.0/16, task
 * "web.1.x7f3" of service "web" on the worker.
 */
public final class RoutingMeshTopology {

  public static final String INGRESS_ID = "k2v4c9xq0zingress";
  public static final String GWBRIDGE_ID = "5d1c3a01gwbridge";

  private RoutingMeshTopology() {}

  public static NodeTopology manager() {
    return node(
        new NodeInfo(
            "manager",
            "manager",
            NodeInfo.Role.MANAGER,
            "swm1",
            "203.0.113.11",
            "eth0",
            "20.10.24",
            4789),
        "203.0.113.12",
        "172.21.0.2/16",
        List.of(),
        List.of(
            new ServiceInfo(
                "svc1",
                "web",
                ServiceInfo.Mode.REPLICATED,
                1,
                ServiceInfo.EndpointMode.VIP,
                List.of(
                    new ServiceInfo.PublishedPort(6, 8001, 8001, ServiceInfo.PublishMode.INGRESS)),
                List.of(),
                "local/busybox",
                "")),
        List.of(
            new TaskInfo(
                "task1",
                "svc1",
                1,
                "swm2",
                "c0ffee",
                TaskInfo.State.RUNNING,
                List.of(new Attachment(INGRESS_ID, "ingress", List.of("10.0.0.108/24"), "")))));
  }

  public static NodeTopology worker() {
    NetNamespace web =
        new NetNamespace(
            "/var/run/docker/netns/3f2a1b9c8d7e",
            NetNamespace.Kind.CONTAINER,
            "3f2a1b9c8d7e",
            "",
            "c0ffee",
            "web.1.x7f3",
            "task1",
            List.of(
                iface("eth0", VETH, "10.0.0.108/24", null, List.of()),
                iface("eth1", VETH, "172.21.0.3/16", null, List.of())));
    return node(
        new NodeInfo(
            "worker",
            "worker",
            NodeInfo.Role.WORKER,
            "swm2",
            "203.0.113.12",
            "eth0",
            "20.10.24",
            4789),
        "203.0.113.11",
        "172.21.0.4/16",
        List.of(web),
        List.of(),
        List.of());
  }

  public static NetNamespace.Interface iface(
      String name,
      NetNamespace.InterfaceKind kind,
      String address,
      NetNamespace.Vxlan vxlan,
      List<NetNamespace.FdbEntry> fdb) {
    return new NetNamespace.Interface(
        name,
        2,
        kind,
        "02:42:00:00:00:01",
        1450,
        "",
        0,
        "",
        address == null ? List.of() : List.of(address),
        true,
        vxlan,
        fdb);
  }

  private static NodeTopology node(
      NodeInfo node,
      String peerVtep,
      String sboxGatewayAddress,
      List<NetNamespace> containers,
      List<ServiceInfo> services,
      List<TaskInfo> tasks) {
    NetNamespace host =
        new NetNamespace(
            "/proc/1/ns/net",
            NetNamespace.Kind.HOST,
            "host",
            "",
            "",
            "",
            "",
            List.of(
                iface("eth0", ETHERNET, node.advertiseAddress() + "/24", null, List.of()),
                iface("docker_gwbridge", BRIDGE, "172.21.0.1/16", null, List.of())));
    NetNamespace sbox =
        new NetNamespace(
            "/var/run/docker/netns/ingress_sbox",
            NetNamespace.Kind.INGRESS_SBOX,
            "ingress_sbox",
            "",
            "",
            "",
            "",
            List.of(
                iface("eth0", VETH, "10.0.0.2/24", null, List.of()),
                iface("eth1", VETH, sboxGatewayAddress, null, List.of())));
    NetNamespace overlay =
        new NetNamespace(
            "/var/run/docker/netns/1-k2v4c9xq0z",
            NetNamespace.Kind.OVERLAY,
            "1-k2v4c9xq0z",
            INGRESS_ID,
            "",
            "",
            "",
            List.of(
                iface("br0", BRIDGE, "10.0.0.1/24", null, List.of()),
                iface(
                    "vxlan0",
                    VXLAN,
                    null,
                    new NetNamespace.Vxlan(4096, 4789, ""),
                    List.of(
                        new NetNamespace.FdbEntry("02:42:0a:00:00:6c", peerVtep, 0, true, true),
                        new NetNamespace.FdbEntry("00:00:00:00:00:00", peerVtep, 0, true, true)))));
    List<NetNamespace> namespaces = new java.util.ArrayList<>(List.of(host, sbox, overlay));
    namespaces.addAll(containers);
    List<ContainerInfo> containerInfos =
        containers.stream()
            .map(
                ns ->
                    new ContainerInfo(
                        ns.containerId(),
                        ns.containerName(),
                        "local/busybox",
                        ns.taskId(),
                        "svc1",
                        "web",
                        ns.path(),
                        List.of()))
            .toList();
    return new NodeTopology(
        node,
        namespaces,
        List.of(ingress(node.advertiseAddress(), peerVtep), gwbridge()),
        services,
        tasks,
        containerInfos,
        Instant.parse("2026-11-27T13:21:51Z"));
  }

  static NetworkInfo ingress(String self, String peer) {
    return new NetworkInfo(
        INGRESS_ID,
        "ingress",
        "overlay",
        NetworkInfo.Scope.SWARM,
        List.of(4096),
        List.of(new NetworkInfo.Subnet("10.0.0.0/24", "10.0.0.1")),
        false,
        true,
        false,
        List.of(new NetworkInfo.Peer("a", self), new NetworkInfo.Peer("b", peer)));
  }

  static NetworkInfo gwbridge() {
    return new NetworkInfo(
        GWBRIDGE_ID,
        "docker_gwbridge",
        "bridge",
        NetworkInfo.Scope.LOCAL,
        List.of(),
        List.of(new NetworkInfo.Subnet("172.21.0.0/16", "172.21.0.1")),
        false,
        false,
        false,
        List.of());
  }
}

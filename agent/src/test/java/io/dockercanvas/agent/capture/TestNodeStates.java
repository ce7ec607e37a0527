package io.dockercanvas.agent.capture;

import io.dockercanvas.agent.discovery.DockerContainer;
import io.dockercanvas.agent.discovery.DockerNetwork;
import io.dockercanvas.agent.discovery.DockerService;
import io.dockercanvas.agent.discovery.DockerService.PublishMode;
import io.dockercanvas.agent.discovery.DockerService.PublishedPort;
import io.dockercanvas.agent.discovery.DockerSnapshot;
import io.dockercanvas.agent.discovery.DockerTask;
import io.dockercanvas.agent.discovery.SwarmNode;
import io.dockercanvas.agent.netns.FdbEntry;
import io.dockercanvas.agent.netns.NamespaceInventory;
import io.dockercanvas.agent.netns.NamespaceRole;
import io.dockercanvas.agent.netns.NetInterface;
import io.dockercanvas.agent.netns.ObservedNamespace;
import io.dockercanvas.agent.node.NodeState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A lab-like node for tests: node1 of the swarm lab with the ingress and one stack network. */
public final class TestNodeStates {

  public static final DockerNetwork INGRESS =
      new DockerNetwork(
          "zadl0118hf74oky0i785oero8",
          "ingress",
          "overlay",
          "swarm",
          true,
          false,
          List.of(4096),
          List.of(new DockerNetwork.Subnet("10.0.0.0/24", "10.0.0.1")),
          List.of(new DockerNetwork.Peer("node2", "198.51.100.12")),
          List.of());
  public static final DockerNetwork WEB_NET =
      new DockerNetwork(
          "ht90nsb9wamfyqxb6vsp9b8ns",
          "web_net",
          "overlay",
          "swarm",
          false,
          true,
          List.of(4097),
          List.of(new DockerNetwork.Subnet("10.0.1.0/24", "10.0.1.1")),
          List.of(new DockerNetwork.Peer("node2", "198.51.100.12")),
          List.of());
  public static final DockerService WEB =
      new DockerService(
          "svcweb",
          "web",
          DockerService.EndpointMode.VIP,
          List.of(new PublishedPort("tcp", 80, 8001, PublishMode.INGRESS)),
          List.of());
  public static final DockerService DNS =
      new DockerService(
          "svcdns",
          "dns",
          DockerService.EndpointMode.VIP,
          List.of(new PublishedPort("udp", 53, 5353, PublishMode.INGRESS)),
          List.of());

  private TestNodeStates() {}

  public static DockerSnapshot docker(
      SwarmNode.Role role, List<DockerService> services, List<DockerNetwork> networks) {
    return new DockerSnapshot(
        new SwarmNode("aae7", "node1", role, "198.51.100.11", 4789, "20.10.24"),
        networks,
        services,
        List.of(
            new DockerTask(
                "task1", "svcweb", 1, "aae7", "running", "running", "f4039c58aaaa", List.of())),
        List.of(
            new DockerContainer(
                "f4039c58aaaa",
                "web.1.task1",
                "svcweb",
                "web",
                "task1",
                "/run/netns/f4039c587955",
                List.of())),
        Instant.EPOCH);
  }

  public static NamespaceInventory host() {
    return new NamespaceInventory(
        List.of(
            iface(1, "lo", "loopback", 0, null),
            iface(2, "eth0", "", 0, null),
            iface(3, "docker_gwbridge", "bridge", 0, null),
            iface(4, "docker0", "bridge", 0, null)),
        List.of());
  }

  public static ObservedNamespace ingressSandbox() {
    return namespace(
        "ingress_sbox",
        new NamespaceInventory(
            List.of(
                iface(1, "lo", "loopback", 0, null),
                iface(10, "eth0", "veth", 0, null),
                iface(12, "eth1", "veth", 0, null)),
            List.of()));
  }

  public static ObservedNamespace overlay(String fileName, int vni) {
    return namespace(
        fileName,
        new NamespaceInventory(
            List.of(
                iface(1, "lo", "loopback", 0, null),
                iface(2, "br0", "bridge", 0, null),
                iface(3, "vxlan0", "vxlan", 2, new NetInterface.VxlanSettings(vni, 4789, "")),
                iface(4, "veth0", "veth", 2, null)),
            List.of(new FdbEntry("02:42:0a:00:01:05", 3, "198.51.100.12", 2, true, true))));
  }

  /** A container's sandbox: its overlay eth0, its docker_gwbridge port eth1, and a link down. */
  public static ObservedNamespace container(String fileName) {
    NetInterface down =
        new NetInterface(5, "eth2", "veth", "02:42:00:00:00:05", 1500, false, 0, 0, false, null);
    return namespace(
        fileName,
        new NamespaceInventory(
            List.of(
                iface(1, "lo", "loopback", 0, null),
                iface(2, "eth0", "veth", 0, null),
                iface(3, "eth1", "veth", 0, null),
                down),
            List.of()));
  }

  public static ObservedNamespace namespace(String fileName, NamespaceInventory inventory) {
    return new ObservedNamespace(
        fileName,
        Path.of("/run/netns", fileName),
        fileName.hashCode(),
        NamespaceRole.of(fileName),
        inventory);
  }

  public static NodeState state(
      DockerSnapshot docker, String excluded, ObservedNamespace... namespaces) {
    Map<String, ObservedNamespace> byName = new java.util.HashMap<>();
    for (ObservedNamespace ns : namespaces) {
      byName.put(ns.name(), ns);
    }
    return new NodeState("node1", docker, host(), "/proc/1/ns/net", "eth0", 4789, byName, excluded);
  }

  public static NodeState managerNode1(String excluded) {
    return state(
        docker(SwarmNode.Role.MANAGER, List.of(WEB, DNS), List.of(INGRESS, WEB_NET)),
        excluded,
        ingressSandbox(),
        overlay("1-zadl0118hf", 4096),
        overlay("1-ht90nsb9wa", 4097));
  }

  private static NetInterface iface(
      int index, String name, String kind, int master, NetInterface.VxlanSettings vxlan) {
    return new NetInterface(
        index,
        name,
        kind,
        "02:42:00:00:00:" + String.format("%02x", index),
        1450,
        true,
        master,
        0,
        false,
        vxlan);
  }
}

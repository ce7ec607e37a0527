package io.dockercanvas.agent.export;

import com.google.protobuf.Timestamp;
import io.dockercanvas.agent.discovery.DockerContainer;
import io.dockercanvas.agent.discovery.DockerNetwork;
import io.dockercanvas.agent.discovery.DockerService;
import io.dockercanvas.agent.discovery.DockerSnapshot;
import io.dockercanvas.agent.discovery.DockerTask;
import io.dockercanvas.agent.discovery.SwarmNode;
import io.dockercanvas.agent.netns.NamespaceInventory;
import io.dockercanvas.agent.netns.NamespaceOwner;
import io.dockercanvas.agent.netns.NetInterface;
import io.dockercanvas.agent.netns.ObservedNamespace;
import io.dockercanvas.agent.node.NodeState;
import io.dockercanvas.pipeline.ipvs.IpvsMapper;
import io.dockercanvas.proto.v1.Container;
import io.dockercanvas.proto.v1.EndpointMode;
import io.dockercanvas.proto.v1.FdbEntry;
import io.dockercanvas.proto.v1.Interface;
import io.dockercanvas.proto.v1.InterfaceKind;
import io.dockercanvas.proto.v1.Namespace;
import io.dockercanvas.proto.v1.NamespaceKind;
import io.dockercanvas.proto.v1.Network;
import io.dockercanvas.proto.v1.NetworkAttachment;
import io.dockercanvas.proto.v1.NetworkPeer;
import io.dockercanvas.proto.v1.NetworkScope;
import io.dockercanvas.proto.v1.Node;
import io.dockercanvas.proto.v1.NodeRole;
import io.dockercanvas.proto.v1.NodeTopology;
import io.dockercanvas.proto.v1.Protocol;
import io.dockercanvas.proto.v1.PublishMode;
import io.dockercanvas.proto.v1.PublishedPort;
import io.dockercanvas.proto.v1.Service;
import io.dockercanvas.proto.v1.Subnet;
import io.dockercanvas.proto.v1.Task;
import io.dockercanvas.proto.v1.TaskState;
import io.dockercanvas.proto.v1.VxlanInfo;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;

/**
 * The export boundary for topology: what the agent knows about its node becomes the contract's
 * {@link NodeTopology}.
 */
public final class NodeTopologyMapper {

  private NodeTopologyMapper() {}

  public static NodeTopology topology(NodeState state, Instant takenAt) {
    NodeTopology.Builder t =
        NodeTopology.newBuilder().setNode(node(state)).setTakenAt(timestamp(takenAt));
    t.addNamespaces(
        Namespace.newBuilder()
            .setPath(state.hostNamespacePath())
            .setKind(NamespaceKind.NAMESPACE_KIND_HOST)
            .setName("host")
            .addAllInterfaces(interfaces(state.host(), state.underlayInterface())));
    DockerSnapshot docker = state.docker();
    state.namespaces().values().stream()
        .sorted(Comparator.comparing(ObservedNamespace::name))
        .forEach(ns -> t.addNamespaces(namespace(ns, docker)));
    if (docker != null) {
      docker.networks().forEach(n -> t.addNetworks(network(n)));
      docker.services().forEach(s -> t.addServices(service(s)));
      docker.tasks().forEach(task -> t.addTasks(task(task)));
      docker.containers().forEach(c -> t.addContainers(container(c)));
    }
    return t.build();
  }

  static Node node(NodeState state) {
    Node.Builder n =
        Node.newBuilder()
            .setId(state.nodeId())
            .setUnderlayInterface(state.underlayInterface())
            .setDataPathPort(state.dataPathPort());
    if (state.docker() != null) {
      SwarmNode swarm = state.docker().node();
      n.setHostname(swarm.hostname())
          .setSwarmNodeId(swarm.nodeId())
          .setAdvertiseAddress(swarm.advertiseAddress())
          .setEngineVersion(swarm.engineVersion())
          .setRole(
              switch (swarm.role()) {
                case MANAGER -> NodeRole.NODE_ROLE_MANAGER;
                case WORKER -> NodeRole.NODE_ROLE_WORKER;
                case NONE -> NodeRole.NODE_ROLE_UNSPECIFIED;
              })
          .setLastSeen(timestamp(state.docker().readAt()));
    }
    return n.build();
  }

  private static Namespace namespace(ObservedNamespace ns, DockerSnapshot docker) {
    Namespace.Builder n =
        Namespace.newBuilder()
            .setPath(ns.file().toString())
            .setName(ns.name())
            .setKind(
                switch (ns.role().kind()) {
                  case INGRESS_SANDBOX -> NamespaceKind.NAMESPACE_KIND_INGRESS_SBOX;
                  case OVERLAY -> NamespaceKind.NAMESPACE_KIND_OVERLAY;
                  case LOAD_BALANCER -> NamespaceKind.NAMESPACE_KIND_LOAD_BALANCER;
                  case CONTAINER -> NamespaceKind.NAMESPACE_KIND_CONTAINER;
                  case OTHER -> NamespaceKind.NAMESPACE_KIND_UNSPECIFIED;
                })
            .addAllInterfaces(interfaces(ns.inventory(), ""));
    if (!ns.inventory().ipvs().isEmpty()) {
      n.setIpvs(IpvsMapper.toProto(ns.inventory().ipvs()));
    }
    if (docker != null) {
      NamespaceOwner owner = NamespaceOwner.of(ns.name(), docker);
      n.setNetworkId(owner.networkId())
          .setContainerId(owner.containerId())
          .setContainerName(owner.containerName())
          .setTaskId(owner.taskId());
    }
    return n.build();
  }

  private static Iterable<Interface> interfaces(NamespaceInventory inventory, String underlay) {
    return inventory.interfaces().stream().map(i -> iface(i, inventory, underlay)).toList();
  }

  private static Interface iface(NetInterface i, NamespaceInventory inventory, String underlay) {
    Interface.Builder b =
        Interface.newBuilder()
            .setName(i.name())
            .setIndex(i.index())
            .setLinkKind(i.kind())
            .setMac(i.mac())
            .setMtu(i.mtu())
            .setUp(i.up())
            .setPeerIndex(i.vethPeerIndex())
            .addAllAddresses(inventory.addressesOf(i.index()))
            .setKind(
                i.name().equals(underlay)
                    ? InterfaceKind.INTERFACE_KIND_ETHERNET
                    : switch (i.kind()) {
                      case "bridge" -> InterfaceKind.INTERFACE_KIND_BRIDGE;
                      case "vxlan" -> InterfaceKind.INTERFACE_KIND_VXLAN;
                      case "veth" -> InterfaceKind.INTERFACE_KIND_VETH;
                      case "loopback" -> InterfaceKind.INTERFACE_KIND_LOOPBACK;
                      case "device" -> InterfaceKind.INTERFACE_KIND_ETHERNET;
                      default -> InterfaceKind.INTERFACE_KIND_OTHER;
                    });
    if (i.masterIndex() != 0) {
      inventory.interfaceAt(i.masterIndex()).ifPresent(master -> b.setMaster(master.name()));
    }
    if (i.vxlan() != null) {
      b.setVxlan(
          VxlanInfo.newBuilder()
              .setVni(i.vxlan().vni())
              .setPort(i.vxlan().port())
              .setLocalAddress(i.vxlan().localAddress()));
    }
    inventory.fdb().stream()
        .filter(e -> e.interfaceIndex() == i.index())
        .forEach(
            e ->
                b.addFdb(
                    FdbEntry.newBuilder()
                        .setMac(e.mac())
                        .setDst(e.remoteAddress() == null ? "" : e.remoteAddress())
                        .setPermanent(e.permanent())
                        .setSelf(e.self())));
    return b.build();
  }

  private static Network network(DockerNetwork n) {
    Network.Builder b =
        Network.newBuilder()
            .setId(n.id())
            .setName(n.name())
            .setDriver(n.driver())
            .setScope(
                switch (n.scope()) {
                  case "swarm" -> NetworkScope.NETWORK_SCOPE_SWARM;
                  case "local" -> NetworkScope.NETWORK_SCOPE_LOCAL;
                  case "global" -> NetworkScope.NETWORK_SCOPE_GLOBAL;
                  default -> NetworkScope.NETWORK_SCOPE_UNSPECIFIED;
                })
            .addAllVnis(n.vnis())
            .setAttachable(n.attachable())
            .setIngress(n.ingress());
    n.subnets()
        .forEach(s -> b.addSubnets(Subnet.newBuilder().setCidr(s.cidr()).setGateway(s.gateway())));
    n.peers()
        .forEach(
            p -> b.addPeers(NetworkPeer.newBuilder().setName(p.name()).setAddress(p.address())));
    return b.build();
  }

  private static Service service(DockerService s) {
    Service.Builder b =
        Service.newBuilder()
            .setId(s.id())
            .setName(s.name())
            .setEndpointMode(
                s.endpointMode() == DockerService.EndpointMode.VIP
                    ? EndpointMode.ENDPOINT_MODE_VIP
                    : EndpointMode.ENDPOINT_MODE_DNSRR);
    for (DockerService.PublishedPort p : s.ports()) {
      b.addPublishedPorts(
          PublishedPort.newBuilder()
              .setProtocol(protocol(p.protocol()))
              .setTargetPort(p.targetPort())
              .setPublishedPort(p.publishedPort())
              .setPublishMode(
                  p.mode() == DockerService.PublishMode.HOST
                      ? PublishMode.PUBLISH_MODE_HOST
                      : PublishMode.PUBLISH_MODE_INGRESS));
    }
    s.virtualIps()
        .forEach(
            v ->
                b.addVirtualIps(
                    NetworkAttachment.newBuilder()
                        .setNetworkId(v.networkId())
                        .addAddresses(v.address())));
    return b.build();
  }

  private static Protocol protocol(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "udp" -> Protocol.PROTOCOL_UDP;
      case "sctp" -> Protocol.PROTOCOL_SCTP;
      default -> Protocol.PROTOCOL_TCP;
    };
  }

  private static Task task(DockerTask t) {
    Task.Builder b =
        Task.newBuilder()
            .setId(t.id())
            .setServiceId(t.serviceId())
            .setSlot(t.slot())
            .setSwarmNodeId(t.nodeId())
            .setContainerId(t.containerId())
            .setState(taskState(t.state()));
    t.addresses()
        .forEach(
            a ->
                b.addNetworks(
                    NetworkAttachment.newBuilder()
                        .setNetworkId(a.networkId())
                        .addAddresses(a.address())));
    return b.build();
  }

  private static TaskState taskState(String state) {
    try {
      return TaskState.valueOf("TASK_STATE_" + state.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return TaskState.TASK_STATE_UNSPECIFIED;
    }
  }

  private static Container container(DockerContainer c) {
    Container.Builder b =
        Container.newBuilder()
            .setId(c.id())
            .setName(c.name())
            .setTaskId(c.taskId())
            .setServiceId(c.serviceId())
            .setServiceName(c.serviceName())
            .setSandboxKey(c.sandboxKey());
    for (DockerContainer.Attachment a : c.attachments()) {
      NetworkAttachment.Builder n =
          NetworkAttachment.newBuilder()
              .setNetworkId(a.networkId())
              .setNetworkName(a.networkName())
              .setMac(a.macAddress());
      if (!a.ipv4Address().isEmpty()) {
        n.addAddresses(a.ipv4Address());
      }
      b.addNetworks(n);
    }
    return b.build();
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}

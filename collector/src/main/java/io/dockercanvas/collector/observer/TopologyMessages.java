package io.dockercanvas.collector.observer;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ProtocolMessageEnum;
import com.google.protobuf.util.JsonFormat;
import io.dockercanvas.collector.topology.Attachment;
import io.dockercanvas.collector.topology.ClusterTopology;
import io.dockercanvas.collector.topology.ContainerInfo;
import io.dockercanvas.collector.topology.NetNamespace;
import io.dockercanvas.collector.topology.NetworkInfo;
import io.dockercanvas.collector.topology.NodeInfo;
import io.dockercanvas.collector.topology.NodePresence;
import io.dockercanvas.collector.topology.NodeTopology;
import io.dockercanvas.collector.topology.ServiceInfo;
import io.dockercanvas.collector.topology.TaskInfo;
import io.dockercanvas.proto.v1.ClusterNetwork;
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
import io.dockercanvas.proto.v1.PublishMode;
import io.dockercanvas.proto.v1.PublishedPort;
import io.dockercanvas.proto.v1.Service;
import io.dockercanvas.proto.v1.ServiceMode;
import io.dockercanvas.proto.v1.Subnet;
import io.dockercanvas.proto.v1.Task;
import io.dockercanvas.proto.v1.TaskState;
import io.dockercanvas.proto.v1.VxlanInfo;
import io.dockercanvas.proto.v1.VxlanTunnel;
import java.util.List;
import java.util.Locale;

/** The cluster topology out of the public API: as a contract message, and as the contract's JSON for HTTP. */
public final class TopologyMessages {

  private static final JsonFormat.Printer JSON = JsonFormat.printer().preservingProtoFieldNames();

  private TopologyMessages() {}

  /** Protobuf JSON of ClusterTopology with proto field names (snake_case), defaults left out. */
  public static String json(ClusterTopology topology) {
    try {
      return JSON.print(cluster(topology));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("topology cannot be printed as JSON", e);
    }
  }

  static io.dockercanvas.proto.v1.ClusterTopology cluster(ClusterTopology t) {
    var out = io.dockercanvas.proto.v1.ClusterTopology.newBuilder()
        .setUpdatedAt(StatusMessages.timestamp(t.updatedAt()));
    t.nodes().forEach(n -> out.addNodes(node(n, t.presenceOf(n.node().id()))));
    t.networks().forEach(n -> out.addNetworks(ClusterNetwork.newBuilder().setNetwork(network(n.network()))
        .addAllNodeIds(n.nodeIds())));
    t.services().forEach(s -> out.addServices(service(s)));
    t.tasks().forEach(task -> out.addTasks(task(task)));
    t.tunnels().forEach(v -> out.addTunnels(VxlanTunnel.newBuilder().setNetworkId(v.networkId()).setVni(v.vni())
        .setPort(v.port()).setLocalNodeId(v.localNodeId()).setLocalVtep(v.localVtep())
        .setRemoteNodeId(v.remoteNodeId()).setRemoteVtep(v.remoteVtep())));
    return out.build();
  }

  private static io.dockercanvas.proto.v1.NodeTopology node(NodeTopology t, NodePresence presence) {
    NodeInfo n = t.node();
    var out = io.dockercanvas.proto.v1.NodeTopology.newBuilder()
        .setNode(Node.newBuilder().setId(n.id()).setHostname(n.hostname())
            .setRole(constant(NodeRole.values(), "NODE_ROLE_", n.role())).setSwarmNodeId(n.swarmNodeId())
            .setAdvertiseAddress(n.advertiseAddress()).setUnderlayInterface(n.underlayInterface())
            .setEngineVersion(n.engineVersion()).setDataPathPort(n.dataPathPort())
            .setPresence(io.dockercanvas.proto.v1.NodePresence.valueOf("NODE_PRESENCE_" + presence.name())));
    if (t.takenAt() != null) {
      out.setTakenAt(StatusMessages.timestamp(t.takenAt()));
    }
    t.namespaces().forEach(ns -> out.addNamespaces(namespace(ns)));
    t.networks().forEach(net -> out.addNetworks(network(net)));
    t.services().forEach(s -> out.addServices(service(s)));
    t.tasks().forEach(task -> out.addTasks(task(task)));
    t.containers().forEach(c -> out.addContainers(container(c)));
    return out.build();
  }

  private static Namespace namespace(NetNamespace ns) {
    var out = Namespace.newBuilder().setPath(ns.path())
        .setKind(constant(NamespaceKind.values(), "NAMESPACE_KIND_", ns.kind())).setName(ns.name())
        .setNetworkId(ns.networkId()).setContainerId(ns.containerId()).setContainerName(ns.containerName())
        .setTaskId(ns.taskId());
    for (NetNamespace.Interface i : ns.interfaces()) {
      var iface = Interface.newBuilder().setName(i.name()).setIndex(i.index())
          .setKind(constant(InterfaceKind.values(), "INTERFACE_KIND_", i.kind())).setMac(i.mac()).setMtu(i.mtu())
          .setMaster(i.master()).setPeerIndex(i.peerIndex()).setPeerNamespace(i.peerNamespace())
          .addAllAddresses(i.addresses()).setUp(i.up());
      if (i.vxlan() != null) {
        iface.setVxlan(VxlanInfo.newBuilder().setVni(i.vxlan().vni()).setPort(i.vxlan().port())
            .setLocalAddress(i.vxlan().localAddress()));
      }
      i.fdb().forEach(e -> iface.addFdb(FdbEntry.newBuilder().setMac(e.mac()).setDst(e.dst()).setVlan(e.vlan())
          .setPermanent(e.permanent()).setSelf(e.self())));
      out.addInterfaces(iface);
    }
    return out.build();
  }

  private static Network network(NetworkInfo n) {
    var out = Network.newBuilder().setId(n.id()).setName(n.name()).setDriver(n.driver())
        .setScope(constant(NetworkScope.values(), "NETWORK_SCOPE_", n.scope())).addAllVnis(n.vnis())
        .setAttachable(n.attachable()).setIngress(n.ingress()).setInternal(n.internal());
    n.subnets().forEach(s -> out.addSubnets(Subnet.newBuilder().setCidr(s.cidr()).setGateway(s.gateway())));
    n.peers().forEach(p -> out.addPeers(NetworkPeer.newBuilder().setName(p.name()).setAddress(p.address())));
    return out.build();
  }

  private static Service service(ServiceInfo s) {
    var out = Service.newBuilder().setId(s.id()).setName(s.name())
        .setMode(constant(ServiceMode.values(), "SERVICE_MODE_", s.mode())).setReplicas(s.replicas())
        .setEndpointMode(constant(EndpointMode.values(), "ENDPOINT_MODE_", s.endpointMode()))
        .addAllVirtualIps(attachments(s.virtualIps())).setImage(s.image()).setStack(s.stack());
    s.publishedPorts().forEach(p -> out.addPublishedPorts(PublishedPort.newBuilder().setProtocolValue(p.protocol())
        .setTargetPort(p.targetPort()).setPublishedPort(p.publishedPort())
        .setPublishMode(constant(PublishMode.values(), "PUBLISH_MODE_", p.publishMode()))));
    return out.build();
  }

  private static Task task(TaskInfo t) {
    return Task.newBuilder().setId(t.id()).setServiceId(t.serviceId()).setSlot(t.slot())
        .setSwarmNodeId(t.swarmNodeId()).setContainerId(t.containerId())
        .setState(constant(TaskState.values(), "TASK_STATE_", t.state()))
        .addAllNetworks(attachments(t.networks())).build();
  }

  private static Container container(ContainerInfo c) {
    return Container.newBuilder().setId(c.id()).setName(c.name()).setImage(c.image()).setTaskId(c.taskId())
        .setServiceId(c.serviceId()).setServiceName(c.serviceName()).setSandboxKey(c.sandboxKey())
        .addAllNetworks(attachments(c.networks())).build();
  }

  private static List<NetworkAttachment> attachments(List<Attachment> list) {
    return list.stream().map(a -> NetworkAttachment.newBuilder().setNetworkId(a.networkId())
        .setNetworkName(a.networkName()).addAllAddresses(a.addresses()).setMac(a.mac()).build()).toList();
  }

  /** "manager" → NODE_ROLE_MANAGER; "" or an unknown name → the enum's zero (unspecified). */
  private static <E extends Enum<E> & ProtocolMessageEnum> E constant(E[] values, String prefix, String name) {
    String wanted = prefix + name.toUpperCase(Locale.ROOT);
    for (E value : values) {
      if (value.name().equals(wanted)) {
        return value;
      }
    }
    return values[0];
  }
}

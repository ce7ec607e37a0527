package io.dockercanvas.collector.observer;

import com.google.protobuf.InvalidProtocolBufferException;
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
import io.dockercanvas.pipeline.ipvs.IpvsMapper;
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

/**
 * The cluster topology out of the public API: as a contract message, and as the contract's JSON for
 * HTTP. Enum values are mapped one by one; UNKNOWN becomes the contract's UNSPECIFIED, which the
 * JSON leaves out.
 */
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
    var out =
        io.dockercanvas.proto.v1.ClusterTopology.newBuilder()
            .setUpdatedAt(StatusMessages.timestamp(t.updatedAt()));
    t.nodes().forEach(n -> out.addNodes(node(n, t.presenceOf(n.node().id()))));
    t.networks()
        .forEach(
            n ->
                out.addNetworks(
                    ClusterNetwork.newBuilder()
                        .setNetwork(network(n.network()))
                        .addAllNodeIds(n.nodeIds())));
    t.services().forEach(s -> out.addServices(service(s)));
    t.tasks().forEach(task -> out.addTasks(task(task)));
    t.tunnels()
        .forEach(
            v ->
                out.addTunnels(
                    VxlanTunnel.newBuilder()
                        .setNetworkId(v.networkId())
                        .setVni(v.vni())
                        .setPort(v.port())
                        .setLocalNodeId(v.localNodeId())
                        .setLocalVtep(v.localVtep())
                        .setRemoteNodeId(v.remoteNodeId())
                        .setRemoteVtep(v.remoteVtep())));
    return out.build();
  }

  private static io.dockercanvas.proto.v1.NodeTopology node(NodeTopology t, NodePresence presence) {
    NodeInfo n = t.node();
    var out =
        io.dockercanvas.proto.v1.NodeTopology.newBuilder()
            .setNode(
                Node.newBuilder()
                    .setId(n.id())
                    .setHostname(n.hostname())
                    .setRole(role(n.role()))
                    .setSwarmNodeId(n.swarmNodeId())
                    .setAdvertiseAddress(n.advertiseAddress())
                    .setUnderlayInterface(n.underlayInterface())
                    .setEngineVersion(n.engineVersion())
                    .setDataPathPort(n.dataPathPort())
                    .setPresence(presence(presence)));
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
    var out =
        Namespace.newBuilder()
            .setPath(ns.path())
            .setKind(kind(ns.kind()))
            .setName(ns.name())
            .setNetworkId(ns.networkId())
            .setContainerId(ns.containerId())
            .setContainerName(ns.containerName())
            .setTaskId(ns.taskId());
    for (NetNamespace.Interface i : ns.interfaces()) {
      var iface =
          Interface.newBuilder()
              .setName(i.name())
              .setIndex(i.index())
              .setKind(kind(i.kind()))
              .setMac(i.mac())
              .setMtu(i.mtu())
              .setMaster(i.master())
              .setPeerIndex(i.peerIndex())
              .setPeerNamespace(i.peerNamespace())
              .addAllAddresses(i.addresses())
              .setUp(i.up());
      if (i.vxlan() != null) {
        iface.setVxlan(
            VxlanInfo.newBuilder()
                .setVni(i.vxlan().vni())
                .setPort(i.vxlan().port())
                .setLocalAddress(i.vxlan().localAddress()));
      }
      i.fdb()
          .forEach(
              e ->
                  iface.addFdb(
                      FdbEntry.newBuilder()
                          .setMac(e.mac())
                          .setDst(e.dst())
                          .setVlan(e.vlan())
                          .setPermanent(e.permanent())
                          .setSelf(e.self())));
      out.addInterfaces(iface);
    }
    if (!ns.ipvs().isEmpty()) {
      out.setIpvs(IpvsMapper.toProto(ns.ipvs()));
    }
    return out.build();
  }

  private static Network network(NetworkInfo n) {
    var out =
        Network.newBuilder()
            .setId(n.id())
            .setName(n.name())
            .setDriver(n.driver())
            .setScope(scope(n.scope()))
            .addAllVnis(n.vnis())
            .setAttachable(n.attachable())
            .setIngress(n.ingress())
            .setInternal(n.internal());
    n.subnets()
        .forEach(
            s -> out.addSubnets(Subnet.newBuilder().setCidr(s.cidr()).setGateway(s.gateway())));
    n.peers()
        .forEach(
            p -> out.addPeers(NetworkPeer.newBuilder().setName(p.name()).setAddress(p.address())));
    return out.build();
  }

  private static Service service(ServiceInfo s) {
    var out =
        Service.newBuilder()
            .setId(s.id())
            .setName(s.name())
            .setMode(mode(s.mode()))
            .setReplicas(s.replicas())
            .setEndpointMode(endpointMode(s.endpointMode()))
            .addAllVirtualIps(attachments(s.virtualIps()))
            .setImage(s.image())
            .setStack(s.stack());
    s.publishedPorts()
        .forEach(
            p ->
                out.addPublishedPorts(
                    PublishedPort.newBuilder()
                        .setProtocolValue(p.protocol())
                        .setTargetPort(p.targetPort())
                        .setPublishedPort(p.publishedPort())
                        .setPublishMode(publishMode(p.publishMode()))));
    return out.build();
  }

  private static Task task(TaskInfo t) {
    return Task.newBuilder()
        .setId(t.id())
        .setServiceId(t.serviceId())
        .setSlot(t.slot())
        .setSwarmNodeId(t.swarmNodeId())
        .setContainerId(t.containerId())
        .setState(state(t.state()))
        .addAllNetworks(attachments(t.networks()))
        .build();
  }

  private static Container container(ContainerInfo c) {
    return Container.newBuilder()
        .setId(c.id())
        .setName(c.name())
        .setImage(c.image())
        .setTaskId(c.taskId())
        .setServiceId(c.serviceId())
        .setServiceName(c.serviceName())
        .setSandboxKey(c.sandboxKey())
        .addAllNetworks(attachments(c.networks()))
        .build();
  }

  private static List<NetworkAttachment> attachments(List<Attachment> list) {
    return list.stream()
        .map(
            a ->
                NetworkAttachment.newBuilder()
                    .setNetworkId(a.networkId())
                    .setNetworkName(a.networkName())
                    .addAllAddresses(a.addresses())
                    .setMac(a.mac())
                    .build())
        .toList();
  }

  private static io.dockercanvas.proto.v1.NodePresence presence(NodePresence presence) {
    return switch (presence) {
      case UP -> io.dockercanvas.proto.v1.NodePresence.NODE_PRESENCE_UP;
      case DOWN -> io.dockercanvas.proto.v1.NodePresence.NODE_PRESENCE_DOWN;
      case LEFT -> io.dockercanvas.proto.v1.NodePresence.NODE_PRESENCE_LEFT;
    };
  }

  private static NodeRole role(NodeInfo.Role role) {
    return switch (role) {
      case MANAGER -> NodeRole.NODE_ROLE_MANAGER;
      case WORKER -> NodeRole.NODE_ROLE_WORKER;
      case UNKNOWN -> NodeRole.NODE_ROLE_UNSPECIFIED;
    };
  }

  private static NamespaceKind kind(NetNamespace.Kind kind) {
    return switch (kind) {
      case HOST -> NamespaceKind.NAMESPACE_KIND_HOST;
      case INGRESS_SBOX -> NamespaceKind.NAMESPACE_KIND_INGRESS_SBOX;
      case OVERLAY -> NamespaceKind.NAMESPACE_KIND_OVERLAY;
      case LOAD_BALANCER -> NamespaceKind.NAMESPACE_KIND_LOAD_BALANCER;
      case CONTAINER -> NamespaceKind.NAMESPACE_KIND_CONTAINER;
      case UNKNOWN -> NamespaceKind.NAMESPACE_KIND_UNSPECIFIED;
    };
  }

  private static InterfaceKind kind(NetNamespace.InterfaceKind kind) {
    return switch (kind) {
      case BRIDGE -> InterfaceKind.INTERFACE_KIND_BRIDGE;
      case VXLAN -> InterfaceKind.INTERFACE_KIND_VXLAN;
      case VETH -> InterfaceKind.INTERFACE_KIND_VETH;
      case ETHERNET -> InterfaceKind.INTERFACE_KIND_ETHERNET;
      case LOOPBACK -> InterfaceKind.INTERFACE_KIND_LOOPBACK;
      case OTHER -> InterfaceKind.INTERFACE_KIND_OTHER;
      case UNKNOWN -> InterfaceKind.INTERFACE_KIND_UNSPECIFIED;
    };
  }

  private static NetworkScope scope(NetworkInfo.Scope scope) {
    return switch (scope) {
      case LOCAL -> NetworkScope.NETWORK_SCOPE_LOCAL;
      case SWARM -> NetworkScope.NETWORK_SCOPE_SWARM;
      case GLOBAL -> NetworkScope.NETWORK_SCOPE_GLOBAL;
      case UNKNOWN -> NetworkScope.NETWORK_SCOPE_UNSPECIFIED;
    };
  }

  private static ServiceMode mode(ServiceInfo.Mode mode) {
    return switch (mode) {
      case REPLICATED -> ServiceMode.SERVICE_MODE_REPLICATED;
      case GLOBAL -> ServiceMode.SERVICE_MODE_GLOBAL;
      case REPLICATED_JOB -> ServiceMode.SERVICE_MODE_REPLICATED_JOB;
      case GLOBAL_JOB -> ServiceMode.SERVICE_MODE_GLOBAL_JOB;
      case UNKNOWN -> ServiceMode.SERVICE_MODE_UNSPECIFIED;
    };
  }

  private static EndpointMode endpointMode(ServiceInfo.EndpointMode mode) {
    return switch (mode) {
      case VIP -> EndpointMode.ENDPOINT_MODE_VIP;
      case DNSRR -> EndpointMode.ENDPOINT_MODE_DNSRR;
      case UNKNOWN -> EndpointMode.ENDPOINT_MODE_UNSPECIFIED;
    };
  }

  private static PublishMode publishMode(ServiceInfo.PublishMode mode) {
    return switch (mode) {
      case INGRESS -> PublishMode.PUBLISH_MODE_INGRESS;
      case HOST -> PublishMode.PUBLISH_MODE_HOST;
      case UNKNOWN -> PublishMode.PUBLISH_MODE_UNSPECIFIED;
    };
  }

  private static TaskState state(TaskInfo.State state) {
    return switch (state) {
      case NEW -> TaskState.TASK_STATE_NEW;
      case ALLOCATED -> TaskState.TASK_STATE_ALLOCATED;
      case PENDING -> TaskState.TASK_STATE_PENDING;
      case ASSIGNED -> TaskState.TASK_STATE_ASSIGNED;
      case ACCEPTED -> TaskState.TASK_STATE_ACCEPTED;
      case PREPARING -> TaskState.TASK_STATE_PREPARING;
      case READY -> TaskState.TASK_STATE_READY;
      case STARTING -> TaskState.TASK_STATE_STARTING;
      case RUNNING -> TaskState.TASK_STATE_RUNNING;
      case COMPLETE -> TaskState.TASK_STATE_COMPLETE;
      case SHUTDOWN -> TaskState.TASK_STATE_SHUTDOWN;
      case FAILED -> TaskState.TASK_STATE_FAILED;
      case REJECTED -> TaskState.TASK_STATE_REJECTED;
      case REMOVE -> TaskState.TASK_STATE_REMOVE;
      case ORPHANED -> TaskState.TASK_STATE_ORPHANED;
      case UNKNOWN -> TaskState.TASK_STATE_UNSPECIFIED;
    };
  }
}

package io.dockercanvas.collector.ingest;

import io.dockercanvas.collector.topology.Attachment;
import io.dockercanvas.collector.topology.ContainerInfo;
import io.dockercanvas.collector.topology.NetNamespace;
import io.dockercanvas.collector.topology.NetworkInfo;
import io.dockercanvas.collector.topology.NodeInfo;
import io.dockercanvas.collector.topology.NodeTopology;
import io.dockercanvas.collector.topology.ServiceInfo;
import io.dockercanvas.collector.topology.TaskInfo;
import io.dockercanvas.collector.topology.TopologyDelta;
import io.dockercanvas.pipeline.ipvs.Ipvs;
import io.dockercanvas.pipeline.ipvs.IpvsMapper;
import io.dockercanvas.proto.v1.Container;
import io.dockercanvas.proto.v1.EndpointMode;
import io.dockercanvas.proto.v1.Interface;
import io.dockercanvas.proto.v1.InterfaceKind;
import io.dockercanvas.proto.v1.Namespace;
import io.dockercanvas.proto.v1.NamespaceKind;
import io.dockercanvas.proto.v1.Network;
import io.dockercanvas.proto.v1.NetworkAttachment;
import io.dockercanvas.proto.v1.NetworkScope;
import io.dockercanvas.proto.v1.Node;
import io.dockercanvas.proto.v1.NodeRole;
import io.dockercanvas.proto.v1.PublishMode;
import io.dockercanvas.proto.v1.Service;
import io.dockercanvas.proto.v1.ServiceMode;
import io.dockercanvas.proto.v1.Task;
import io.dockercanvas.proto.v1.TaskState;
import java.time.Instant;
import java.util.List;

/**
 * The ingest boundary for topology: a node's report and its deltas, contract messages to domain
 * records. Enum values are mapped one by one; UNSPECIFIED and values newer than this build become
 * UNKNOWN.
 */
final class TopologyMapper {

  private TopologyMapper() {}

  static NodeTopology topology(io.dockercanvas.proto.v1.NodeTopology t) {
    return new NodeTopology(
        node(t.getNode()),
        t.getNamespacesList().stream().map(TopologyMapper::namespace).toList(),
        t.getNetworksList().stream().map(TopologyMapper::network).toList(),
        t.getServicesList().stream().map(TopologyMapper::service).toList(),
        t.getTasksList().stream().map(TopologyMapper::task).toList(),
        t.getContainersList().stream().map(TopologyMapper::container).toList(),
        t.hasTakenAt() ? IngestMapper.instant(t.getTakenAt()) : Instant.now());
  }

  static TopologyDelta delta(io.dockercanvas.proto.v1.TopologyDelta d) {
    return new TopologyDelta(
        d.getRevision(),
        d.hasNode() ? node(d.getNode()) : null,
        d.getUpsertedNamespacesList().stream().map(TopologyMapper::namespace).toList(),
        d.getRemovedNamespacesList(),
        d.getUpsertedNetworksList().stream().map(TopologyMapper::network).toList(),
        d.getRemovedNetworksList(),
        d.getUpsertedServicesList().stream().map(TopologyMapper::service).toList(),
        d.getRemovedServicesList(),
        d.getUpsertedTasksList().stream().map(TopologyMapper::task).toList(),
        d.getRemovedTasksList(),
        d.getUpsertedContainersList().stream().map(TopologyMapper::container).toList(),
        d.getRemovedContainersList());
  }

  static NodeInfo node(Node n) {
    return new NodeInfo(
        n.getId(),
        n.getHostname(),
        role(n.getRole()),
        n.getSwarmNodeId(),
        n.getAdvertiseAddress(),
        n.getUnderlayInterface(),
        n.getEngineVersion(),
        n.getDataPathPort() == 0 ? 4789 : n.getDataPathPort());
  }

  private static NetNamespace namespace(Namespace ns) {
    return new NetNamespace(
        ns.getPath(),
        kind(ns.getKind()),
        ns.getName(),
        ns.getNetworkId(),
        ns.getContainerId(),
        ns.getContainerName(),
        ns.getTaskId(),
        ns.getInterfacesList().stream().map(TopologyMapper::iface).toList(),
        ns.hasIpvs() ? IpvsMapper.fromProto(ns.getIpvs()) : Ipvs.NONE);
  }

  private static NetNamespace.Interface iface(Interface i) {
    NetNamespace.Vxlan vxlan =
        i.hasVxlan()
            ? new NetNamespace.Vxlan(
                i.getVxlan().getVni(), i.getVxlan().getPort(), i.getVxlan().getLocalAddress())
            : null;
    return new NetNamespace.Interface(
        i.getName(),
        i.getIndex(),
        kind(i.getKind()),
        i.getMac(),
        i.getMtu(),
        i.getMaster(),
        i.getPeerIndex(),
        i.getPeerNamespace(),
        i.getAddressesList(),
        i.getUp(),
        vxlan,
        i.getFdbList().stream()
            .map(
                e ->
                    new NetNamespace.FdbEntry(
                        e.getMac(), e.getDst(), e.getVlan(), e.getPermanent(), e.getSelf()))
            .toList());
  }

  private static NetworkInfo network(Network n) {
    return new NetworkInfo(
        n.getId(),
        n.getName(),
        n.getDriver(),
        scope(n.getScope()),
        n.getVnisList(),
        n.getSubnetsList().stream()
            .map(s -> new NetworkInfo.Subnet(s.getCidr(), s.getGateway()))
            .toList(),
        n.getAttachable(),
        n.getIngress(),
        n.getInternal(),
        n.getPeersList().stream()
            .map(p -> new NetworkInfo.Peer(p.getName(), p.getAddress()))
            .toList());
  }

  private static ServiceInfo service(Service s) {
    return new ServiceInfo(
        s.getId(),
        s.getName(),
        mode(s.getMode()),
        s.getReplicas(),
        endpointMode(s.getEndpointMode()),
        s.getPublishedPortsList().stream()
            .map(
                p ->
                    new ServiceInfo.PublishedPort(
                        p.getProtocolValue(),
                        p.getTargetPort(),
                        p.getPublishedPort(),
                        publishMode(p.getPublishMode())))
            .toList(),
        attachments(s.getVirtualIpsList()),
        s.getImage(),
        s.getStack());
  }

  private static TaskInfo task(Task t) {
    return new TaskInfo(
        t.getId(),
        t.getServiceId(),
        t.getSlot(),
        t.getSwarmNodeId(),
        t.getContainerId(),
        state(t.getState()),
        attachments(t.getNetworksList()));
  }

  private static ContainerInfo container(Container c) {
    return new ContainerInfo(
        c.getId(),
        c.getName(),
        c.getImage(),
        c.getTaskId(),
        c.getServiceId(),
        c.getServiceName(),
        c.getSandboxKey(),
        attachments(c.getNetworksList()));
  }

  private static List<Attachment> attachments(List<NetworkAttachment> list) {
    return list.stream()
        .map(
            a ->
                new Attachment(
                    a.getNetworkId(), a.getNetworkName(), a.getAddressesList(), a.getMac()))
        .toList();
  }

  private static NodeInfo.Role role(NodeRole role) {
    return switch (role) {
      case NODE_ROLE_MANAGER -> NodeInfo.Role.MANAGER;
      case NODE_ROLE_WORKER -> NodeInfo.Role.WORKER;
      case NODE_ROLE_UNSPECIFIED, UNRECOGNIZED -> NodeInfo.Role.UNKNOWN;
    };
  }

  private static NetNamespace.Kind kind(NamespaceKind kind) {
    return switch (kind) {
      case NAMESPACE_KIND_HOST -> NetNamespace.Kind.HOST;
      case NAMESPACE_KIND_INGRESS_SBOX -> NetNamespace.Kind.INGRESS_SBOX;
      case NAMESPACE_KIND_OVERLAY -> NetNamespace.Kind.OVERLAY;
      case NAMESPACE_KIND_LOAD_BALANCER -> NetNamespace.Kind.LOAD_BALANCER;
      case NAMESPACE_KIND_CONTAINER -> NetNamespace.Kind.CONTAINER;
      case NAMESPACE_KIND_UNSPECIFIED, UNRECOGNIZED -> NetNamespace.Kind.UNKNOWN;
    };
  }

  private static NetNamespace.InterfaceKind kind(InterfaceKind kind) {
    return switch (kind) {
      case INTERFACE_KIND_BRIDGE -> NetNamespace.InterfaceKind.BRIDGE;
      case INTERFACE_KIND_VXLAN -> NetNamespace.InterfaceKind.VXLAN;
      case INTERFACE_KIND_VETH -> NetNamespace.InterfaceKind.VETH;
      case INTERFACE_KIND_ETHERNET -> NetNamespace.InterfaceKind.ETHERNET;
      case INTERFACE_KIND_LOOPBACK -> NetNamespace.InterfaceKind.LOOPBACK;
      case INTERFACE_KIND_OTHER -> NetNamespace.InterfaceKind.OTHER;
      case INTERFACE_KIND_UNSPECIFIED, UNRECOGNIZED -> NetNamespace.InterfaceKind.UNKNOWN;
    };
  }

  private static NetworkInfo.Scope scope(NetworkScope scope) {
    return switch (scope) {
      case NETWORK_SCOPE_LOCAL -> NetworkInfo.Scope.LOCAL;
      case NETWORK_SCOPE_SWARM -> NetworkInfo.Scope.SWARM;
      case NETWORK_SCOPE_GLOBAL -> NetworkInfo.Scope.GLOBAL;
      case NETWORK_SCOPE_UNSPECIFIED, UNRECOGNIZED -> NetworkInfo.Scope.UNKNOWN;
    };
  }

  private static ServiceInfo.Mode mode(ServiceMode mode) {
    return switch (mode) {
      case SERVICE_MODE_REPLICATED -> ServiceInfo.Mode.REPLICATED;
      case SERVICE_MODE_GLOBAL -> ServiceInfo.Mode.GLOBAL;
      case SERVICE_MODE_REPLICATED_JOB -> ServiceInfo.Mode.REPLICATED_JOB;
      case SERVICE_MODE_GLOBAL_JOB -> ServiceInfo.Mode.GLOBAL_JOB;
      case SERVICE_MODE_UNSPECIFIED, UNRECOGNIZED -> ServiceInfo.Mode.UNKNOWN;
    };
  }

  private static ServiceInfo.EndpointMode endpointMode(EndpointMode mode) {
    return switch (mode) {
      case ENDPOINT_MODE_VIP -> ServiceInfo.EndpointMode.VIP;
      case ENDPOINT_MODE_DNSRR -> ServiceInfo.EndpointMode.DNSRR;
      case ENDPOINT_MODE_UNSPECIFIED, UNRECOGNIZED -> ServiceInfo.EndpointMode.UNKNOWN;
    };
  }

  private static ServiceInfo.PublishMode publishMode(PublishMode mode) {
    return switch (mode) {
      case PUBLISH_MODE_INGRESS -> ServiceInfo.PublishMode.INGRESS;
      case PUBLISH_MODE_HOST -> ServiceInfo.PublishMode.HOST;
      case PUBLISH_MODE_UNSPECIFIED, UNRECOGNIZED -> ServiceInfo.PublishMode.UNKNOWN;
    };
  }

  private static TaskInfo.State state(TaskState state) {
    return switch (state) {
      case TASK_STATE_NEW -> TaskInfo.State.NEW;
      case TASK_STATE_ALLOCATED -> TaskInfo.State.ALLOCATED;
      case TASK_STATE_PENDING -> TaskInfo.State.PENDING;
      case TASK_STATE_ASSIGNED -> TaskInfo.State.ASSIGNED;
      case TASK_STATE_ACCEPTED -> TaskInfo.State.ACCEPTED;
      case TASK_STATE_PREPARING -> TaskInfo.State.PREPARING;
      case TASK_STATE_READY -> TaskInfo.State.READY;
      case TASK_STATE_STARTING -> TaskInfo.State.STARTING;
      case TASK_STATE_RUNNING -> TaskInfo.State.RUNNING;
      case TASK_STATE_COMPLETE -> TaskInfo.State.COMPLETE;
      case TASK_STATE_SHUTDOWN -> TaskInfo.State.SHUTDOWN;
      case TASK_STATE_FAILED -> TaskInfo.State.FAILED;
      case TASK_STATE_REJECTED -> TaskInfo.State.REJECTED;
      case TASK_STATE_REMOVE -> TaskInfo.State.REMOVE;
      case TASK_STATE_ORPHANED -> TaskInfo.State.ORPHANED;
      case TASK_STATE_UNSPECIFIED, UNRECOGNIZED -> TaskInfo.State.UNKNOWN;
    };
  }
}

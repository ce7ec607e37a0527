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
import io.dockercanvas.proto.v1.Container;
import io.dockercanvas.proto.v1.Interface;
import io.dockercanvas.proto.v1.Namespace;
import io.dockercanvas.proto.v1.Network;
import io.dockercanvas.proto.v1.NetworkAttachment;
import io.dockercanvas.proto.v1.Node;
import io.dockercanvas.proto.v1.Service;
import io.dockercanvas.proto.v1.Task;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The ingest boundary for topology: a node's report and its deltas, contract messages to domain records. */
final class TopologyMapper {

  private TopologyMapper() {}

  static NodeTopology topology(io.dockercanvas.proto.v1.NodeTopology t) {
    return new NodeTopology(node(t.getNode()), t.getNamespacesList().stream().map(TopologyMapper::namespace).toList(),
        t.getNetworksList().stream().map(TopologyMapper::network).toList(),
        t.getServicesList().stream().map(TopologyMapper::service).toList(),
        t.getTasksList().stream().map(TopologyMapper::task).toList(),
        t.getContainersList().stream().map(TopologyMapper::container).toList(),
        t.hasTakenAt() ? IngestMapper.instant(t.getTakenAt()) : Instant.now());
  }

  static TopologyDelta delta(io.dockercanvas.proto.v1.TopologyDelta d) {
    return new TopologyDelta(d.getRevision(), d.hasNode() ? node(d.getNode()) : null,
        d.getUpsertedNamespacesList().stream().map(TopologyMapper::namespace).toList(), d.getRemovedNamespacesList(),
        d.getUpsertedNetworksList().stream().map(TopologyMapper::network).toList(), d.getRemovedNetworksList(),
        d.getUpsertedServicesList().stream().map(TopologyMapper::service).toList(), d.getRemovedServicesList(),
        d.getUpsertedTasksList().stream().map(TopologyMapper::task).toList(), d.getRemovedTasksList(),
        d.getUpsertedContainersList().stream().map(TopologyMapper::container).toList(), d.getRemovedContainersList());
  }

  static NodeInfo node(Node n) {
    return new NodeInfo(n.getId(), n.getHostname(), name(n.getRole().name(), "NODE_ROLE_"), n.getSwarmNodeId(),
        n.getAdvertiseAddress(), n.getUnderlayInterface(), n.getEngineVersion(),
        n.getDataPathPort() == 0 ? 4789 : n.getDataPathPort());
  }

  private static NetNamespace namespace(Namespace ns) {
    return new NetNamespace(ns.getPath(), name(ns.getKind().name(), "NAMESPACE_KIND_"), ns.getName(),
        ns.getNetworkId(), ns.getContainerId(), ns.getContainerName(), ns.getTaskId(),
        ns.getInterfacesList().stream().map(TopologyMapper::iface).toList());
  }

  private static NetNamespace.Interface iface(Interface i) {
    NetNamespace.Vxlan vxlan = i.hasVxlan()
        ? new NetNamespace.Vxlan(i.getVxlan().getVni(), i.getVxlan().getPort(), i.getVxlan().getLocalAddress())
        : null;
    return new NetNamespace.Interface(i.getName(), i.getIndex(), name(i.getKind().name(), "INTERFACE_KIND_"),
        i.getMac(), i.getMtu(), i.getMaster(), i.getPeerIndex(), i.getPeerNamespace(), i.getAddressesList(),
        i.getUp(), vxlan, i.getFdbList().stream()
            .map(e -> new NetNamespace.FdbEntry(e.getMac(), e.getDst(), e.getVlan(), e.getPermanent(), e.getSelf()))
            .toList());
  }

  private static NetworkInfo network(Network n) {
    return new NetworkInfo(n.getId(), n.getName(), n.getDriver(), name(n.getScope().name(), "NETWORK_SCOPE_"),
        n.getVnisList(), n.getSubnetsList().stream().map(s -> new NetworkInfo.Subnet(s.getCidr(), s.getGateway())).toList(),
        n.getAttachable(), n.getIngress(), n.getInternal(),
        n.getPeersList().stream().map(p -> new NetworkInfo.Peer(p.getName(), p.getAddress())).toList());
  }

  private static ServiceInfo service(Service s) {
    return new ServiceInfo(s.getId(), s.getName(), name(s.getMode().name(), "SERVICE_MODE_"), s.getReplicas(),
        name(s.getEndpointMode().name(), "ENDPOINT_MODE_"),
        s.getPublishedPortsList().stream().map(p -> new ServiceInfo.PublishedPort(p.getProtocolValue(),
            p.getTargetPort(), p.getPublishedPort(), name(p.getPublishMode().name(), "PUBLISH_MODE_"))).toList(),
        attachments(s.getVirtualIpsList()), s.getImage(), s.getStack());
  }

  private static TaskInfo task(Task t) {
    return new TaskInfo(t.getId(), t.getServiceId(), t.getSlot(), t.getSwarmNodeId(), t.getContainerId(),
        name(t.getState().name(), "TASK_STATE_"), attachments(t.getNetworksList()));
  }

  private static ContainerInfo container(Container c) {
    return new ContainerInfo(c.getId(), c.getName(), c.getImage(), c.getTaskId(), c.getServiceId(),
        c.getServiceName(), c.getSandboxKey(), attachments(c.getNetworksList()));
  }

  private static List<Attachment> attachments(List<NetworkAttachment> list) {
    return list.stream()
        .map(a -> new Attachment(a.getNetworkId(), a.getNetworkName(), a.getAddressesList(), a.getMac()))
        .toList();
  }

  /** "NODE_ROLE_MANAGER" → "manager"; unspecified and unknown values → "". */
  private static String name(String enumName, String prefix) {
    if (!enumName.startsWith(prefix) || enumName.endsWith("UNSPECIFIED")) {
      return "";
    }
    return enumName.substring(prefix.length()).toLowerCase(Locale.ROOT);
  }
}

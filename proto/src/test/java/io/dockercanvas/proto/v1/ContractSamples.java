package io.dockercanvas.proto.v1;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import java.util.ArrayList;
import java.util.List;

/** Representative messages shaped like the seed capture: a routing-mesh request from manager to worker. */
final class ContractSamples {

  static final long TS_NS = 1_700_000_000_123_456_789L;
  static final long FINGERPRINT = 0xfedc_ba98_7654_3210L; // above 2^63: exercises unsigned fixed64

  private ContractSamples() {}

  static Timestamp timestamp(long epochNanos) {
    return Timestamp.newBuilder()
        .setSeconds(epochNanos / 1_000_000_000L)
        .setNanos((int) (epochNanos % 1_000_000_000L))
        .build();
  }

  static Node managerNode() {
    return Node.newBuilder()
        .setId("node1").setHostname("node1").setRole(NodeRole.NODE_ROLE_MANAGER)
        .setSwarmNodeId("x1y2z3").setAdvertiseAddress("198.51.100.11").setUnderlayInterface("eth0")
        .setEngineVersion("20.10.24").setLastSeen(timestamp(TS_NS)).setDataPathPort(4789)
        .setPresence(NodePresence.NODE_PRESENCE_UP)
        .build();
  }

  static Namespace overlayNamespace() {
    Interface bridge = Interface.newBuilder()
        .setName("br0").setIndex(2).setKind(InterfaceKind.INTERFACE_KIND_BRIDGE).setLinkKind("bridge")
        .setMac("02:42:0a:00:00:01").setMtu(1450).addAddresses("10.0.0.1/24").setUp(true)
        .addFdb(FdbEntry.newBuilder().setMac("02:42:0a:00:00:01").setVlan(1).setPermanent(true))
        .build();
    Interface vxlan = Interface.newBuilder()
        .setName("vxlan0").setIndex(3).setKind(InterfaceKind.INTERFACE_KIND_VXLAN).setLinkKind("vxlan")
        .setMac("6e:1f:22:33:44:55").setMtu(1450).setMaster("br0").setUp(true)
        .setVxlan(VxlanInfo.newBuilder().setVni(4096).setPort(4789).setLocalAddress("198.51.100.11"))
        .addFdb(FdbEntry.newBuilder().setMac("02:42:0a:00:00:6c").setDst("198.51.100.12")
            .setVlan(0).setPermanent(true).setSelf(true))
        .build();
    Interface veth = Interface.newBuilder()
        .setName("veth0").setIndex(5).setKind(InterfaceKind.INTERFACE_KIND_VETH).setMaster("br0")
        .setPeerIndex(12).setPeerNamespace("/var/run/docker/netns/ingress_sbox").setMtu(1450)
        .build();
    return Namespace.newBuilder()
        .setPath("/var/run/docker/netns/1-k2v4c9xq0z").setKind(NamespaceKind.NAMESPACE_KIND_OVERLAY)
        .setName("1-k2v4c9xq0z").setNetworkId("k2v4c9xq0zabcdef").setContainerId("")
        .addInterfaces(bridge).addInterfaces(vxlan).addInterfaces(veth)
        .build();
  }

  static Namespace containerNamespace() {
    return Namespace.newBuilder()
        .setPath("/var/run/docker/netns/3f2a1b9c8d7e").setKind(NamespaceKind.NAMESPACE_KIND_CONTAINER)
        .setName("3f2a1b9c8d7e").setContainerId("3f2a1b9c8d7e00").setContainerName("web.1.x7f3")
        .setTaskId("x7f3task")
        .addInterfaces(Interface.newBuilder().setName("lo").setKind(InterfaceKind.INTERFACE_KIND_LOOPBACK))
        .build();
  }

  static Network ingressNetwork() {
    return Network.newBuilder()
        .setId("k2v4c9xq0zabcdef").setName("ingress").setDriver("overlay")
        .setScope(NetworkScope.NETWORK_SCOPE_SWARM).addVnis(4096)
        .addSubnets(Subnet.newBuilder().setCidr("10.0.0.0/24").setGateway("10.0.0.1"))
        .setAttachable(false).setIngress(true).setInternal(false)
        .addPeers(NetworkPeer.newBuilder().setName("node2-5c1a").setAddress("198.51.100.12"))
        .build();
  }

  static Network userNetwork(String name, int vni, boolean internal) {
    return Network.newBuilder()
        .setId(name + "-id").setName(name).setDriver("overlay").setScope(NetworkScope.NETWORK_SCOPE_SWARM)
        .addVnis(vni).addSubnets(Subnet.newBuilder().setCidr("10.0.1.0/24").setGateway("10.0.1.1"))
        .setAttachable(true).setInternal(internal)
        .build();
  }

  static NetworkAttachment ingressAttachment(String cidr) {
    return NetworkAttachment.newBuilder()
        .setNetworkId("k2v4c9xq0zabcdef").setNetworkName("ingress").addAddresses(cidr)
        .setMac("02:42:0a:00:00:6c")
        .build();
  }

  static Service webService() {
    return Service.newBuilder()
        .setId("svcweb").setName("web").setMode(ServiceMode.SERVICE_MODE_REPLICATED).setReplicas(2)
        .setEndpointMode(EndpointMode.ENDPOINT_MODE_VIP)
        .addPublishedPorts(PublishedPort.newBuilder().setProtocol(Protocol.PROTOCOL_TCP)
            .setTargetPort(80).setPublishedPort(8001).setPublishMode(PublishMode.PUBLISH_MODE_INGRESS))
        .addVirtualIps(ingressAttachment("10.0.0.5/24"))
        .setImage("local/busybox").setStack("wp")
        .build();
  }

  static Task webTask() {
    return Task.newBuilder()
        .setId("x7f3task").setServiceId("svcweb").setSlot(1).setSwarmNodeId("a9b8c7")
        .setContainerId("3f2a1b9c8d7e00").setState(TaskState.TASK_STATE_RUNNING)
        .addNetworks(ingressAttachment("10.0.0.108/24"))
        .build();
  }

  static NodeTopology nodeTopology() {
    Container container = Container.newBuilder()
        .setId("3f2a1b9c8d7e00").setName("web.1.x7f3").setImage("local/busybox").setTaskId("x7f3task")
        .setServiceId("svcweb").setServiceName("web").setSandboxKey("/var/run/docker/netns/3f2a1b9c8d7e")
        .addNetworks(ingressAttachment("10.0.0.108/24"))
        .build();
    return NodeTopology.newBuilder()
        .setNode(managerNode()).addNamespaces(overlayNamespace()).addNamespaces(containerNamespace())
        .addNetworks(ingressNetwork()).addNetworks(userNetwork("wordpress_net", 4097, false))
        .addNetworks(userNetwork("db_net", 4098, true)).addServices(webService()).addTasks(webTask())
        .addContainers(container).setTakenAt(timestamp(TS_NS))
        .build();
  }

  static ClusterTopology clusterTopology() {
    VxlanTunnel tunnel = VxlanTunnel.newBuilder()
        .setNetworkId("k2v4c9xq0zabcdef").setVni(4096).setPort(4789)
        .setLocalNodeId("node1").setLocalVtep("198.51.100.11")
        .setRemoteNodeId("node2").setRemoteVtep("198.51.100.12")
        .build();
    return ClusterTopology.newBuilder()
        .addNodes(nodeTopology())
        .addNetworks(ClusterNetwork.newBuilder().setNetwork(ingressNetwork()).addNodeIds("node1").addNodeIds("node2"))
        .addServices(webService()).addTasks(webTask()).addTunnels(tunnel).setUpdatedAt(timestamp(TS_NS))
        .build();
  }

  static ObservationPoint underlayPoint() {
    return ObservationPoint.newBuilder()
        .setNodeId("node1").setNamespacePath("/proc/1/ns/net").setInterfaceName("eth0")
        .setInterfaceIndex(2).setName("eth0").setKind(ObservationPointKind.OBSERVATION_POINT_KIND_UNDERLAY)
        .build();
  }

  static Headers innerTcpHeaders(String srcIp) {
    return Headers.newBuilder()
        .setEthernet(Ethernet.newBuilder().setSrc("02:42:0a:00:00:02").setDst("02:42:0a:00:00:6c")
            .setEtherType(0x0800).setVlanId(0))
        .setIp(IP.newBuilder().setVersion(IpVersion.IP_VERSION_IPV4).setSrc(srcIp).setDst("10.0.0.108")
            .setId(0x1c46).setTtl(63).setProtocol(6).setLength(172).setFragment(false).setFragmentOffset(0))
        .setTcp(TCP.newBuilder().setSrcPort(40000).setDstPort(80).setSeq(0xfffffff0).setAck(0x8000_0001)
            .setFlags(TcpFlag.TCP_FLAG_PSH_VALUE | TcpFlag.TCP_FLAG_ACK_VALUE).setPayloadLength(120).setWindow(502))
        .build();
  }

  /** A request segment on node1's underlay, VXLAN-encapsulated, kept by a trace filter. */
  static PacketObservation encapsulatedObservation() {
    Encapsulation outer = Encapsulation.newBuilder()
        .setEthernet(Ethernet.newBuilder().setSrc("6e:00:00:00:00:11").setDst("6e:00:00:00:00:12").setEtherType(0x0800))
        .setIp(IP.newBuilder().setVersion(IpVersion.IP_VERSION_IPV4).setSrc("198.51.100.11")
            .setDst("198.51.100.12").setId(7).setTtl(64).setProtocol(17).setLength(110))
        .setUdp(UDP.newBuilder().setSrcPort(51234).setDstPort(4789).setLength(90))
        .setVni(4096)
        .build();
    return PacketObservation.newBuilder()
        .setPoint(underlayPoint()).setDirection(Direction.DIRECTION_EGRESS).setTsNs(TS_NS)
        .setCaplen(128).setOrigLen(236).setOuter(outer).setInner(innerTcpHeaders("10.0.0.2"))
        .setFingerprint(FINGERPRINT).setFrameHead(ByteString.copyFrom(new byte[] {0x6e, 0, 0, 0, 0, 0x12}))
        .setSnapLength(128).setLinkType(LinkType.LINK_TYPE_ETHERNET)
        .setSamplingReason(SamplingReason.SAMPLING_REASON_TRACE_FILTER).setTraceFilterId("trace-web")
        .build();
  }

  static ObservationPoint containerPoint() {
    return ObservationPoint.newBuilder()
        .setNodeId("node2").setNamespacePath("/var/run/docker/netns/3f2a1b9c8d7e").setInterfaceName("eth0")
        .setInterfaceIndex(27).setName("web.1.x7f3/eth0").setKind(ObservationPointKind.OBSERVATION_POINT_KIND_CONTAINER)
        .build();
  }

  /** Observations of the other L4 kinds: UDP on a cooked capture, ICMPv6 in an IPv6 fragment, ICMP error. */
  static List<PacketObservation> otherObservations() {
    PacketObservation dns = PacketObservation.newBuilder()
        .setPoint(containerPoint()).setDirection(Direction.DIRECTION_INGRESS).setTsNs(TS_NS + 1).setCaplen(80)
        .setOrigLen(80).setLinkType(LinkType.LINK_TYPE_LINUX_SLL).setSamplingReason(SamplingReason.SAMPLING_REASON_HASH)
        .setFingerprint(1)
        .setInner(Headers.newBuilder()
            .setEthernet(Ethernet.newBuilder().setSrc("02:42:0a:00:01:03").setEtherType(0x0800))
            .setIp(IP.newBuilder().setVersion(IpVersion.IP_VERSION_IPV4).setSrc("10.0.1.3").setDst("127.0.0.11")
                .setId(99).setTtl(64).setProtocol(17).setLength(64))
            .setUdp(UDP.newBuilder().setSrcPort(53000).setDstPort(53).setLength(44)))
        .build();
    PacketObservation echoFragment = dns.toBuilder()
        .setLinkType(LinkType.LINK_TYPE_ETHERNET).setSamplingReason(SamplingReason.SAMPLING_REASON_HASH).setFingerprint(2)
        .setInner(Headers.newBuilder()
            .setEthernet(Ethernet.newBuilder().setSrc("02:42:0a:00:01:03").setDst("02:42:0a:00:01:04")
                .setEtherType(0x86dd).setVlanId(10))
            .setIp(IP.newBuilder().setVersion(IpVersion.IP_VERSION_IPV6).setSrc("fd00::3").setDst("fd00::4")
                .setId(0x1234_5678).setTtl(64).setProtocol(58).setLength(1500).setFragment(true).setFragmentOffset(0))
            .setIcmp(ICMP.newBuilder().setType(128).setId(7).setSeq(1).setV6(true)))
        .build();
    PacketObservation unreachable = dns.toBuilder().setFingerprint(3)
        .setInner(Headers.newBuilder()
            .setIp(IP.newBuilder().setVersion(IpVersion.IP_VERSION_IPV4).setSrc("10.0.1.4").setDst("10.0.1.3")
                .setProtocol(1).setFragment(true).setFragmentOffset(1480))
            .setIcmp(ICMP.newBuilder().setType(3).setCode(3)))
        .build();
    return List.of(dns, echoFragment, unreachable);
  }

  static FlowRecord flowRecord() {
    return FlowRecord.newBuilder()
        .setPoint(underlayPoint()).setSrcIp("10.0.0.2").setDstIp("10.0.0.108").setSrcPort(40000)
        .setDstPort(80).setProtocol(Protocol.PROTOCOL_TCP).setVni(4096)
        .setOuterSrcIp("198.51.100.11").setOuterDstIp("198.51.100.12")
        .setPackets(12).setBytes(2048).setFirstSeenNs(TS_NS).setLastSeenNs(TS_NS + 5_000_000)
        .setTcpFlagsSeen(TcpFlag.TCP_FLAG_SYN_VALUE | TcpFlag.TCP_FLAG_ACK_VALUE | TcpFlag.TCP_FLAG_FIN_VALUE)
        .setEnded(true)
        .build();
  }

  /** DNAT+SNAT before the underlay, then ENCAP on it. */
  static Journey journey() {
    PacketObservation atGwbridge = encapsulatedObservation().toBuilder()
        .clearOuter().setInner(innerTcpHeaders("203.0.113.50")).setTsNs(TS_NS - 80_000)
        .setPoint(underlayPoint().toBuilder().setName("docker_gwbridge").setInterfaceName("docker_gwbridge")
            .setKind(ObservationPointKind.OBSERVATION_POINT_KIND_GWBRIDGE))
        .build();
    Rewrite snat = Rewrite.newBuilder().setKind(RewriteKind.REWRITE_KIND_SNAT)
        .addChanges(FieldChange.newBuilder().setField("inner.ip.src").setBefore("203.0.113.50").setAfter("10.0.0.2"))
        .build();
    Rewrite encap = Rewrite.newBuilder().setKind(RewriteKind.REWRITE_KIND_ENCAP).setVni(4096)
        .addChanges(FieldChange.newBuilder().setField("outer.vni").setAfter("4096"))
        .build();
    return Journey.newBuilder()
        .setId("j-1").setFingerprint(FINGERPRINT).addNetworkNames("ingress").addServiceNames("web")
        .addHops(Hop.newBuilder().setObservation(atGwbridge))
        .addHops(Hop.newBuilder().setObservation(encapsulatedObservation()).addRewrites(snat).addRewrites(encap)
            .setSincePrevious(Duration.newBuilder().setNanos(80_000)))
        .build();
  }

  static LostEvent lostEvent() {
    return LostEvent.newBuilder()
        .setSource(LostEventSource.LOST_EVENT_SOURCE_AGENT_CAPTURE).setReason(LostReason.LOST_REASON_KERNEL_DROP)
        .setNodeId("node1").setPoint(underlayPoint()).setCount(42)
        .setFirst(timestamp(TS_NS)).setLast(timestamp(TS_NS + 1_000_000_000L))
        .setDetail("pcap_stats ps_drop grew by 42")
        .build();
  }

  static List<Message> all() {
    List<Message> all = new ArrayList<>(
        List.of(nodeTopology(), clusterTopology(), encapsulatedObservation(), flowRecord(), journey(), lostEvent()));
    all.addAll(otherObservations());
    return all;
  }
}

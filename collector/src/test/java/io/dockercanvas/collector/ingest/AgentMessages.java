package io.dockercanvas.collector.ingest;

import io.dockercanvas.collector.journey.Observation;
import io.dockercanvas.proto.v1.AgentMessage;
import io.dockercanvas.proto.v1.Encapsulation;
import io.dockercanvas.proto.v1.Headers;
import io.dockercanvas.proto.v1.Hello;
import io.dockercanvas.proto.v1.IP;
import io.dockercanvas.proto.v1.Network;
import io.dockercanvas.proto.v1.Node;
import io.dockercanvas.proto.v1.NodeRole;
import io.dockercanvas.proto.v1.NodeTopology;
import io.dockercanvas.proto.v1.ObservationBatch;
import io.dockercanvas.proto.v1.ObservationPoint;
import io.dockercanvas.proto.v1.PacketObservation;
import io.dockercanvas.proto.v1.Subnet;
import io.dockercanvas.proto.v1.TCP;
import io.dockercanvas.proto.v1.TopologySnapshot;
import io.dockercanvas.proto.v1.UDP;
import java.util.List;

/**
 * Builds what an agent would send, from domain observations (the inverse of the ingest mapping).
 */
public final class AgentMessages {

  private AgentMessages() {}

  public static AgentMessage hello(String node, String advertiseAddress, String instance) {
    return AgentMessage.newBuilder()
        .setHello(
            Hello.newBuilder()
                .setNode(Node.newBuilder().setId(node).setAdvertiseAddress(advertiseAddress))
                .setAgentVersion("test")
                .setInstanceId(instance)
                .addLimitations("no IPVS"))
        .build();
  }

  /** A node's report with just what stitching needs: its address and the ingress overlay's VNI. */
  public static AgentMessage snapshot(String node, String advertiseAddress) {
    return AgentMessage.newBuilder()
        .setTopologySnapshot(
            TopologySnapshot.newBuilder()
                .setRevision(1)
                .setTopology(
                    NodeTopology.newBuilder()
                        .setNode(
                            Node.newBuilder()
                                .setId(node)
                                .setAdvertiseAddress(advertiseAddress)
                                .setRole(NodeRole.NODE_ROLE_WORKER))
                        .addNetworks(
                            Network.newBuilder()
                                .setId("ingress-id")
                                .setName("ingress")
                                .setDriver("overlay")
                                .setIngress(true)
                                .addVnis(4096)
                                .addSubnets(Subnet.newBuilder().setCidr("10.0.0.0/24")))))
        .build();
  }

  public static AgentMessage batch(long sequence, List<Observation> observations) {
    ObservationBatch.Builder batch = ObservationBatch.newBuilder().setSequence(sequence);
    observations.forEach(o -> batch.addObservations(packet(o)));
    return AgentMessage.newBuilder().setObservationBatch(batch).build();
  }

  public static PacketObservation packet(Observation o) {
    var h = o.headers();
    Headers.Builder inner =
        Headers.newBuilder()
            .setIp(
                IP.newBuilder()
                    .setSrc(h.src())
                    .setDst(h.dst())
                    .setId(h.ipId())
                    .setTtl(h.ttl())
                    .setProtocol(h.protocol()));
    if (h.protocol() == 6) {
      inner.setTcp(
          TCP.newBuilder().setSrcPort(h.srcPort()).setDstPort(h.dstPort()).setFlags(h.tcpFlags()));
    } else if (h.protocol() == 17) {
      inner.setUdp(UDP.newBuilder().setSrcPort(h.srcPort()).setDstPort(h.dstPort()));
    }
    PacketObservation.Builder p =
        PacketObservation.newBuilder()
            .setPoint(ObservationPoint.newBuilder().setNodeId(o.node()).setName(o.point().name()))
            .setTsNs(o.timestampNs())
            .setFingerprint(o.fingerprint())
            .setInner(inner)
            .setFrameHead(o.frame())
            .setCaplen(o.frame().size())
            .setOrigLen(o.frameLength())
            .setLinkTypeValue(o.linkType());
    if (o.encapsulated()) {
      var v = o.vxlan();
      p.setOuter(
          Encapsulation.newBuilder()
              .setVni(v.vni())
              .setIp(IP.newBuilder().setSrc(v.outerSrc()).setDst(v.outerDst()).setProtocol(17))
              .setUdp(UDP.newBuilder().setSrcPort(v.outerSrcPort()).setDstPort(v.outerDstPort())));
    }
    return p.build();
  }
}

package io.dockercanvas.collector.bench;

import com.google.protobuf.ByteString;
import io.dockercanvas.proto.v1.AgentMessage;
import io.dockercanvas.proto.v1.CollectorMessage;
import io.dockercanvas.proto.v1.Encapsulation;
import io.dockercanvas.proto.v1.Headers;
import io.dockercanvas.proto.v1.Hello;
import io.dockercanvas.proto.v1.IP;
import io.dockercanvas.proto.v1.IngestGrpc;
import io.dockercanvas.proto.v1.LinkType;
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
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One agent as the collector sees it: its own Netty channel (its own TCP connection) and Connect
 * stream, Hello, a TopologySnapshot, then ObservationBatches. Journey {@code k} goes from node
 * {@code k % nodes} to node {@code (k + 1) % nodes} on the overlay {@value #NETWORK} (VNI {@value
 * #VNI}); this agent sends the half it would capture: br0, vxlan0, eth0 (encapsulated) when it is
 * the sender, eth0, vxlan0, br0 when it is the receiver. Every observation of one journey carries
 * the same fingerprint, so journeys really stitch.
 */
final class SimulatedAgent implements AutoCloseable, StreamObserver<CollectorMessage> {

  static final String NETWORK = "bench_net";
  static final int VNI = 4097;
  static final int OBSERVATIONS_PER_JOURNEY = 6;

  private static final byte[] PLAIN_FRAME = new byte[74]; // Ethernet + IPv4 + TCP SYN, as snapped
  private static final byte[] VXLAN_FRAME = new byte[124]; // the same inside VXLAN

  private final int index;
  private final int nodes;
  private final ManagedChannel channel;
  private final StreamObserver<AgentMessage> requests;
  private final PacketObservation[] sendingHalf;
  private final PacketObservation[] receivingHalf;
  private long sequence;
  private long acknowledged;
  private Throwable failure;

  SimulatedAgent(int index, int nodes, int grpcPort) {
    this.index = index;
    this.nodes = nodes;
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    this.requests = IngestGrpc.newStub(channel).connect(this);
    String from = address(index);
    String to = address((index + 1) % nodes);
    String fromPrevious = address((index + nodes - 1) % nodes);
    this.sendingHalf =
        new PacketObservation[] {
          plain(NETWORK + "/br0"), plain(NETWORK + "/vxlan0"), encapsulated(from, to)
        };
    this.receivingHalf =
        new PacketObservation[] {
          encapsulated(fromPrevious, from), plain(NETWORK + "/vxlan0"), plain(NETWORK + "/br0")
        };
  }

  static String node(int index) {
    return "node" + (index + 1);
  }

  /** The node's underlay address as its agent reports it (data only: nothing is sent there). */
  static String address(int index) {
    return "203.0.113." + (11 + index);
  }

  /** Fingerprint of journey {@code k}: spread like a hash, never 0. */
  static long fingerprint(long k) {
    long z = (k + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    return (z ^ (z >>> 27)) | 1;
  }

  void connect() {
    requests.onNext(
        AgentMessage.newBuilder()
            .setHello(
                Hello.newBuilder()
                    .setNode(
                        Node.newBuilder().setId(node(index)).setAdvertiseAddress(address(index)))
                    .setAgentVersion("bench")
                    .setInstanceId("bench-" + index + "-" + System.nanoTime()))
            .build());
    requests.onNext(
        AgentMessage.newBuilder()
            .setTopologySnapshot(
                TopologySnapshot.newBuilder()
                    .setRevision(1)
                    .setTopology(
                        NodeTopology.newBuilder()
                            .setNode(
                                Node.newBuilder()
                                    .setId(node(index))
                                    .setAdvertiseAddress(address(index))
                                    .setRole(
                                        index == 0
                                            ? NodeRole.NODE_ROLE_MANAGER
                                            : NodeRole.NODE_ROLE_WORKER))
                            .addNetworks(
                                Network.newBuilder()
                                    .setId("bench-net-id")
                                    .setName(NETWORK)
                                    .setDriver("overlay")
                                    .addVnis(VNI)
                                    .addSubnets(Subnet.newBuilder().setCidr("10.0.1.0/24")))))
            .build());
  }

  /** Whether this agent captures part of journey {@code k}. */
  boolean takesPart(long k) {
    return k % nodes == index || (k + 1) % nodes == index;
  }

  /**
   * Adds this agent's half of journey {@code k}, stamped with {@code captureNs} (epoch ns), to a
   * batch.
   */
  void addHalf(ObservationBatch.Builder batch, long k, LongSupplier captureNs) {
    PacketObservation[] half = k % nodes == index ? sendingHalf : receivingHalf;
    long fp = fingerprint(k);
    for (PacketObservation template : half) {
      batch.addObservations(template.toBuilder().setFingerprint(fp).setTsNs(captureNs.getAsLong()));
    }
  }

  /** Sends a batch once fewer than {@code maxUnacked} are waiting for their Ack. */
  void send(ObservationBatch.Builder batch, int maxUnacked)
      throws IOException, InterruptedException {
    long seq;
    synchronized (this) {
      while (sequence - acknowledged >= maxUnacked && failure == null) {
        wait(10_000);
      }
      failIfClosed();
      seq = ++sequence;
    }
    requests.onNext(AgentMessage.newBuilder().setObservationBatch(batch.setSequence(seq)).build());
  }

  synchronized void awaitAllAcknowledged(long timeoutMs) throws IOException, InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (acknowledged < sequence) {
      failIfClosed();
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw new IOException(node(index) + ": batch " + sequence + " not acknowledged in time");
      }
      wait(left);
    }
  }

  @Override
  public synchronized void onNext(CollectorMessage message) {
    if (message.hasAck()) {
      acknowledged = Math.max(acknowledged, message.getAck().getSequence());
      notifyAll();
    }
  }

  @Override
  public synchronized void onError(Throwable t) {
    failure = t;
    notifyAll();
  }

  @Override
  public void onCompleted() {}

  @Override
  public void close() throws InterruptedException {
    requests.onCompleted();
    channel.shutdown();
    channel.awaitTermination(5, TimeUnit.SECONDS);
  }

  private void failIfClosed() throws IOException {
    if (failure != null) {
      throw new IOException(node(index) + "'s ingest stream closed: " + failure, failure);
    }
  }

  private static PacketObservation plain(String point) {
    return PacketObservation.newBuilder()
        .setPoint(ObservationPoint.newBuilder().setName(point))
        .setInner(innerHeaders())
        .setFrameHead(ByteString.copyFrom(PLAIN_FRAME))
        .setCaplen(PLAIN_FRAME.length)
        .setOrigLen(PLAIN_FRAME.length)
        .setSnapLength(128)
        .setLinkType(LinkType.LINK_TYPE_ETHERNET)
        .build();
  }

  private static PacketObservation encapsulated(String outerSrc, String outerDst) {
    return PacketObservation.newBuilder()
        .setPoint(ObservationPoint.newBuilder().setName("eth0"))
        .setOuter(
            Encapsulation.newBuilder()
                .setVni(VNI)
                .setIp(IP.newBuilder().setSrc(outerSrc).setDst(outerDst).setProtocol(17).setTtl(64))
                .setUdp(UDP.newBuilder().setSrcPort(34633).setDstPort(4789)))
        .setInner(innerHeaders())
        .setFrameHead(ByteString.copyFrom(VXLAN_FRAME))
        .setCaplen(VXLAN_FRAME.length)
        .setOrigLen(VXLAN_FRAME.length)
        .setSnapLength(128)
        .setLinkType(LinkType.LINK_TYPE_ETHERNET)
        .build();
  }

  private static Headers innerHeaders() {
    return Headers.newBuilder()
        .setIp(
            IP.newBuilder()
                .setSrc("10.0.1.5")
                .setDst("10.0.1.9")
                .setId(0x4411)
                .setTtl(64)
                .setProtocol(6))
        .setTcp(TCP.newBuilder().setSrcPort(51000).setDstPort(3306).setFlags(0x02))
        .build();
  }
}

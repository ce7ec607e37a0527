package io.dockercanvas.collector.observer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import io.dockercanvas.collector.core.CollectorCore;
import io.dockercanvas.collector.core.CoreSettings;
import io.dockercanvas.collector.flow.Flow;
import io.dockercanvas.collector.journey.JourneyStitcher;
import io.dockercanvas.collector.journey.Observation;
import io.dockercanvas.collector.journey.StitcherConfig;
import io.dockercanvas.collector.journey.SwarmPackets;
import io.dockercanvas.collector.store.LostEvent;
import io.dockercanvas.collector.topology.RoutingMeshTopology;
import io.dockercanvas.proto.v1.Filter;
import io.dockercanvas.proto.v1.GetFlowsRequest;
import io.dockercanvas.proto.v1.GetJourneysRequest;
import io.dockercanvas.proto.v1.GetJourneysResponse;
import io.dockercanvas.proto.v1.GetTopologyRequest;
import io.dockercanvas.proto.v1.ObserverGrpc;
import io.dockercanvas.proto.v1.Protocol;
import io.dockercanvas.proto.v1.RewriteKind;
import io.dockercanvas.proto.v1.ServerStatusRequest;
import io.dockercanvas.proto.v1.TrafficClass;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ObserverServiceTest {

  private CollectorCore core;
  private Server server;
  private ManagedChannel channel;
  private ObserverGrpc.ObserverBlockingStub blocking;

  @BeforeEach
  void start() throws Exception {
    core = new CollectorCore(CoreSettings.defaults(), Clock.systemUTC());
    core.cluster().replace("manager", 1, RoutingMeshTopology.manager());
    core.cluster().replace("worker", 1, RoutingMeshTopology.worker());
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(new ObserverService(core))
            .build()
            .start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    blocking = ObserverGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    server.shutdownNow();
    core.close();
  }

  @Test
  void getJourneys_numberAndFirst_latestOrEarliest() {
    stitch(SwarmPackets.synLive(0));
    stitch(SwarmPackets.synAckLive(0));

    assertThat(journeys(GetJourneysRequest.newBuilder().setNumber(1).build()))
        .extracting(r -> r.getJourney().getFingerprint())
        .containsExactly(SwarmPackets.SYN_ACK_FP);
    assertThat(journeys(GetJourneysRequest.newBuilder().setNumber(1).setFirst(true).build()))
        .extracting(r -> r.getJourney().getFingerprint())
        .containsExactly(SwarmPackets.SYN_FP);
    assertThat(journeys(GetJourneysRequest.getDefaultInstance())).hasSize(2);
  }

  @Test
  void getJourneys_routingMeshSyn_hopsRewritesAndNamesAsTheContractSays() {
    stitch(SwarmPackets.synLive(-50_000_000L));

    var journey = journeys(GetJourneysRequest.getDefaultInstance()).get(0).getJourney();
    assertThat(journey.getHopsCount()).isEqualTo(11);
    assertThat(journey.getTrafficClass())
        .isEqualTo(io.dockercanvas.proto.v1.TrafficClass.TRAFFIC_CLASS_DATA);
    assertThat(journey.getHops(3).getRewritesList())
        .extracting(r -> r.getKind())
        .containsExactly(RewriteKind.REWRITE_KIND_DNAT, RewriteKind.REWRITE_KIND_SNAT);
    assertThat(journey.getHops(6).getRewrites(0).getVni()).isEqualTo(4096);
    assertThat(journey.getHops(10).getObservation().getPoint().getName()).isEqualTo("web/eth0");
    assertThat(journey.getNetworkNamesList()).containsExactly("ingress");
    assertThat(journey.getHops(0).hasSincePrevious()).isFalse();
    assertThat(journey.getHops(1).getSincePrevious().getNanos()).isEqualTo(46_000);
  }

  @Test
  void getJourneys_routingMeshSynAck_conntracksReversalOfTheRequestsNatAsUnSnatAndUnDnat() {
    stitch(SwarmPackets.synLive(0));
    stitch(SwarmPackets.synAckLive(0));

    var reply = journeys(GetJourneysRequest.newBuilder().setNumber(1).build()).get(0).getJourney();
    assertThat(reply.getHops(8).getObservation().getPoint().getName())
        .isEqualTo("ingress_sbox/eth1");
    assertThat(reply.getHops(8).getRewritesList())
        .extracting(r -> r.getKind())
        .containsExactly(RewriteKind.REWRITE_KIND_UN_SNAT, RewriteKind.REWRITE_KIND_UN_DNAT);
    assertThat(reply.getHops(10).getRewritesList())
        .extracting(r -> r.getKind())
        .containsExactly(RewriteKind.REWRITE_KIND_UN_DNAT);
  }

  @Test
  void getJourneys_allowAndDenyFilters_selectByNodeIpPortProtocolVni() {
    stitch(SwarmPackets.synLive(0));
    stitch(SwarmPackets.synAckLive(0));
    stitch(
        List.of(
            SwarmPackets.plain(
                "manager",
                "eth0",
                0,
                77,
                SwarmPackets.tcp("198.51.100.7", "203.0.113.11", 5, 22, 1, 64))));

    assertThat(count(Filter.newBuilder().addIps("10.0.0.0/24").build(), null)).isEqualTo(2);
    assertThat(count(Filter.newBuilder().addPorts(22).build(), null)).isEqualTo(1);
    assertThat(
            count(
                Filter.newBuilder().addVnis(4096).addProtocols(Protocol.PROTOCOL_TCP).build(),
                null))
        .isEqualTo(2);
    assertThat(count(Filter.newBuilder().addNodes("worker").build(), null)).isEqualTo(2);
    assertThat(count(Filter.newBuilder().addNetworks(RoutingMeshTopology.INGRESS_ID).build(), null))
        .isEqualTo(2);
    assertThat(count(null, Filter.newBuilder().addNodes("worker").build())).isEqualTo(1);
    // direction-aware: the SYN was sent by the client to the task of "web", the SYN-ACK back
    assertThat(count(Filter.newBuilder().addSourceIps("203.0.113.100").build(), null)).isEqualTo(1);
    assertThat(count(Filter.newBuilder().addDestinationIps("203.0.113.0/24").build(), null))
        .isEqualTo(3);
    assertThat(count(Filter.newBuilder().addDestinationServices("web").build(), null)).isEqualTo(1);
    assertThat(count(Filter.newBuilder().addSourceServices("web").build(), null)).isEqualTo(1);
    assertThat(count(Filter.newBuilder().addRewrites(RewriteKind.REWRITE_KIND_DNAT).build(), null))
        .isEqualTo(1);
    assertThat(count(Filter.newBuilder().addPoints("manager:ingress_sbox/eth1").build(), null))
        .isEqualTo(2);
    assertThat(
            count(
                Filter.newBuilder().addTrafficClasses(TrafficClass.TRAFFIC_CLASS_DATA).build(),
                Filter.newBuilder().addPorts(22).build()))
        .isEqualTo(2);
  }

  @Test
  void getJourneys_invalidRequests_invalidArgumentNamingTheField() {
    assertInvalid(
        GetJourneysRequest.newBuilder()
            .addAllowlist(Filter.newBuilder().addIps("web.example"))
            .build(),
        "allowlist[0].ips[0]: 'web.example' is not an IP address or CIDR");
    assertInvalid(
        GetJourneysRequest.newBuilder().addDenylist(Filter.newBuilder().addPorts(0)).build(),
        "denylist[0].ports[0]: '0' is not a port");
    assertInvalid(
        GetJourneysRequest.newBuilder()
            .addAllowlist(Filter.newBuilder().addProtocols(Protocol.PROTOCOL_UNSPECIFIED))
            .build(),
        "allowlist[0].protocols[0]");
    assertInvalid(
        GetJourneysRequest.newBuilder()
            .addAllowlist(Filter.newBuilder().addSourceIps("10.0.0.0/99"))
            .build(),
        "allowlist[0].source_ips[0]: '10.0.0.0/99'");
    assertInvalid(
        GetJourneysRequest.newBuilder()
            .addAllowlist(Filter.newBuilder().addRewrites(RewriteKind.REWRITE_KIND_UNSPECIFIED))
            .build(),
        "allowlist[0].rewrites[0]: 0 is not a known value");
    assertInvalid(
        GetJourneysRequest.newBuilder().addDenylist(Filter.newBuilder().addPoints(" ")).build(),
        "denylist[0].points[0]: empty");
    assertInvalid(
        GetJourneysRequest.newBuilder().addAllowlist(Filter.newBuilder().addVnis(1 << 24)).build(),
        "allowlist[0].vnis[0]: '16777216' is not a VNI");
    assertInvalid(
        GetJourneysRequest.newBuilder()
            .setNumber(3)
            .setSince(Timestamp.getDefaultInstance())
            .build(),
        "number:");
    assertInvalid(GetJourneysRequest.newBuilder().setFirst(true).setFollow(true).build(), "first:");
    assertInvalid(
        GetJourneysRequest.newBuilder()
            .setFollow(true)
            .setUntil(Timestamp.getDefaultInstance())
            .build(),
        "until:");
  }

  @Test
  void getJourneys_sinceUntil_selectByFirstHopTime() {
    stitch(SwarmPackets.synLive(0));
    long t0 = SwarmPackets.T0;

    assertThat(journeys(GetJourneysRequest.newBuilder().setSince(ts(t0)).build())).hasSize(1);
    assertThat(journeys(GetJourneysRequest.newBuilder().setSince(ts(t0 + 1)).build())).isEmpty();
    assertThat(journeys(GetJourneysRequest.newBuilder().setUntil(ts(t0)).build())).isEmpty();
  }

  @Test
  void getJourneys_follow_storedThenNewJourneysLostEventsAndAgentChanges() {
    stitch(SwarmPackets.synLive(0));
    List<GetJourneysResponse> received = new ArrayList<>();
    ObserverGrpc.newStub(channel)
        .getJourneys(
            GetJourneysRequest.newBuilder().setNumber(1).setFollow(true).build(),
            recorder(received::add));

    stitch(SwarmPackets.synAckLive(0));
    core.lost()
        .record(
            LostEvent.now(
                LostEvent.Source.AGENT_CAPTURE, LostEvent.Reason.KERNEL_DROP, "worker", 3, "pcap"));

    assertThat(received)
        .extracting(GetJourneysResponse::getResponseTypesCase)
        .containsExactly(
            GetJourneysResponse.ResponseTypesCase.JOURNEY,
            GetJourneysResponse.ResponseTypesCase.JOURNEY,
            GetJourneysResponse.ResponseTypesCase.LOST_EVENTS);
    assertThat(received.get(1).getJourney().getFingerprint()).isEqualTo(SwarmPackets.SYN_ACK_FP);
    assertThat(received.get(2).getLostEvents().getCount()).isEqualTo(3);
  }

  @Test
  void getJourneys_followProgressive_updatesFromTheFirstHopThenTheFinalJourneyWithTheSameId() {
    List<GetJourneysResponse> received = new ArrayList<>();
    List<GetJourneysResponse> finalOnly = new ArrayList<>();
    ObserverGrpc.newStub(channel)
        .getJourneys(
            GetJourneysRequest.newBuilder().setFollow(true).setProgressive(true).build(),
            recorder(received::add));
    ObserverGrpc.newStub(channel)
        .getJourneys(
            GetJourneysRequest.newBuilder().setFollow(true).build(), recorder(finalOnly::add));
    List<Observation> syn = SwarmPackets.synLive(0);

    core.stitcher().accept(syn.get(0), 0);
    core.stitcher().expire(1);
    syn.subList(1, syn.size()).forEach(o -> core.stitcher().accept(o, 2));
    core.stitcher().expire(3);
    core.flushJourneys();

    assertThat(received)
        .extracting(GetJourneysResponse::getResponseTypesCase)
        .containsExactly(
            GetJourneysResponse.ResponseTypesCase.JOURNEY_UPDATE,
            GetJourneysResponse.ResponseTypesCase.JOURNEY_UPDATE,
            GetJourneysResponse.ResponseTypesCase.JOURNEY);
    var first = received.get(0).getJourneyUpdate().getJourney();
    var last = received.get(2).getJourney();
    assertThat(first.getHopsCount()).isEqualTo(1);
    assertThat(first.getComplete()).isFalse();
    assertThat(received.get(1).getJourneyUpdate().getJourney().getHopsCount())
        .isEqualTo(syn.size());
    assertThat(last.getComplete()).isTrue();
    assertThat(last.getId()).isEqualTo(first.getId());
    assertThat(last.getHopsCount()).isEqualTo(syn.size());
    assertThat(finalOnly)
        .extracting(GetJourneysResponse::getResponseTypesCase)
        .containsExactly(GetJourneysResponse.ResponseTypesCase.JOURNEY);
  }

  @Test
  void getFlows_filterByPortAndVni() {
    core.flows().add(flow(8001, 0));
    core.flows().add(flow(8001, 4096));
    core.flows().add(flow(22, 0));

    var request =
        GetFlowsRequest.newBuilder().addAllowlist(Filter.newBuilder().addPorts(8001)).build();
    List<Object> flows = new ArrayList<>();
    blocking.getFlows(request).forEachRemaining(flows::add);
    var vniRequest =
        GetFlowsRequest.newBuilder().addAllowlist(Filter.newBuilder().addVnis(4096)).build();
    List<Object> tunnelled = new ArrayList<>();
    blocking.getFlows(vniRequest).forEachRemaining(tunnelled::add);

    assertThat(flows).hasSize(2);
    assertThat(tunnelled).hasSize(1);
  }

  @Test
  void getTopologyAndServerStatus_mergedClusterAndStoreFill() {
    stitch(SwarmPackets.synLive(0));

    var topology = blocking.getTopology(GetTopologyRequest.getDefaultInstance()).getTopology();
    var status = blocking.serverStatus(ServerStatusRequest.getDefaultInstance());

    assertThat(topology.getNodesList())
        .extracting(n -> n.getNode().getId())
        .containsExactly("manager", "worker");
    assertThat(topology.getTunnelsCount()).isEqualTo(2);
    assertThat(status.getJourneysKept()).isEqualTo(1);
    assertThat(status.getJourneysSeen()).isEqualTo(1);
    assertThat(status.getJourneysCapacity()).isEqualTo(CoreSettings.DEFAULT_JOURNEYS);
  }

  private void stitch(List<Observation> observations) {
    JourneyStitcher stitcher =
        new JourneyStitcher(StitcherConfig.defaults(), core.pathFacts(), core.journeys()::add);
    observations.forEach(o -> stitcher.accept(o, 0));
    stitcher.flush();
  }

  private List<GetJourneysResponse> journeys(GetJourneysRequest request) {
    List<GetJourneysResponse> list = new ArrayList<>();
    blocking.getJourneys(request).forEachRemaining(list::add);
    return list;
  }

  private int count(Filter allow, Filter deny) {
    GetJourneysRequest.Builder request = GetJourneysRequest.newBuilder();
    if (allow != null) {
      request.addAllowlist(allow);
    }
    if (deny != null) {
      request.addDenylist(deny);
    }
    return journeys(request.build()).size();
  }

  private void assertInvalid(GetJourneysRequest request, String message) {
    assertThatThrownBy(() -> journeys(request))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT))
        .hasMessageContaining(message);
  }

  private static Timestamp ts(long ns) {
    return Timestamp.newBuilder()
        .setSeconds(ns / 1_000_000_000L)
        .setNanos((int) (ns % 1_000_000_000L))
        .build();
  }

  private static Flow flow(int port, int vni) {
    return new Flow(
        "worker",
        "eth0",
        "10.0.0.2",
        "10.0.0.108",
        42478,
        port,
        6,
        vni,
        "",
        "",
        1,
        60,
        1,
        2,
        2,
        false);
  }

  private static <T> StreamObserver<T> recorder(Consumer<T> sink) {
    return new StreamObserver<>() {
      @Override
      public void onNext(T value) {
        sink.accept(value);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
  }
}

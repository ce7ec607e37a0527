package io.dockercanvas.collector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.collector.journey.NodeAddresses;
import io.dockercanvas.collector.journey.ObservationPoint;
import io.dockercanvas.collector.topology.ClusterTopology.VxlanTunnel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ClusterModelTest {

  private final NodeAddresses facts = new NodeAddresses();
  private final ClusterModel model = new ClusterModel(facts, Clock.systemUTC());

  @Test
  void replace_twoNodes_overlaySpansBothAndTunnelsJoinTheVteps() {
    model.replace("worker", 1, RoutingMeshTopology.worker());
    model.replace("manager", 1, RoutingMeshTopology.manager());

    ClusterTopology cluster = model.current();
    assertThat(cluster.nodes()).extracting(t -> t.node().id()).containsExactly("manager", "worker");
    assertThat(cluster.networks())
        .filteredOn(n -> n.network().name().equals("ingress"))
        .singleElement()
        .satisfies(n -> assertThat(n.nodeIds()).containsExactlyInAnyOrder("manager", "worker"));
    assertThat(cluster.tunnels())
        .containsExactlyInAnyOrder(
            new VxlanTunnel(
                RoutingMeshTopology.INGRESS_ID,
                4096,
                4789,
                "manager",
                "203.0.113.11",
                "worker",
                "203.0.113.12"),
            new VxlanTunnel(
                RoutingMeshTopology.INGRESS_ID,
                4096,
                4789,
                "worker",
                "203.0.113.12",
                "manager",
                "203.0.113.11"));
    assertThat(cluster.services()).extracting(ServiceInfo::name).containsExactly("web");
    assertThat(cluster.tasks()).hasSize(1);
  }

  @Test
  void replace_fillsWhatTheStitcherNeeds() {
    model.replace("manager", 1, RoutingMeshTopology.manager());
    model.replace("worker", 1, RoutingMeshTopology.worker());

    assertThat(facts.nodeOfAddress("203.0.113.12")).contains("worker");
    assertThat(facts.vniOf("ingress")).isEqualTo(OptionalInt.of(4096));
    assertThat(facts.networkOfVni(4096)).contains("ingress");
    assertThat(facts.networkOfInterface("worker", "web.1.x7f3", "eth0")).contains("ingress");
    assertThat(facts.networkOfInterface("worker", "web.1.x7f3", "eth1"))
        .contains(ObservationPoint.GATEWAY_BRIDGE);
    assertThat(facts.networkOfInterface("manager", "ingress_sbox", "eth1"))
        .contains(ObservationPoint.GATEWAY_BRIDGE);
    assertThat(facts.serviceOfSandbox("worker", "web.1.x7f3")).contains("web");
  }

  @Test
  void
      replace_snapshotWithoutInterfaceAddresses_networkByAttachmentMacAndSandboxAlsoByServiceName() {
    // as 'canvas agent snapshot' reports a task: no addresses on the interfaces, the endpoint's MAC
    // on the attachment
    NodeTopology worker = RoutingMeshTopology.worker();
    NetNamespace web =
        new NetNamespace(
            "/var/run/docker/netns/3f2a1b9c8d7e",
            NetNamespace.Kind.CONTAINER,
            "3f2a1b9c8d7e",
            "",
            "c0ffee",
            "web.1.x7f3",
            "task1",
            List.of(
                new NetNamespace.Interface(
                    "eth0",
                    31,
                    NetNamespace.InterfaceKind.VETH,
                    "02:42:0a:00:00:6c",
                    1450,
                    "",
                    32,
                    "",
                    List.of(),
                    true,
                    null,
                    List.of()),
                new NetNamespace.Interface(
                    "eth1",
                    33,
                    NetNamespace.InterfaceKind.VETH,
                    "02:42:ac:15:00:03",
                    1500,
                    "",
                    34,
                    "",
                    List.of(),
                    true,
                    null,
                    List.of())));
    ContainerInfo container =
        new ContainerInfo(
            "c0ffee",
            "web.1.x7f3",
            "local/busybox",
            "task1",
            "svc1",
            "web",
            web.path(),
            List.of(
                new Attachment(
                    RoutingMeshTopology.INGRESS_ID,
                    "ingress",
                    List.of("10.0.0.108"),
                    "02:42:0a:00:00:6c")));
    List<NetNamespace> namespaces = new ArrayList<>(worker.namespaces().subList(0, 3));
    namespaces.add(web);

    model.replace(
        "worker",
        1,
        new NodeTopology(
            worker.node(),
            namespaces,
            worker.networks(),
            List.of(),
            List.of(),
            List.of(container),
            worker.takenAt()));

    assertThat(facts.networkOfInterface("worker", "web", "eth0")).contains("ingress");
    assertThat(facts.networkOfInterface("worker", "web.1.x7f3", "eth0")).contains("ingress");
    assertThat(facts.networkOfInterface("worker", "web", "eth1")).as("on no attachment").isEmpty();
    assertThat(facts.serviceOfSandbox("worker", "web")).contains("web");
    assertThat(facts.serviceOfSandbox("worker", "web.1.x7f3")).contains("web");
  }

  @Test
  void apply_deltaRemovesContainer_listenersHearAndFactsForget() {
    model.replace("worker", 4, RoutingMeshTopology.worker());
    List<ClusterTopology> heard = new ArrayList<>();
    model.subscribe(heard::add);

    boolean inOrder =
        model.apply(
            "worker",
            new TopologyDelta(
                5,
                null,
                List.of(),
                List.of("/var/run/docker/netns/3f2a1b9c8d7e"),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of("c0ffee")));

    assertThat(inOrder).isTrue();
    assertThat(heard)
        .singleElement()
        .satisfies(c -> assertThat(c.nodes().get(0).namespaces()).hasSize(3));
    assertThat(facts.serviceOfSandbox("worker", "web.1.x7f3")).isEmpty();
  }

  @Test
  void apply_revisionGapOrNoSnapshot_reportedAsOutOfOrder() {
    TopologyDelta delta =
        new TopologyDelta(
            9, null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of());

    assertThat(model.apply("worker", delta)).isFalse();
    model.replace("worker", 1, RoutingMeshTopology.worker());
    assertThat(model.apply("worker", delta)).isFalse();
  }

  @Test
  void connection_agentStreamEnds_nodeDownAndKeptThenUpWhenBack() {
    model.replace("manager", 1, RoutingMeshTopology.manager());
    model.replace("worker", 1, RoutingMeshTopology.worker());
    List<ClusterTopology> heard = new ArrayList<>();
    model.subscribe(heard::add);

    model.connection("worker", false);

    assertThat(model.current().presenceOf("worker")).isEqualTo(NodePresence.DOWN);
    assertThat(model.current().presenceOf("manager")).isEqualTo(NodePresence.UP);
    assertThat(model.current().nodes()).as("the last report stays").hasSize(2);
    assertThat(heard).hasSize(1);
    model.connection("worker", true);
    assertThat(model.current().presenceOf("worker")).isEqualTo(NodePresence.UP);
  }

  @Test
  void replace_engineNoLongerInTheSwarmItWasIn_nodeLeft() {
    model.replace("manager", 1, RoutingMeshTopology.manager());
    model.replace("worker", 1, RoutingMeshTopology.worker());
    NodeTopology before = RoutingMeshTopology.worker();
    NodeInfo n = before.node();
    NodeInfo outOfSwarm =
        new NodeInfo(
            n.id(),
            n.hostname(),
            NodeInfo.Role.UNKNOWN,
            "",
            n.advertiseAddress(),
            n.underlayInterface(),
            n.engineVersion(),
            n.dataPathPort());

    model.replace(
        "worker",
        2,
        new NodeTopology(
            outOfSwarm, List.of(), List.of(), List.of(), List.of(), List.of(), before.takenAt()));

    assertThat(model.current().presenceOf("worker")).isEqualTo(NodePresence.LEFT);
    assertThat(model.current().presenceOf("manager")).isEqualTo(NodePresence.UP);
    model.replace("worker", 3, RoutingMeshTopology.worker());
    assertThat(model.current().presenceOf("worker")).as("joined again").isEqualTo(NodePresence.UP);
  }

  @Test
  void replace_engineNeverInASwarm_nodeUp() {
    NodeTopology t = RoutingMeshTopology.worker();
    NodeInfo n = t.node();
    model.replace(
        "solo",
        1,
        new NodeTopology(
            new NodeInfo(
                "solo",
                "solo",
                NodeInfo.Role.UNKNOWN,
                "",
                n.advertiseAddress(),
                "eth0",
                n.engineVersion(),
                4789),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            t.takenAt()));

    assertThat(model.current().presenceOf("solo")).isEqualTo(NodePresence.UP);
  }
}

package io.dockercanvas.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import io.dockercanvas.collector.observer.TopologyMessages;
import io.dockercanvas.collector.topology.ClusterTopology;
import io.dockercanvas.collector.topology.NodePresence;
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
import io.dockercanvas.proto.v1.ServiceMode;
import io.dockercanvas.proto.v1.Subnet;
import io.dockercanvas.proto.v1.Task;
import io.dockercanvas.proto.v1.TaskState;
import io.dockercanvas.proto.v1.VxlanInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node's report through the collector: contract in (ingest), domain, contract out ({@code
 * /api/v1/topology}, which the page reads). Every value of every topology enum comes out as the
 * agent sent it.
 */
class TopologyMapperTest {

  @Test
  void topology_everyEnumValue_sameJsonOutAsIn() throws Exception {
    List<NodeTopology> sent = new ArrayList<>();
    for (NodeRole role : known(NodeRole.values())) {
      sent.add(report("node-" + role.getNumber(), role));
    }

    String out =
        TopologyMessages.json(
            new ClusterTopology(
                sent.stream().map(TopologyMapper::topology).toList(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                Map.of(),
                Instant.parse("2026-12-04T15:00:00Z")));

    JsonArray nodes = new JsonObject(out).getJsonArray("nodes");
    assertThat(nodes.size()).isEqualTo(sent.size());
    for (int i = 0; i < sent.size(); i++) {
      JsonObject node = nodes.getJsonObject(i);
      assertThat(node.getJsonObject("node").remove("presence")).isEqualTo("NODE_PRESENCE_UP");
      assertThat(node)
          .isEqualTo(
              new JsonObject(JsonFormat.printer().preservingProtoFieldNames().print(sent.get(i))));
    }
  }

  @Test
  void topology_enumValuesThisCollectorDoesNotKnow_leftOutAsUnspecified() throws Exception {
    NodeTopology sent =
        NodeTopology.newBuilder()
            .setNode(Node.newBuilder().setId("n").setRoleValue(99).setDataPathPort(4789))
            .addNamespaces(
                Namespace.newBuilder()
                    .setPath("/p")
                    .setKindValue(99)
                    .addInterfaces(Interface.newBuilder().setName("x").setKindValue(99)))
            .addNetworks(Network.newBuilder().setId("net").setScopeValue(99))
            .addServices(
                Service.newBuilder()
                    .setId("s")
                    .setModeValue(99)
                    .setEndpointModeValue(99)
                    .addPublishedPorts(
                        PublishedPort.newBuilder().setPublishedPort(1).setPublishModeValue(99)))
            .addTasks(Task.newBuilder().setId("t").setStateValue(99))
            .build();

    String out =
        TopologyMessages.json(
            new ClusterTopology(
                List.of(TopologyMapper.topology(sent)),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                Map.of("n", NodePresence.LEFT),
                Instant.EPOCH));

    JsonObject node = new JsonObject(out).getJsonArray("nodes").getJsonObject(0);
    assertThat(node.getJsonObject("node").fieldNames())
        .containsExactlyInAnyOrder("id", "data_path_port", "presence");
    assertThat(node.getJsonObject("node").getString("presence")).isEqualTo("NODE_PRESENCE_LEFT");
    assertThat(node.getJsonArray("namespaces").getJsonObject(0).fieldNames())
        .containsExactly("path", "interfaces");
    assertThat(
            node.getJsonArray("namespaces")
                .getJsonObject(0)
                .getJsonArray("interfaces")
                .getJsonObject(0)
                .fieldNames())
        .containsExactly("name");
    assertThat(node.getJsonArray("networks").getJsonObject(0).fieldNames()).containsExactly("id");
    assertThat(node.getJsonArray("services").getJsonObject(0).fieldNames())
        .containsExactly("id", "published_ports");
    assertThat(
            node.getJsonArray("services")
                .getJsonObject(0)
                .getJsonArray("published_ports")
                .getJsonObject(0)
                .fieldNames())
        .containsExactly("published_port");
    assertThat(node.getJsonArray("tasks").getJsonObject(0).fieldNames()).containsExactly("id");
  }

  /**
   * A report with every field the collector keeps set, and one of each namespace, interface, scope,
   * mode, state.
   */
  private static NodeTopology report(String id, NodeRole role) {
    NodeTopology.Builder t =
        NodeTopology.newBuilder()
            .setNode(
                Node.newBuilder()
                    .setId(id)
                    .setHostname(id + ".lab")
                    .setRole(role)
                    .setSwarmNodeId("swm-" + id)
                    .setAdvertiseAddress("198.51.100.11")
                    .setUnderlayInterface("eth0")
                    .setEngineVersion("20.10.24")
                    .setDataPathPort(4789))
            .setTakenAt(Timestamp.newBuilder().setSeconds(1_796_397_000L).setNanos(123_000));
    for (NamespaceKind kind : known(NamespaceKind.values())) {
      Namespace.Builder ns =
          Namespace.newBuilder()
              .setPath("/run/netns/" + kind.getNumber())
              .setKind(kind)
              .setName("ns" + kind.getNumber())
              .setNetworkId("net1")
              .setContainerId("c1")
              .setContainerName("web.1.x")
              .setTaskId("task1");
      for (InterfaceKind ifaceKind : known(InterfaceKind.values())) {
        ns.addInterfaces(
            Interface.newBuilder()
                .setName("if" + ifaceKind.getNumber())
                .setIndex(3)
                .setKind(ifaceKind)
                .setMac("02:42:0a:00:01:02")
                .setMtu(1450)
                .setMaster("br0")
                .setPeerIndex(4)
                .setPeerNamespace("/run/x")
                .addAddresses("10.0.1.2/24")
                .setUp(true)
                .setVxlan(
                    VxlanInfo.newBuilder()
                        .setVni(4097)
                        .setPort(4789)
                        .setLocalAddress("198.51.100.11"))
                .addFdb(
                    FdbEntry.newBuilder()
                        .setMac("00:00:00:00:00:00")
                        .setDst("198.51.100.12")
                        .setVlan(1)
                        .setPermanent(true)
                        .setSelf(true)));
      }
      t.addNamespaces(ns);
    }
    for (NetworkScope scope : known(NetworkScope.values())) {
      t.addNetworks(
          Network.newBuilder()
              .setId("net" + scope.getNumber())
              .setName("n" + scope.getNumber())
              .setDriver("overlay")
              .setScope(scope)
              .addVnis(4097)
              .addSubnets(Subnet.newBuilder().setCidr("10.0.1.0/24").setGateway("10.0.1.1"))
              .setAttachable(true)
              .setIngress(true)
              .setInternal(true)
              .addPeers(NetworkPeer.newBuilder().setName("p").setAddress("198.51.100.12")));
    }
    List<EndpointMode> endpointModes = known(EndpointMode.values());
    List<PublishMode> publishModes = known(PublishMode.values());
    List<ServiceMode> modes = known(ServiceMode.values());
    for (int i = 0; i < modes.size(); i++) {
      t.addServices(
          Service.newBuilder()
              .setId("svc" + i)
              .setName("web" + i)
              .setMode(modes.get(i))
              .setReplicas(2)
              .setEndpointMode(endpointModes.get(i % endpointModes.size()))
              .addPublishedPorts(
                  PublishedPort.newBuilder()
                      .setProtocol(Protocol.PROTOCOL_TCP)
                      .setTargetPort(80)
                      .setPublishedPort(8001)
                      .setPublishMode(publishModes.get(i % publishModes.size())))
              .addVirtualIps(attachment())
              .setImage("local/web")
              .setStack("wordpress"));
    }
    for (TaskState state : known(TaskState.values())) {
      t.addTasks(
          Task.newBuilder()
              .setId("task" + state.getNumber())
              .setServiceId("svc0")
              .setSlot(1)
              .setSwarmNodeId("swm")
              .setContainerId("c1")
              .setState(state)
              .addNetworks(attachment()));
    }
    t.addContainers(
        Container.newBuilder()
            .setId("c1")
            .setName("web.1.x")
            .setImage("local/web")
            .setTaskId("task1")
            .setServiceId("svc0")
            .setServiceName("web0")
            .setSandboxKey("/run/netns/5")
            .addNetworks(attachment()));
    return t.build();
  }

  private static NetworkAttachment attachment() {
    return NetworkAttachment.newBuilder()
        .setNetworkId("net1")
        .setNetworkName("wordpress_net")
        .addAddresses("10.0.1.2")
        .setMac("02:42:0a:00:01:02")
        .build();
  }

  /**
   * The values an agent can send: all but protobuf's stand-in for numbers the build does not know.
   */
  private static <E extends Enum<E>> List<E> known(E[] values) {
    return Arrays.stream(values).filter(v -> !v.name().equals("UNRECOGNIZED")).toList();
  }
}

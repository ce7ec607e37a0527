package io.dockercanvas.agent.discovery;

import static io.dockercanvas.agent.discovery.EngineFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dockercanvas.agent.discovery.DockerNetwork.Peer;
import io.dockercanvas.agent.discovery.DockerNetwork.Subnet;
import io.dockercanvas.agent.discovery.DockerService.EndpointMode;
import io.dockercanvas.agent.discovery.DockerService.PublishMode;
import io.dockercanvas.agent.discovery.DockerService.PublishedPort;
import io.dockercanvas.agent.discovery.DockerService.VirtualIp;
import io.dockercanvas.agent.discovery.DockerTask.NetworkAddress;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class EngineJsonTest {

  @Test
  void node_managerInfo_readsSwarmIdentity() {
    SwarmNode node = EngineJson.node(json("info.json"));

    assertThat(node)
        .isEqualTo(
            new SwarmNode(
                EngineFixtures.NODE_ID,
                "dcnode1",
                SwarmNode.Role.MANAGER,
                "203.0.113.50",
                4789,
                "20.10.24+dfsg1"));
  }

  @Test
  void node_workerInfo_isWorkerWithUnknownDataPathPort() {
    ObjectNode info = (ObjectNode) json("info.json");
    ObjectNode swarm = (ObjectNode) info.path("Swarm");
    swarm.put("ControlAvailable", false);
    swarm.remove("Cluster");

    SwarmNode node = EngineJson.node(info);

    assertThat(node.role()).isEqualTo(SwarmNode.Role.WORKER);
    assertThat(node.dataPathPort()).isZero();
  }

  @Test
  void node_engineOutsideSwarm_hasRoleNone() {
    ObjectNode info = (ObjectNode) json("info.json");
    ((ObjectNode) info.path("Swarm")).put("LocalNodeState", "inactive").put("NodeID", "");

    assertThat(EngineJson.node(info).role()).isEqualTo(SwarmNode.Role.NONE);
  }

  @Test
  void network_verboseOverlay_readsVniSubnetPeersAndEndpoints() {
    DockerNetwork network = EngineJson.network(json("network-wordpress_net.json"));

    assertThat(network.id()).isEqualTo(EngineFixtures.WORDPRESS_NET_ID);
    assertThat(network.name()).isEqualTo("wordpress_net");
    assertThat(network.isOverlay()).isTrue();
    assertThat(network.scope()).isEqualTo("swarm");
    assertThat(network.attachable()).isTrue();
    assertThat(network.ingress()).isFalse();
    assertThat(network.vnis()).containsExactly(4097);
    assertThat(network.subnets()).containsExactly(new Subnet("10.0.9.0/24", "10.0.9.1"));
    assertThat(network.peers()).containsExactly(new Peer("47b1da92e90a", "203.0.113.50"));
    assertThat(network.endpoints())
        .extracting(DockerNetwork.Endpoint::name, DockerNetwork.Endpoint::ipv4Address)
        .containsExactlyInAnyOrder(
            Tuple.tuple("web.1.3x57je9ms13cxvsu9wjjcl596", "10.0.9.2/24"),
            Tuple.tuple("vipsvc.1.8bvi9szkdpqntyq4n6bpx3jb5", "10.0.9.5/24"),
            Tuple.tuple("wordpress_net-endpoint", "10.0.9.3/24"));
  }

  @Test
  void network_ingress_isMarkedWithItsVni() {
    DockerNetwork ingress = EngineJson.network(json("network-ingress.json"));

    assertThat(ingress.ingress()).isTrue();
    assertThat(ingress.vnis()).containsExactly(4096);
  }

  @Test
  void network_localBridge_hasNoVniOrPeers() {
    DockerNetwork bridge = EngineJson.network(json("network-docker_gwbridge.json"));

    assertThat(bridge.driver()).isEqualTo("bridge");
    assertThat(bridge.vnis()).isEmpty();
    assertThat(bridge.peers()).isEmpty();
    assertThat(bridge.subnets()).containsExactly(new Subnet("172.18.0.0/16", "172.18.0.1"));
  }

  @Test
  void vnis_listWithBadEntry_keepsTheGoodOnes() {
    assertThat(EngineJson.vnis("4097,4098")).containsExactly(4097, 4098);
    assertThat(EngineJson.vnis("4097,x")).containsExactly(4097);
    assertThat(EngineJson.vnis("")).isEmpty();
  }

  @Test
  void service_dnsrrWithHostPort_readsModeAndPort() {
    DockerService web = service("web");

    assertThat(web.endpointMode()).isEqualTo(EndpointMode.DNSRR);
    assertThat(web.ports()).containsExactly(new PublishedPort("tcp", 80, 8001, PublishMode.HOST));
    assertThat(web.virtualIps()).isEmpty();
  }

  @Test
  void service_vipWithIngressPort_readsVirtualIps() {
    DockerService vipsvc = service("vipsvc");

    assertThat(vipsvc.endpointMode()).isEqualTo(EndpointMode.VIP);
    assertThat(vipsvc.ports())
        .containsExactly(new PublishedPort("tcp", 80, 8002, PublishMode.INGRESS));
    assertThat(vipsvc.virtualIps())
        .containsExactly(
            new VirtualIp(EngineFixtures.INGRESS_ID, "10.0.0.3/24"),
            new VirtualIp(EngineFixtures.WORDPRESS_NET_ID, "10.0.9.4/24"));
  }

  @Test
  void task_running_readsContainerAndAddressesPerNetwork() {
    List<DockerTask> tasks = new ArrayList<>();
    json("tasks.json").forEach(task -> tasks.add(EngineJson.task(task)));
    DockerTask vipsvcTask =
        tasks.stream()
            .filter(t -> t.id().equals("8bvi9szkdpqntyq4n6bpx3jb5"))
            .findFirst()
            .orElseThrow();

    assertThat(vipsvcTask.serviceId()).isEqualTo("z32fv5y7noapwwt4xvj9cm8jr");
    assertThat(vipsvcTask.slot()).isEqualTo(1);
    assertThat(vipsvcTask.nodeId()).isEqualTo(EngineFixtures.NODE_ID);
    assertThat(vipsvcTask.state()).isEqualTo("running");
    assertThat(vipsvcTask.containerId()).isEqualTo(EngineFixtures.VIPSVC_CONTAINER_ID);
    assertThat(vipsvcTask.addresses())
        .containsExactly(
            new NetworkAddress(EngineFixtures.INGRESS_ID, "10.0.0.4/24"),
            new NetworkAddress(EngineFixtures.WORDPRESS_NET_ID, "10.0.9.5/24"));
  }

  @Test
  void container_swarmTask_readsSandboxLabelsAndAttachments() {
    DockerContainer container = EngineJson.container(json("container-dce263ceab91.json"));

    assertThat(container.id()).isEqualTo(EngineFixtures.VIPSVC_CONTAINER_ID);
    assertThat(container.name()).isEqualTo("vipsvc.1.8bvi9szkdpqntyq4n6bpx3jb5");
    assertThat(container.serviceName()).isEqualTo("vipsvc");
    assertThat(container.taskId()).isEqualTo("8bvi9szkdpqntyq4n6bpx3jb5");
    assertThat(container.sandboxKey()).isEqualTo("/tmp/dcdisc/exec/netns/f4039c587955");
    assertThat(container.sandboxName()).isEqualTo("f4039c587955");
    assertThat(container.attachments())
        .containsExactlyInAnyOrder(
            new DockerContainer.Attachment(
                EngineFixtures.INGRESS_ID, "ingress", "10.0.0.4", "02:42:0a:00:00:04"),
            new DockerContainer.Attachment(
                EngineFixtures.WORDPRESS_NET_ID, "wordpress_net", "10.0.9.5", "02:42:0a:00:09:05"));
  }

  @Test
  void event_recordedStream_readsTypeActionAndActor() {
    List<DockerEvent> events =
        EngineFixtures.text("events.jsonl")
            .lines()
            .map(line -> EngineJson.event(readTree(line)))
            .toList();

    assertThat(events)
        .extracting(e -> e.type() + " " + e.action())
        .containsExactly(
            "container create",
            "network connect",
            "container start",
            "container die",
            "network disconnect",
            "container destroy",
            "service update");
    assertThat(events.get(1).actorId()).isEqualTo(EngineFixtures.WORDPRESS_NET_ID);
    assertThat(events.get(1).attributes()).containsEntry("name", "wordpress_net");
  }

  @Test
  void service_dnsrrWithoutPorts_emptyAppliedSpec_modeFromTheRequestedSpec() {
    // what Docker 20.10 reports for the lab's db service: no ports, so Endpoint.Spec is {}
    DockerService db =
        EngineJson.service(
            readTree(
                """
        {"ID": "dbid", "Spec": {"Name": "db", "EndpointSpec": {"Mode": "dnsrr"}}, "Endpoint": {"Spec": {}}}"""));

    assertThat(db.endpointMode()).isEqualTo(DockerService.EndpointMode.DNSRR);
  }

  private static DockerService service(String name) {
    for (JsonNode service : json("services.json")) {
      if (service.path("Spec").path("Name").asText().equals(name)) {
        return EngineJson.service(service);
      }
    }
    throw new AssertionError("no service " + name + " in services.json");
  }

  private static JsonNode readTree(String line) {
    try {
      return EngineFixtures.JSON.readTree(line);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}

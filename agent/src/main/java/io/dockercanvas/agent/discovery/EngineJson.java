package io.dockercanvas.agent.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockercanvas.agent.discovery.DockerNetwork.Endpoint;
import io.dockercanvas.agent.discovery.DockerNetwork.Peer;
import io.dockercanvas.agent.discovery.DockerNetwork.Subnet;
import io.dockercanvas.agent.discovery.DockerService.EndpointMode;
import io.dockercanvas.agent.discovery.DockerService.PublishMode;
import io.dockercanvas.agent.discovery.DockerService.PublishedPort;
import io.dockercanvas.agent.discovery.DockerService.VirtualIp;
import io.dockercanvas.agent.discovery.DockerTask.NetworkAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps the Engine API's JSON (API 1.41 as served by Docker 20.10, and later) to discovery's
 * records. Missing fields become empty values rather than errors: older engines and workers leave
 * many out.
 */
final class EngineJson {

  static final String VXLAN_IDS_OPTION = "com.docker.network.driver.overlay.vxlanid_list";

  private static final Logger log = LoggerFactory.getLogger(EngineJson.class);

  private EngineJson() {}

  static SwarmNode node(JsonNode info) {
    JsonNode swarm = info.path("Swarm");
    String nodeId = swarm.path("NodeID").asText("");
    boolean active = "active".equals(swarm.path("LocalNodeState").asText()) && !nodeId.isEmpty();
    SwarmNode.Role role =
        !active
            ? SwarmNode.Role.NONE
            : swarm.path("ControlAvailable").asBoolean()
                ? SwarmNode.Role.MANAGER
                : SwarmNode.Role.WORKER;
    return new SwarmNode(
        nodeId,
        info.path("Name").asText(""),
        role,
        swarm.path("NodeAddr").asText(""),
        swarm.path("Cluster").path("DataPathPort").asInt(0),
        info.path("ServerVersion").asText(""));
  }

  static DockerNetwork network(JsonNode network) {
    List<Subnet> subnets =
        map(
            network.path("IPAM").path("Config"),
            config ->
                new Subnet(config.path("Subnet").asText(""), config.path("Gateway").asText("")));
    List<Peer> peers =
        map(
            network.path("Peers"),
            peer -> new Peer(peer.path("Name").asText(""), peer.path("IP").asText("")));
    List<Endpoint> endpoints = new ArrayList<>();
    network
        .path("Containers")
        .fields()
        .forEachRemaining(
            entry ->
                endpoints.add(
                    new Endpoint(
                        entry.getKey(),
                        entry.getValue().path("Name").asText(""),
                        entry.getValue().path("EndpointID").asText(""),
                        entry.getValue().path("MacAddress").asText(""),
                        entry.getValue().path("IPv4Address").asText(""))));
    return new DockerNetwork(
        network.path("Id").asText(),
        network.path("Name").asText(""),
        network.path("Driver").asText(""),
        network.path("Scope").asText(""),
        network.path("Ingress").asBoolean(),
        network.path("Attachable").asBoolean(),
        vnis(network.path("Options").path(VXLAN_IDS_OPTION).asText("")),
        subnets,
        peers,
        endpoints);
  }

  /**
   * "4097" or "4097,4098" (one id per subnet) to numbers; an unparsable id is logged and left out.
   */
  static List<Integer> vnis(String option) {
    List<Integer> vnis = new ArrayList<>();
    for (String id : option.split(",")) {
      try {
        if (!id.isBlank()) {
          vnis.add(Integer.parseInt(id.trim()));
        }
      } catch (NumberFormatException e) {
        log.warn("ignoring VXLAN id '{}' in {}='{}'", id, VXLAN_IDS_OPTION, option);
      }
    }
    return vnis;
  }

  static DockerService service(JsonNode service) {
    JsonNode endpoint = service.path("Endpoint");
    // Endpoint.Spec is what the orchestrator applied; Spec.EndpointSpec what was asked for. A
    // service without
    // published ports has an empty Endpoint.Spec ({}): its mode is then only in Spec.EndpointSpec.
    JsonNode endpointSpec =
        endpoint.path("Spec").isMissingNode()
            ? service.path("Spec").path("EndpointSpec")
            : endpoint.path("Spec");
    String modeText = endpoint.path("Spec").path("Mode").asText("");
    if (modeText.isEmpty()) {
      modeText = service.path("Spec").path("EndpointSpec").path("Mode").asText("");
    }
    EndpointMode mode = "dnsrr".equalsIgnoreCase(modeText) ? EndpointMode.DNSRR : EndpointMode.VIP;
    JsonNode ports = endpoint.has("Ports") ? endpoint.path("Ports") : endpointSpec.path("Ports");
    return new DockerService(
        service.path("ID").asText(),
        service.path("Spec").path("Name").asText(""),
        mode,
        map(ports, EngineJson::publishedPort),
        map(
            endpoint.path("VirtualIPs"),
            vip -> new VirtualIp(vip.path("NetworkID").asText(""), vip.path("Addr").asText(""))));
  }

  private static PublishedPort publishedPort(JsonNode port) {
    PublishMode mode =
        "host".equalsIgnoreCase(port.path("PublishMode").asText())
            ? PublishMode.HOST
            : PublishMode.INGRESS;
    return new PublishedPort(
        port.path("Protocol").asText("tcp").toLowerCase(Locale.ROOT),
        port.path("TargetPort").asInt(),
        port.path("PublishedPort").asInt(),
        mode);
  }

  static DockerTask task(JsonNode task) {
    List<NetworkAddress> addresses = new ArrayList<>();
    for (JsonNode attachment : task.path("NetworksAttachments")) {
      String networkId = attachment.path("Network").path("ID").asText("");
      attachment
          .path("Addresses")
          .forEach(address -> addresses.add(new NetworkAddress(networkId, address.asText())));
    }
    JsonNode status = task.path("Status");
    return new DockerTask(
        task.path("ID").asText(),
        task.path("ServiceID").asText(""),
        task.path("Slot").asInt(0),
        task.path("NodeID").asText(""),
        status.path("State").asText(""),
        task.path("DesiredState").asText(""),
        status.path("ContainerStatus").path("ContainerID").asText(""),
        addresses);
  }

  /** From {@code GET /containers/{id}/json} (the list endpoint lacks the sandbox key). */
  static DockerContainer container(JsonNode inspect) {
    JsonNode labels = inspect.path("Config").path("Labels");
    List<DockerContainer.Attachment> attachments = new ArrayList<>();
    inspect
        .path("NetworkSettings")
        .path("Networks")
        .fields()
        .forEachRemaining(
            entry ->
                attachments.add(
                    new DockerContainer.Attachment(
                        entry.getValue().path("NetworkID").asText(""),
                        entry.getKey(),
                        entry.getValue().path("IPAddress").asText(""),
                        entry.getValue().path("MacAddress").asText(""))));
    String name = inspect.path("Name").asText("");
    return new DockerContainer(
        inspect.path("Id").asText(),
        name.startsWith("/") ? name.substring(1) : name,
        labels.path("com.docker.swarm.service.id").asText(""),
        labels.path("com.docker.swarm.service.name").asText(""),
        labels.path("com.docker.swarm.task.id").asText(""),
        inspect.path("NetworkSettings").path("SandboxKey").asText(""),
        attachments);
  }

  static DockerEvent event(JsonNode event) {
    JsonNode actor = event.path("Actor");
    Map<String, String> attributes = new HashMap<>();
    actor
        .path("Attributes")
        .fields()
        .forEachRemaining(entry -> attributes.put(entry.getKey(), entry.getValue().asText()));
    return new DockerEvent(
        event.path("Type").asText(""),
        event.path("Action").asText(""),
        actor.path("ID").asText(""),
        attributes,
        event.path("timeNano").asLong(0));
  }

  private static <T> List<T> map(JsonNode array, Function<JsonNode, T> mapper) {
    List<T> result = new ArrayList<>();
    array.forEach(element -> result.add(mapper.apply(element)));
    return result;
  }
}

package io.dockercanvas.agent.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Engine API responses recorded from a real Docker 20.10 single-node swarm (resources discovery/):
 * node dcnode1 (manager, 203.0.113.50), overlay wordpress_net (VNI 4097, 10.0.9.0/24), service web
 * (dnsrr, host-mode 8001) and vipsvc (vip, ingress 8002), one task container each.
 */
final class EngineFixtures {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String NODE_ID = "aae7kt7kjqaims3zabwcmzzf8";
  static final String WORDPRESS_NET_ID = "ht90nsb9wamfyqxb6vsp9b8ns";
  static final String INGRESS_ID = "zadl0118hf74oky0i785oero8";
  static final String WEB_CONTAINER_ID =
      "6a9825363b984862a3ebc3961202c7253aa656934e79097e68e026ae545d14d3";
  static final String VIPSVC_CONTAINER_ID =
      "dce263ceab91077693cc29ba586402bf6439528ec1dbb1babc241287f83d901f";

  private EngineFixtures() {}

  static String text(String name) {
    try (InputStream in = EngineFixtures.class.getResourceAsStream("/discovery/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource discovery/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String name) {
    try {
      return JSON.readTree(text(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serves the whole recorded engine from {@code server}. */
  static void serveRecordedEngine(FakeEngineServer server) {
    server.routes.put("/info", text("info.json"));
    server.routes.put("/networks", text("networks.json"));
    for (JsonNode network : json("networks.json")) {
      server.routes.put(
          "/networks/" + network.path("Id").asText(),
          text("network-" + network.path("Name").asText() + ".json"));
    }
    server.routes.put("/services", text("services.json"));
    server.routes.put("/tasks", text("tasks.json"));
    server.routes.put("/containers/json", text("containers.json"));
    for (JsonNode container : json("containers.json")) {
      String id = container.path("Id").asText();
      server.routes.put(
          "/containers/" + id + "/json", text("container-" + id.substring(0, 12) + ".json"));
    }
  }
}

package io.dockercanvas.collector.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The recordings the replay tests play: the lab's 3-node sample and the seed's routing-mesh recording. */
final class LabSample {

  /** deploy/lab/sample: recorded by `canvas lab capture` on a real 3-node swarm. */
  static final Path SAMPLE = Path.of("..", "deploy", "lab", "sample").toAbsolutePath().normalize();
  /** The pipeline's routing-mesh recording (one HTTP client through DNAT, SNAT, VXLAN VNI 4096). */
  static final Path ROUTING_MESH = Path.of("..", "pipeline", "src", "test", "resources", "routing-mesh")
      .toAbsolutePath().normalize();

  private LabSample() {}

  static String capture(String node, String point) {
    return node + ":" + point + "=" + SAMPLE.resolve(node + "__" + point.replace("/", "__") + ".pcap");
  }

  static JsonObject topology(String node) {
    try {
      return new JsonObject(Files.readString(SAMPLE.resolve(node + "__topology.json")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The VNI the recorded node's engine gave an overlay network. */
  static int vniOf(String node, String network) {
    return topology(node).getJsonArray("networks").stream().map(JsonObject.class::cast)
        .filter(n -> n.getString("name").equals(network)).findFirst().orElseThrow().getInteger("vni");
  }

  /** First address of a container's interface in the recorded node's topology, without the prefix length. */
  static String containerAddress(String node, String container, String iface) {
    List<JsonObject> namespaces = topology(node).getJsonObject("node").getJsonArray("namespaces").stream()
        .map(JsonObject.class::cast).toList();
    JsonObject ns = namespaces.stream().filter(n -> container.equals(n.getString("container"))).findFirst().orElseThrow();
    JsonObject i = ns.getJsonArray("interfaces").stream().map(JsonObject.class::cast)
        .filter(x -> x.getString("name").equals(iface)).findFirst().orElseThrow();
    String cidr = i.getJsonArray("addresses").getString(0);
    return cidr.substring(0, cidr.indexOf('/'));
  }
}

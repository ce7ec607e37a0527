package io.dockercanvas.collector.cli;

import io.dockercanvas.pipeline.replay.TopologyFiles;
import io.dockercanvas.proto.v1.Container;
import io.dockercanvas.proto.v1.Network;
import io.dockercanvas.proto.v1.NodeTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The recordings the replay tests play: the lab's 3-node sample and the seed's routing-mesh
 * recording.
 */
final class LabSample {

  /** deploy/lab/sample: recorded by `canvas lab capture` on a real 3-node swarm. */
  static final Path SAMPLE = Path.of("..", "deploy", "lab", "sample").toAbsolutePath().normalize();

  /** The routing-mesh recording (one HTTP client through DNAT, SNAT, VXLAN VNI 4096). */
  static final Path ROUTING_MESH =
      Path.of("..", "pipeline", "src", "test", "resources", "routing-mesh")
          .toAbsolutePath()
          .normalize();

  private LabSample() {}

  static String capture(String node, String point) {
    return node
        + ":"
        + point
        + "="
        + SAMPLE.resolve(node + "__" + point.replace("/", "__") + ".pcap");
  }

  /** The recorded node's 'canvas agent snapshot'. */
  static NodeTopology topology(String node) {
    try {
      return TopologyFiles.read(SAMPLE.resolve(node + "__topology.json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Network network(String node, String name) {
    return topology(node).getNetworksList().stream()
        .filter(n -> n.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** The VNI the recorded node's engine gave an overlay network. */
  static int vniOf(String node, String network) {
    return network(node, network).getVnis(0);
  }

  /**
   * The address on a network of the container a capture point names ({@code client/eth0}: the
   * container client, {@code web/eth0}: the task of service web), as the recorded node's engine
   * lists it.
   */
  static String containerAddress(String node, String owner, String network) {
    Container container =
        topology(node).getContainersList().stream()
            .filter(
                c -> owner.equals(c.getServiceName().isEmpty() ? c.getName() : c.getServiceName()))
            .findFirst()
            .orElseThrow();
    return container.getNetworksList().stream()
        .filter(a -> a.getNetworkName().equals(network))
        .findFirst()
        .map(a -> a.getAddresses(0))
        .orElseThrow();
  }
}

package io.dockercanvas.collector.replay;

import io.dockercanvas.collector.rest.DemoScenesApi.Scene;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The recordings {@code demo} can replay, each a lab capture set under deploy/lab (and packaged in
 * the jar): the plain swarm, and the same swarm with a fault on.
 */
public final class DemoScenes {

  /** The scene {@code demo} plays unless told otherwise. */
  public static final String DEFAULT = "swarm";

  private record Recorded(Scene scene, String folder) {}

  private static final List<Recorded> ALL =
      List.of(
          new Recorded(
              new Scene(
                  DEFAULT,
                  "A 3-node swarm at work",
                  "HTTP client -> web over VXLAN (node1 -> node2), web -> db (node2 -> node3),"
                      + " pings, a UDP probe, an outside client through the published port 8001"),
              DemoSample.SAMPLE),
          new Recorded(
              new Scene(
                  "vxlan-drop",
                  "A node drops VXLAN",
                  "The same swarm while node2 drops the UDP 4789 arriving on its eth0"
                      + " (lab fault node2 vxlan-drop): client -> web reaches node2's eth0 and stops"
                      + " there; client -> db and the outside client still get through"),
              "sample-vxlan-drop"),
          new Recorded(
              new Scene(
                  "routing-mesh",
                  "The routing mesh (IPVS, Docker 26)",
                  "The swarm in the VM lab (stock kernel with IPVS): an outside client -> node1:8001"
                      + " balanced by ingress_sbox's IPVS over VXLAN 4096 to web on node2, and client"
                      + " -> the web VIP balanced in lb_, each hop naming the task chosen"),
              "sample-routing-mesh"));

  private DemoScenes() {}

  public static List<Scene> scenes() {
    return ALL.stream().map(Recorded::scene).toList();
  }

  public static Optional<Scene> named(String name) {
    return ALL.stream().map(Recorded::scene).filter(s -> s.name().equals(name)).findFirst();
  }

  /** The folder holding the scene's manifest.json (the checkout's, else unpacked from the jar). */
  public static Path locate(String name) throws IOException {
    Recorded recorded =
        ALL.stream()
            .filter(r -> r.scene().name().equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no demo scene '" + name + "'; the scenes are " + names()));
    return DemoSample.locate(recorded.folder());
  }

  public static String names() {
    return String.join(", ", ALL.stream().map(r -> r.scene().name()).toList());
  }
}

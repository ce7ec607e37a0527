package io.dockercanvas.testing.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The nodes as read from {@code lab status --json} (the document's shape as
 * deploy/lab/lib/inventory.sh writes it).
 */
class LabStatusTest {

  private static final String STATUS =
      """
      {"lab": {"dir": "/srv/lab", "underlay": "198.51.100.0/24", "bridge": "cvlab0"},
       "nodes": [
         {"name": "node1", "role": "manager", "status": "ready", "address": "198.51.100.11",
          "netns": "canvas-lab-node1", "netns_dir": "/srv/lab/node1/exec/netns", "namespaces": []},
         {"name": "node2", "role": "worker", "status": "ready", "address": "198.51.100.12",
          "netns": "canvas-lab-node2", "netns_dir": "/srv/lab/node2/exec/netns", "namespaces": []}]}
      """;

  @Test
  void nodes_fromStatus_socketUnderTheLabDirectoryAndNamespacesWhereTheNodeSays() throws Exception {
    assertThat(Lab.nodes(new ObjectMapper().readTree(STATUS)))
        .containsExactly(
            new Lab.Node(
                "node1",
                "198.51.100.11",
                Path.of("/srv/lab/node1/docker.sock"),
                Path.of("/srv/lab/node1/exec/netns")),
            new Lab.Node(
                "node2",
                "198.51.100.12",
                Path.of("/srv/lab/node2/docker.sock"),
                Path.of("/srv/lab/node2/exec/netns")));
  }

  @Test
  void netns_ofNodeAndOutside_theLabsNamedNamespaces() {
    Lab.Node node = new Lab.Node("node3", "198.51.100.13", Path.of("/x"), Path.of("/y"));

    assertThat(node.netns()).isEqualTo(Path.of("/run/netns/canvas-lab-node3"));
    assertThat(Lab.netnsFile(Lab.OUTSIDE)).isEqualTo(Path.of("/run/netns/canvas-lab-outside"));
  }
}

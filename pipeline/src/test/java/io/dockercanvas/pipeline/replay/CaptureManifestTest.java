package io.dockercanvas.pipeline.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockercanvas.pipeline.testing.TestCaptures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureManifestTest {

  @TempDir Path dir;

  @Test
  void read_routingMeshManifest_everyCaptureWithCanonicalPointAndFileBesideIt() throws IOException {
    Path folder = TestCaptures.folder("routing-mesh");

    List<CaptureSpec> captures = CaptureManifest.read(folder.resolve("manifest.json"));

    assertThat(captures).hasSize(11);
    assertThat(captures)
        .extracting(c -> c.node() + ":" + c.point())
        .contains(
            "client:eth0",
            "manager:ingress_sbox/eth1",
            "manager:ingress/vxlan0",
            "wire:mlabbr",
            "worker:web/eth0");
    assertThat(captures)
        .allSatisfy(c -> assertThat(c.file()).exists().startsWith(folder.toAbsolutePath()));
  }

  @Test
  void read_badManifests_refusedNamingEntryAndField() throws IOException {
    Path notJson = Files.writeString(dir.resolve("a.json"), "[{");
    Path notArray = Files.writeString(dir.resolve("b.json"), "{}");
    Path noFile =
        Files.writeString(
            dir.resolve("c.json"),
            "[{\"node\":\"n\",\"point\":\"eth0\",\"file\":\"x\"},"
                + "{\"node\":\"n\",\"point\":\"eth1\"}]");
    Path badPoint =
        Files.writeString(
            dir.resolve("d.json"), "[{\"node\":\"n\",\"point\":\"a/b/c\",\"file\":\"x\"}]");

    assertThatThrownBy(() -> CaptureManifest.read(notJson)).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> CaptureManifest.read(notArray))
        .hasMessageContaining("expected a JSON array");
    assertThatThrownBy(() -> CaptureManifest.read(noFile))
        .hasMessageContaining("entry 2: 'file' is missing");
    assertThatThrownBy(() -> CaptureManifest.read(badPoint))
        .hasMessageContaining("entry 1: observation point 'a/b/c'");
    assertThatThrownBy(() -> CaptureManifest.read(dir.resolve("none.json")))
        .hasMessageContaining("no such file");
  }

  @Test
  void recordedAddresses_labCaptureJsonBesideTheManifest_nodesAndTheOutsideClient()
      throws IOException {
    Path manifest = Files.writeString(dir.resolve("manifest.json"), "[]");
    Files.writeString(
        dir.resolve("capture.json"),
        """
                {"recorded_at": "2026-12-04T15:15:49Z", "routing_mesh": false,
                 "nodes": [{"name": "node1", "address": "198.51.100.11", "role": "manager"},
                           {"name": "node2", "address": "198.51.100.12", "role": "worker"}, {"name": "node3"}],
                 "outside": {"netns": "canvas-lab-outside", "address": "198.51.100.100"}}
                """);

    assertThat(CaptureManifest.recordedAddresses(manifest))
        .containsExactly(
            Map.entry("node1", "198.51.100.11"),
            Map.entry("node2", "198.51.100.12"),
            Map.entry("outside", "198.51.100.100"));
    Files.delete(dir.resolve("capture.json"));
    assertThat(CaptureManifest.recordedAddresses(manifest)).isEmpty();
  }
}

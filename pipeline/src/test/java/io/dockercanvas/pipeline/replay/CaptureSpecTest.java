package io.dockercanvas.pipeline.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CaptureSpecTest {

  @Test
  void parse_nodePointFile_canonicalPoint() {
    CaptureSpec spec = CaptureSpec.parse("node2:wordpress_net__vxlan0=/tmp/x=y.pcap");

    assertThat(spec.node()).isEqualTo("node2");
    assertThat(spec.point()).isEqualTo("wordpress_net/vxlan0");
    assertThat(spec.file()).isEqualTo(Path.of("/tmp/x=y.pcap"));
    assertThat(spec.namespacePath()).isEmpty();
  }

  @Test
  void parse_missingParts_refusedWithAnExample() {
    for (String bad :
        new String[] {
          "node2.pcap",
          "node2=eth0.pcap",
          "node2:eth0=",
          ":eth0=a.pcap",
          "node2:=a.pcap",
          "node2:a/b/c=a.pcap"
        }) {
      assertThatThrownBy(() -> CaptureSpec.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'");
    }
    assertThatThrownBy(() -> CaptureSpec.parse("node2.pcap"))
        .hasMessageContaining("NODE:POINT=FILE");
  }

  @Test
  void parseAddresses_nodeEqualsIp_kept() {
    assertThat(ReplayInput.parseAddresses(java.util.List.of("manager=203.0.113.11", "w=fd00::2")))
        .containsEntry("manager", "203.0.113.11")
        .containsEntry("w", "fd00::2");
    assertThatThrownBy(() -> ReplayInput.parseAddresses(java.util.List.of("manager:203.0.113.11")))
        .hasMessageContaining("--node-address 'manager:203.0.113.11': expected NODE=IP");
    assertThatThrownBy(() -> ReplayInput.parseAddresses(java.util.List.of("manager=node1.example")))
        .hasMessageContaining("expected NODE=IP");
  }
}

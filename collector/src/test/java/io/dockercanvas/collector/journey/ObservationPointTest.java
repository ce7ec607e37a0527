package io.dockercanvas.collector.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ObservationPointTest {

  @Test
  void parse_canonicalNames_kindOwnerAndInterface() {
    assertThat(ObservationPoint.parse("ens3"))
        .isEqualTo(new ObservationPoint("ens3", PointKind.UNDERLAY_NIC, "", "ens3"));
    assertThat(ObservationPoint.parse("docker_gwbridge").kind())
        .isEqualTo(PointKind.GATEWAY_BRIDGE);
    assertThat(ObservationPoint.parse("ingress_sbox/eth1"))
        .isEqualTo(
            new ObservationPoint("ingress_sbox/eth1", PointKind.SANDBOX, "ingress_sbox", "eth1"));
    assertThat(ObservationPoint.parse("wordpress_net/vxlan0").network()).isEqualTo("wordpress_net");
    assertThat(ObservationPoint.parse("ingress/br0").kind()).isEqualTo(PointKind.OVERLAY_BRIDGE);
    assertThat(ObservationPoint.parse("web.1.abc/eth0").network()).isEmpty();
  }

  @Test
  void parse_malformed_rejectedWithTheName() {
    assertThatThrownBy(() -> ObservationPoint.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> ObservationPoint.parse("/eth0")).hasMessageContaining("'/eth0'");
    assertThatThrownBy(() -> ObservationPoint.parse("a/b/c")).hasMessageContaining("'a/b/c'");
  }
}

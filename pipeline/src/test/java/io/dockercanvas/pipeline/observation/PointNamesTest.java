package io.dockercanvas.pipeline.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockercanvas.proto.v1.ObservationPointKind;
import org.junit.jupiter.api.Test;

class PointNamesTest {

  @Test
  void canonical_fileNameSpelling_slashes() {
    assertThat(PointNames.canonical("ingress_sbox__eth1")).isEqualTo("ingress_sbox/eth1");
    assertThat(PointNames.canonical("wordpress_net__vxlan0")).isEqualTo("wordpress_net/vxlan0");
    assertThat(PointNames.canonical("web/eth0")).isEqualTo("web/eth0");
    assertThat(PointNames.canonical("eth0")).isEqualTo("eth0");
  }

  @Test
  void canonical_badNames_refusedSayingWhatIsExpected() {
    for (String bad : new String[] {"", " ", "/eth0", "web/", "a/b/c", "node1:eth0", "a=b"}) {
      assertThatThrownBy(() -> PointNames.canonical(bad))
          .as(bad)
          .hasMessageContaining("expected an interface")
          .hasMessageContaining("OWNER/INTERFACE");
    }
  }

  @Test
  void kind_eachCanonicalShape_itsPlaceOnThePath() {
    assertThat(PointNames.kind("eth0"))
        .isEqualTo(ObservationPointKind.OBSERVATION_POINT_KIND_UNDERLAY);
    assertThat(PointNames.kind("cvlab0"))
        .isEqualTo(ObservationPointKind.OBSERVATION_POINT_KIND_UNDERLAY);
    assertThat(PointNames.kind("docker_gwbridge"))
        .isEqualTo(ObservationPointKind.OBSERVATION_POINT_KIND_GWBRIDGE);
    assertThat(PointNames.kind("ingress_sbox/eth0"))
        .isEqualTo(ObservationPointKind.OBSERVATION_POINT_KIND_INGRESS_SBOX);
    assertThat(PointNames.kind("ingress/vxlan0"))
        .isEqualTo(ObservationPointKind.OBSERVATION_POINT_KIND_OVERLAY_VXLAN);
    assertThat(PointNames.kind("wordpress_net/br0"))
        .isEqualTo(ObservationPointKind.OBSERVATION_POINT_KIND_OVERLAY_BRIDGE);
    assertThat(PointNames.kind("lb_usvwivtpv/eth0"))
        .isEqualTo(ObservationPointKind.OBSERVATION_POINT_KIND_LOAD_BALANCER);
    assertThat(PointNames.kind("web/eth1"))
        .isEqualTo(ObservationPointKind.OBSERVATION_POINT_KIND_CONTAINER);
  }

  @Test
  void point_containerInterface_nameInterfaceAndNode() {
    var point = PointNames.point("node2", "web__eth1", "");

    assertThat(point.getNodeId()).isEqualTo("node2");
    assertThat(point.getName()).isEqualTo("web/eth1");
    assertThat(point.getInterfaceName()).isEqualTo("eth1");
  }
}

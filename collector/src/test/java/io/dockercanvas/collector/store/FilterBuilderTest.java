package io.dockercanvas.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockercanvas.collector.journey.RewriteKind;
import io.dockercanvas.collector.journey.TrafficClass;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Values as people type them and as the contract sends them mean the same filter. */
class FilterBuilderTest {

  @Test
  void enumValues_anyCaseDashOrContractName() {
    Filter f =
        new FilterBuilder()
            .traffic("t", "Overlay-Control")
            .traffic("t", "TRAFFIC_CLASS_DATA")
            .rewrite("r", "un_dnat")
            .rewrite("r", "REWRITE_KIND_ENCAP")
            .verdict("v", "VERDICT_STATE_STOPPED")
            .verdict("v", "problem")
            .protocol("p", "PROTOCOL_UDP")
            .protocol("p", "TCP")
            .protocol("p", "47")
            .build();
    assertThat(f.trafficClasses()).containsOnly(TrafficClass.OVERLAY_CONTROL, TrafficClass.DATA);
    assertThat(f.rewrites()).containsOnly(RewriteKind.UN_DNAT, RewriteKind.ENCAP);
    assertThat(f.verdicts()).containsOnly("STOPPED", "PROBLEM");
    assertThat(f.protocols()).containsOnly(17, 6, 47);
  }

  @Test
  void badValues_refusedNamingTheParameterAndWhatIsAccepted() {
    assertThatThrownBy(() -> new FilterBuilder().traffic("--traffic", "bulk"))
        .hasMessage("--traffic: 'bulk' is not one of data, control, dns, overlay-control");
    assertThatThrownBy(() -> new FilterBuilder().rewrite("rewrite", "NAT"))
        .hasMessageStartingWith("rewrite: 'NAT' is not one of DNAT, SNAT, ENCAP, DECAP");
    assertThatThrownBy(() -> new FilterBuilder().port("ports[2]", 70000))
        .hasMessage("ports[2]: '70000' is not a port (1-65535)");
    assertThatThrownBy(() -> new FilterBuilder().vni("vni", "-1"))
        .hasMessage("vni: '-1' is not a VNI (0-16777215)");
    assertThatThrownBy(() -> new FilterBuilder().sourceIp("from_ip", "web"))
        .hasMessageStartingWith("from_ip: 'web' is not an IP address or CIDR");
    assertThatThrownBy(() -> new FilterBuilder().point("point", "")).hasMessage("point: empty");
  }

  /** A service without any known address still filters: it matches nothing, not everything. */
  @Test
  void directionAwareService_withoutAddresses_isStillACriterion() {
    Filter f = new FilterBuilder().sourceService("from_service", "nothing-here").build();
    assertThat(f.sourceServices().isEmpty()).isFalse();
    assertThat(f.sourceServices().contains("10.0.0.5")).isFalse();
  }

  @Test
  void serviceAddresses_fromTheTopology_taskAddressesAsSingleAddresses() {
    FilterNames names =
        new FilterNames() {
          @Override
          public Set<String> networks(String nameOrId) {
            return Set.of(nameOrId);
          }

          @Override
          public Set<String> services(String nameOrId) {
            return Set.of(nameOrId);
          }

          @Override
          public List<String> taskAddresses(String service) {
            return List.of("10.0.1.5/24");
          }

          @Override
          public List<String> virtualIps(String service) {
            return List.of("10.0.1.2/24");
          }
        };
    Filter f =
        new FilterBuilder(names)
            .sourceService("from_service", "web")
            .destinationService("to_service", "web")
            .build();
    assertThat(f.sourceServices().contains("10.0.1.5")).isTrue();
    assertThat(f.sourceServices().contains("10.0.1.6")).as("not the whole subnet").isFalse();
    assertThat(f.sourceServices().contains("10.0.1.2")).as("a VIP is no source").isFalse();
    assertThat(f.destinationServices().contains("10.0.1.2")).isTrue();
  }
}

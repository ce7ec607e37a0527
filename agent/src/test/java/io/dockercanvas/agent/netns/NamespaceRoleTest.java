package io.dockercanvas.agent.netns;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.agent.netns.NamespaceRole.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamespaceRoleTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "ingress_sbox,  INGRESS_SANDBOX, '',          0",
    "1-ynqxlz0tbb,  OVERLAY,         ynqxlz0tbb,  1",
    "12-0f3a9c1d2e, OVERLAY,         0f3a9c1d2e,  12",
    "lb_ynqxlz0tb,  LOAD_BALANCER,   ynqxlz0tb,   0",
    "3c4d5e6f7a8b,  CONTAINER,       3c4d5e6f7a8b, 0",
    "default,       OTHER,           '',          0",
    "1-short,       OTHER,           '',          0",
    "1-YNQXLZ0TBB,  OTHER,           '',          0",
    "lb_toolongname, OTHER,          '',          0",
    "3c4d5e6f7a8g,  OTHER,           '',          0",
    "3c4d5e6f7a8,   OTHER,           '',          0",
  })
  void of_dockerFileName_classifies(String fileName, Kind kind, String idPrefix, int epoch) {
    assertThat(NamespaceRole.of(fileName)).isEqualTo(new NamespaceRole(kind, idPrefix, epoch));
  }

  @ParameterizedTest(name = "{0} belongs to {1}: {2}")
  @CsvSource({
    "1-ynqxlz0tbb, ynqxlz0tbbdyq4zbs6wk9sd0s, true",
    "lb_ynqxlz0tb, ynqxlz0tbbdyq4zbs6wk9sd0s, true",
    "1-ynqxlz0tbb, aaaaaaaaaadyq4zbs6wk9sd0s, false",
    "3c4d5e6f7a8b, 3c4d5e6f7a8bdeadbeef,      false",
    "ingress_sbox, ynqxlz0tbbdyq4zbs6wk9sd0s, false",
  })
  void belongsToNetwork_networkId_matchesOnlyOverlayAndLoadBalancerPrefixes(
      String fileName, String networkId, boolean expected) {
    assertThat(NamespaceRole.of(fileName).belongsToNetwork(networkId)).isEqualTo(expected);
  }
}

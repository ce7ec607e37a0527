package io.dockercanvas.collector.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IpRangeTest {

  @Test
  void contains_cidrAndBareAddress() {
    assertThat(IpRange.parse("10.0.0.0/24").contains("10.0.0.108")).isTrue();
    assertThat(IpRange.parse("10.0.0.0/24").contains("10.0.1.1")).isFalse();
    assertThat(IpRange.parse("10.0.0.0/23").contains("10.0.1.1")).isTrue();
    assertThat(IpRange.parse("203.0.113.11").contains("203.0.113.11")).isTrue();
    assertThat(IpRange.parse("203.0.113.11").contains("203.0.113.12")).isFalse();
    assertThat(IpRange.parse("0.0.0.0/0").contains("198.51.100.1")).isTrue();
    assertThat(IpRange.parse("fd00::/64").contains("fd00::1")).isTrue();
    assertThat(IpRange.parse("fd00::/64").contains("10.0.0.1")).isFalse();
  }

  @Test
  void parse_namesAndMalformedText_rejectedWithoutLookup() {
    assertThatThrownBy(() -> IpRange.parse("example.com"))
        .hasMessageContaining("'example.com' is not an IP");
    assertThatThrownBy(() -> IpRange.parse("g::1")).hasMessageContaining("not an IP");
    assertThatThrownBy(() -> IpRange.parse("10.0.0.256")).hasMessageContaining("not an IP");
    assertThatThrownBy(() -> IpRange.parse("10.0.0.0/33")).hasMessageContaining("prefix length");
    assertThatThrownBy(() -> IpRange.parse("")).hasMessageContaining("not an IP");
  }
}

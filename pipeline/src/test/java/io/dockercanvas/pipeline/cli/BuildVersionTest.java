package io.dockercanvas.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildVersionTest {

  @Test
  void read_filteredByTheBuild_theVersion() {
    assertThat(
            BuildVersion.read(
                BuildVersionTest.class,
                "/io/dockercanvas/pipeline/cli/filtered-version.properties"))
        .isEqualTo("1.2.3");
  }

  @Test
  void read_notFiltered_dev() {
    assertThat(
            BuildVersion.read(
                BuildVersionTest.class,
                "/io/dockercanvas/pipeline/cli/unfiltered-version.properties"))
        .isEqualTo("dev");
  }

  @Test
  void read_noSuchResource_dev() {
    assertThat(
            BuildVersion.read(
                BuildVersionTest.class, "/io/dockercanvas/pipeline/cli/nowhere.properties"))
        .isEqualTo("dev");
  }
}

package io.dockercanvas.pipeline;

import static io.dockercanvas.pipeline.testing.ArchitectureRules.mainClassesOf;
import static io.dockercanvas.pipeline.testing.ArchitectureRules.noPackageCycles;
import static io.dockercanvas.pipeline.testing.ArchitectureRules.nothingPrivilegedNorFrom;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/** What agent and collector share holds nothing privileged and knows neither of them. */
class ArchitectureTest {

  private static final JavaClasses MAIN = mainClassesOf("io.dockercanvas.pipeline");

  @Test
  void noPackageCycles_inPipeline() {
    noPackageCycles("io.dockercanvas.pipeline").check(MAIN);
  }

  @Test
  void nothingPrivileged_andNeitherAgentNorCollector() {
    nothingPrivilegedNorFrom("io.dockercanvas.agent..", "io.dockercanvas.collector..").check(MAIN);
  }
}

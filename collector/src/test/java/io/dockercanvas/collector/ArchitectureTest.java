package io.dockercanvas.collector;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static io.dockercanvas.pipeline.testing.ArchitectureRules.mainClassesOf;
import static io.dockercanvas.pipeline.testing.ArchitectureRules.noPackageCycles;
import static io.dockercanvas.pipeline.testing.ArchitectureRules.nothingPrivilegedNorFrom;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

/**
 * The collector's packages form no cycle and it runs without privileges: nothing of the agent,
 * libpcap, setns or the Docker API (CollectorJarIT checks the same on the built jar's entries).
 */
class ArchitectureTest {

  private static final JavaClasses MAIN = mainClassesOf("io.dockercanvas.collector");

  @Test
  void noPackageCycles_inCollector() {
    noPackageCycles("io.dockercanvas.collector").check(MAIN);
  }

  @Test
  void nothingPrivileged_norOfTheAgent() {
    nothingPrivilegedNorFrom("io.dockercanvas.agent..").check(MAIN);
  }

  @Test
  void observerService_doesNotGoThroughRest() {
    noClasses()
        .that()
        .resideInAPackage("io.dockercanvas.collector.observer..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.dockercanvas.collector.rest..")
        .because(
            "the Observer gRPC service and REST/WebSocket are two views of the core, not layers of each other")
        .check(MAIN);
  }
}

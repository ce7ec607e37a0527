package io.dockercanvas.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static io.dockercanvas.pipeline.testing.ArchitectureRules.mainClassesOf;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.dockercanvas.pipeline.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The agent's packages form no cycle, and each privileged library stays in the one package that
 * needs it.
 */
class ArchitectureTest {

  private static final JavaClasses MAIN = mainClassesOf("io.dockercanvas.agent");

  @Test
  void noPackageCycles() {
    ArchitectureRules.noPackageCycles("io.dockercanvas.agent").check(MAIN);
  }

  @Test
  void nativeCallsOnlyInNetnsAndCapture() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.dockercanvas.agent.netns..", "io.dockercanvas.agent.capture..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("jnr..")
        .because(
            "setns/netlink (netns) and pcap_next_ex (capture) are the agent's privileged core (RATIONALE.md)")
        .check(MAIN);
  }

  @Test
  void pcapOnlyInCapture() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.dockercanvas.agent.capture..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.pcap4j..", "com.sun.jna..")
        .check(MAIN);
  }

  @Test
  void dockerApiOnlyInDiscovery() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.dockercanvas.agent.discovery..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.github.dockerjava..")
        .because("the Docker API is read through the read-only client only")
        .check(MAIN);
  }

  @Test
  void collectorIsNotADependency() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.dockercanvas.collector..")
        .check(MAIN);
  }
}

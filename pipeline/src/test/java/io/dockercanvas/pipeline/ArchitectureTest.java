package io.dockercanvas.pipeline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** What agent and collector share holds nothing privileged and knows neither of them. */
class ArchitectureTest {

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.dockercanvas.pipeline");

  @Test
  void noPackageCycles() {
    slices().matching("io.dockercanvas.pipeline.(*)..").should().beFreeOfCycles()
        .check(MAIN);
  }

  @Test
  void nothingPrivileged() {
    noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.pcap4j..", "jnr..", "com.sun.jna..", "com.github.dockerjava..")
          .because("capture, setns and the Docker API belong to the agent; the collector uses this module")
        .check(MAIN);
  }

  @Test
  void knowsNeitherSide() {
    noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.dockercanvas.agent..", "io.dockercanvas.collector..")
        .check(MAIN);
  }
}

package io.dockercanvas.collector;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The collector's packages form no cycle and it runs without privileges: nothing of the agent, libpcap,
 * setns or the Docker API (CollectorJarIT checks the same on the built jar's entries).
 */
class ArchitectureTest {

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.dockercanvas.collector");

  @Test
  void noPackageCycles() {
    slices().matching("io.dockercanvas.collector.(*)..").should().beFreeOfCycles()
        .check(MAIN);
  }

  @Test
  void nothingPrivileged() {
    noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.dockercanvas.agent..", "org.pcap4j..", "jnr..", "com.sun.jna..", "com.github.dockerjava..")
        .check(MAIN);
  }

  @Test
  void grpcServiceAndRestApartFromEachOther() {
    noClasses()
          .that()
          .resideInAPackage("io.dockercanvas.collector.observer..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.dockercanvas.collector.rest..")
          .because("the Observer gRPC service and REST/WebSocket are two views of the core, not layers of each other")
        .check(MAIN);
  }
}

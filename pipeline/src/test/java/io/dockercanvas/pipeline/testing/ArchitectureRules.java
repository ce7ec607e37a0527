package io.dockercanvas.pipeline.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/** The rules every module's ArchitectureTest applies to its own main classes. */
public final class ArchitectureRules {

  /** Libraries that need privileges (capture, setns, the Docker socket): the agent's alone. */
  public static final String[] PRIVILEGED_LIBRARIES = {
    "org.pcap4j..", "jnr..", "com.sun.jna..", "com.github.dockerjava.."
  };

  private ArchitectureRules() {}

  public static JavaClasses mainClassesOf(String rootPackage) {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(rootPackage);
  }

  /** No two packages directly below the root depend on each other in a circle. */
  public static ArchRule noPackageCycles(String rootPackage) {
    return slices().matching(rootPackage + ".(*)..").should().beFreeOfCycles();
  }

  /** Nothing of the privileged libraries, nor of the packages named. */
  public static ArchRule nothingPrivilegedNorFrom(String... packages) {
    String[] forbidden = new String[PRIVILEGED_LIBRARIES.length + packages.length];
    System.arraycopy(PRIVILEGED_LIBRARIES, 0, forbidden, 0, PRIVILEGED_LIBRARIES.length);
    System.arraycopy(packages, 0, forbidden, PRIVILEGED_LIBRARIES.length, packages.length);
    return noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden)
        .because("capture, setns and the Docker API belong to the agent, which runs privileged");
  }
}

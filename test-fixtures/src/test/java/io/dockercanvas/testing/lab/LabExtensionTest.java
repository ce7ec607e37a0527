package io.dockercanvas.testing.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The extension's prerequisites and what it reports when one is missing. This module's build points
 * canvas.root at a directory without ./canvas, so nothing here can touch the machine's lab.
 */
class LabExtensionTest {

  @TempDir Path repository;

  @LabTest
  static class PlainLab {}

  @LabTest(
      canvas = true,
      tools = {"jlink", "dockerd"},
      files = "deploy/stack.yml")
  static class CanvasAndMore {}

  @Test
  void missing_notRootNoToolsNoFiles_namesEachOne() {
    List<String> missing =
        LabExtension.missing(
            config(CanvasAndMore.class),
            repository,
            repository.resolve("busybox"),
            false,
            tool -> false);

    assertThat(missing).startsWith("root (the lab's namespaces, bridge and dockerds)");
    assertThat(missing)
        .contains(
            "dockerd on the PATH",
            "tcpdump on the PATH",
            "curl on the PATH",
            "jlink on the PATH",
            "a static busybox at " + repository.resolve("busybox") + " (busybox-static)",
            repository.resolve("canvas").toString(),
            repository.resolve("deploy/stack.yml").toString(),
            repository.resolve("agent/target/docker-canvas-agent.jar")
                + " (build its module first)",
            repository.resolve("collector/target/docker-canvas-collector.jar")
                + " (build its module first)");
    assertThat(missing).filteredOn(reason -> reason.startsWith("dockerd")).hasSize(1);
  }

  @Test
  void missing_everythingThere_nothing() throws Exception {
    Path busybox = executable(repository.resolve("busybox"));
    executable(repository.resolve("canvas"));
    Files.createDirectories(repository.resolve("deploy/lab"));
    executable(repository.resolve("deploy/lab/lab.sh"));

    assertThat(
            LabExtension.missing(config(PlainLab.class), repository, busybox, true, tool -> true))
        .isEmpty();
    assertThat(
            LabExtension.missing(
                config(PlainLab.class), repository, busybox, true, tool -> !tool.equals("jq")))
        .containsExactly("jq on the PATH");
    assertThat(
            LabExtension.missing(
                config(CanvasAndMore.class), repository, busybox, true, tool -> true))
        .as("the jars and the class's own file")
        .hasSize(3);
  }

  /**
   * Run as JUnit runs it: the class is skipped with the reason, no test of it starts, and no error.
   */
  @Test
  void labTest_launcherMissing_everyTestSkippedWithTheReason() {
    List<String> started = new ArrayList<>();
    List<TestExecutionResult> classResults = new ArrayList<>();
    TestExecutionListener listener =
        new TestExecutionListener() {
          @Override
          public void executionStarted(TestIdentifier test) {
            if (test.isTest()) {
              started.add(test.getDisplayName());
            }
          }

          @Override
          public void executionFinished(TestIdentifier test, TestExecutionResult result) {
            if (test.getSource().equals(Optional.of(ClassSource.from(NeedsTheLab.class)))) {
              classResults.add(result);
            }
          }
        };
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(NeedsTheLab.class))
                .build(),
            listener);

    assertThat(started).isEmpty();
    assertThat(classResults)
        .singleElement()
        .satisfies(
            result -> {
              assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.ABORTED);
              assertThat(result.getThrowable())
                  .get()
                  .extracting(Throwable::getMessage)
                  .asString()
                  .startsWith("Assumption failed: NeedsTheLab needs ")
                  .contains(Lab.repositoryRoot().resolve("canvas").toString())
                  .contains(
                      Lab.repositoryRoot().resolve("no/such.jar") + " (build its module first)")
                  .endsWith("(CI runs it as root with everything installed: .ci/run)");
            });
  }

  @LabTest(files = "no/such.jar")
  static class NeedsTheLab {
    @Test
    void usesTheLab(Lab lab) {
      assertThat(lab.nodes()).isNotEmpty();
    }
  }

  private static LabTest config(Class<?> annotated) {
    return annotated.getAnnotation(LabTest.class);
  }

  private static Path executable(Path file) throws Exception {
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rwxr-xr-x")));
    return file;
  }
}

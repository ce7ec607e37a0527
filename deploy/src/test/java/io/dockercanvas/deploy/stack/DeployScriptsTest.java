package io.dockercanvas.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dockercanvas.testing.HostCommand;
import io.dockercanvas.testing.lab.Lab;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The image and benchmark scripts: lint-clean; the image script with help and a clear refusal of
 * options it does not know.
 */
class DeployScriptsTest {

  private static final Path ROOT = Lab.repositoryRoot();

  @Test
  void scripts_passShellcheck() {
    assumeTrue(
        HostCommand.onPath("shellcheck"),
        "shellcheck is not installed (apt-get install -y shellcheck)");

    HostCommand.Result lint =
        HostCommand.run(
            Duration.ofSeconds(60),
            List.of(
                "shellcheck",
                "-x",
                "deploy/offline-images.sh",
                "deploy/bench/image-build.sh",
                // the benchmarks too: docs/benchmarks.md tells people to run them
                "agent/bench/capture-vs-tcpdump.sh",
                "agent/bench/cost.sh",
                "agent/bench/veth-pair.sh",
                "agent/bench/decode-vs-tcpdump.sh",
                "collector/bench/ingest.sh",
                "collector/bench/overload.sh",
                // the VM lab (issue 13; VmLabIT runs them)
                "deploy/lab/vm/build.sh",
                "deploy/lab/vm/run.sh",
                "deploy/lab/vm/vm-common.sh",
                "deploy/lab/vm/guest/canvas-vm-init",
                "deploy/lab/vm/guest/init.sh",
                "deploy/lab/vm/guest/check.sh",
                "deploy/lab/vm/guest/live.sh",
                "deploy/lab/vm/lab-vm.sh"),
            ROOT);

    assertThat(lint.exitCode()).as(lint.describe()).isZero();
  }

  @Test
  void offlineImages_helpSaysWhatItBuildsAndUnknownOptionIsRefused() {
    HostCommand.Result help = script("--help");
    HostCommand.Result unknown = script("--registry", "x");

    assertThat(help.exitCode()).isZero();
    assertThat(help.output())
        .contains("--docker unix://SOCKET", "*-prebuilt targets", "--network none");
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.output()).contains("unknown option --registry");
  }

  private static HostCommand.Result script(String... args) {
    List<String> command =
        new ArrayList<>(List.of(ROOT.resolve("deploy/offline-images.sh").toString()));
    command.addAll(List.of(args));
    return HostCommand.run(Duration.ofSeconds(30), command, ROOT);
  }
}

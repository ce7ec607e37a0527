package io.dockercanvas.deploy.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dockercanvas.testing.HostCommand;
import io.dockercanvas.testing.lab.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lab script's input checks and helpers: runs without root, so everywhere. */
class LabScriptTest {

  private final Path root = Lab.repositoryRoot();
  private final Path labDir = root.resolve("deploy/lab");

  @Test
  void help_listsEveryCommand() {
    HostCommand.Result help = lab("--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.output())
        .contains(
            "up [--nodes N]",
            "status [--json]",
            "traffic [--seconds S]",
            "capture --out DIR",
            "fault NODE KIND | fault clear",
            "docker NODE",
            "restart-docker NODE",
            "down");
  }

  @Test
  void subcommandHelp_explainsItself() {
    for (String command :
        List.of(
            "up", "down", "status", "traffic", "capture", "fault", "docker", "restart-docker")) {
      HostCommand.Result help = lab(command, "--help");
      assertThat(help.exitCode()).as(help.describe()).isZero();
      assertThat(help.output()).as(help.describe()).startsWith("Usage: ./canvas lab " + command);
    }
  }

  @Test
  void unknownCommand_failsWithUsage() {
    HostCommand.Result result = lab("launch");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output()).contains("unknown command 'launch'", "Usage: ./canvas lab COMMAND");
  }

  @Test
  void vmFlag_goesToTheVmLabWithItsOwnHelpAndRefusals() {
    HostCommand.Result help = lab("up", "--vm", "--help");
    assertThat(help.exitCode()).as(help.describe()).isZero();
    assertThat(help.output())
        .startsWith("Usage: ./canvas lab COMMAND --vm")
        .contains("up --vm", "capture --vm --out DIR", "down --vm", "vm build|status");

    HostCommand.Result unknown = lab("launch", "--vm");
    assertThat(unknown.exitCode()).as(unknown.describe()).isEqualTo(2);
    assertThat(unknown.output()).contains("unknown lab command 'launch'");

    HostCommand.Result vm = lab("vm", "explode");
    assertThat(vm.exitCode()).as(vm.describe()).isEqualTo(2);
    assertThat(vm.output()).contains("unknown vm command 'explode'");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      up --nodes 6               | --nodes must be a whole number from 3 to 5 (got '6')
      up --nodes two             | --nodes must be a whole number from 3 to 5 (got 'two')
      up --nodes                 | --nodes needs a number
      up --reset                 | unknown option for up: --reset
      traffic --rate 0           | --rate must be a whole number from 1 to 10 (got '0')
      traffic --seconds 999      | --seconds must be a whole number from 1 to 60 (got '999')
      capture --seconds 2        | capture needs --out DIR
      status --yaml              | unknown option for status: --yaml
      restart-docker             | which node? e.g. node2
      restart-docker node2 node3 | which node? e.g. node2
      fault node2                | fault needs NODE and KIND, e.g. ./canvas lab fault node2 vxlan-drop
      fault web vxlan-drop       | NODE must be node1..node5 or a number (got 'web')
      fault node2 firewall       | unknown fault kind 'firewall': one of vxlan-drop mtu fdb no-listener gwbridge-drop
      fault clear now            | fault clear takes no arguments
      """)
  void badInput_failsWithAClearMessage(String args, String message) {
    HostCommand.Result result = lab(args.split(" "));

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    assertThat(result.output()).contains("lab: error: " + message);
  }

  @Test
  void labDirectory_mustBeAPlainAbsolutePath() {
    for (String dir :
        List.of("relative/lab", "/", "/tmp", "/var/lib/../etc/lab", "/var/lib/my lab")) {
      HostCommand.Result result =
          HostCommand.run(
              Duration.ofSeconds(30),
              List.of("env", "CANVAS_LAB_DIR=" + dir, labDir.resolve("lab.sh").toString(), "down"));
      assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
      assertThat(result.output()).as(dir).contains("CANVAS_LAB_DIR must be");
    }
  }

  @Test
  void waitScale_mustBeAWholeNumberFrom1To20() {
    for (String scale : List.of("0", "21", "x", "1.5", "-2")) {
      HostCommand.Result result =
          HostCommand.run(
              Duration.ofSeconds(30),
              List.of(
                  "env",
                  "CANVAS_LAB_WAIT_SCALE=" + scale,
                  labDir.resolve("lab.sh").toString(),
                  "status"));
      assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
      assertThat(result.output())
          .as(scale)
          .contains("CANVAS_LAB_WAIT_SCALE must be a whole number from 1 to 20 (got '" + scale);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "198.51.100.0/24, true",
    "198.51.100.77, true",
    "198.51.100.128/25, true",
    "198.51.0.0/16, true",
    "198.0.0.0/8, true",
    "198.51.101.0/24, false",
    "192.0.2.0/24, false",
    "203.0.113.0/24, false",
    "0.0.0.0/0, false",
  })
  void prefixOverlapsUnderlay_matchesOnlyRoutesTouchingTheLabRange(
      String prefix, boolean overlaps) {
    String script =
        "source lib/common.sh; source lib/underlay.sh; prefix_overlaps_underlay " + prefix;
    HostCommand.Result result =
        HostCommand.run(Duration.ofSeconds(30), List.of("bash", "-c", script), labDir);

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(overlaps ? 0 : 1);
  }

  @Test
  void scripts_areShellcheckClean() throws Exception {
    assumeTrue(
        HostCommand.onPath("shellcheck"),
        "shellcheck is not installed (apt-get install -y shellcheck)");
    List<String> command = new ArrayList<>(List.of("shellcheck", "-x", "lab.sh"));
    try (Stream<Path> libs = Files.list(labDir.resolve("lib"))) {
      libs.map(p -> "lib/" + p.getFileName()).sorted().forEach(command::add);
    }
    HostCommand.Result result = HostCommand.run(Duration.ofSeconds(120), command, labDir);

    assertThat(result.exitCode()).as(result.describe()).isZero();
  }

  /** {@code ./canvas lab ARGS} from the repository root. */
  private HostCommand.Result lab(String... args) {
    List<String> command = new ArrayList<>(List.of(root.resolve("canvas").toString(), "lab"));
    command.addAll(List.of(args));
    return HostCommand.run(Duration.ofSeconds(30), command, root);
  }
}

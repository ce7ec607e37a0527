package io.dockercanvas.agent.cli;

import io.dockercanvas.pipeline.decode.FrameDecoder;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code canvas decode FILE}: every frame of a capture as one JSON line, or totals only. */
@Command(
    name = "decode",
    description = {
      "Decode a pcap or pcapng capture, VXLAN-aware: one JSON object per frame",
      "(keys in docs/decode-output.md), or only the totals with --stats.",
      "Reads any tcpdump, dumpcap or Wireshark capture; libpcap is not needed.",
    },
    footer = {
      "",
      "Exit codes:",
      "  0  the file was read; damage after a valid file header is a warning on",
      "     stderr, and the frames before it are printed",
      "  1  a read error",
      "  2  a usage error, or a file that cannot be read at all (missing, empty,",
      "     not a capture)",
    })
final class DecodeCommand implements Callable<Integer> {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "The capture: pcap (any magic or byte order) or pcapng.")
  Path file;

  @Option(
      names = "--stats",
      description =
          "Print only totals (frames, protocols, VXLAN by VNI, malformed) as one JSON object.")
  boolean statsOnly;

  @Option(
      names = "--vxlan-port",
      paramLabel = "N",
      description =
          "Also decode VXLAN on UDP port N (Docker's --data-path-port). 4789 is always decoded.")
  int vxlanPort = FrameDecoder.VXLAN_PORT;

  @ParentCommand AgentCli parent;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (vxlanPort < 1 || vxlanPort > 65535) {
      throw new ParameterException(
          spec.commandLine(), "--vxlan-port must be 1-65535, not " + vxlanPort);
    }
    return new DecodeRun(file, statsOnly, vxlanPort).run(parent.out(), parent.err());
  }
}

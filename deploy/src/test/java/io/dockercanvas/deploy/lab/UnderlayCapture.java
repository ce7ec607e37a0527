package io.dockercanvas.deploy.lab;

import io.dockercanvas.testing.HostCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** tcpdump of the VXLAN traffic on the lab's underlay bridge, in the host network namespace. */
final class UnderlayCapture implements AutoCloseable {

  private final Process tcpdump;
  private final Path pcap;
  private final Path log;

  private UnderlayCapture(Process tcpdump, Path pcap, Path log) {
    this.tcpdump = tcpdump;
    this.pcap = pcap;
    this.log = log;
  }

  /** Starts capturing UDP 4789 on BRIDGE into PCAP and returns once tcpdump listens. */
  static UnderlayCapture start(String bridge, Path pcap) throws IOException, InterruptedException {
    Path log = Files.createTempFile("underlay-capture", ".log");
    Process process =
        new ProcessBuilder(
                "tcpdump",
                "-Z",
                "root",
                "-U",
                "-n",
                "-i",
                bridge,
                "-w",
                pcap.toString(),
                "udp",
                "port",
                "4789")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    UnderlayCapture capture = new UnderlayCapture(process, pcap, log);
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!Files.readString(log, StandardCharsets.UTF_8).contains("listening on")) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        capture.close();
        throw new AssertionError(
            "tcpdump on " + bridge + " did not start: " + Files.readString(log));
      }
      Thread.sleep(100);
    }
    return capture;
  }

  /** Stops the capture (tcpdump flushes its file on SIGTERM) and decodes what it saw. */
  List<VxlanFrame> stopAndRead() throws InterruptedException {
    close();
    String text =
        HostCommand.run(
                Duration.ofSeconds(60), List.of("tcpdump", "-nn", "-e", "-r", pcap.toString()))
            .output();
    return TcpdumpVxlanReader.read(text);
  }

  @Override
  public void close() throws InterruptedException {
    if (tcpdump.isAlive()) {
      tcpdump.destroy();
      if (!tcpdump.waitFor(10, TimeUnit.SECONDS)) {
        tcpdump.destroyForcibly().waitFor();
      }
    }
    log.toFile().delete();
  }
}

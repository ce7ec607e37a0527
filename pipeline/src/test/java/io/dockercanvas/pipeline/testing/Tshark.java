package io.dockercanvas.pipeline.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * tshark's field output, the reference decoder: read from the {@code X.pcap.tshark.tsv} files
 * beside the captures, or made fresh by running tshark when it is installed.
 */
public final class Tshark {
  /** The fields of the references, in order (see conformance/SOURCES.md). */
  public static final List<String> FIELDS =
      List.of(
          "frame.number",
          "frame.time_epoch",
          "eth.src",
          "eth.dst",
          "ip.src",
          "ip.dst",
          "ip.id",
          "ip.proto",
          "udp.srcport",
          "udp.dstport",
          "vxlan.vni",
          "tcp.srcport",
          "tcp.dstport",
          "tcp.seq_raw",
          "tcp.ack_raw",
          "tcp.flags",
          "tcp.len",
          "icmp.type",
          "icmp.ident",
          "icmp.seq");

  private Tshark() {}

  /**
   * Rows by frame number; each row maps a field to its occurrences joined with '|' ("" when
   * absent).
   */
  public static Map<Long, Map<String, String>> parse(String tsv) {
    String[] lines = tsv.split("\n");
    String[] header = lines[0].split("\t", -1);
    Map<Long, Map<String, String>> rows = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isEmpty()) {
        continue;
      }
      String[] cells = lines[i].split("\t", -1);
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < header.length; c++) {
        row.put(header[c], c < cells.length ? cells[c].strip() : "");
      }
      rows.put(Long.parseLong(row.get("frame.number")), row);
    }
    return rows;
  }

  public static Map<Long, Map<String, String>> reference(Path capture) throws IOException {
    return parse(Files.readString(capture.resolveSibling(capture.getFileName() + ".tshark.tsv")));
  }

  /** The tshark executable on PATH, or null. */
  public static Path installed() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "tshark");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * Runs tshark on {@code capture} with the references' command. IP reassembly is turned off so
   * that each fragment is shown as it was captured (the decoder does not reassemble either).
   */
  public static Map<Long, Map<String, String>> run(Path tshark, Path capture)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                tshark.toString(),
                "-n",
                "-r",
                capture.toString(),
                "-o",
                "ip.defragment:FALSE",
                "-o",
                "ipv6.defragment:FALSE",
                "-T",
                "fields",
                "-E",
                "header=y",
                "-E",
                "separator=/t",
                "-E",
                "occurrence=a",
                "-E",
                "aggregator=|"));
    for (String field : FIELDS) {
      command.add("-e");
      command.add(field);
    }
    Path output = Files.createTempFile("tshark", ".tsv");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(output.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException("tshark failed on " + capture + ": " + command);
      }
      return parse(Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }
}

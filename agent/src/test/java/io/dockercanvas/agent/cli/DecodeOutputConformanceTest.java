package io.dockercanvas.agent.cli;

import static io.dockercanvas.agent.cli.DecodeCommandTest.child;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.dockercanvas.pipeline.testing.TestCaptures;
import io.dockercanvas.pipeline.testing.Tshark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code canvas decode} output against tshark, as the user sees it: {@code outer} is the first
 * VXLAN layer (the IP and UDP occurrence that carries the first VNI), {@code eth}, {@code ip} and
 * the transport are the last occurrence of each tshark field. Of a frame with an {@code error} (a
 * header cut by the snap length), the fields tshark shows are compared; the decoder may show more
 * (tshark 4.0 shows only the ports of a TCP header cut before its data offset).
 */
class DecodeOutputConformanceTest {
  /** ICMP types that quote the packet they are about (RFC 792, RFC 1191). */
  private static final Set<Long> ICMP_ERRORS = Set.of(3L, 4L, 5L, 11L, 12L);

  @TestFactory
  Stream<DynamicTest> decode_everyCapture_printsWhatTsharkSees() {
    return TestCaptures.all().stream()
        .map(
            capture ->
                dynamicTest(
                    capture.getFileName().toString(),
                    () -> {
                      Map<Long, Map<String, String>> reference = Tshark.reference(capture);
                      CliRun run = CliRun.of("decode", capture.toString());
                      assertThat(run.exitCode()).isZero();
                      List<String> mismatches = new ArrayList<>();
                      List<Map<String, Object>> lines = run.objects();
                      assertThat(lines).hasSize(reference.size());
                      for (Map<String, Object> line : lines) {
                        compare(capture, line, reference.get((Long) line.get("frame")), mismatches);
                      }
                      assertThat(mismatches).isEmpty();
                    }));
  }

  private static void compare(
      Path capture, Map<String, Object> line, Map<String, String> row, List<String> mismatches) {
    Checker check = new Checker(capture.getFileName() + " frame " + line.get("frame"), mismatches);
    long ts = (Long) line.get("ts_ns");
    check.equal(
        "ts_ns",
        String.format("%d.%09d", ts / 1_000_000_000L, ts % 1_000_000_000L),
        row.get("frame.time_epoch"));

    List<String> vnis = occurrences(row, "vxlan.vni");
    Map<String, Object> outer = child(line, "outer");
    check.present("outer", outer != null, !vnis.isEmpty());
    if (outer != null && !vnis.isEmpty()) {
      int udp = occurrences(row, "udp.dstport").indexOf("4789");
      check.equal("outer.vni", outer.get("vni"), vnis.get(0));
      check.equal("outer.src", outer.get("src"), occurrences(row, "ip.src").get(udp));
      check.equal("outer.dst", outer.get("dst"), occurrences(row, "ip.dst").get(udp));
      check.equal("outer.sport", outer.get("sport"), occurrences(row, "udp.srcport").get(udp));
      check.equal("outer.dport", outer.get("dport"), "4789");
    }
    check.section(line, "eth", row, Map.of("src", "eth.src", "dst", "eth.dst"));
    Map<String, String> ipRow = withoutQuotedIp(line, row);
    check.section(line, "ip", ipRow, Map.of("src", "ip.src", "dst", "ip.dst", "proto", "ip.proto"));
    Map<String, Object> ip = child(line, "ip");
    if (ip != null && ip.get("id") != null) {
      check.equal("ip.id", String.format("0x%04x", (Long) ip.get("id")), last(ipRow, "ip.id"));
    }
    check.section(
        line,
        "tcp",
        row,
        Map.of(
            "sport",
            "tcp.srcport",
            "dport",
            "tcp.dstport",
            "seq",
            "tcp.seq_raw",
            "ack",
            "tcp.ack_raw",
            "len",
            "tcp.len"));
    Map<String, Object> tcp = child(line, "tcp");
    if (tcp != null && (tcp.containsKey("flags") || last(row, "tcp.flags") != null)) {
      check.equal(
          "tcp.flags",
          tcp.containsKey("flags") ? String.format("0x%04x", (Long) tcp.get("flags")) : null,
          last(row, "tcp.flags"));
    }
    if (!line.containsKey("tcp") && !line.containsKey("icmp")) {
      check.section(line, "udp", row, Map.of("sport", "udp.srcport", "dport", "udp.dstport"));
    }
    check.section(
        line, "icmp", row, Map.of("type", "icmp.type", "id", "icmp.ident", "seq", "icmp.seq"));
  }

  /**
   * tshark also dissects the IPv4 header an ICMP error quotes, as the last ip.* occurrence; the
   * {@code ip} object is the header of the ICMP packet itself, the one before it.
   */
  private static Map<String, String> withoutQuotedIp(
      Map<String, Object> line, Map<String, String> row) {
    Map<String, Object> icmp = child(line, "icmp");
    int carriers = line.containsKey("outer") ? 1 : 0;
    int count = occurrences(row, "ip.src").size();
    if (icmp == null || !ICMP_ERRORS.contains(icmp.get("type")) || count <= carriers + 1) {
      return row;
    }
    Map<String, String> trimmed = new HashMap<>(row);
    for (String field : List.of("ip.src", "ip.dst", "ip.id", "ip.proto")) {
      trimmed.put(field, String.join("|", occurrences(row, field).subList(0, count - 1)));
    }
    return trimmed;
  }

  private static List<String> occurrences(Map<String, String> row, String field) {
    String value = row.getOrDefault(field, "");
    return value.isEmpty() ? List.of() : List.of(value.split("\\|"));
  }

  private static String last(Map<String, String> row, String field) {
    List<String> all = occurrences(row, field);
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  private record Checker(String where, List<String> mismatches) {
    void equal(String key, Object ours, String theirs) {
      if (!String.valueOf(ours).equals(theirs)) {
        mismatches.add(
            where + " " + key + ": tshark '" + theirs + "', canvas decode '" + ours + "'");
      }
    }

    void present(String key, boolean ours, boolean theirs) {
      if (ours != theirs) {
        mismatches.add(
            where + " " + key + ": present for tshark " + theirs + ", for canvas decode " + ours);
      }
    }

    /** Compares the keys of one JSON section with the last occurrence of tshark fields. */
    void section(
        Map<String, Object> line,
        String name,
        Map<String, String> row,
        Map<String, String> fields) {
      Map<String, Object> section = child(line, name);
      String probe = fields.values().iterator().next();
      present(
          name,
          section != null,
          last(row, fields.getOrDefault("src", probe)) != null
              || last(row, fields.getOrDefault("type", probe)) != null
              || last(row, fields.getOrDefault("sport", probe)) != null);
      if (section == null) {
        return;
      }
      boolean cut = line.containsKey("error");
      fields.forEach(
          (key, field) -> {
            if (last(row, field) != null || section.containsKey(key) && !cut) {
              equal(name + "." + key, section.get(key), last(row, field));
            }
          });
    }
  }
}

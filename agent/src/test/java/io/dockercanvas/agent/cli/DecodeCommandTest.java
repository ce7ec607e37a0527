package io.dockercanvas.agent.cli;

import static io.dockercanvas.pipeline.testing.TestFrames.ETHERTYPE_IPV4;
import static io.dockercanvas.pipeline.testing.TestFrames.TCP_SYN;
import static io.dockercanvas.pipeline.testing.TestFrames.ethernet;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4;
import static io.dockercanvas.pipeline.testing.TestFrames.ipv4Tcp;
import static io.dockercanvas.pipeline.testing.TestFrames.routingMeshSyn;
import static io.dockercanvas.pipeline.testing.TestFrames.udp;
import static io.dockercanvas.pipeline.testing.TestFrames.vxlan;
import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.pipeline.testing.CaptureBytes;
import io.dockercanvas.pipeline.testing.TestCaptures;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodeCommandTest {
  static final Path WIRE = TestCaptures.file("routing-mesh", "wire__mlabbr.pcap");

  @TempDir Path dir;

  @SuppressWarnings("unchecked")
  static Map<String, Object> child(Map<String, Object> object, String key) {
    return (Map<String, Object>) object.get(key);
  }

  @Test
  void decode_wireCapture_printsTheDocumentedLineForTheFirstSyn() {
    CliRun run = CliRun.of("decode", WIRE.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.lines()).hasSize(37);
    assertThat(run.lines().get(0))
        .isEqualTo(
            "{\"frame\":1,\"ts_ns\":1795785711048569000,\"caplen\":124,\"len\":124,"
                + "\"outer\":{\"src\":\"203.0.113.11\",\"dst\":\"203.0.113.12\",\"sport\":34633,\"dport\":4789,\"vni\":4096},"
                + "\"eth\":{\"src\":\"02:42:0a:00:00:02\",\"dst\":\"02:42:0a:00:00:6c\"},"
                + "\"ip\":{\"src\":\"10.0.0.2\",\"dst\":\"10.0.0.108\",\"id\":40683,\"proto\":6,\"ttl\":62},"
                + "\"tcp\":{\"sport\":42478,\"dport\":8001,\"seq\":239321586,\"ack\":0,\"flags\":2,\"len\":0},"
                + "\"fp\":\""
                + run.objects().get(0).get("fp")
                + "\"}");
    assertThat((String) run.objects().get(0).get("fp")).matches("[0-9a-f]{16}");
  }

  /**
   * The client's SYN in the -s 96 lab recording, on node1's underlay: the capture ends 12 bytes
   * into the inner TCP header, after the acknowledgement number. The same SYN at node1's overlay
   * bridge is whole.
   */
  @Test
  void decode_vxlanSynCutBySnaplen96_printsThePartialTcpHeaderTheErrorAndTheFingerprint() {
    CliRun run = CliRun.of("decode", TestCaptures.file("snaplen96", "node1__eth0.pcap").toString());
    CliRun whole =
        CliRun.of(
            "decode", TestCaptures.file("snaplen96", "node1__wordpress_net__br0.pcap").toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.lines().get(38))
        .isEqualTo(
            "{\"frame\":39,\"ts_ns\":1796397307992018000,\"caplen\":96,\"len\":124,"
                + "\"outer\":{\"src\":\"198.51.100.11\",\"dst\":\"198.51.100.12\",\"sport\":55374,\"dport\":4789,\"vni\":4097},"
                + "\"eth\":{\"src\":\"02:42:0a:00:01:06\",\"dst\":\"02:42:0a:00:01:02\"},"
                + "\"ip\":{\"src\":\"10.0.1.6\",\"dst\":\"10.0.1.2\",\"id\":65009,\"proto\":6,\"ttl\":64},"
                + "\"tcp\":{\"sport\":35478,\"dport\":80,\"seq\":3361684924,\"ack\":0},"
                + "\"fp\":\""
                + whole.objects().get(0).get("fp")
                + "\","
                + "\"error\":\"frame ends inside the TCP header at byte 96\"}");
    assertThat(child(whole.objects().get(0), "tcp"))
        .containsEntry("seq", 3361684924L)
        .containsEntry("flags", 2L);
    assertThat((String) whole.objects().get(0).get("fp")).matches("[0-9a-f]{16}");
  }

  @Test
  void decode_everyLine_isAJsonObjectWithOnlyTheDocumentedKeys() throws IOException {
    List<String> allowed =
        List.of(
            "frame", "ts_ns", "caplen", "len", "outer", "eth", "ip", "tcp", "udp", "icmp", "fp",
            "error");
    for (Path capture : TestCaptures.all()) {
      CliRun run = CliRun.of("decode", capture.toString());
      assertThat(run.exitCode()).as(capture.toString()).isZero();
      long number = 0;
      for (Map<String, Object> line : run.objects()) {
        assertThat(line.get("frame")).isEqualTo(++number);
        assertThat(allowed).containsAll(line.keySet());
        assertThat(
                line.keySet().stream()
                    .filter(k -> k.equals("tcp") || k.equals("udp") || k.equals("icmp")))
            .hasSizeLessThanOrEqualTo(1);
        if (line.containsKey("outer")) {
          assertThat(child(line, "outer").keySet())
              .containsExactly("src", "dst", "sport", "dport", "vni");
        }
      }
    }
  }

  @Test
  void decode_stats_printsOnlyTotals() {
    CliRun run = CliRun.of("decode", "--stats", WIRE.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.lines()).hasSize(1);
    Map<String, Object> stats = run.objects().get(0);
    assertThat(stats.get("frames")).isEqualTo(37L);
    assertThat(stats.get("format")).isEqualTo("pcap");
    assertThat(child(stats, "protocols").get("tcp")).isEqualTo(37L);
    assertThat(child(stats, "vxlan").get("frames")).isEqualTo(37L);
    assertThat(child(child(stats, "vxlan"), "by_vni")).containsExactly(Map.entry("4096", 37L));
    assertThat(child(stats, "malformed").get("frames")).isEqualTo(0L);
    assertThat(stats).doesNotContainKey("file_damage");
  }

  @Test
  void decode_missingFile_exitsWith2AndSaysSo() {
    CliRun run = CliRun.of("decode", dir.resolve("missing.pcap").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo("canvas decode: " + dir.resolve("missing.pcap") + ": no such file\n");
  }

  @Test
  void decode_emptyFile_exitsWith2() throws IOException {
    Path empty = Files.write(dir.resolve("empty.pcap"), new byte[0]);

    CliRun run = CliRun.of("decode", empty.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "canvas decode: " + empty + ": byte 0: file is empty (0 bytes), not a capture\n");
  }

  @Test
  void decode_randomBytes_exitsWith2NamingTheOffset() throws IOException {
    byte[] noise = new byte[10_000];
    new Random(1).nextBytes(noise);
    noise[0] = 0x42;
    Path random = Files.write(dir.resolve("random.pcap"), noise);

    CliRun run = CliRun.of("decode", "--stats", random.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .startsWith("canvas decode: " + random + ": byte 0: not a pcap or pcapng file")
        .hasLineCount(1);
  }

  @Test
  void decode_fileCutInsideTheLastRecord_printsEveryFrameWarnsAndExitsZero() throws IOException {
    byte[] whole = Files.readAllBytes(WIRE);
    Path cut = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length - 30));

    CliRun run = CliRun.of("decode", cut.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.lines()).hasSize(37);
    Map<String, Object> last = run.objects().get(36);
    assertThat(last.get("error")).isEqualTo("capture file ends inside this record");
    assertThat(child(last, "outer").get("vni")).as("decoded as far as it goes").isEqualTo(4096L);
    assertThat(run.err())
        .matches(
            "canvas decode: warning: "
                + cut.toString().replace(".", "\\.")
                + ": byte \\d+: file ends inside record 37 \\(\\d+ of \\d+ captured bytes\\); decoded 37 frames up to here\n");

    CliRun stats = CliRun.of("decode", "--stats", cut.toString());
    Map<String, Object> totals = stats.objects().get(0);
    assertThat(stats.exitCode()).isZero();
    assertThat(child(child(totals, "malformed"), "by_reason"))
        .containsExactly(Map.entry("record_cut_by_end_of_file", 1L));
    assertThat(child(totals, "file_damage").get("offset")).isEqualTo(lastRecordStart(whole));
  }

  /** Where the last record of a little-endian pcap starts. */
  private static long lastRecordStart(byte[] pcap) {
    int at = 24;
    int last = at;
    while (at < pcap.length) {
      last = at;
      at += 16 + ((pcap[at + 8] & 0xFF) | (pcap[at + 9] & 0xFF) << 8);
    }
    return last;
  }

  @Test
  void decode_fileCutInsideARecordHeader_keepsTheFramesBefore() throws IOException {
    byte[] whole = Files.readAllBytes(TestCaptures.file("conformance", "zeek__vxlan.pcap"));
    byte[] withPartialHeader = Arrays.copyOf(whole, whole.length + 5);
    Path cut = Files.write(dir.resolve("partial-header.pcap"), withPartialHeader);

    CliRun run = CliRun.of("decode", cut.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.lines()).hasSize(10);
    assertThat(run.err())
        .isEqualTo(
            "canvas decode: warning: "
                + cut
                + ": byte "
                + whole.length
                + ": file ends inside the header of record 11 (5 of 16 bytes); decoded 10 frames up to here\n");
  }

  @Test
  void decode_recordWithAnAbsurdLength_stopsThereWithAWarningAndExitsZero() throws IOException {
    byte[] whole = Files.readAllBytes(TestCaptures.file("conformance", "zeek__vxlan.pcap"));
    byte[] garbageHeader = {
      1, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 0, 0, 0, 0
    };
    Path file =
        Files.write(
            dir.resolve("absurd.pcap"),
            io.dockercanvas.pipeline.testing.TestFrames.concat(
                whole, garbageHeader, new byte[100]));

    CliRun run = CliRun.of("decode", file.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.lines()).hasSize(10);
    assertThat(run.err())
        .isEqualTo(
            "canvas decode: warning: "
                + file
                + ": byte "
                + whole.length
                + ": record 11 claims 2147483647 captured bytes, more than any capture holds: the file is corrupt"
                + " from here; decoded 10 frames up to here\n");
  }

  @Test
  void decode_pcapngWithUnknownBlocks_decodesThePacketsAndCountsTheRest() throws IOException {
    byte[] syn = routingMeshSyn();
    byte[] content =
        CaptureBytes.pcapng()
            .section(ByteOrder.LITTLE_ENDIAN)
            .opaqueBlock(0x40000BADL, 16)
            .interfaceBlock(1, 262144, 9, 0)
            .enhancedPacket(0, 1_764_249_711_866_321_123L, syn, syn.length)
            .opaqueBlock(0x0BADBEEFL, 4)
            .opaqueBlock(5, 28)
            .enhancedPacket(0, 1_764_249_711_866_321_124L, syn, syn.length)
            .bytes();
    Path file = Files.write(dir.resolve("blocks.pcapng"), content);

    CliRun frames = CliRun.of("decode", file.toString());
    CliRun stats = CliRun.of("decode", "--stats", file.toString());

    assertThat(frames.exitCode()).isZero();
    assertThat(frames.err()).isEmpty();
    assertThat(frames.objects())
        .extracting(o -> o.get("ts_ns"))
        .containsExactly(1_764_249_711_866_321_123L, 1_764_249_711_866_321_124L);
    assertThat(stats.objects().get(0).get("skipped_blocks")).isEqualTo(3L);
    assertThat(stats.objects().get(0).get("format")).isEqualTo("pcapng");
  }

  @Test
  void decode_framesCutMidHeader_carryAnErrorAndAreCounted() throws IOException {
    byte[] syn = routingMeshSyn();
    byte[] content =
        CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 1)
            .record(1, 0, syn, syn.length)
            .record(2, 0, Arrays.copyOf(syn, 44), syn.length) // inside the TCP header
            .record(3, 0, Arrays.copyOf(syn, 20), syn.length) // inside the IPv4 header
            .bytes();
    Path file = Files.write(dir.resolve("cut-frames.pcap"), content);

    CliRun run = CliRun.of("decode", file.toString());
    CliRun stats = CliRun.of("decode", "--stats", file.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.objects().get(0)).doesNotContainKey("error");
    assertThat(run.objects().get(1).get("error"))
        .isEqualTo("frame ends inside the TCP header at byte 42");
    assertThat(child(run.objects().get(1), "tcp"))
        .as("the fields before the cut")
        .containsExactly(
            Map.entry("sport", 42478L), Map.entry("dport", 8001L), Map.entry("seq", 239321586L));
    assertThat(run.objects().get(1))
        .as("no acknowledgement number to fingerprint")
        .doesNotContainKey("fp");
    assertThat(run.objects().get(2).get("error"))
        .isEqualTo("frame ends inside the IPv4 header at byte 14");
    assertThat(run.objects().get(2))
        .containsKey("eth")
        .doesNotContainKey("ip")
        .doesNotContainKey("fp");
    Map<String, Object> malformed = child(stats.objects().get(0), "malformed");
    assertThat(malformed.get("frames")).isEqualTo(2L);
    assertThat(child(malformed, "by_reason"))
        .containsOnly(
            Map.entry("truncated_tcp_header", 1L), Map.entry("truncated_ipv4_header", 1L));
  }

  @Test
  void decode_vxlanPortOption_decodesThatPortToo() throws IOException {
    byte[] inner =
        ethernet(
            "02:42:0a:00:00:02",
            "02:42:0a:00:00:6c",
            ETHERTYPE_IPV4,
            ipv4Tcp("10.0.0.2", "10.0.0.108", 1, 62, 42478, 8001, 1, 0, TCP_SYN, new byte[0]));
    byte[] frame =
        ethernet(
            "0e:00:00:00:00:0b",
            "0e:00:00:00:00:0c",
            ETHERTYPE_IPV4,
            ipv4(
                "198.51.100.11", "198.51.100.12", 2, 64, 17, udp(40000, 7789, vxlan(4097, inner))));
    Path file =
        Files.write(
            dir.resolve("port.pcap"),
            CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 1)
                .record(1, 0, frame, frame.length)
                .bytes());

    Map<String, Object> plain = CliRun.of("decode", file.toString()).objects().get(0);
    Map<String, Object> withPort =
        CliRun.of("decode", "--vxlan-port", "7789", file.toString()).objects().get(0);

    assertThat(plain).doesNotContainKey("outer").containsKey("udp");
    assertThat(child(withPort, "outer").get("vni")).isEqualTo(4097L);
    assertThat(child(withPort, "tcp").get("dport")).isEqualTo(8001L);
  }

  @Test
  void decode_badVxlanPort_isAUsageError() {
    CliRun run = CliRun.of("decode", "--vxlan-port", "70000", WIRE.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--vxlan-port must be 1-65535, not 70000");
  }

  @Test
  void decode_withoutAFile_isAUsageError() {
    CliRun run = CliRun.of("decode");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required parameter: 'FILE'");
  }

  @Test
  void canvas_withoutACommand_printsUsageAndExits2() {
    CliRun run = CliRun.of();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("a command is required").contains("decode");
  }

  @Test
  void help_listsTheCommandsAndExplainsExitCodes() {
    CliRun top = CliRun.of("--help");
    CliRun decode = CliRun.of("decode", "--help");

    assertThat(top.exitCode()).isZero();
    assertThat(top.out()).contains("Usage: canvas").contains("decode");
    assertThat(decode.exitCode()).isZero();
    assertThat(decode.out()).contains("--stats").contains("--vxlan-port").contains("Exit codes");
  }
}

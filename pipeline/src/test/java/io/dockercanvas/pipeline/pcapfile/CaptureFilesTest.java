package io.dockercanvas.pipeline.pcapfile;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureFilesTest {
  @TempDir Path dir;

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  @Test
  void open_missingFile_isUnreadable() {
    assertThatThrownBy(() -> CaptureFiles.open(dir.resolve("nope.pcap")))
        .isInstanceOf(UnreadableCaptureException.class)
        .hasMessage("no such file");
  }

  @Test
  void open_directory_isUnreadable() {
    assertThatThrownBy(() -> CaptureFiles.open(dir))
        .isInstanceOf(UnreadableCaptureException.class)
        .hasMessageContaining("directory");
  }

  @Test
  void open_emptyFile_isUnreadable() throws IOException {
    Path empty = write("empty.pcap", new byte[0]);

    assertThatThrownBy(() -> CaptureFiles.open(empty))
        .isInstanceOf(UnreadableCaptureException.class)
        .hasMessageContaining("empty")
        .extracting(e -> ((UnreadableCaptureException) e).offset())
        .isEqualTo(0L);
  }

  @Test
  void open_randomBytes_isNotACapture() throws IOException {
    byte[] noise = new byte[4096];
    new Random(7).nextBytes(noise);
    noise[0] = 0x11; // make sure no magic happens to match
    Path random = write("random.bin", noise);

    assertThatThrownBy(() -> CaptureFiles.open(random))
        .isInstanceOf(UnreadableCaptureException.class)
        .hasMessageStartingWith("not a pcap or pcapng file (starts with 0x11");
  }

  @Test
  void open_textFile_isNotACapture() throws IOException {
    Path text = write("notes.txt", "hello, this is not a capture\n".getBytes());

    assertThatThrownBy(() -> CaptureFiles.open(text))
        .isInstanceOf(UnreadableCaptureException.class)
        .hasMessageContaining("0x68656c6c");
  }

  @Test
  void open_gzippedCapture_saysToDecompress() throws IOException {
    Path gz = write("c.pcap.gz", new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0});

    assertThatThrownBy(() -> CaptureFiles.open(gz)).hasMessageContaining("gzip");
  }

  @Test
  void open_fileShorterThanAMagic_isUnreadable() throws IOException {
    Path tiny = write("tiny.pcap", new byte[] {(byte) 0xd4, (byte) 0xc3});

    assertThatThrownBy(() -> CaptureFiles.open(tiny))
        .hasMessageContaining("too short")
        .hasMessageContaining("2 bytes");
  }

  @Test
  void open_pcapFileHeaderCutShort_isUnreadable() throws IOException {
    Path cut =
        write(
            "cut.pcap",
            new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0, 0, 0});

    assertThatThrownBy(() -> CaptureFiles.open(cut))
        .isInstanceOf(UnreadableCaptureException.class)
        .hasMessageContaining("10 of 24 bytes");
  }
}

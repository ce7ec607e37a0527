package io.dockercanvas.pipeline.pcapfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.pipeline.decode.DecodeError;
import io.dockercanvas.pipeline.decode.LinkType;
import io.dockercanvas.pipeline.testing.CaptureBytes;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PcapReaderTest {
  @TempDir Path dir;
  private final CapturedFrame frame = new CapturedFrame();

  private FrameSource open(byte[] content) throws IOException {
    return CaptureFiles.open(Files.write(dir.resolve("t.pcap"), content));
  }

  private static byte[] payload(int length, int seed) {
    byte[] data = new byte[length];
    new Random(seed).nextBytes(data);
    return data;
  }

  private byte[] current() {
    return Arrays.copyOfRange(frame.buffer(), frame.offset(), frame.offset() + frame.caplen());
  }

  @ParameterizedTest
  @CsvSource({"BIG_ENDIAN,false", "LITTLE_ENDIAN,false", "BIG_ENDIAN,true", "LITTLE_ENDIAN,true"})
  void next_eachMagicAndByteOrder_readsFramesAndEpochNanos(String order, boolean nanos)
      throws IOException {
    ByteOrder byteOrder =
        order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    byte[] first = payload(60, 1);
    byte[] second = payload(1514, 2);
    byte[] content =
        CaptureBytes.pcap(byteOrder, nanos, LinkType.LINUX_SLL2)
            .record(1_764_249_711L, nanos ? 123_456_789L : 123_456L, first, 60)
            .record(4_000_000_000L, 1, second, 9000) // seconds beyond 2^31 are unsigned
            .bytes();

    try (FrameSource source = open(content)) {
      assertThat(source.format()).isEqualTo("pcap");
      assertThat(source.next(frame)).isTrue();
      assertThat(current()).isEqualTo(first);
      assertThat(frame.linkType()).isEqualTo(LinkType.LINUX_SLL2);
      assertThat(frame.timestampNanos())
          .isEqualTo(1_764_249_711_000_000_000L + (nanos ? 123_456_789L : 123_456_000L));
      assertThat(frame.fileOffset()).isEqualTo(24);
      assertThat(source.next(frame)).isTrue();
      assertThat(current()).isEqualTo(second);
      assertThat(frame.origLen()).isEqualTo(9000);
      assertThat(frame.timestampNanos()).isEqualTo(4_000_000_000_000_000_000L + (nanos ? 1 : 1000));
      assertThat(source.next(frame)).isFalse();
      assertThat(source.damage()).isNull();
    }
  }

  @Test
  void next_manyFramesAcrossBufferRefills_comeBackByteForByte() throws IOException {
    CaptureBytes pcap = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, LinkType.ETHERNET);
    Random sizes = new Random(3);
    int[] lengths = new int[3000];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] =
          i == 1500 ? 3 << 20 : 1 + sizes.nextInt(2000); // one frame larger than the read buffer
      pcap.record(i, 0, payload(lengths[i], i), lengths[i]);
    }

    try (FrameSource source = open(pcap.bytes())) {
      for (int i = 0; i < lengths.length; i++) {
        assertThat(source.next(frame)).as("frame %d", i).isTrue();
        assertThat(current()).as("frame %d", i).isEqualTo(payload(lengths[i], i));
        assertThat(frame.timestampNanos()).isEqualTo(i * 1_000_000_000L);
      }
      assertThat(source.next(frame)).isFalse();
      assertThat(source.damage()).isNull();
    }
  }

  @Test
  void next_fileEndingInsideARecordHeader_reportsDamageAfterTheGoodFrames() throws IOException {
    byte[] good =
        CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 1)
            .record(1, 0, payload(100, 1), 100)
            .bytes();
    byte[] content = Arrays.copyOf(good, good.length + 7);

    try (FrameSource source = open(content)) {
      assertThat(source.next(frame)).isTrue();
      assertThat(source.next(frame)).isFalse();
      assertThat(source.damage())
          .isEqualTo(
              new FileDamage(
                  good.length, "file ends inside the header of record 2 (7 of 16 bytes)"));
    }
  }

  @Test
  void next_fileEndingInsideARecord_returnsThePartialFrameMarked() throws IOException {
    byte[] full =
        CaptureBytes.pcap(ByteOrder.BIG_ENDIAN, false, 1)
            .record(1, 0, payload(100, 1), 100)
            .record(2, 0, payload(100, 2), 100)
            .bytes();
    byte[] content = Arrays.copyOf(full, full.length - 60);

    try (FrameSource source = open(content)) {
      assertThat(source.next(frame)).isTrue();
      assertThat(frame.recordError()).isEqualTo(DecodeError.NONE);
      assertThat(source.next(frame)).isTrue();
      assertThat(frame.recordError()).isEqualTo(DecodeError.RECORD_CUT_BY_END_OF_FILE);
      assertThat(frame.caplen()).isEqualTo(40);
      assertThat(current()).isEqualTo(Arrays.copyOf(payload(100, 2), 40));
      assertThat(source.next(frame)).isFalse();
      assertThat(source.damage().offset()).isEqualTo(24 + 16 + 100);
      assertThat(source.damage().message())
          .isEqualTo("file ends inside record 2 (40 of 100 captured bytes)");
    }
  }

  @Test
  void next_absurdCapturedLength_stopsWithDamage() throws IOException {
    byte[] content =
        CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 1)
            .record(1, 0, payload(64, 1), 64)
            .u32(2)
            .u32(0)
            .u32(0x7FFFFFF0L)
            .u32(0x7FFFFFF0L)
            .raw(payload(64, 2))
            .bytes();

    try (FrameSource source = open(content)) {
      assertThat(source.next(frame)).isTrue();
      assertThat(source.next(frame)).isFalse();
      assertThat(source.damage().offset()).isEqualTo(24 + 16 + 64);
      assertThat(source.damage().message()).contains("record 2 claims 2147483632 captured bytes");
    }
  }

  @Test
  void next_modifiedPcapMagic_readsItsLongerRecordHeaders() throws IOException {
    CaptureBytes pcap = CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 1);
    byte[] content = pcap.bytes();
    content[0] = 0x34;
    content[1] = (byte) 0xcd; // a1b2cd34 little-endian
    byte[] record =
        CaptureBytes.pcap(ByteOrder.LITTLE_ENDIAN, false, 1)
            .u32(5)
            .u32(6)
            .u32(4)
            .u32(4)
            .u32(1)
            .u16(2)
            .raw(new byte[] {0, 0})
            .raw(new byte[] {1, 2, 3, 4})
            .bytes();
    byte[] withRecord =
        io.dockercanvas.pipeline.testing.TestFrames.concat(
            content, Arrays.copyOfRange(record, 24, record.length));

    try (FrameSource source = open(withRecord)) {
      assertThat(source.next(frame)).isTrue();
      assertThat(current()).containsExactly(1, 2, 3, 4);
      assertThat(frame.timestampNanos()).isEqualTo(5_000_006_000L);
    }
  }
}

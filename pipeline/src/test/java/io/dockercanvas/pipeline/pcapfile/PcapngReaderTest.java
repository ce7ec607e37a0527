package io.dockercanvas.pipeline.pcapfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockercanvas.pipeline.decode.DecodeError;
import io.dockercanvas.pipeline.decode.LinkType;
import io.dockercanvas.pipeline.testing.CaptureBytes;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapngReaderTest {
  private static final byte[] DATA = {1, 2, 3, 4, 5, 6, 7};

  @TempDir Path dir;
  private final CapturedFrame frame = new CapturedFrame();

  private FrameSource open(byte[] content) throws IOException {
    return CaptureFiles.open(Files.write(dir.resolve("t.pcapng"), content));
  }

  private byte[] current() {
    return Arrays.copyOfRange(frame.buffer(), frame.offset(), frame.offset() + frame.caplen());
  }

  @Test
  void next_sectionsInBothByteOrders_eachWithTheirOwnInterfaces() throws IOException {
    byte[] content =
        CaptureBytes.pcapng()
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkType.ETHERNET, 65535, -1, 0)
            .enhancedPacket(0, 1_700_000_000_000_001L, DATA, 60)
            .section(ByteOrder.BIG_ENDIAN)
            .interfaceBlock(LinkType.LINUX_SLL, 65535, 9, 0)
            .enhancedPacket(0, 1_700_000_000_000_000_002L, DATA, 7)
            .bytes();

    try (FrameSource source = open(content)) {
      assertThat(source.format()).isEqualTo("pcapng");
      assertThat(source.next(frame)).isTrue();
      assertThat(current()).isEqualTo(DATA);
      assertThat(frame.linkType()).isEqualTo(LinkType.ETHERNET);
      assertThat(frame.origLen()).isEqualTo(60);
      assertThat(frame.timestampNanos()).isEqualTo(1_700_000_000_000_001_000L);
      assertThat(source.next(frame)).isTrue();
      assertThat(frame.linkType()).isEqualTo(LinkType.LINUX_SLL);
      assertThat(frame.timestampNanos()).isEqualTo(1_700_000_000_000_000_002L);
      assertThat(source.next(frame)).isFalse();
      assertThat(source.damage()).isNull();
    }
  }

  @Test
  void next_timestampResolutionsAndOffsets_becomeEpochNanos() throws IOException {
    byte[] content =
        CaptureBytes.pcapng()
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(1, 0, 3, 0) // milliseconds
            .interfaceBlock(1, 0, 0x80 | 20, 0) // 2^-20 seconds
            .interfaceBlock(1, 0, 12, 0) // picoseconds
            .interfaceBlock(1, 0, 6, 1_000_000) // microseconds, if_tsoffset one million seconds
            .enhancedPacket(0, 1_700_000_000_123L, DATA, 7)
            .enhancedPacket(1, (1_700_000_000L << 20) | (1 << 19), DATA, 7)
            .enhancedPacket(2, 1_700_000_000_000_000_001L, DATA, 7)
            .enhancedPacket(3, 5_000_000L, DATA, 7)
            .bytes();

    try (FrameSource source = open(content)) {
      long[] expected = {
        1_700_000_000_123_000_000L,
        1_700_000_000_500_000_000L,
        1_700_000_000_000_000L,
        1_000_005_000_000_000L
      };
      for (long nanos : expected) {
        assertThat(source.next(frame)).isTrue();
        assertThat(frame.timestampNanos()).isEqualTo(nanos);
      }
    }
  }

  @Test
  void next_simpleAndObsoletePacketBlocks_areRead() throws IOException {
    byte[] content =
        CaptureBytes.pcapng()
            .section(ByteOrder.BIG_ENDIAN)
            .interfaceBlock(LinkType.RAW, 4, -1, 0)
            .simplePacket(DATA, 7)
            .obsoletePacket(0, 2_000_000L, DATA, 100)
            .bytes();

    try (FrameSource source = open(content)) {
      assertThat(source.next(frame)).isTrue();
      assertThat(current())
          .as("a simple packet is cut to the interface snap length")
          .containsExactly(1, 2, 3, 4);
      assertThat(frame.timestampNanos()).isZero();
      assertThat(source.next(frame)).isTrue();
      assertThat(current()).isEqualTo(DATA);
      assertThat(frame.origLen()).isEqualTo(100);
      assertThat(frame.timestampNanos()).isEqualTo(2_000_000_000L);
      assertThat(frame.recordError()).isEqualTo(DecodeError.NONE);
    }
  }

  @Test
  void next_unknownAndNonPacketBlocks_areSkippedAndCounted() throws IOException {
    byte[] content =
        CaptureBytes.pcapng()
            .section(ByteOrder.LITTLE_ENDIAN)
            .opaqueBlock(4, 8) // name resolution
            .interfaceBlock(1, 0, -1, 0)
            .opaqueBlock(0x0BAD, 3 << 20) // a large custom block, past the read buffer
            .enhancedPacket(0, 1, DATA, 7)
            .opaqueBlock(5, 20) // interface statistics
            .opaqueBlock(0x12345678L, 0) // unknown
            .enhancedPacket(0, 2, DATA, 7)
            .bytes();

    try (FrameSource source = open(content)) {
      assertThat(source.next(frame)).isTrue();
      assertThat(source.next(frame)).isTrue();
      assertThat(current()).isEqualTo(DATA);
      assertThat(source.next(frame)).isFalse();
      assertThat(source.skippedBlocks()).isEqualTo(4);
      assertThat(source.damage()).isNull();
    }
  }

  @Test
  void next_packetOnAnUndescribedInterface_isMarked() throws IOException {
    byte[] content =
        CaptureBytes.pcapng()
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(1, 0, -1, 0)
            .enhancedPacket(3, 1, DATA, 7)
            .bytes();

    try (FrameSource source = open(content)) {
      assertThat(source.next(frame)).isTrue();
      assertThat(frame.recordError()).isEqualTo(DecodeError.UNKNOWN_INTERFACE);
      assertThat(frame.linkType()).isEqualTo(-1);
    }
  }

  @Test
  void next_capturedLengthBeyondTheBlock_isMarkedAndClipped() throws IOException {
    byte[] content =
        CaptureBytes.pcapng()
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(1, 0, -1, 0)
            .enhancedPacket(0, 1, DATA, 7)
            .bytes();
    int caplenField = content.length - 40 + 20; // EPB: 28 header bytes + 8 data + 4 trailer
    content[caplenField] = 100;

    try (FrameSource source = open(content)) {
      assertThat(source.next(frame)).isTrue();
      assertThat(frame.recordError()).isEqualTo(DecodeError.BLOCK_SHORTER_THAN_PACKET);
      assertThat(frame.caplen()).isEqualTo(8);
    }
  }

  @Test
  void next_fileEndingInsideAPacketBlock_returnsThePartialFrameAndReportsDamage()
      throws IOException {
    byte[] full =
        CaptureBytes.pcapng()
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(1, 0, -1, 0)
            .enhancedPacket(0, 1, new byte[100], 100)
            .bytes();
    int blockStart = full.length - 132;
    byte[] content = Arrays.copyOf(full, full.length - 50);

    try (FrameSource source = open(content)) {
      assertThat(source.next(frame)).isTrue();
      assertThat(frame.recordError()).isEqualTo(DecodeError.RECORD_CUT_BY_END_OF_FILE);
      assertThat(frame.caplen()).isEqualTo(54);
      assertThat(source.next(frame)).isFalse();
      assertThat(source.damage().offset()).isEqualTo(blockStart);
      assertThat(source.damage().message())
          .contains("file ends inside a block of type 0x00000006 (82 of 132 bytes)");
    }
  }

  @Test
  void next_impossibleBlockLength_stopsWithDamage() throws IOException {
    byte[] good =
        CaptureBytes.pcapng()
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(1, 0, -1, 0)
            .enhancedPacket(0, 1, DATA, 7)
            .bytes();
    byte[] content = CaptureBytes.pcapng().raw(good).section(ByteOrder.LITTLE_ENDIAN).bytes();
    byte[] broken = Arrays.copyOf(good, good.length + 12);
    broken[good.length] = 6; // EPB with a length of 13
    broken[good.length + 4] = 13;

    try (FrameSource source = open(broken)) {
      assertThat(source.next(frame)).isTrue();
      assertThat(source.next(frame)).isFalse();
      assertThat(source.damage().offset()).isEqualTo(good.length);
      assertThat(source.damage().message()).contains("impossible length 13");
    }
    try (FrameSource source = open(content)) {
      assertThat(source.next(frame)).isTrue();
      assertThat(source.next(frame)).as("an empty second section").isFalse();
      assertThat(source.damage()).isNull();
    }
  }

  @Test
  void next_trailingLengthDifferentFromLeading_stopsWithDamage() throws IOException {
    byte[] content =
        CaptureBytes.pcapng()
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(1, 0, -1, 0)
            .enhancedPacket(0, 1, DATA, 7)
            .bytes();
    content[content.length - 4] = 44;

    try (FrameSource source = open(content)) {
      assertThat(source.next(frame)).isFalse();
      assertThat(source.damage().message()).contains("ends with a length that differs");
    }
  }

  @Test
  void open_sectionHeaderWithAnUnknownByteOrderMagic_isUnreadable() throws IOException {
    byte[] content = CaptureBytes.pcapng().section(ByteOrder.LITTLE_ENDIAN).bytes();
    content[8] = 0x55;

    assertThatThrownBy(() -> open(content))
        .isInstanceOf(UnreadableCaptureException.class)
        .hasMessageContaining("byte-order magic");
  }
}

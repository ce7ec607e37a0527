package io.dockercanvas.pipeline.pcapfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.pipeline.decode.LinkType;
import io.dockercanvas.pipeline.testing.CaptureBytes;
import io.dockercanvas.pipeline.testing.FuzzBudget;
import io.dockercanvas.pipeline.testing.TestCaptures;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged capture files, made by cutting and corrupting the real captures (pcap) and a pcapng
 * rewrite of them: reading never throws anything but an IOException with a message, damage is
 * reported with a reason, and every frame recorded before the damage is read exactly as from the
 * intact file.
 */
class CaptureFileFuzzTest {

  @TempDir Path dir;

  /** A frame as read: its bytes and where its record started. */
  private record Read(long fileOffset, String bytes) {}

  private record Outcome(List<Read> frames, FileDamage damage, IOException refused) {}

  @Test
  void read_cutAndCorruptedCaptures_clearErrorAndFramesBeforeTheDamageKept() throws IOException {
    List<byte[]> files = new ArrayList<>();
    for (Path capture : TestCaptures.all()) {
      files.add(Files.readAllBytes(capture));
    }
    files.add(pcapngOf(TestCaptures.all().get(0)));
    Path damaged = dir.resolve("damaged");
    List<Outcome> originals = new ArrayList<>();
    for (byte[] file : files) {
      originals.add(read(write(damaged, file)));
    }
    FuzzBudget budget = FuzzBudget.fromProperties(1_500);
    SplittableRandom random = budget.random();
    long refusedAtOpen = 0;
    long damageReported = 0;
    while (budget.another()) {
      int pick = random.nextInt(files.size());
      byte[] intact = files.get(pick);
      Outcome original = originals.get(pick);
      assertThat(original.damage()).isNull();
      int cut = random.nextInt(intact.length + 1);
      byte[] bytes = Arrays.copyOf(intact, cut);
      int firstChange = cut;
      if (random.nextBoolean() && cut > 0) { // corrupt a few bytes too
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
          int at = random.nextInt(cut);
          bytes[at] = (byte) random.nextInt(256);
          firstChange = Math.min(firstChange, at);
        }
      }
      Outcome outcome = read(write(damaged, bytes));
      String where =
          budget.where()
              + ", cut at "
              + cut
              + " of "
              + intact.length
              + ", first change at "
              + firstChange;
      if (outcome.refused() != null) {
        refusedAtOpen++;
        assertThat(outcome.refused().getMessage()).as(where).isNotBlank();
        continue;
      }
      if (outcome.damage() != null) {
        damageReported++;
        assertThat(outcome.damage().message()).as(where).isNotBlank();
        assertThat(outcome.damage().offset()).as(where).isBetween(0L, (long) cut);
      }
      List<Read> before = framesEndingBefore(original.frames(), firstChange, intact.length);
      assertThat(outcome.frames().size())
          .as("frames read, " + where)
          .isGreaterThanOrEqualTo(before.size());
      assertThat(outcome.frames().subList(0, before.size())).as(where).isEqualTo(before);
    }
    System.out.printf(
        "CaptureFileFuzzTest: %d damaged files, %d refused at open, %d with damage reported%n",
        budget.done(), refusedAtOpen, damageReported);
    assertThat(damageReported).isPositive();
  }

  /**
   * The frames whose record lies wholly before {@code limit} (a record ends where the next one
   * starts).
   */
  private static List<Read> framesEndingBefore(List<Read> frames, int limit, int fileLength) {
    List<Read> kept = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      long end = i + 1 < frames.size() ? frames.get(i + 1).fileOffset() : fileLength;
      if (end > limit) {
        break;
      }
      kept.add(frames.get(i));
    }
    return kept;
  }

  private static Outcome read(Path file) {
    List<Read> frames = new ArrayList<>();
    try (FrameSource source = CaptureFiles.open(file)) {
      CapturedFrame frame = new CapturedFrame();
      try {
        while (source.next(frame)) {
          frames.add(
              new Read(
                  frame.fileOffset(),
                  java.util.HexFormat.of()
                      .formatHex(frame.buffer(), frame.offset(), frame.offset() + frame.caplen())));
        }
      } catch (IOException e) {
        return new Outcome(frames, new FileDamage(-1, String.valueOf(e.getMessage())), null);
      }
      return new Outcome(frames, source.damage(), null);
    } catch (IOException e) {
      return new Outcome(frames, null, e);
    }
  }

  private static Path write(Path file, byte[] bytes) throws IOException {
    return Files.write(file, bytes);
  }

  /** The same frames as a pcapng file (section, interface, enhanced packet blocks). */
  private static byte[] pcapngOf(Path pcap) throws IOException {
    CaptureBytes out =
        CaptureBytes.pcapng()
            .section(ByteOrder.LITTLE_ENDIAN)
            .interfaceBlock(LinkType.ETHERNET, 65535, 9, 0);
    TestCaptures.decode(
        pcap,
        (number, record, frame) ->
            out.enhancedPacket(
                0,
                record.timestampNanos(),
                Arrays.copyOfRange(
                    record.buffer(), record.offset(), record.offset() + record.caplen()),
                record.origLen()));
    return out.bytes();
  }
}

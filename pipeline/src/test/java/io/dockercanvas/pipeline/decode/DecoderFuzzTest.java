package io.dockercanvas.pipeline.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.pipeline.fingerprint.PacketFingerprint;
import io.dockercanvas.pipeline.testing.FuzzBudget;
import io.dockercanvas.pipeline.testing.TestCaptures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of the decoder, its corpus every frame of the real captures in
 * src/test/resources. For every mutated frame: decoding never throws; it never reads past the frame
 * (the same bytes decode the same way whatever lies around them in the buffer); everything it
 * reports lies inside the frame, and a header it could not finish is recorded as an error at an
 * offset inside the frame. Long run: {@code ./mvnw -B -pl agent -am test -Dtest=DecoderFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.seconds=3600}.
 */
class DecoderFuzzTest {

  private static final int[] INTERESTING_U16 = {
    0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 4789, 6081, 0x0800, 0x86dd, 0x8100,
    0x88a8, 0x6558, 0x4500, 0x4f00, 0x6000, 20, 40, 8, 14
  };
  private static final int[] LINK_TYPES = {
    LinkType.ETHERNET,
    LinkType.LINUX_SLL,
    LinkType.LINUX_SLL2,
    LinkType.RAW,
    LinkType.IPV4,
    LinkType.IPV6
  };

  private record Seed(byte[] bytes, int origLen, int linkType) {}

  @Test
  void decode_mutatedRealFrames_neverThrowsNeverReadsPastTheFrameFaultsRecorded()
      throws IOException {
    List<Seed> corpus = corpus();
    FuzzBudget budget = FuzzBudget.fromProperties(1_000_000);
    SplittableRandom random = budget.random();
    FrameDecoder decoder = new FrameDecoder();
    DecodedFrame exact = new DecodedFrame();
    DecodedFrame embedded = new DecodedFrame();
    byte[] padded = new byte[70_000];
    long withError = 0;
    while (budget.another()) {
      Seed seed = corpus.get(random.nextInt(corpus.size()));
      byte[] frame = mutate(seed.bytes(), corpus, random);
      int linkType =
          random.nextInt(20) == 0 ? LINK_TYPES[random.nextInt(LINK_TYPES.length)] : seed.linkType();
      int origLen =
          random.nextInt(10) == 0 ? random.nextInt(70_000) : Math.max(seed.origLen(), frame.length);
      String input = budget.where() + ", link type " + linkType + ", frame " + hex(frame);
      try {
        decoder.decode(frame, 0, frame.length, origLen, linkType, exact);
        int off = 1 + random.nextInt(64);
        fillRandom(padded, off + frame.length + 64, random);
        System.arraycopy(frame, 0, padded, off, frame.length);
        decoder.decode(padded, off, frame.length, origLen, linkType, embedded);
        assertThat(FrameSummary.of(embedded, off)).as(input).isEqualTo(FrameSummary.of(exact, 0));
        checkInsideTheFrame(exact, frame.length, input);
      } catch (RuntimeException e) {
        throw new AssertionError("decoder threw on " + input, e);
      }
      if (exact.error() != DecodeError.NONE) {
        withError++;
      }
    }
    System.out.printf(
        "DecoderFuzzTest: %d executions over %d seed frames, %d with a recorded decode error%n",
        budget.done(), corpus.size(), withError);
    assertThat(withError).as("the mutations reach the error paths").isPositive();
  }

  private static void checkInsideTheFrame(DecodedFrame f, int length, String input) {
    int end = f.capturedEnd();
    assertThat(end).as(input).isEqualTo(length);
    if (f.error() != DecodeError.NONE) {
      assertThat(f.errorOffset()).as("error offset, " + input).isBetween(0, end);
    }
    for (int i = 0; i < f.ethCount(); i++) {
      assertThat(f.ethOffset(i) + 14)
          .as("ethernet header " + i + ", " + input)
          .isLessThanOrEqualTo(end);
    }
    for (int i = 0; i < f.ipCount(); i++) {
      int header = f.ipVersion(i) == 4 ? 20 : 40;
      assertThat(f.ipOffset(i) + header)
          .as("IP header " + i + ", " + input)
          .isLessThanOrEqualTo(end);
    }
    if (f.transportCut()) {
      assertThat(
              f.error().isTransportHeaderCut()
                  || f.error() == DecodeError.BAD_TCP_HEADER_LENGTH
                  || f.error() == DecodeError.BAD_UDP_LENGTH)
          .as("a cut transport header is reported, " + input)
          .isTrue();
      assertThat(f.transportCaptured()).as(input).isBetween(0, end);
    }
    if (f.transport() == Transport.TCP && f.error() == DecodeError.NONE) {
      assertThat(f.payloadOffset()).as("TCP payload start, " + input).isBetween(20, end);
    }
    if (f.payloadOffset() >= 0) {
      assertThat(f.payloadCaptured()).as(input).isBetween(0, Math.max(0, end - f.payloadOffset()));
    }
    if (PacketFingerprint.applies(f)) {
      PacketFingerprint.of(f); // reads header fields: must stay inside the frame too
    }
  }

  private static byte[] mutate(byte[] original, List<Seed> corpus, SplittableRandom random) {
    byte[] b = original.clone();
    int rounds = 1 + random.nextInt(4);
    for (int r = 0; r < rounds; r++) {
      switch (random.nextInt(7)) {
        case 0 -> { // flip a bit
          if (b.length > 0) {
            int at = random.nextInt(b.length);
            b[at] ^= (byte) (1 << random.nextInt(8));
          }
        }
        case 1 -> { // a random byte
          if (b.length > 0) {
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
          }
        }
        case 2 -> { // an interesting 16-bit value (lengths, ethertypes, ports)
          if (b.length > 1) {
            int at = random.nextInt(b.length - 1);
            int v = INTERESTING_U16[random.nextInt(INTERESTING_U16.length)];
            b[at] = (byte) (v >>> 8);
            b[at + 1] = (byte) v;
          }
        }
        case 3 -> b = Arrays.copyOf(b, random.nextInt(b.length + 1)); // truncate
        case 4 -> { // grow with random bytes
          int grown = b.length + 1 + random.nextInt(64);
          byte[] g = Arrays.copyOf(b, grown);
          for (int i = b.length; i < grown; i++) {
            g[i] = (byte) random.nextInt(256);
          }
          b = g;
        }
        case 5 -> { // splice: our head, another frame's tail
          byte[] other = corpus.get(random.nextInt(corpus.size())).bytes();
          int cut = random.nextInt(b.length + 1);
          int from = random.nextInt(other.length + 1);
          byte[] s = Arrays.copyOf(b, cut + other.length - from);
          System.arraycopy(other, from, s, cut, other.length - from);
          b = s;
        }
        default -> { // the IPv4 header-length nibble or the TCP data offset: the fields that move
          // everything after
          if (b.length > 0) {
            int at = random.nextInt(b.length);
            b[at] = (byte) ((b[at] & 0xf0) | random.nextInt(16));
          }
        }
      }
    }
    return b;
  }

  private static List<Seed> corpus() throws IOException {
    List<Seed> corpus = new ArrayList<>();
    for (Path capture : TestCaptures.all()) {
      TestCaptures.decode(
          capture,
          (number, record, frame) ->
              corpus.add(
                  new Seed(
                      Arrays.copyOfRange(
                          record.buffer(), record.offset(), record.offset() + record.caplen()),
                      record.origLen(),
                      record.linkType())));
    }
    assertThat(corpus).hasSizeGreaterThan(100);
    return corpus;
  }

  private static void fillRandom(byte[] b, int upTo, SplittableRandom random) {
    for (int i = 0; i < Math.min(upTo, b.length); i++) {
      b[i] = (byte) random.nextInt(256);
    }
  }

  private static String hex(byte[] b) {
    return java.util.HexFormat.of().formatHex(b);
  }
}

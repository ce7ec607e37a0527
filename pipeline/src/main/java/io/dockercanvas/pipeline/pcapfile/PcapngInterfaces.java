package io.dockercanvas.pipeline.pcapfile;

import java.util.Arrays;

/**
 * The interfaces described so far in the current pcapng section: link type, snap length and how to
 * turn their timestamps into epoch nanoseconds ({@code if_tsresol}, {@code if_tsoffset}).
 */
final class PcapngInterfaces {
  private static final long[] POWERS_OF_TEN = {
    1L,
    10L,
    100L,
    1_000L,
    10_000L,
    100_000L,
    1_000_000L,
    10_000_000L,
    100_000_000L,
    1_000_000_000L,
    10_000_000_000L,
    100_000_000_000L,
    1_000_000_000_000L,
    10_000_000_000_000L,
    100_000_000_000_000L,
    1_000_000_000_000_000L,
    10_000_000_000_000_000L,
    100_000_000_000_000_000L,
    1_000_000_000_000_000_000L,
  };

  private int count;
  private int[] linkType = new int[4];
  private long[] snaplen = new long[4];

  /** if_tsresol as given: the high bit selects powers of two, the rest is the exponent. */
  private int[] resolution = new int[4];

  private long[] offsetSeconds = new long[4];

  void clear() {
    count = 0;
  }

  void add(int type, long snap, int tsresol, long tsoffset) {
    if (count == linkType.length) {
      int size = count * 2;
      linkType = Arrays.copyOf(linkType, size);
      snaplen = Arrays.copyOf(snaplen, size);
      resolution = Arrays.copyOf(resolution, size);
      offsetSeconds = Arrays.copyOf(offsetSeconds, size);
    }
    linkType[count] = type;
    snaplen[count] = snap;
    resolution[count] = tsresol;
    offsetSeconds[count] = tsoffset;
    count++;
  }

  int count() {
    return count;
  }

  int linkType(int i) {
    return linkType[i];
  }

  long snaplen(int i) {
    return snaplen[i];
  }

  /** Converts a timestamp in the interface's units to nanoseconds since the epoch. */
  long toNanos(int i, long units) {
    int tsresol = resolution[i];
    int exponent = tsresol & 0x7F;
    long nanos;
    if ((tsresol & 0x80) != 0) {
      nanos = binaryFractionToNanos(units, exponent);
    } else if (exponent <= 9) {
      nanos = units * POWERS_OF_TEN[9 - exponent];
    } else {
      nanos =
          Long.divideUnsigned(
              units, POWERS_OF_TEN[Math.min(exponent - 9, POWERS_OF_TEN.length - 1)]);
    }
    return nanos + offsetSeconds[i] * 1_000_000_000L;
  }

  /** units / 2^exponent seconds, in nanoseconds, without overflowing for any exponent below 64. */
  private static long binaryFractionToNanos(long units, int exponent) {
    if (exponent == 0) {
      return units * 1_000_000_000L;
    }
    if (exponent >= 64) {
      return 0;
    }
    long seconds = units >>> exponent;
    long fraction = units & ((1L << exponent) - 1);
    long scaled = fraction << (64 - exponent); // the fraction as a 64-bit binary fraction
    long high = Math.multiplyHigh(scaled, 1_000_000_000L) + (scaled < 0 ? 1_000_000_000L : 0);
    return seconds * 1_000_000_000L + high;
  }
}

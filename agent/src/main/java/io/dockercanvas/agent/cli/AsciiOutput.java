package io.dockercanvas.agent.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A buffered ASCII writer for hand-made JSON: numbers, hex, MAC and IP addresses are formatted
 * straight into one reused byte buffer, so writing a frame's line allocates nothing.
 */
final class AsciiOutput {
  private static final byte[] HEX = encode("0123456789abcdef");

  private final OutputStream out;
  private final byte[] buf = new byte[1 << 16];
  private final byte[] digits = new byte[20];
  private final int[] groups = new int[8];
  private int len;

  AsciiOutput(OutputStream out) {
    this.out = out;
  }

  private void room(int n) throws IOException {
    if (len + n > buf.length) {
      flush();
    }
  }

  AsciiOutput ch(char c) throws IOException {
    room(1);
    buf[len++] = (byte) c;
    return this;
  }

  /** Pre-encoded ASCII, for the keys and punctuation written for every frame. */
  static byte[] encode(String ascii) {
    return ascii.getBytes(StandardCharsets.US_ASCII);
  }

  AsciiOutput raw(byte[] ascii) throws IOException {
    if (ascii.length > buf.length) {
      flush();
      out.write(ascii);
      return this;
    }
    room(ascii.length);
    System.arraycopy(ascii, 0, buf, len, ascii.length);
    len += ascii.length;
    return this;
  }

  /** Writes a string known to be plain ASCII without escapes (keys, punctuation). */
  AsciiOutput ascii(String s) throws IOException {
    for (int i = 0; i < s.length(); i++) {
      ch(s.charAt(i));
    }
    return this;
  }

  AsciiOutput number(long value) throws IOException {
    room(20);
    if (value < 0) {
      if (value == Long.MIN_VALUE) {
        return ascii("-9223372036854775808");
      }
      buf[len++] = '-';
      value = -value;
    }
    int n = 0;
    do {
      digits[n++] = (byte) ('0' + value % 10);
      value /= 10;
    } while (value != 0);
    while (n > 0) {
      buf[len++] = digits[--n];
    }
    return this;
  }

  /** Sixteen lowercase hex digits, leading zeros kept. */
  AsciiOutput hex64(long value) throws IOException {
    room(16);
    for (int shift = 60; shift >= 0; shift -= 4) {
      buf[len++] = HEX[(int) (value >>> shift) & 0xF];
    }
    return this;
  }

  /** A JSON string literal, quotes included, with the characters JSON requires escaped. */
  AsciiOutput string(String s) throws IOException {
    ch('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        ch('\\').ch(c);
      } else if (c < 0x20 || c > 0x7E) {
        ascii("\\u");
        for (int shift = 12; shift >= 0; shift -= 4) {
          ch((char) HEX[c >> shift & 0xF]);
        }
      } else {
        ch(c);
      }
    }
    return ch('"');
  }

  AsciiOutput mac(byte[] b, int at) throws IOException {
    room(17);
    for (int i = 0; i < 6; i++) {
      if (i > 0) {
        buf[len++] = ':';
      }
      buf[len++] = HEX[b[at + i] >> 4 & 0xF];
      buf[len++] = HEX[b[at + i] & 0xF];
    }
    return this;
  }

  AsciiOutput ip(byte[] b, int at, int version) throws IOException {
    return version == 4 ? ipv4(b, at) : ipv6(b, at);
  }

  AsciiOutput ipv4(byte[] b, int at) throws IOException {
    for (int i = 0; i < 4; i++) {
      if (i > 0) {
        ch('.');
      }
      number(b[at + i] & 0xFF);
    }
    return this;
  }

  /**
   * RFC 5952 text: lowercase, longest run of two or more zero groups as "::", IPv4-mapped dotted.
   */
  AsciiOutput ipv6(byte[] b, int at) throws IOException {
    for (int i = 0; i < 8; i++) {
      groups[i] = (b[at + 2 * i] & 0xFF) << 8 | (b[at + 2 * i + 1] & 0xFF);
    }
    if (groups[0] == 0
        && groups[1] == 0
        && groups[2] == 0
        && groups[3] == 0
        && groups[4] == 0
        && groups[5] == 0xFFFF) {
      return ascii("::ffff:").ipv4(b, at + 12);
    }
    int runStart = -1;
    int runLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > runLength) {
        runStart = i;
        runLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    for (int i = 0; i < 8; i++) {
      if (i == runStart) {
        ascii("::");
        i += runLength - 1;
        continue;
      }
      if (i > 0 && i != runStart + runLength) {
        ch(':');
      }
      hex16(groups[i]);
    }
    return this;
  }

  private void hex16(int group) throws IOException {
    boolean started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
      int nibble = group >> shift & 0xF;
      if (nibble != 0 || started || shift == 0) {
        ch((char) HEX[nibble]);
        started = true;
      }
    }
  }

  void flush() throws IOException {
    out.write(buf, 0, len);
    len = 0;
    out.flush();
  }
}

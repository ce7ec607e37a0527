package io.dockercanvas.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockercanvas.pipeline.testing.Allocations;
import io.dockercanvas.pipeline.testing.TestFrames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AsciiOutputTest {
  private static final byte[] KEY = AsciiOutput.encode("{\"frame\":");
  private static final byte[] MAC = TestFrames.mac("02:42:0a:00:00:6c");
  private static final byte[] IPV4 = TestFrames.ip("10.0.0.108");
  private static final byte[] IPV6 = TestFrames.ip("2001:db8::1:0:0:1");
  private static final byte[] MAPPED = mapped(IPV4);

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final AsciiOutput out = new AsciiOutput(bytes);

  private String written() throws IOException {
    out.flush();
    String text = bytes.toString(StandardCharsets.US_ASCII);
    bytes.reset();
    return text;
  }

  @ParameterizedTest
  @CsvSource({
    "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
    "2001:0db8:0000:0000:0001:0000:0000:0001, 2001:db8::1:0:0:1",
    "2001:0000:0000:0001:0000:0000:0000:0001, 2001:0:0:1::1",
    "2001:0db8:0000:0001:0001:0001:0001:0001, 2001:db8:0:1:1:1:1:1",
    "0000:0000:0000:0000:0000:0000:0000:0000, ::",
    "0000:0000:0000:0000:0000:0000:0000:0001, ::1",
    "fe80:0000:0000:0000:0000:0000:0000:0000, fe80::",
    "FD00:00AB:0000:0000:0000:0000:0000:0000, fd00:ab::",
  })
  void ipv6_followsRfc5952(String full, String expected) throws IOException {
    out.ipv6(TestFrames.ip(full), 0);

    assertThat(written()).isEqualTo(expected);
  }

  /** The IPv4-mapped IPv6 address (InetAddress would turn its literal into IPv4). */
  private static byte[] mapped(byte[] ipv4) {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(ipv4, 0, mapped, 12, 4);
    return mapped;
  }

  @Test
  void ipv6_ipv4MappedAddress_endsDotted() throws IOException {
    out.ipv6(mapped(TestFrames.ip("10.0.0.1")), 0);

    assertThat(written()).isEqualTo("::ffff:10.0.0.1");
  }

  @Test
  void numbersHexAndAddresses_formattedAsText() throws IOException {
    out.number(0)
        .ch(' ')
        .number(-42)
        .ch(' ')
        .number(Long.MAX_VALUE)
        .ch(' ')
        .number(Long.MIN_VALUE)
        .ch(' ')
        .hex64(0x00ab_cdefL)
        .ch(' ')
        .mac(TestFrames.mac("02:42:0a:00:00:6c"), 0)
        .ch(' ')
        .ipv4(TestFrames.ip("10.0.0.108"), 0);

    assertThat(written())
        .isEqualTo(
            "0 -42 9223372036854775807 -9223372036854775808 0000000000abcdef "
                + "02:42:0a:00:00:6c 10.0.0.108");
  }

  /**
   * What {@code decode} writes for every frame: after warm-up, 100,000 such lines allocate nothing.
   */
  @Test
  void numbersHexAddressesAndStrings_afterWarmUp_allocateNothing() throws Exception {
    AsciiOutput discard = new AsciiOutput(OutputStream.nullOutputStream());
    for (int i = 0; i < 20_000; i++) {
      writeLine(discard, i);
    }

    long allocated =
        Allocations.allocatedBy(
            () -> {
              for (int i = 0; i < 100_000; i++) {
                writeLine(discard, i);
              }
            });

    assertThat(allocated).as("bytes allocated for 100000 lines").isLessThan(10_000);
  }

  private static void writeLine(AsciiOutput out, int i) throws IOException {
    out.raw(KEY)
        .number(i)
        .ch(' ')
        .number(-i)
        .ch(' ')
        .number(Long.MIN_VALUE)
        .ch(' ')
        .hex64(i * 0x9E37_79B9_7F4A_7C15L)
        .ch(' ')
        .mac(MAC, 0)
        .ch(' ')
        .ipv4(IPV4, 0)
        .ch(' ')
        .ipv6(IPV6, 0)
        .ch(' ')
        .ipv6(MAPPED, 0)
        .ch(' ')
        .string("GET /\n\u00e9")
        .ch('\n');
  }

  @Test
  void string_escapesWhatJsonRequires() throws IOException {
    out.string("a\"b\\c\nd\u00e9");

    assertThat(written()).isEqualTo("\"a\\\"b\\\\c\\u000ad\\u00e9\"");
  }

  @Test
  void longOutput_survivesBufferFlushes() throws IOException {
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 50_000; i++) {
      out.number(i).ch(',');
      expected.append(i).append(',');
    }

    assertThat(written()).isEqualTo(expected.toString());
  }
}

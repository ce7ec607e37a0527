package io.dockercanvas.pipeline.decode;

import static io.dockercanvas.pipeline.decode.NetworkOrder.u16;
import static io.dockercanvas.pipeline.decode.NetworkOrder.u32;

/**
 * TCP, UDP, ICMP and ICMPv6 headers of an IP layer into the transport fields of a {@link
 * DecodedFrame}.
 */
public final class TransportLayer {
  public static final int ICMP = 1;
  public static final int TCP = 6;
  public static final int UDP = 17;
  public static final int ICMPV6 = 58;

  private TransportLayer() {}

  /**
   * Where each TCP header field starts, up to the options: sport, dport, seq, ack, offset+flags,
   * window, ...
   */
  private static final int[] TCP_FIELDS = {0, 2, 4, 8, 12, 14, 16, 18, 20};

  private static final int[] UDP_FIELDS = {0, 2, 4, 6, 8};

  /**
   * Type, code, checksum, then identifier and sequence number (echo) or the type's own four bytes.
   */
  private static final int[] ICMP_ECHO_FIELDS = {0, 1, 2, 4, 6, 8};

  private static final int[] ICMP_FIELDS = {0, 1, 2, 4, 8};

  /** Decodes the transport header carried by IP layer {@code i}. Checksums are never checked. */
  static void decode(byte[] b, int i, DecodedFrame f) {
    int pos = f.ipPayloadOffset[i];
    int end = f.ipEnd[i];
    int length = f.ipPayloadLength[i];
    f.innermostReached = true;
    f.payloadOffset = pos;
    f.payloadLength = length;
    if (f.ipFragmentOffset[i] != 0) {
      return; // a non-first fragment carries data only; its transport header is in the first one
    }
    switch (f.ipProtocol[i]) {
      case TCP -> tcp(b, pos, end, length, f);
      case UDP -> udp(b, pos, end, length, f);
      case ICMP -> icmp(b, pos, end, length, false, f);
      case ICMPV6 -> icmp(b, pos, end, length, true, f);
      default -> f.transport = Transport.OTHER;
    }
  }

  /**
   * Notes that the frame ends {@code captured} bytes into a transport header: the fields before are
   * kept, and the error points at the first field that was not captured whole.
   */
  private static void cut(int[] fields, DecodeError error, int pos, int captured, DecodedFrame f) {
    int missing = 0;
    for (int field : fields) {
      if (field <= captured) {
        missing = field;
      }
    }
    f.transportCaptured = captured;
    f.fail(error, pos + missing);
  }

  private static void tcp(byte[] b, int pos, int end, int length, DecodedFrame f) {
    if (length < 20) {
      f.fail(DecodeError.BAD_TCP_HEADER_LENGTH, pos);
      return;
    }
    int captured = end - pos;
    if (captured >= 2) {
      f.transport = Transport.TCP;
      f.sourcePort = u16(b, pos);
    }
    if (captured >= 4) {
      f.destinationPort = u16(b, pos + 2);
    }
    if (captured >= 8) {
      f.tcpSeq = u32(b, pos + 4);
    }
    if (captured >= 12) {
      f.tcpAck = u32(b, pos + 8);
    }
    if (captured >= 14) {
      f.tcpFlags = u16(b, pos + 12) & 0x0FFF;
    }
    if (captured >= 13) {
      int headerLength = (b[pos + 12] >> 4 & 0x0F) * 4;
      if (headerLength < 20 || headerLength > length) {
        f.payloadLength = 0;
        f.fail(DecodeError.BAD_TCP_HEADER_LENGTH, pos + 12);
      } else {
        f.payloadOffset = pos + headerLength;
        f.payloadLength = length - headerLength;
        if (captured >= 20 && captured < headerLength) {
          f.fail(DecodeError.TRUNCATED_TCP_HEADER, end); // options cut off
        }
      }
    }
    if (captured < 20) {
      cut(TCP_FIELDS, DecodeError.TRUNCATED_TCP_HEADER, pos, captured, f);
    }
  }

  private static void udp(byte[] b, int pos, int end, int length, DecodedFrame f) {
    if (length < 8) {
      f.fail(DecodeError.BAD_UDP_LENGTH, pos);
      return;
    }
    int captured = end - pos;
    if (captured >= 2) {
      f.transport = Transport.UDP;
      f.sourcePort = u16(b, pos);
    }
    if (captured >= 4) {
      f.destinationPort = u16(b, pos + 2);
    }
    if (captured >= 6) {
      int udpLength = u16(b, pos + 4);
      if (udpLength == 0) {
        udpLength = length; // IPv6 jumbogram or segmentation offload
      }
      f.payloadOffset = pos + 8;
      if (udpLength < 8 || udpLength > length) {
        f.payloadLength = length - 8;
        f.fail(DecodeError.BAD_UDP_LENGTH, pos + 4);
      } else {
        f.payloadLength = udpLength - 8;
      }
    }
    if (captured < 8) {
      cut(UDP_FIELDS, DecodeError.TRUNCATED_UDP_HEADER, pos, captured, f);
    }
  }

  private static void icmp(byte[] b, int pos, int end, int length, boolean v6, DecodedFrame f) {
    int captured = Math.min(end - pos, length);
    if (length < 4) {
      f.fail(DecodeError.TRUNCATED_ICMP_HEADER, pos);
      return;
    }
    if (captured < 1) {
      cut(ICMP_FIELDS, DecodeError.TRUNCATED_ICMP_HEADER, pos, captured, f);
      return;
    }
    int type = b[pos] & 0xFF;
    boolean echo = v6 ? type == 128 || type == 129 : type == 0 || type == 8;
    f.transport = v6 ? Transport.ICMPV6 : Transport.ICMP;
    f.icmpType = type;
    f.icmpEcho = echo;
    if (captured >= 2) {
      f.icmpCode = b[pos + 1] & 0xFF;
    }
    if (echo && captured >= 6) {
      f.icmpId = u16(b, pos + 4);
    }
    if (echo && captured >= 8) {
      f.icmpSeq = u16(b, pos + 6);
    }
    if (captured < 8) {
      f.payloadOffset = pos + 4;
      f.payloadLength = length - 4;
      cut(
          echo ? ICMP_ECHO_FIELDS : ICMP_FIELDS,
          DecodeError.TRUNCATED_ICMP_HEADER,
          pos,
          captured,
          f);
      return;
    }
    f.payloadOffset = pos + 8;
    f.payloadLength = length - 8;
    if (!echo
        && (v6
            ? type >= 1 && type <= 4
            : type == 3 || type == 4 || type == 5 || type == 11 || type == 12)) {
      quoted(b, pos + 8, end, f);
    }
  }

  /** The packet an ICMP error quotes: its IP header and the first bytes of its transport header. */
  private static void quoted(byte[] b, int pos, int end, DecodedFrame f) {
    if (end - pos < 20) {
      return; // errors may quote less than a header; nothing to report then
    }
    int version = (b[pos] & 0xF0) >> 4;
    int headerLength;
    if (version == 4) {
      headerLength = (b[pos] & 0x0F) * 4;
      f.quotedProtocol = b[pos + 9] & 0xFF;
    } else if (version == 6 && end - pos >= 40) {
      headerLength = 40;
      f.quotedProtocol = b[pos + 6] & 0xFF;
    } else {
      return;
    }
    f.quotedIpOffset = pos;
    f.quotedIpVersion = version;
    if (headerLength >= 20 && end - pos > headerLength) {
      f.quotedL4Offset = pos + headerLength;
    }
  }
}

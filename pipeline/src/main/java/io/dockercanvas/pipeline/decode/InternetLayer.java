package io.dockercanvas.pipeline.decode;

import static io.dockercanvas.pipeline.decode.NetworkOrder.u16;
import static io.dockercanvas.pipeline.decode.NetworkOrder.u32;

/**
 * IPv4 and IPv6 headers (with IPv6 extension headers) into a new IP layer of a {@link
 * DecodedFrame}.
 */
final class InternetLayer {
  private InternetLayer() {}

  /**
   * Decodes an IPv4 header at {@code pos}; returns the layer index, or -1 when decoding must stop.
   */
  static int ipv4(byte[] b, int pos, int limit, DecodedFrame f) {
    if (limit - pos < 20) {
      f.fail(DecodeError.TRUNCATED_IPV4_HEADER, pos);
      return -1;
    }
    if ((b[pos] & 0xF0) != 0x40) {
      f.fail(DecodeError.BAD_IP_VERSION, pos);
      return -1;
    }
    int i = f.addIpLayer(pos, 4);
    if (i < 0) {
      return -1;
    }
    int headerLength = (b[pos] & 0x0F) * 4;
    int totalLength = u16(b, pos + 2);
    if (totalLength == 0) {
      // Segmentation offload hands the capture oversized packets with a zero total length.
      totalLength = Math.max(headerLength, f.wireEnd - pos);
    }
    int fragment = u16(b, pos + 6);
    f.ipId[i] = u16(b, pos + 4);
    f.ipTtl[i] = b[pos + 8] & 0xFF;
    f.ipProtocol[i] = b[pos + 9] & 0xFF;
    f.ipFragmentOffset[i] = (fragment & 0x1FFF) * 8;
    f.ipMoreFragments[i] = (fragment & 0x2000) != 0;
    if (headerLength < 20) {
      f.fail(DecodeError.BAD_IPV4_HEADER_LENGTH, pos);
      return -1;
    }
    if (totalLength < headerLength) {
      f.fail(DecodeError.BAD_IPV4_TOTAL_LENGTH, pos + 2);
      return -1;
    }
    if (limit - pos < headerLength) {
      f.fail(DecodeError.TRUNCATED_IPV4_HEADER, pos + 20);
      return -1;
    }
    f.ipPayloadOffset[i] = pos + headerLength;
    f.ipPayloadLength[i] = totalLength - headerLength;
    f.ipEnd[i] = Math.min(limit, pos + totalLength);
    return i;
  }

  /**
   * Decodes an IPv6 header and walks its extension headers to the upper-layer protocol. Stops at a
   * fragment header with a non-zero offset: the rest is fragment data, not a header.
   */
  static int ipv6(byte[] b, int pos, int limit, DecodedFrame f) {
    if (limit - pos < 40) {
      f.fail(DecodeError.TRUNCATED_IPV6_HEADER, pos);
      return -1;
    }
    if ((b[pos] & 0xF0) != 0x60) {
      f.fail(DecodeError.BAD_IP_VERSION, pos);
      return -1;
    }
    int i = f.addIpLayer(pos, 6);
    if (i < 0) {
      return -1;
    }
    int remaining = u16(b, pos + 4);
    if (remaining == 0) {
      remaining = Math.max(0, f.wireEnd - pos - 40); // jumbogram or segmentation offload
    }
    int next = b[pos + 6] & 0xFF;
    f.ipTtl[i] = b[pos + 7] & 0xFF;
    f.ipEnd[i] = Math.min(limit, pos + 40 + remaining);
    int at = pos + 40;
    while (isExtensionHeader(next) && f.ipFragmentOffset[i] == 0) {
      f.ipProtocol[i] = next;
      int needed = next == 44 ? 8 : 2;
      if (limit - at < needed) {
        f.fail(DecodeError.TRUNCATED_IPV6_EXTENSION, at);
        return -1;
      }
      int length =
          switch (next) {
            case 44 -> 8;
            case 51 -> ((b[at + 1] & 0xFF) + 2) * 4; // AH counts 4-byte words
            default -> ((b[at + 1] & 0xFF) + 1) * 8;
          };
      if (length > remaining) {
        f.fail(DecodeError.BAD_IPV6_EXTENSION_LENGTH, at);
        return -1;
      }
      if (next == 44) {
        f.ipFragmentOffset[i] = u16(b, at + 2) & 0xFFF8;
        f.ipMoreFragments[i] = (b[at + 3] & 1) != 0;
        f.ipId[i] = u32(b, at + 4);
      } else if (limit - at < length) {
        f.fail(DecodeError.TRUNCATED_IPV6_EXTENSION, at);
        return -1;
      }
      next = b[at] & 0xFF;
      at += length;
      remaining -= length;
    }
    f.ipProtocol[i] = next;
    f.ipPayloadOffset[i] = at;
    f.ipPayloadLength[i] = remaining;
    return i;
  }

  private static boolean isExtensionHeader(int next) {
    return switch (next) {
      case 0, 43, 44, 51, 60, 135, 139, 140, 253, 254 -> true;
      default -> false;
    };
  }
}

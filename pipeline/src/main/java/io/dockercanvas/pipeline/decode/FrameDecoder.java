package io.dockercanvas.pipeline.decode;

import static io.dockercanvas.pipeline.decode.NetworkOrder.u16;
import static io.dockercanvas.pipeline.decode.NetworkOrder.u24;

/**
 * Decodes one captured frame, link layer to transport, following VXLAN and Geneve tunnels into the
 * packets they carry. Allocates nothing: results go into a reused {@link DecodedFrame}. Faults
 * never throw; they are recorded in the frame and decoding stops there.
 *
 * <p>VXLAN is recognised by UDP destination port 4789 (RFC 7348) or the configured extra port
 * (Docker's {@code --data-path-port}); Geneve by destination port 6081. Tunnels are followed only
 * in unfragmented packets, and at most {@link DecodedFrame#MAX_TUNNELS} deep.
 */
public final class FrameDecoder {
  public static final int VXLAN_PORT = 4789;
  public static final int GENEVE_PORT = 6081;

  private static final int ETHERTYPE_IPV4 = 0x0800;
  private static final int ETHERTYPE_IPV6 = 0x86DD;
  private static final int ETHERTYPE_VLAN = 0x8100;
  private static final int ETHERTYPE_QINQ = 0x88A8;
  private static final int ETHERTYPE_QINQ_OLD = 0x9100;
  private static final int GENEVE_ETHERNET = 0x6558;

  private final int extraVxlanPort;

  /** A decoder for VXLAN on port 4789 only. */
  public FrameDecoder() {
    this(VXLAN_PORT);
  }

  /** A decoder that also reads VXLAN on {@code extraVxlanPort} (1-65535). */
  public FrameDecoder(int extraVxlanPort) {
    if (extraVxlanPort < 1 || extraVxlanPort > 65535) {
      throw new IllegalArgumentException("VXLAN port must be 1-65535, not " + extraVxlanPort);
    }
    this.extraVxlanPort = extraVxlanPort;
  }

  /**
   * Decodes the frame {@code buf[off, off + caplen)} of the given LINKTYPE into {@code frame}.
   * {@code origLen} is the frame's length on the wire; it stands in for IP length fields that
   * segmentation offload left at zero.
   */
  public void decode(
      byte[] buf, int off, int caplen, int origLen, int linkType, DecodedFrame frame) {
    frame.reset(buf, off, caplen, origLen, linkType);
    int end = off + caplen;
    switch (linkType) {
      case LinkType.ETHERNET -> ethernet(buf, off, end, frame);
      case LinkType.LINUX_SLL -> cooked(buf, off, end, 16, 14, frame);
      case LinkType.LINUX_SLL2 -> cooked(buf, off, end, 20, 0, frame);
      case LinkType.RAW -> rawIp(buf, off, end, frame);
      case LinkType.IPV4 -> ipv4(buf, off, end, frame);
      case LinkType.IPV6 -> ipv6(buf, off, end, frame);
      default -> frame.fail(DecodeError.UNSUPPORTED_LINK_TYPE, off);
    }
  }

  private void ethernet(byte[] b, int pos, int limit, DecodedFrame f) {
    if (limit - pos < 14) {
      f.fail(DecodeError.TRUNCATED_LINK_HEADER, pos);
      return;
    }
    f.addEthernet(pos);
    etherType(b, u16(b, pos + 12), pos + 14, limit, f);
  }

  /** Linux cooked capture: a fixed header with the ethertype at {@code protocolAt}, no MACs. */
  private void cooked(
      byte[] b, int pos, int limit, int headerLength, int protocolAt, DecodedFrame f) {
    if (limit - pos < headerLength) {
      f.fail(DecodeError.TRUNCATED_LINK_HEADER, pos);
      return;
    }
    etherType(b, u16(b, pos + protocolAt), pos + headerLength, limit, f);
  }

  private void rawIp(byte[] b, int pos, int limit, DecodedFrame f) {
    if (limit - pos < 1) {
      f.fail(DecodeError.TRUNCATED_IPV4_HEADER, pos);
    } else if ((b[pos] & 0xF0) == 0x60) {
      ipv6(b, pos, limit, f);
    } else {
      ipv4(b, pos, limit, f);
    }
  }

  /** Skips 802.1Q / 802.1ad tags (any number: each one consumes four bytes) and dispatches. */
  private void etherType(byte[] b, int type, int pos, int limit, DecodedFrame f) {
    while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD) {
      if (limit - pos < 4) {
        f.fail(DecodeError.TRUNCATED_VLAN_TAG, pos);
        return;
      }
      type = u16(b, pos + 2);
      pos += 4;
    }
    switch (type) {
      case ETHERTYPE_IPV4 -> ipv4(b, pos, limit, f);
      case ETHERTYPE_IPV6 -> ipv6(b, pos, limit, f);
      default -> f.markNonIp(type, pos);
    }
  }

  private void ipv4(byte[] b, int pos, int limit, DecodedFrame f) {
    int i = InternetLayer.ipv4(b, pos, limit, f);
    if (i >= 0) {
      transport(b, i, f);
    }
  }

  private void ipv6(byte[] b, int pos, int limit, DecodedFrame f) {
    int i = InternetLayer.ipv6(b, pos, limit, f);
    if (i >= 0) {
      transport(b, i, f);
    }
  }

  private void transport(byte[] b, int i, DecodedFrame f) {
    TransportLayer.decode(b, i, f);
    if (f.transport != Transport.UDP || f.error != DecodeError.NONE || f.isFragment(i)) {
      return;
    }
    int port = f.destinationPort;
    int pos = f.payloadOffset;
    int limit = Math.min(f.ipEnd[i], pos + f.payloadLength);
    if (port == VXLAN_PORT || port == extraVxlanPort) {
      vxlan(b, pos, limit, i, f);
    } else if (port == GENEVE_PORT) {
      geneve(b, pos, limit, i, f);
    }
  }

  private void vxlan(byte[] b, int pos, int limit, int ipIndex, DecodedFrame f) {
    f.innermostReached = false; // until the packet it carries is decoded
    if (tooDeep(pos, f)) {
      return;
    }
    int captured = limit - pos;
    if (captured < 8) {
      if (captured >= 7) { // the VNI was captured, only the last (reserved) byte is missing
        f.addTunnel(TunnelKind.VXLAN, u24(b, pos + 4), ipIndex);
        f.fail(DecodeError.TRUNCATED_VXLAN_HEADER, pos + 7);
      } else {
        f.fail(DecodeError.TRUNCATED_VXLAN_HEADER, pos);
      }
      return;
    }
    // Flags and reserved bits are not checked: receivers must ignore them (RFC 7348), and GBP sets
    // some.
    f.addTunnel(TunnelKind.VXLAN, u24(b, pos + 4), ipIndex);
    ethernet(b, pos + 8, limit, f);
  }

  private void geneve(byte[] b, int pos, int limit, int ipIndex, DecodedFrame f) {
    f.innermostReached = false; // until the packet it carries is decoded
    if (tooDeep(pos, f)) {
      return;
    }
    if (limit - pos < 8) {
      f.fail(DecodeError.TRUNCATED_GENEVE_HEADER, pos);
      return;
    }
    if ((b[pos] & 0xC0) != 0) {
      f.innermostReached = true;
      return; // an unknown Geneve version: leave it as plain UDP
    }
    int inner = pos + 8 + (b[pos] & 0x3F) * 4;
    if (inner > limit) {
      f.fail(DecodeError.TRUNCATED_GENEVE_HEADER, pos + 8);
      return;
    }
    f.addTunnel(TunnelKind.GENEVE, u24(b, pos + 4), ipIndex);
    int protocol = u16(b, pos + 2);
    if (protocol == GENEVE_ETHERNET) {
      ethernet(b, inner, limit, f);
    } else {
      etherType(b, protocol, inner, limit, f);
    }
  }

  private static boolean tooDeep(int pos, DecodedFrame f) {
    if (f.tunnelCount < DecodedFrame.MAX_TUNNELS) {
      return false;
    }
    f.fail(DecodeError.TUNNEL_TOO_DEEP, pos);
    return true;
  }
}
